"""One command's working state: the locked retro, who is acting, and the events it records."""

from dataclasses import dataclass, field, replace
from typing import Any

from twofold.domain.access import Participant
from twofold.domain.entities import Column, Retro
from twofold.domain.errors import Conflict
from twofold.domain.events import BoardEvent
from twofold.domain.phases import Phase
from twofold.domain.team_events import TeamEvent
from twofold.services.access import key_of
from twofold.services.board.writes import BoardWrites
from twofold.store.database import Tx
from twofold.store.queries import retros as retro_q


@dataclass
class BoardTx:
    writes: BoardWrites
    retro: Retro
    me: Participant
    result: dict[str, Any] = field(default_factory=dict)

    @property
    def tx(self) -> Tx:
        return self.writes.tx

    @property
    def key(self) -> str:
        return key_of(self.me)

    def emit(
        self, event: BoardEvent, *, audience: str = "all", public: BoardEvent | None = None
    ) -> None:
        if public is not None and public == event:
            audience, public = "all", None
        self.writes.board(self.retro.id, event, audience=audience, public=public)

    def team(self, event: TeamEvent | None) -> None:
        """A team event for the outbox, committed with the command (see `services.recorder`)."""
        self.writes.team(event)

    def change_retro(self, values: dict[str, object], **changes: Any) -> None:
        """Write columns of the retro's row and keep `retro` (what later commands of the same
        transaction see) in step: `values` as stored, `changes` as `Retro` fields."""
        retro_q.update_retro(self.tx, self.retro.id, values)
        self.retro = replace(self.retro, **changes)

    def column(self, column_id: str) -> Column | None:
        return self.writes.column(self.retro.id, column_id)

    def require_phase(self, allowed: set[Phase], doing: str) -> None:
        if self.retro.phase not in allowed:
            names = " or ".join(sorted(p.value.replace("_", "-") for p in allowed))
            raise Conflict(
                f"You can {doing} only in the {names} phase; this retro is in "
                f"{self.retro.phase.value.replace('_', '-')}.",
                code="wrong_phase",
                params={
                    "allowed": ",".join(sorted(p.value for p in allowed)),
                    "phase": self.retro.phase.value,
                },
            )
