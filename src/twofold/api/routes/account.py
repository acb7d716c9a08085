"""The signed-in person's own account: display name, look, email and password."""

from fastapi import APIRouter, Request, Response, status

from twofold.api import present
from twofold.api.deps import (
    AccountChangeDep,
    AuthDep,
    CtxDep,
    SettingsDep,
    UserDep,
    device_cookie,
    set_device_cookie,
    site_url,
)
from twofold.api.schemas.account import EmailChange, PasswordChange, ProfileUpdate, ThemeChoice
from twofold.api.schemas.accounts import User
from twofold.services import account_settings

router = APIRouter(prefix="/api/account", tags=["account"])


@router.patch("")
def update_profile(body: ProfileUpdate, user: UserDep, ctx: CtxDep) -> User:
    return present.user(account_settings.do_rename(ctx, user, body.display_name))


@router.put("/theme")
def set_theme(body: ThemeChoice, user: UserDep, ctx: CtxDep) -> User:
    """Light, dark, or `system` to follow the device; every signed-in device picks it up."""
    return present.user(account_settings.do_set_theme(ctx, user, body.theme))


@router.put("/email")
def change_email(
    body: EmailChange, request: Request, user: AccountChangeDep, ctx: CtxDep, settings: SettingsDep
) -> User:
    """Needs the current password (403 `wrong_password`); 409 `email_taken` when another
    account uses the address. With mail set up, the old address is told of the change."""
    notify = site_url(request, settings) if settings.mail_enabled else None
    changed = account_settings.do_change_email(
        ctx, user, body.email, body.current_password, notify_site=notify
    )
    return present.user(changed)


@router.put("/password", status_code=status.HTTP_204_NO_CONTENT)
def change_password(
    body: PasswordChange,
    request: Request,
    response: Response,
    user: AccountChangeDep,
    auth: AuthDep,
    ctx: CtxDep,
    settings: SettingsDep,
) -> None:
    """Needs the current password (403 `wrong_password`). Ends every other browser session of
    the account; this one stays signed in. API tokens keep working."""
    done = account_settings.do_change_password(
        ctx,
        user,
        body.current_password,
        body.new_password,
        keep_session=auth.session_token,
        device_cookie=device_cookie(request),
    )
    if done.device_cookie:
        set_device_cookie(response, done.device_cookie, settings)
