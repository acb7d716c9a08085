"""The health radar: each participant rates the five friction points from 1 to 5 during
check-in, and the radar compares how the product side and the engineering side see them.

A team may add a few dimensions of its own (`domain.radar_dimensions`); a retro asks the five
and whichever of the team's own were in use when it started, and every rule below holds for
them alike: a dimension is a key and a label, whoever defined it.

Answers are anonymous, and an average of one or two people's scores is their scores, so a side
is shown on a dimension only once `SHOWN_MIN` people of that side have rated it; below that the
radar says "too few answers" and gives no number at all, not even the count. The perception
gap (product minus engineering) needs both sides shown.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from twofold.domain.errors import invalid_at
from twofold.domain.sides import DEFAULT_GROUPING, Grouping, Side
from twofold.domain.vocab import Friction, Role
from twofold.domain.words import N_

DIMENSIONS: tuple[Friction, ...] = tuple(Friction)
SCORE_MIN, SCORE_MAX = 1, 5
SHOWN_MIN = 3

DIMENSION_LABELS: dict[Friction, str] = {
    Friction.REQUIREMENTS_CLARITY: N_("Requirements clarity"),
    Friction.VELOCITY_QUALITY: N_("Velocity vs quality"),
    Friction.TECH_DEBT: N_("Tech debt"),
    Friction.ESTIMATION: N_("Estimation & predictability"),
    Friction.COMMUNICATION: N_("Communication"),
}


@dataclass(frozen=True)
class Dimension:
    """One question of the radar. `key` is what answers are stored under: a friction point's
    name for the five, the dimension's id for a team's own (so renaming it keeps its answers)."""

    key: str
    label: str
    team_defined: bool = False


BUILT_IN: tuple[Dimension, ...] = tuple(Dimension(d.value, DIMENSION_LABELS[d]) for d in DIMENSIONS)


def check_scores(
    scores: Mapping[str, object], asked: Sequence[Dimension] = BUILT_IN
) -> dict[str, int]:
    """A participant's answers, each a whole score from 1 to 5 on a dimension the retro asks.
    Any dimension may be left out (not everyone has a view on every one); none given is
    refused, since it would record an answer that says nothing."""
    if not scores:
        raise invalid_at("scores", "Rate at least one of the radar's dimensions.")
    checked: dict[str, int] = {}
    known = {d.key for d in asked}
    for key, score in scores.items():
        if key not in known:
            raise invalid_at(
                f"scores.{key}",
                f"{key!r} is not a dimension of this retro's radar; rate "
                f"{', '.join(d.label for d in asked)}.",
            )
        if isinstance(score, bool) or not isinstance(score, int):
            raise invalid_at(
                f"scores.{key}", f"A rating is a whole number from {SCORE_MIN} to {SCORE_MAX}."
            )
        if not SCORE_MIN <= score <= SCORE_MAX:
            raise invalid_at(
                f"scores.{key}",
                f"A rating is a score from {SCORE_MIN} to {SCORE_MAX} (got {score}).",
            )
        checked[key] = score
    return checked


@dataclass(frozen=True)
class Tally:
    """One side's answers on one dimension, as the database sums them."""

    dimension: str
    side: Side
    average: float
    count: int


@dataclass(frozen=True)
class RoleTally:
    """One role's answers on one dimension, as the database sums them."""

    dimension: str
    role: str
    total: float
    count: int


def side_tallies(
    by_role: Iterable[RoleTally], grouping: Grouping = DEFAULT_GROUPING
) -> list[Tally]:
    """Per-role sums folded into the team's sides; roles apart (and any role this version
    does not know) are left out, as the radar compares the two sides only."""
    sums: dict[tuple[str, Side], tuple[float, int]] = {}
    known = {role.value: role for role in Role}
    for t in by_role:
        role = known.get(t.role)
        side = None if role is None else grouping.get(role)
        if side is None:
            continue
        total, count = sums.get((t.dimension, side), (0.0, 0))
        sums[(t.dimension, side)] = (total + t.total, count + t.count)
    return [
        Tally(dimension, side, total / count, count)
        for (dimension, side), (total, count) in sums.items()
        if count
    ]


@dataclass(frozen=True)
class SideScore:
    """A side on one dimension: the average and count once enough people answered, else
    neither (`shown` False: "too few answers")."""

    shown: bool
    average: float | None = None
    count: int | None = None


HIDDEN = SideScore(shown=False)


@dataclass(frozen=True)
class DimensionScores:
    dimension: str
    """The dimension's key (`Dimension.key`)."""
    product: SideScore
    engineering: SideScore
    gap: float | None
    """Product's average minus engineering's, when both sides are shown."""
    label: str
    team_defined: bool = False


@dataclass(frozen=True)
class Radar:
    dimensions: tuple[DimensionScores, ...]

    @property
    def has_shape(self) -> bool:
        """Whether any side is shown on any dimension: there is something to draw."""
        return any(d.product.shown or d.engineering.shown for d in self.dimensions)


def side_score(tally: Tally | None) -> SideScore:
    if tally is None or tally.count < SHOWN_MIN:
        return HIDDEN
    return SideScore(shown=True, average=round(tally.average, 1), count=tally.count)


def build_radar(tallies: Iterable[Tally], asked: Sequence[Dimension] = BUILT_IN) -> Radar:
    """The radar on the `asked` dimensions, in that order, from per-side tallies (any order; a
    missing tally is a side nobody of that side answered, a tally on a dimension not asked is
    left out). The gap is taken from the unrounded averages, so it does not drift by the
    rounding of both."""
    found = {(t.dimension, t.side): t for t in tallies}
    rows = []
    for dimension in asked:
        product = found.get((dimension.key, Side.PRODUCT))
        engineering = found.get((dimension.key, Side.ENGINEERING))
        p, e = side_score(product), side_score(engineering)
        gap = (
            round(product.average - engineering.average, 1)
            if product is not None and engineering is not None and p.shown and e.shown
            else None
        )
        rows.append(
            DimensionScores(dimension.key, p, e, gap, dimension.label, dimension.team_defined)
        )
    return Radar(tuple(rows))


def widest_gaps(radars: Iterable[Radar]) -> dict[Friction, float | None]:
    """Per dimension, the gap farthest from zero across the radars (a team's sprints): where
    the two sides saw a friction point most differently. Only sprints that showed both sides
    count, so the rule that hides a side with too few answers holds across sprints as well;
    None where no sprint showed both. Of two gaps equally far, the later one is kept: it is
    the one the team lives with now. A team's own dimensions are left out: they are compared
    across teams, and no other team asks them."""
    return widest_of(
        {Friction(row.dimension): row.gap for row in radar.dimensions if not row.team_defined}
        for radar in radars
    )


def widest_of(gaps: Iterable[Mapping[Friction, float | None]]) -> dict[Friction, float | None]:
    """`widest_gaps` from each radar's gap per dimension (None or missing where it showed none),
    as the company view's rollups keep them."""
    widest: dict[Friction, float | None] = dict.fromkeys(DIMENSIONS)
    for found_gaps in gaps:
        for dimension, gap in found_gaps.items():
            found = widest[dimension]
            if gap is not None and (found is None or abs(gap) >= abs(found)):
                widest[dimension] = gap
    return widest
