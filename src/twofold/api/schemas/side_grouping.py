"""A team's grouping of roles into sides."""

from pydantic import Field

from twofold.api.schemas.base import Request, Response

SIDES_DESCRIPTION = (
    "Each role (pm, design, eng, tech_lead, qa, em) and the side it counts on: `product`, "
    "`engineering` or `apart` (counted, but on neither side)."
)


class TeamSides(Response):
    team_id: str
    sides: dict[str, str] = Field(description=SIDES_DESCRIPTION)
    customised: bool = Field(description="False while the team follows the default grouping.")


class SidesUpdate(Request):
    """The whole grouping: every role needs a side, and product and engineering each keep at
    least one role."""

    sides: dict[str, str] = Field(description=SIDES_DESCRIPTION, max_length=32)
