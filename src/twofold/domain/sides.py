"""The two sides of the partnership, and which roles belong to each.

Product and engineering are compared in several places (the health radar, equal voice); they
must group people the same way, so the grouping lives here once. An engineering manager
belongs to neither side: they manage one of them and speak for the partnership as a whole, so
counting them with engineers would tilt every comparison.
"""

from enum import StrEnum

from twofold.domain.vocab import Role


class Side(StrEnum):
    PRODUCT = "product"
    ENGINEERING = "engineering"


SIDE_OF_ROLE: dict[Role, Side | None] = {
    Role.PM: Side.PRODUCT,
    Role.DESIGN: Side.PRODUCT,
    Role.ENG: Side.ENGINEERING,
    Role.TECH_LEAD: Side.ENGINEERING,
    Role.QA: Side.ENGINEERING,
    Role.EM: None,
}


def side_of(role: Role) -> Side | None:
    """The side a role speaks for; None for a role apart from both (the engineering manager)."""
    return SIDE_OF_ROLE[role]


def roles_of(side: Side) -> tuple[Role, ...]:
    """Every role on `side`, in the vocabulary's order (for queries that group by role)."""
    return tuple(role for role in Role if SIDE_OF_ROLE[role] == side)
