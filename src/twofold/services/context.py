"""What every use case needs: the database and the bus events go out on after commit."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from twofold.domain.events import RecordedEvent
from twofold.live.bus import Bus, MemoryBus
from twofold.store.database import Database, Tx


@dataclass
class Ctx:
    db: Database
    bus: Bus = field(default_factory=MemoryBus)

    @contextmanager
    def board_write(self) -> Iterator[tuple[Tx, list[RecordedEvent]]]:
        """A write transaction whose recorded events are published only once it has committed,
        so nobody is ever told about a change that was rolled back."""
        events: list[RecordedEvent] = []
        with self.db.write() as tx:
            yield tx, events
        if events:
            self.bus.publish(events)
