"""The two sides of the partnership, and which roles belong to each.

Product and engineering are compared in several places (the health radar, equal voice); they
must group people the same way, so the grouping lives here once. An engineering manager
belongs to neither side: they manage one of them and speak for the partnership as a whole, so
counting them with engineers would tilt every comparison.

That is the default. A team may group its roles otherwise (QA counted with product, design
apart): its grouping is a `Grouping`, checked by `check_grouping`, and every comparison takes
the team's grouping rather than reading the default itself.
"""

from collections.abc import Mapping
from enum import StrEnum

from twofold.domain.errors import Invalid
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
    """Every role on `side` by default, in the vocabulary's order."""
    return roles_in(side, SIDE_OF_ROLE)


Grouping = Mapping[Role, Side | None]
"""A team's sides: each role's side, None for a role counted apart."""

DEFAULT_GROUPING: Grouping = SIDE_OF_ROLE

APART = "apart"
"""How a role on neither side is written in a team's setting."""


def roles_in(side: Side, grouping: Grouping) -> tuple[Role, ...]:
    """Every role `grouping` puts on `side`, in the vocabulary's order."""
    return tuple(role for role in Role if grouping.get(role) == side)


def written(grouping: Grouping) -> dict[str, str]:
    """The grouping as stored and shown: role name to `product`, `engineering` or `apart`."""
    return {
        role.value: APART if (side := grouping.get(role)) is None else side.value for role in Role
    }


def check_grouping(raw: Mapping[str, object]) -> dict[Role, Side | None]:
    """A team's grouping as asked for. Every role needs a side (a role left out would silently
    fall somewhere), and product and engineering each keep at least one role: a comparison
    with one side empty would show every retro as one-sided."""
    known = {role.value: role for role in Role}
    choices = {side.value: side for side in Side}
    for key in raw:
        if key not in known:
            raise _invalid(
                f"sides.{key}",
                "side_role_unknown",
                f"{key!r} is not a role; group {', '.join(known)}.",
                role=key,
            )
    checked: dict[Role, Side | None] = {}
    for name, role in known.items():
        if name not in raw:
            raise _invalid(
                f"sides.{name}", "side_role_missing", f"Choose a side for {name}.", role=name
            )
        value = raw[name]
        if value == APART:
            checked[role] = None
        elif isinstance(value, str) and value in choices:
            checked[role] = choices[value]
        else:
            raise _invalid(
                f"sides.{name}",
                "side_unknown",
                f"{value!r} is not a side; choose product, engineering or apart.",
                side=str(value),
            )
    for side in Side:
        if not roles_in(side, checked):
            raise _invalid(
                f"sides.{side.value}",
                "side_empty",
                f"Keep at least one role on the {side.value} side.",
                side=side.value,
            )
    return checked


def read_grouping(stored: Mapping[str, object] | None) -> Grouping:
    """A stored grouping, or the default when there is none or it no longer checks (a role
    renamed by a later version): the default is always a valid comparison."""
    if not stored:
        return DEFAULT_GROUPING
    try:
        return check_grouping(stored)
    except Invalid:
        return DEFAULT_GROUPING


def _invalid(field: str, code: str, message: str, **params: str) -> Invalid:
    return Invalid(
        message, code=code, details=[{"field": field, "message": message}], params=params
    )
