"""What every use case needs: the database and the bus events go out on after commit."""

import logging
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar, overload

from twofold.domain.events import RecordedEvent
from twofold.insights.friction.refits import TeamModels
from twofold.integrations.vault import Vault
from twofold.live.bus import Bus, MemoryBus, TeamChange, TeamNotice
from twofold.services.recorder import Recorder
from twofold.settings import Settings
from twofold.store.database import Database, Tx

log = logging.getLogger("twofold.live")

R = TypeVar("R", bound=Recorder)


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
    friction_suggestions: bool = True
    """False when the instance turned suggestions off (`TWOFOLD_FRICTION_SUGGESTIONS`)."""
    vault: Vault = field(default_factory=Vault)
    """Seals and opens the secrets of connected tools; locked when no key is configured."""
    any_vendor_host: bool = False
    """Webhook and API addresses of connected tools may be on any host, not only the
    vendor's (`TWOFOLD_INTEGRATIONS_ANY_HOST`, for local test servers only)."""

    @classmethod
    def from_settings(cls, settings: Settings) -> "Ctx":
        db = database_for(settings)
        suggestions = settings.friction_suggestions
        vault = Vault(settings.integrations_key.get_secret_value())
        anywhere = settings.integrations_any_host
        if settings.redis_url:
            from twofold.live.redis_bus import RedisBus

            return cls(
                db,
                RedisBus(settings.redis_url),
                friction_suggestions=suggestions,
                vault=vault,
                any_vendor_host=anywhere,
            )
        return cls(db, friction_suggestions=suggestions, vault=vault, any_vendor_host=anywhere)

    @classmethod
    def scratch(cls) -> "Ctx":
        """A context on an empty in-memory database, for what needs an app but no data (the
        OpenAPI schema)."""
        return cls(Database("sqlite://"))

    def close(self) -> None:
        """Let go of the database's connections; for a command that is done with it."""
        self.db.dispose()

    @overload
    def recording(self) -> AbstractContextManager[Recorder]: ...
    @overload
    def recording(self, kind: Callable[[Tx], R]) -> AbstractContextManager[R]: ...

    def recording(self, kind: Callable[[Tx], Recorder] = Recorder) -> Any:
        """The one way a change records what it tells (see `services.recorder`): a recorder on
        a new write transaction. Its team events commit with the change; its board events are
        published only once the change has committed. `kind` is the recorder to use
        (`BoardWrites` for board commands)."""
        return self._recording(kind)

    @contextmanager
    def _recording(self, kind: Callable[[Tx], Recorder]) -> Iterator[Recorder]:
        with self.db.write() as tx:
            recorder = kind(tx)
            yield recorder
            recorder.finish()
        self._publish_committed(recorder.events)

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
