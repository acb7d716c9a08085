"""Writing a team event into the outbox, in the transaction of the change it tells about, so it
is delivered if and only if the change commits."""

from twofold.domain.team_events import TeamEvent
from twofold.store.database import Tx
from twofold.store.queries import outbox as outbox_q


def record(tx: Tx, event: TeamEvent) -> None:
    key = event.dedupe_key
    if key is None:
        outbox_q.insert(tx, event.kind, event.payload(), team_id=event.team_id)
    else:
        outbox_q.insert_once(tx, event.kind, event.payload(), event.team_id, key)


def record_if(tx: Tx, event: TeamEvent | None) -> None:
    if event is not None:
        record(tx, event)
