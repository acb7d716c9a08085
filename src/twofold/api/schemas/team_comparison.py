"""Trends across teams: several teams side by side, and the company view. Figures only."""

from pydantic import Field

from twofold.api.schemas.base import Response
from twofold.api.schemas.trends import FollowThroughView, SprintFigures, StartedView
from twofold.domain.vocab import Friction


class ComparedTeam(Response):
    team_id: str
    name: str
    member: bool = Field(description="Whether you belong to the team.")
    sprints: list[SprintFigures] = Field(
        description="Oldest first; `sprint_name` is null for a team you are not in."
    )
    follow_through: FollowThroughView
    started: list[StartedView] = Field(
        description="What the team started in the period; `title` is empty for a team you "
        "are not in."
    )


class TeamComparison(Response):
    metrics: list[str] = Field(description="Every metric, in the order to show them.")
    teams: list[ComparedTeam] = Field(description="In the order asked.")


class RadarGap(Response):
    dimension: Friction
    label: str
    gap: float | None = Field(
        description="The widest product-minus-engineering gap of the period's sprints that "
        "showed both sides; null where none did."
    )


class CompanyTeam(Response):
    team_id: str
    name: str
    member: bool = Field(description="Whether you belong to the team.")
    sprints: int = Field(description="Closed retros in the period.")
    follow_through: FollowThroughView
    debt_share: float | None = Field(
        description="The mean % of capacity spent on tech debt over the sprints that recorded "
        "it; null where none did."
    )
    debt_below_target: bool | None = Field(
        description="Whether `debt_share` is under `debt_target`; null without a share."
    )
    radar_gaps: list[RadarGap]


class CompanyView(Response):
    debt_target: float = Field(description="The share of capacity tech debt should get, in %.")
    teams: list[CompanyTeam] = Field(description="By name.")
