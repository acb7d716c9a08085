"""One command's working state: the locked retro, who is acting, and the events it records."""

from dataclasses import dataclass, field
from typing import Any

from twofold.domain.access import Participant
from twofold.domain.entities import Retro
from twofold.domain.errors import Conflict
from twofold.domain.events import BoardEvent, RecordedEvent
from twofold.domain.phases import Phase
from twofold.domain.visibility import guest_key, member_key
from twofold.store.database import Tx
from twofold.store.queries import events as event_q


def key_of(me: Participant) -> str:
    return member_key(me.id) if me.kind == "member" else guest_key(me.id)


@dataclass
class BoardTx:
    tx: Tx
    retro: Retro
    me: Participant
    events: list[RecordedEvent]
    result: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return key_of(self.me)

    def emit(
        self, event: BoardEvent, *, audience: str = "all", public: BoardEvent | None = None
    ) -> None:
        if public is not None and public == event:
            audience, public = "all", None
        self.events.append(
            event_q.append(self.tx, self.retro.id, event, audience=audience, public=public)
        )

    def require_phase(self, allowed: set[Phase], doing: str) -> None:
        if self.retro.phase not in allowed:
            names = " or ".join(sorted(p.value.replace("_", "-") for p in allowed))
            raise Conflict(
                f"You can {doing} only in the {names} phase; this retro is in "
                f"{self.retro.phase.value.replace('_', '-')}.",
                code="wrong_phase",
            )
