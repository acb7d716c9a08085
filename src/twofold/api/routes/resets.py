"""The page behind a password reset link: whose password it sets, and setting it. The secret
in the path is the only credential; each call is limited per client address."""

from fastapi import APIRouter, status

from twofold.api.deps import ClientLimited, CtxDep
from twofold.api.schemas.account import ResetPassword, ResetPreview
from twofold.services import password_resets

router = APIRouter(prefix="/api/password-resets", tags=["accounts"])


@router.get("/{token}", dependencies=[ClientLimited])
def preview_reset(token: str, ctx: CtxDep) -> ResetPreview:
    """404 for a link that never existed; 410 `reset_expired`, `reset_used` or
    `reset_replaced` for one that no longer works."""
    account, expires_at = password_resets.preview_reset(ctx, token)
    return ResetPreview(
        email=account.email, display_name=account.display_name, expires_at=expires_at
    )


@router.post("/{token}", status_code=status.HTTP_204_NO_CONTENT, dependencies=[ClientLimited])
def reset_password(token: str, body: ResetPassword, ctx: CtxDep) -> None:
    """Sets the password and ends every session of the account; sign in afterwards."""
    password_resets.do_reset_password(ctx, token, body.password)
