"""What the instance owner does for other people: find accounts, make a password reset link,
and see mail that could not be delivered. Everyone else gets 403, before anything is looked up."""

import csv
import io
import json
from collections.abc import Iterator
from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response, status
from fastapi.responses import StreamingResponse
from pydantic import AfterValidator

from twofold.api.deps import AccountChangeDep, CtxDep, SettingsDep, UserDep, site_url
from twofold.api.routes.account import DATA_RESPONSES, data_file
from twofold.api.schemas import account as sa
from twofold.api.schemas.accounts import SsoSetup
from twofold.domain import limits
from twofold.domain.audit import AuditEvent, AuditFilter, AuditKind
from twofold.domain.text import no_nul
from twofold.services import audit, mail_queue, password_resets, personal_data, sso

router = APIRouter(prefix="/api/admin", tags=["admin"])

SearchText = Annotated[str, Query(max_length=limits.SEARCH_MAX), AfterValidator(no_nul)]


@router.get("/accounts")
def list_accounts(
    user: UserDep,
    ctx: CtxDep,
    q: SearchText = "",
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> sa.AccountPage:
    """Accounts whose email or display name contains `q` (any case), by name, 50 at a time."""
    found, total = password_resets.list_accounts(ctx, user, q, offset)
    return sa.AccountPage(
        accounts=[sa.AccountSummary.model_validate(a) for a in found], total=total, offset=offset
    )


@router.post("/accounts/{user_id}/password-reset", status_code=status.HTTP_201_CREATED)
def create_reset_link(
    user_id: str, request: Request, user: AccountChangeDep, ctx: CtxDep, settings: SettingsDep
) -> sa.ResetLinkCreated:
    """A one-time link for the person to choose a new password, valid 24 hours; any earlier
    link of theirs stops working. The link is in this answer only. With mail set up it is also
    mailed to them (by the worker, after this answer)."""
    site = site_url(request, settings)
    made = password_resets.do_create_reset_link(
        ctx, user, user_id, site_url=site, mail_enabled=settings.mail_enabled
    )
    return sa.ResetLinkCreated(
        user_id=made.account.id,
        email=made.account.email,
        display_name=made.account.display_name,
        path=made.path,
        url=site + made.path,
        expires_at=made.expires_at,
        mailed=made.mailed,
    )


@router.get("/mail")
def mail_status(user: UserDep, ctx: CtxDep, settings: SettingsDep) -> sa.MailStatus:
    """Whether mail is set up, how much is waiting, and what could not be delivered."""
    status_now = mail_queue.mail_status(ctx, user)
    return sa.MailStatus(
        enabled=settings.mail_enabled,
        waiting=status_now.waiting,
        failed_total=status_now.failed_total,
        failed=[
            sa.UndeliveredMail(
                id=item.id,
                to=str(item.payload.get("to", "")),
                subject=str(item.payload.get("subject", "")),
                attempts=item.attempts,
                last_error=item.last_error,
                created_at=item.created_at,
                failed_at=item.failed_at,
            )
            for item in status_now.failed
        ],
    )


@router.get("/accounts/{user_id}/data", response_class=Response, responses=DATA_RESPONSES)
def download_account_data(user_id: str, user: UserDep, ctx: CtxDep) -> Response:
    """What `GET /api/account/data` gives the person, for the owner answering their request."""
    return data_file(personal_data.download(ctx, user, user_id))


@router.delete("/accounts/{user_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_account(
    user_id: str,
    body: sa.AccountDeletion,
    user: AccountChangeDep,
    ctx: CtxDep,
    settings: SettingsDep,
) -> None:
    """Delete someone's account as `DELETE /api/account` would; `confirm` is their email.
    The instance's only owner cannot be deleted (409 `last_owner`)."""
    personal_data.do_delete_account(
        ctx,
        user,
        user_id,
        password=None,
        confirm=body.confirm,
        cards=settings.deleted_member_cards,
    )


Kinds = Annotated[list[AuditKind], Query(max_length=len(AuditKind))]
ActorText = Annotated[str, Query(max_length=limits.SEARCH_MAX), AfterValidator(no_nul)]


def _filter(
    kind: list[AuditKind], actor: str, since: datetime | None, until: datetime | None
) -> AuditFilter:
    return AuditFilter(tuple(kind), actor.strip() or None, since, until)


def _event(e: AuditEvent) -> sa.AuditEvent:
    return sa.AuditEvent(
        id=e.id,
        at=e.at,
        kind=e.kind,
        actor_id=e.actor_id,
        actor=e.actor_label,
        team_id=e.team_id,
        target=e.target,
        ip=e.ip,
        detail=e.detail,
    )


@router.get("/audit")
def audit_log(
    user: UserDep,
    ctx: CtxDep,
    settings: SettingsDep,
    kind: Kinds = [],  # noqa: B006 - FastAPI copies query defaults
    actor: ActorText = "",
    since: datetime | None = None,
    until: datetime | None = None,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=audit.AUDIT_PAGE_MAX)] = 50,
) -> sa.AuditPage:
    """Security-relevant events, newest first, `limit` at a time. `kind` may repeat; `actor`
    is an account id or text in the actor's name or email; `since` and `until` bound the time
    (until excluded)."""
    where = _filter(kind, actor, since, until)
    found, total = audit.list_events(ctx, user, where, limit, offset)
    return sa.AuditPage(
        events=[_event(e) for e in found],
        total=total,
        offset=offset,
        retention_days=settings.audit_retention_days,
    )


