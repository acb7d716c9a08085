"""Health-radar answers: one participant's own, replaced as a set, and averages per side.

The sums are taken in SQL, grouped by the role each answer was given in, so a trends page over
many retros reads one row per retro, dimension and role instead of every answer; the team's
sides are applied to those rows afterwards. A dimension is a friction point's name or the id
of one of the team's own dimensions; which ones a retro shows is decided above the store.
"""

from collections.abc import Mapping, Sequence

from sqlalchemy import delete, func, insert, select

from twofold.domain.radar import RoleTally
from twofold.domain.vocab import Role
from twofold.store.database import Tx
from twofold.store.queries import rollups as rollup_q
from twofold.store.queries.id_lists import among
from twofold.store.tables import RadarAnswerRow, RetroRow


def answers_of(tx: Tx, retro_id: str, participant: str) -> dict[str, int]:
    """The participant's own answers in the retro; empty when they have not answered."""
    rows = tx.execute(
        select(RadarAnswerRow.dimension, RadarAnswerRow.score).where(
            RadarAnswerRow.retro_id == retro_id, RadarAnswerRow.participant == participant
        )
    )
    return {str(dimension): int(score) for dimension, score in rows}


def replace_answers(
    tx: Tx, retro_id: str, participant: str, role: Role, scores: Mapping[str, int]
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
                "dimension": str(dimension),
                "role": role.value,
                "score": score,
            }
            for dimension, score in scores.items()
        ],
    )
    rollup_q.changed(tx, retro_id)


def respondents(tx: Tx, retro_id: str) -> int:
    """How many people have answered, whatever their side."""
    count = tx.execute(
        select(func.count(func.distinct(RadarAnswerRow.participant))).where(
            RadarAnswerRow.retro_id == retro_id
        )
    ).scalar_one()
    return int(count)


def role_tallies(tx: Tx, retro_ids: Sequence[str]) -> dict[str, list[RoleTally]]:
    """Each retro's sum and count of scores per dimension per role. The sides are a team's
    setting, so they are folded in by the caller (`domain.radar.side_tallies`); a retro
    nobody answered in has an empty list."""
    found: dict[str, list[RoleTally]] = {retro_id: [] for retro_id in retro_ids}
    if not retro_ids:
        return found
    rows = tx.execute(
        select(
            RadarAnswerRow.retro_id,
            RadarAnswerRow.dimension,
            RadarAnswerRow.role,
            func.sum(RadarAnswerRow.score),
            func.count(),
        )
        .where(among(tx, RadarAnswerRow.retro_id, retro_ids))
        .group_by(RadarAnswerRow.retro_id, RadarAnswerRow.dimension, RadarAnswerRow.role)
    )
    for retro_id, dimension, role, total, count in rows:
        found[retro_id].append(RoleTally(str(dimension), role, float(total), int(count)))
    return found


def team_retro_ids(tx: Tx, team_id: str, retro_ids: Sequence[str]) -> set[str]:
    """Those of `retro_ids` that are retros of the team."""
    if not retro_ids:
        return set()
    rows = tx.execute(
        select(RetroRow.id).where(RetroRow.team_id == team_id, RetroRow.id.in_(list(retro_ids)))
    )
    return set(rows.scalars())
