"""What a change tells, recorded inside the change's own transaction.

Every service that changes something others should hear about does it in
`with ctx.recording() as rec:` and tells through `rec`: board events (`rec.board`) go into the
board's log and are published to open boards once the transaction has committed; team events
(`rec.team`) go into the outbox, which a worker delivers. Both commit with the change or not at
all, so nobody is told about a change that was rolled back, and no committed change goes
untold. Board commands use the same interface through `BoardWrites`, which numbers a batch's
events in memory and writes them in one statement at `finish`.
"""

from twofold.domain.events import BoardEvent, RecordedEvent
from twofold.domain.team_events import TeamEvent
from twofold.store.database import Tx
from twofold.store.queries import event_writes
from twofold.store.queries import outbox as outbox_q


class Recorder:
    def __init__(self, tx: Tx) -> None:
        self.tx = tx
        self.events: list[RecordedEvent] = []
        """Board events recorded so far, in order: published once the transaction commits."""

    def board(
        self,
        retro_id: str,
        event: BoardEvent,
        *,
        audience: str = "all",
        public: BoardEvent | None = None,
    ) -> RecordedEvent:
        """Log the event under the board's next seq. With an `audience` other than everyone,
        `public` is what the others are sent instead."""
        recorded = event_writes.append(self.tx, retro_id, event, audience=audience, public=public)
        self.events.append(recorded)
        return recorded

    def team(self, event: TeamEvent | None) -> bool:
        """Put a team event in the outbox; None records nothing (a change that told nothing).
        An event with a dedupe key already in the outbox is not added again: False then."""
        if event is None:
            return False
        key = event.dedupe_key
        if key is None:
            outbox_q.insert(self.tx, event.kind, event.payload(), team_id=event.team_id)
            return True
        return outbox_q.insert_once(self.tx, event.kind, event.payload(), event.team_id, key)

    def job(self, event: TeamEvent) -> str:
        """Put a team event in the outbox as work someone will follow (a push to a tracker):
        the row's id, to show how the work is going. Kinds with a dedupe key go through
        `team`."""
        assert event.dedupe_key is None
        return outbox_q.insert(self.tx, event.kind, event.payload(), team_id=event.team_id)

    def finish(self) -> None:
        """Called last inside the transaction, before commit: a recorder that holds writes back
        (`BoardWrites`) writes them here."""
