"""A team's connections to its tools, pushing items to its tracker, and the tracker's
webhooks. See docs/integrations.md."""

from fastapi import APIRouter, Request, Response, status
from starlette.concurrency import run_in_threadpool

from twofold.api.deps import CtxDep, UserDep
from twofold.api.schemas import connections as sc
from twofold.domain.connections import Connection, ItemKind
from twofold.domain.vendors import VENDORS, form_fields
from twofold.services import connections, tracker_sync
from twofold.services.tracker_sync import TicketView

router = APIRouter(prefix="/api", tags=["integrations"])


def _connection(found: Connection) -> sc.ConnectionOut:
    spec = VENDORS[found.vendor]
    check = None
    if found.check is not None:
        check = sc.ConnectionCheckOut(
            status=found.check.status,
            message=found.check.message,
            checked_at=found.check.checked_at,
        )
    return sc.ConnectionOut(
        id=found.id,
        vendor=found.vendor,
        kind=spec.kind,
        name=spec.name,
        where=found.settings.where(),
        settings=found.settings.model_dump(mode="json"),
        token_hint=found.secret_hint,
        has_webhook_secret=found.has_webhook_secret,
        webhook_path=(
            f"/api/integrations/{found.vendor}/{found.id}/webhook" if spec.webhook_help else None
        ),
        check=check,
        check_pending=found.check_pending,
        polled_at=found.polled_at,
        created_at=found.created_at,
    )


def _ticket(view: TicketView) -> sc.TicketOut:
    link = view.link
    return sc.TicketOut(
        item_kind=link.item_kind,
        item_id=link.item_id,
        state=link.state,
        key=link.key,
        url=link.url,
        remote_status=link.remote_status,
        status_by=link.status_by,
        status_at=link.status_at,
        delivery=sc.PushDelivery.of(view.delivery),
    )


@router.get("/integrations/vendors")
def list_vendors(user: UserDep) -> list[sc.VendorOut]:
    """The tools a team can connect, each with the fields of its connect form."""
    return [
        sc.VendorOut(
            vendor=spec.vendor,
            name=spec.name,
            kind=spec.kind,
            fields=[
                sc.FormFieldOut(**{**vars(f), "options": list(f.options)})
                for f in form_fields(spec)
            ],
            token_label=spec.token_label,
            token_help=spec.token_help,
            webhook_help=spec.webhook_help,
        )
        for spec in VENDORS.values()
    ]


@router.get("/teams/{team_id}/connections")
def list_connections(team_id: str, user: UserDep, ctx: CtxDep) -> list[sc.ConnectionOut]:
    """The team's connections, for its members; secrets only masked."""
    return [_connection(c) for c in connections.list_connections(ctx, user, team_id)]


@router.post("/teams/{team_id}/connections", status_code=status.HTTP_201_CREATED)
def create_connection(
    team_id: str, body: sc.NewConnection, user: UserDep, ctx: CtxDep
) -> sc.ConnectionOut:
    """Connect the team to a tool (facilitators): one per vendor, one tracker. It is tested at
    once, by the worker: see `check`, and `check_pending` until then."""
    made = connections.do_create_connection(
        ctx, user, team_id, body.vendor, body.settings, body.token, body.webhook_secret
    )
    return _connection(made)


@router.post(
    "/teams/{team_id}/connections/{connection_id}/test", status_code=status.HTTP_202_ACCEPTED
)
def test_connection(
    team_id: str, connection_id: str, user: UserDep, ctx: CtxDep
) -> sc.ConnectionOut:
    """Test the connection again (facilitators); the worker keeps what it finds on `check`."""
    return _connection(connections.do_test_connection(ctx, user, team_id, connection_id))


@router.delete(
    "/teams/{team_id}/connections/{connection_id}", status_code=status.HTTP_204_NO_CONTENT
)
def remove_connection(team_id: str, connection_id: str, user: UserDep, ctx: CtxDep) -> None:
    connections.do_remove_connection(ctx, user, team_id, connection_id)


@router.get("/teams/{team_id}/tickets")
def list_tickets(team_id: str, user: UserDep, ctx: CtxDep) -> list[sc.TicketOut]:
    """The team's items pushed to its tracker: pending (with the push's tries and last error)
    or linked (key, link, the ticket's last status and who set it)."""
    return [_ticket(v) for v in tracker_sync.tickets(ctx, user, team_id)]


def _push(kind: ItemKind, item_id: str, user: UserDep, ctx: CtxDep) -> sc.TicketOut:
    return _ticket(tracker_sync.do_push(ctx, user, kind, item_id))


@router.post("/actions/{action_id}/push", status_code=status.HTTP_202_ACCEPTED)
def push_action(action_id: str, user: UserDep, ctx: CtxDep) -> sc.TicketOut:
    """Make the action item a ticket in the team's tracker (any member). Queued for the
    worker; pushing again while queued or once linked changes nothing."""
    return _push("action", action_id, user, ctx)


@router.post("/debt/{debt_id}/push", status_code=status.HTTP_202_ACCEPTED)
def push_debt(debt_id: str, user: UserDep, ctx: CtxDep) -> sc.TicketOut:
    """Make the debt item a ticket labelled `tech-debt` (any member)."""
    return _push("debt", debt_id, user, ctx)


def _link(
    kind: ItemKind, item_id: str, body: sc.TicketRef, user: UserDep, ctx: CtxDep
) -> sc.TicketOut:
    return _ticket(tracker_sync.do_link(ctx, user, kind, item_id, body.ref))


@router.post("/actions/{action_id}/link", status_code=status.HTTP_202_ACCEPTED)
def link_action(action_id: str, body: sc.TicketRef, user: UserDep, ctx: CtxDep) -> sc.TicketOut:
    """Have the action item follow a ticket that exists already, by key or address (any
    member); the worker looks it up."""
    return _link("action", action_id, body, user, ctx)


@router.post("/debt/{debt_id}/link", status_code=status.HTTP_202_ACCEPTED)
def link_debt(debt_id: str, body: sc.TicketRef, user: UserDep, ctx: CtxDep) -> sc.TicketOut:
    """Have the debt item follow a ticket that exists already (any member)."""
    return _link("debt", debt_id, body, user, ctx)


@router.post(
    "/integrations/{vendor}/{connection_id}/webhook", status_code=status.HTTP_204_NO_CONTENT
)
async def webhook(vendor: str, connection_id: str, request: Request, ctx: CtxDep) -> Response:
    """A tracker's webhook for the connection, signed with its webhook secret (Jira:
    `X-Hub-Signature: sha256=…`), else 401 and nothing changes."""
    body = await request.body()
    headers = {k.lower(): v for k, v in request.headers.items()}
    await run_in_threadpool(tracker_sync.do_webhook, ctx, vendor, connection_id, body, headers)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
