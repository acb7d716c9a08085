"""The audit log: what the instance owner can look back on when something went wrong.

`record` is called by the service doing the action, inside the action's own transaction, so
an action that rolls back leaves no event and an event is never missing for one that
committed. The caller's address comes from the request being served (set by the API for each
request), so no service has to pass it along. Events hold ids and a few facts, never content:
no card text, no password, and for a failed sign-in at an address no account has, not even
what was typed (`UNKNOWN_ACCOUNT`).
"""

import json
from collections.abc import Iterator
from contextvars import ContextVar
from datetime import datetime, timedelta
from typing import Any

from twofold.domain.audit import (
    DETAIL_MAX_CHARS,
    UNKNOWN_ACCOUNT,
    AuditEvent,
    AuditFilter,
    AuditKind,
)
from twofold.domain.entities import Guest, User
from twofold.services.access import check_instance_owner
from twofold.services.context import Ctx
from twofold.store.database import Tx
from twofold.store.queries import audit as audit_q
from twofold.store.queries.ids import now

AUDIT_PAGE_MAX = 100

request_address: ContextVar[str | None] = ContextVar("twofold_request_address", default=None)
"""The address of the client whose request is being served; None outside a request (the
command line, the worker)."""


def label_of(actor: User | Guest | None) -> str:
    """The actor as the log shows them: an account by name and email, a guest by the name
    they gave, the instance itself when nobody acted (the command line, the worker)."""
    if isinstance(actor, User):
        return f"{actor.display_name} <{actor.email}>"
    if isinstance(actor, Guest):
        return f"guest {actor.display_name}"
    return "Twofold"


def record(
    tx: Tx,
    kind: AuditKind,
    actor: User | Guest | None,
    *,
    team_id: str | None = None,
    target: str | None = None,
    detail: dict[str, Any] | None = None,
    label: str | None = None,
    anonymous: bool = False,
) -> None:
    """Append one event in `tx`. `label` overrides how the actor is shown (a failed sign-in
    names the account tried, or `UNKNOWN_ACCOUNT`); `anonymous` keeps no address (someone
    deleting their own account)."""
    # Dates and other values are kept as their text, as the JSON column stores them.
    text = json.dumps(detail or {}, default=str)
    kept: dict[str, Any] = (
        json.loads(text) if len(text) <= DETAIL_MAX_CHARS else {"truncated": True}
    )
    address = None if anonymous else request_address.get()
    audit_q.insert(
        tx,
        at=now(),
        kind=kind,
        actor_id=actor.id if isinstance(actor, User) else None,
        actor_label=(label or label_of(actor))[:300],
        team_id=team_id,
        target=target[:300] if target else None,
        ip=address[:64] if address else None,
        detail=kept,
    )


def record_failed_sign_in(tx: Tx, account: User | None, reason: str) -> None:
    """A wrong password names the account it was tried on; an address with no account is
    recorded as `UNKNOWN_ACCOUNT`, keeping nothing of what was typed."""
    if account is None:
        record(tx, AuditKind.SIGN_IN_FAILED, None, label=UNKNOWN_ACCOUNT, detail={"reason": reason})
        return
    record(tx, AuditKind.SIGN_IN_FAILED, account, target=account.id, detail={"reason": reason})


def record_now(ctx: Ctx, kind: AuditKind, actor: User | Guest | None, **kwargs: Any) -> None:
    """For an action that writes nothing else (a download): the event alone, in a transaction
    of its own."""
    with ctx.db.write() as tx:
        record(tx, kind, actor, **kwargs)


def list_events(
    ctx: Ctx, owner: User, where: AuditFilter, limit: int, offset: int
) -> tuple[list[AuditEvent], int]:
    check_instance_owner(owner)
    with ctx.db.read() as tx:
        return audit_q.page(tx, where, min(limit, AUDIT_PAGE_MAX), offset)


def export_events(ctx: Ctx, owner: User, where: AuditFilter) -> Iterator[AuditEvent]:
    """Every matching event, oldest first; the export is itself recorded first, so the log
    says who took a copy of it."""
    check_instance_owner(owner)
    with ctx.db.write() as tx:
        record(tx, AuditKind.EXPORT_DOWNLOADED, owner, detail={"what": "audit_log"})

    def events() -> Iterator[AuditEvent]:
        with ctx.db.read() as tx:
            yield from audit_q.stream(tx, where)

    return events()


def do_purge(ctx: Ctx, keep_days: int, at: datetime | None = None) -> int:
    """Forget events older than `keep_days`; how many went. Run by the worker's upkeep."""
    before = (at or now()) - timedelta(days=keep_days)
    with ctx.db.write() as tx:
        return audit_q.purge(tx, before)
