"""The signed-in person's own account: display name, look, email and password."""

import json

from fastapi import APIRouter, Request, Response, status

from twofold.api import present
from twofold.api.deps import (
    AccountChangeDep,
    AuthDep,
    CtxDep,
    SettingsDep,
    UserDep,
    clear_session_cookie,
    device_cookie,
    set_device_cookie,
    site_url,
)
from twofold.api.schemas.account import (
    AccountDeletion,
    EmailChange,
    LanguageChoice,
    PasswordChange,
    ProfileUpdate,
    ThemeChoice,
)
from twofold.api.schemas.accounts import User
from twofold.services import account_settings, personal_data

router = APIRouter(prefix="/api/account", tags=["account"])


@router.patch("")
def update_profile(body: ProfileUpdate, user: UserDep, ctx: CtxDep) -> User:
    return present.user(account_settings.do_rename(ctx, user, body.display_name))


@router.put("/theme")
def set_theme(body: ThemeChoice, user: UserDep, ctx: CtxDep) -> User:
    """Light, dark, or `system` to follow the device; every signed-in device picks it up."""
    return present.user(account_settings.do_set_theme(ctx, user, body.theme))


@router.put("/language")
def set_language(body: LanguageChoice, user: UserDep, ctx: CtxDep) -> User:
    """`auto` follows the browser; any other choice holds on every device the person uses."""
    return present.user(account_settings.do_set_language(ctx, user, body.language))


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


DATA_RESPONSES: dict[int | str, dict[str, object]] = {
    200: {
        "content": {"application/json": {}},
        "description": "Everything Twofold holds about the account, as a JSON file.",
    }
}


def data_file(data: dict[str, object]) -> Response:
    return Response(
        content=json.dumps(data, indent=2, ensure_ascii=False),
        media_type="application/json",
        headers={"Content-Disposition": 'attachment; filename="twofold-my-data.json"'},
    )


@router.get("/data", response_class=Response, responses=DATA_RESPONSES)
def download_my_data(user: UserDep, ctx: CtxDep) -> Response:
    """Your account, memberships, the cards you wrote (hidden and anonymous ones included),
    votes, reactions, check-ins, radar answers, action items you own, debt scores you gave,
    API tokens and sessions (never their secrets), and the audit events about you."""
    return data_file(personal_data.download(ctx, user, user.id))


@router.delete("", status_code=status.HTTP_204_NO_CONTENT)
def delete_my_account(
    body: AccountDeletion,
    response: Response,
    user: AccountChangeDep,
    ctx: CtxDep,
    settings: SettingsDep,
) -> None:
    """Needs your password (403 `wrong_password`), or for an account without one `confirm`
    set to "delete my account". Your cards stay, by "a former member" (or are removed, as the
    instance is set); your action items lose their owner. The instance's only owner cannot
    (409 `last_owner`)."""
    personal_data.do_delete_account(
        ctx,
        user,
        user.id,
        password=body.password,
        confirm=body.confirm,
        cards=settings.deleted_member_cards,
    )
    clear_session_cookie(response, settings)
