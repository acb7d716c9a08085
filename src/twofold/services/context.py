"""What every use case needs: the database and the bus events go out on after commit."""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from twofold.domain.events import RecordedEvent
from twofold.insights.friction.refits import TeamModels
from twofold.live.bus import Bus, MemoryBus, TeamChange, TeamNotice
from twofold.settings import Settings
from twofold.store.database import Database, Tx

log = logging.getLogger("twofold.live")


def database_for(settings: Settings) -> Database:
    return Database(
        settings.database_url,
        secret=settings.resolved_secret_key(),
        busy_timeout=settings.sqlite_busy_timeout_seconds,
    )


@dataclass
class Ctx:
    db: Database
    bus: Bus = field(default_factory=MemoryBus)
    friction: TeamModels = field(default_factory=TeamModels)
    """This process's friction models, refitted in the background (nothing loads until the
    first suggestion)."""

    @classmethod
    def from_settings(cls, settings: Settings) -> "Ctx":
        db = database_for(settings)
        if settings.redis_url:
            from twofold.live.redis_bus import RedisBus

            return cls(db, RedisBus(settings.redis_url))
        return cls(db)

    @classmethod
    def scratch(cls) -> "Ctx":
        """A context on an empty in-memory database, for what needs an app but no data (the
        OpenAPI schema)."""
        return cls(Database("sqlite://"))

    def close(self) -> None:
        """Let go of the database's connections; for a command that is done with it."""
        self.db.dispose()

    @contextmanager
    def board_write(self) -> Iterator[tuple[Tx, list[RecordedEvent]]]:
        """The one way a change records what it tells: board events appended to the list it
        yields (by a service through `store.queries.events.append`, by board commands through
        `BoardWrites`), team events written into the outbox with the same `tx`
        (`services.team_events.record`). The outbox rows commit with the change; the board
        events are published only once it has committed, so nobody is ever told about a change
        that was rolled back."""
        events: list[RecordedEvent] = []
        with self.db.write() as tx:
            yield tx, events
        self._publish_committed(events)

    def _publish_committed(self, events: list[RecordedEvent]) -> None:
        """The change is committed: from here on nothing may undo or repeat it. Should telling
        the bus fail, the sockets fill the gap from the log at the next event."""
        if not events:
            return
        try:
            self.bus.publish(events)
        except Exception:
            log.exception("publishing %d committed board events failed", len(events))

    def notify_team(self, team_id: str, *what: TeamChange) -> None:
        """Tell the team's open pages what changed, once it is committed; they fetch it again
        themselves, each seeing what its reader may see."""
        self.bus.publish_team([TeamNotice(team_id, w) for w in what])