AUDIT_COLUMNS = ("at", "kind", "actor", "actor_id", "team_id", "target", "ip", "detail")


def _csv_lines(events: Iterator[AuditEvent]) -> Iterator[str]:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(AUDIT_COLUMNS)
    for e in events:
        cells = [
            e.at.isoformat(),
            e.kind.value,
            e.actor_label,
            e.actor_id or "",
            e.team_id or "",
            e.target or "",
            e.ip or "",
            json.dumps(e.detail, default=str),
        ]
        # A cell a spreadsheet would run as a formula is given a leading apostrophe.
        writer.writerow(["'" + c if c[:1] in ("=", "+", "-", "@") else c for c in cells])
        yield out.getvalue()
        out.seek(0)
        out.truncate()
    yield out.getvalue()


def _json_lines(events: Iterator[AuditEvent]) -> Iterator[str]:
    yield "["
    first = True
    for e in events:
        yield ("" if first else ",") + "\n" + _event(e).model_dump_json()
        first = False
    yield "\n]\n"


EXPORT_RESPONSES: dict[int | str, dict[str, object]] = {
    200: {
        "content": {"text/csv": {}, "application/json": {}},
        "description": "The matching events, oldest first, as CSV or a JSON array.",
    }
}


@router.get("/audit/export", response_class=Response, responses=EXPORT_RESPONSES)
def export_audit_log(
    user: UserDep,
    ctx: CtxDep,
    format: Literal["csv", "json"] = "csv",
    kind: Kinds = [],  # noqa: B006 - FastAPI copies query defaults
    actor: ActorText = "",
    since: datetime | None = None,
    until: datetime | None = None,
) -> Response:
    """The whole matching log as a file; the export is itself recorded."""
    events = audit.export_events(ctx, user, _filter(kind, actor, since, until))
    body = _csv_lines(events) if format == "csv" else _json_lines(events)
    media = "text/csv" if format == "csv" else "application/json"
    return StreamingResponse(
        body,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="twofold-audit.{format}"'},
    )


@router.get("/sso")
def sso_setup(user: UserDep, ctx: CtxDep, settings: SettingsDep) -> SsoSetup:
    """Single sign-on as configured by the `TWOFOLD_OIDC_*` settings, without the secret."""
    return SsoSetup.model_validate(sso.sso_setup(ctx, user, settings))
