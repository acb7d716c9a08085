"""Sprint signals of a retro, who has given a satisfaction pulse, and a team's thresholds."""

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from twofold.domain.signals import SprintSignals, Thresholds
from twofold.domain.stored import read_lenient
from twofold.store.database import Tx
from twofold.store.queries import rollups as rollup_q
from twofold.store.queries.ids import now
from twofold.store.tables import PulseGiverRow, RetroRow, SprintSignalsRow, TeamThresholdsRow

log = logging.getLogger("twofold.store")


@dataclass(frozen=True)
class StoredSignals:
    signals: SprintSignals
    updated_at: datetime | None
    updated_by: str | None


@dataclass(frozen=True)
class StoredThresholds:
    thresholds: Thresholds
    updated_at: datetime | None


def lock_for_signals(tx: Tx, retro_id: str) -> None:
    """Hold the retro row until commit, so two pulses (or a pulse and an edit) that read and
    rewrite the same signals apply one after the other on PostgreSQL; SQLite's single writer
    already does this."""
    tx.execute(select(RetroRow.id).where(RetroRow.id == retro_id).with_for_update())


def signals_of(tx: Tx, retro_id: str) -> StoredSignals:
    """The retro's signals; all empty when nobody has recorded any yet."""
    row = tx.get(SprintSignalsRow, retro_id)
    if row is None:
        return StoredSignals(SprintSignals(), None, None)
    read = read_lenient(SprintSignals, row.data)
    if not read.clean:
        log.warning("sprint signals of retro %s: unreadable %s left out", retro_id, read.dropped)
    return StoredSignals(read.value, row.updated_at, row.updated_by)


def _save(tx: Tx, retro_id: str, signals: SprintSignals) -> SprintSignalsRow:
    # Sorted, so the order of the scores says nothing about the order they were given in.
    data = signals.model_dump(mode="json")
    data["satisfaction_pulses"] = sorted(signals.satisfaction_pulses)
    row = tx.get(SprintSignalsRow, retro_id)
    if row is None:
        row = SprintSignalsRow(retro_id=retro_id, data=data, updated_at=None, updated_by=None)
        tx.add(row)
    else:
        row.data = data
    rollup_q.changed(tx, retro_id)
    return row


def save_signals(tx: Tx, retro_id: str, signals: SprintSignals, user_id: str | None) -> None:
    row = _save(tx, retro_id, signals)
    row.updated_at = now()
    row.updated_by = user_id
    tx.flush()


def has_given_pulse(tx: Tx, retro_id: str, participant: str) -> bool:
    return tx.get(PulseGiverRow, (retro_id, participant)) is not None


def add_pulse(tx: Tx, retro_id: str, participant: str, score: int) -> None:
    """Record that `participant` has pulsed and add `score` to the scores, as two facts that
    cannot be joined: the edit time and editor of the signals are left as they were."""
    current = signals_of(tx, retro_id).signals
    pulses = (*current.satisfaction_pulses, score)
    _save(tx, retro_id, current.model_copy(update={"satisfaction_pulses": pulses}))
    tx.add(PulseGiverRow(retro_id=retro_id, participant=participant))
    tx.flush()


def thresholds_of(tx: Tx, team_id: str) -> StoredThresholds:
    """The team's thresholds; the defaults for any the team has not changed."""
    row = tx.get(TeamThresholdsRow, team_id)
    if row is None:
        return StoredThresholds(Thresholds(), None)
    read = read_lenient(Thresholds, row.data)
    if not read.clean:
        log.warning("thresholds of team %s: unreadable %s back to defaults", team_id, read.dropped)
    return StoredThresholds(read.value, row.updated_at)


def save_thresholds(tx: Tx, team_id: str, thresholds: Thresholds) -> None:
    """Keeps only the thresholds that were given (`model_fields_set`), so the rest go on
    following the defaults."""
    data = thresholds.model_dump(mode="json", include=thresholds.model_fields_set)
    row = tx.get(TeamThresholdsRow, team_id)
    if row is None:
        tx.add(TeamThresholdsRow(team_id=team_id, data=data, updated_at=now()))
    else:
        row.data = data
        row.updated_at = now()
    tx.flush()
