"""A team's working agreements and its log of PM + tech-lead story pairings."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar

from pydantic import ValidationError
from sqlalchemy import select

from twofold.domain.agreements import (
    AcceptanceCriteriaTemplate,
    DefinitionOfDone,
    PairingRecord,
    PairingRule,
    TeamAgreements,
)
from twofold.store.database import Tx
from twofold.store.queries.ids import new_id, now
from twofold.store.tables import StoryPairingRow, TeamAgreementsRow

P = TypeVar("P")

PAIRINGS_LISTED_MAX = 500


@dataclass(frozen=True)
class StoredAgreements:
    agreements: TeamAgreements
    updated_at: datetime | None
    """None while the team follows the defaults."""


def agreements_of(tx: Tx, team_id: str) -> StoredAgreements:
    row = tx.get(TeamAgreementsRow, team_id)
    if row is None:
        return StoredAgreements(TeamAgreements(), None)
    # Each part is read on its own: one that today's rules refuse (an older version allowed
    # it, or it was edited by hand) falls back to its default, not the whole page to an error.
    defaults = TeamAgreements()
    agreements = TeamAgreements(
        definition_of_done=_part(
            lambda: DefinitionOfDone(items=tuple(row.definition_of_done)),
            defaults.definition_of_done,
        ),
        acceptance_criteria=_part(
            lambda: AcceptanceCriteriaTemplate(text=row.acceptance_template),
            defaults.acceptance_criteria,
        ),
        pairing=_part(lambda: PairingRule(points_over=row.pairing_points_over), defaults.pairing),
    )
    return StoredAgreements(agreements, row.updated_at)


def _part(read: Callable[[], P], default: P) -> P:
    try:
        return read()
    except (ValidationError, ValueError, TypeError):
        return default


def save_agreements(tx: Tx, team_id: str, agreements: TeamAgreements) -> None:
    values = {
        "definition_of_done": list(agreements.definition_of_done.items),
        "acceptance_template": agreements.acceptance_criteria.text,
        "pairing_points_over": int(agreements.pairing.points_over),
        "updated_at": now(),
    }
    row = tx.get(TeamAgreementsRow, team_id)
    if row is None:
        tx.add(TeamAgreementsRow(team_id=team_id, **values))
    else:
        for name, value in values.items():
            setattr(row, name, value)
    tx.flush()


def _pairing(row: StoryPairingRow) -> PairingRecord:
    return PairingRecord(
        id=row.id,
        team_id=row.team_id,
        story_ref=row.story_ref,
        story_title=row.story_title,
        points=row.points,
        paired_on=row.paired_on,
        pm_user_id=row.pm_user_id,
        tech_lead_user_id=row.tech_lead_user_id,
        recorded_by=row.recorded_by,
        created_at=row.created_at,
    )


def insert_pairing(
    tx: Tx,
    *,
    team_id: str,
    story_ref: str,
    story_title: str,
    points: float | None,
    paired_on: date,
    pm_user_id: str,
    tech_lead_user_id: str,
    recorded_by: str,
) -> PairingRecord:
    row = StoryPairingRow(
        id=new_id(),
        team_id=team_id,
        story_ref=story_ref,
        story_title=story_title,
        points=points,
        paired_on=paired_on,
        pm_user_id=pm_user_id,
        tech_lead_user_id=tech_lead_user_id,
        recorded_by=recorded_by,
        created_at=now(),
    )
    tx.add(row)
    tx.flush()
    return _pairing(row)


def pairings_of_team(tx: Tx, team_id: str) -> list[PairingRecord]:
    """Newest pairing first, the order people look for "did we pair on this yet?"."""
    rows = tx.scalars(
        select(StoryPairingRow)
        .where(StoryPairingRow.team_id == team_id)
        .order_by(
            StoryPairingRow.paired_on.desc(),
            StoryPairingRow.created_at.desc(),
            StoryPairingRow.id,
        )
        .limit(PAIRINGS_LISTED_MAX)
    )
    return [_pairing(r) for r in rows]


def paired_stories(tx: Tx, team_id: str) -> list[tuple[str, str]]:
    """(reference, title) of every story the team has paired on, for the pairing check."""
    rows = tx.execute(
        select(StoryPairingRow.story_ref, StoryPairingRow.story_title).where(
            StoryPairingRow.team_id == team_id
        )
    )
    return [(ref, title) for ref, title in rows]
