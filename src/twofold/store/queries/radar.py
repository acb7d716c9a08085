"""Health-radar answers: one participant's own, replaced as a set, and averages per side.

The averages are taken in SQL, grouped by the side each answer's role belongs to
(`domain.sides`), so a trends page over many retros reads one row per retro, dimension and
side instead of every answer.
"""

from collections.abc import Mapping, Sequence

from sqlalchemy import Case, case, delete, func, insert, select

from twofold.domain.radar import Tally
from twofold.domain.sides import Side, roles_of
from twofold.domain.vocab import Friction, Role
from twofold.store.database import Tx
from twofold.store.queries.id_lists import among
from twofold.store.tables import RadarAnswerRow, RetroRow

_KNOWN = frozenset(d.value for d in Friction)


def answers_of(tx: Tx, retro_id: str, participant: str) -> dict[Friction, int]:
    """The participant's own answers in the retro; empty when they have not answered."""
    rows = tx.execute(
        select(RadarAnswerRow.dimension, RadarAnswerRow.score).where(
            RadarAnswerRow.retro_id == retro_id, RadarAnswerRow.participant == participant
        )
    )
    return {Friction(dimension): score for dimension, score in rows if dimension in _KNOWN}


def replace_answers(
    tx: Tx, retro_id: str, participant: str, role: Role, scores: Mapping[Friction, int]
) -> None:
    """The participant's answer set becomes `scores`: dimensions left out are no longer rated."""
    tx.execute(
        delete(RadarAnswerRow).where(
            RadarAnswerRow.retro_id == retro_id, RadarAnswerRow.participant == participant
        )
    )
    tx.execute(
        insert(RadarAnswerRow),
        [
            {
                "retro_id": retro_id,
                "participant": participant,
                "dimension": dimension.value,
                "role": role.value,
                "score": score,
            }
            for dimension, score in scores.items()
        ],
    )


def respondents(tx: Tx, retro_id: str) -> int:
    """How many people have answered, whatever their side."""
    count = tx.execute(
        select(func.count(func.distinct(RadarAnswerRow.participant))).where(
            RadarAnswerRow.retro_id == retro_id
        )
    ).scalar_one()
    return int(count)


def _side() -> Case[str]:
    return case(
        *(
            (RadarAnswerRow.role.in_([r.value for r in roles_of(side)]), side.value)
            for side in Side
        ),
        else_=None,
    )


def tallies(tx: Tx, retro_ids: Sequence[str]) -> dict[str, list[Tally]]:
    """Each retro's average and count per dimension per side; answers from roles on neither
    side are left out. A retro nobody answered in has an empty list."""
    found: dict[str, list[Tally]] = {retro_id: [] for retro_id in retro_ids}
    if not retro_ids:
        return found
    side = _side()
    rows = tx.execute(
        select(
            RadarAnswerRow.retro_id,
            RadarAnswerRow.dimension,
            side.label("side"),
            func.avg(RadarAnswerRow.score),
            func.count(),
        )
        .where(among(tx, RadarAnswerRow.retro_id, retro_ids), side.isnot(None))
        .group_by(RadarAnswerRow.retro_id, RadarAnswerRow.dimension, side)
    )
    for retro_id, dimension, side_name, average, count in rows:
        if dimension in _KNOWN:
            found[retro_id].append(
                Tally(Friction(dimension), Side(side_name), float(average), int(count))
            )
    return found


def team_retro_ids(tx: Tx, team_id: str, retro_ids: Sequence[str]) -> set[str]:
    """Those of `retro_ids` that are retros of the team."""
    if not retro_ids:
        return set()
    rows = tx.execute(
        select(RetroRow.id).where(RetroRow.team_id == team_id, RetroRow.id.in_(list(retro_ids)))
    )
    return set(rows.scalars())
