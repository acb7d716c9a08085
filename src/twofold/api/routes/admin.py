"""What the instance owner does for other people: find accounts, make a password reset link,
and see mail that could not be delivered. Everyone else gets 403, before anything is looked up."""

from typing import Annotated

from fastapi import APIRouter, Query, Request, status
from pydantic import AfterValidator

from twofold.api.deps import AccountChangeDep, CtxDep, SettingsDep, UserDep, site_url
from twofold.api.schemas import account as sa
from twofold.api.schemas.accounts import SsoSetup
from twofold.domain import limits
from twofold.domain.text import no_nul
from twofold.services import mail_queue, password_resets, sso

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


@router.get("/sso")
def sso_setup(user: UserDep, ctx: CtxDep, settings: SettingsDep) -> SsoSetup:
    """Single sign-on as configured by the `TWOFOLD_OIDC_*` settings, without the secret."""
    found = sso.sso_setup(ctx, user, settings)
    return SsoSetup(
        enabled=found.enabled,
        provider_name=found.provider_name,
        discovery_url=found.discovery_url,
        client_id=found.client_id,
        client_secret_set=found.client_secret_set,
        scopes=found.scopes,
        allowed_domains=list(found.allowed_domains),
        sso_only=found.sso_only,
        groups_claim=found.groups_claim,
        owner_group=found.owner_group,
        linked_accounts=found.linked_accounts,
    )
