"""Instance setup, sign-up, sign-in and sign-out."""

from fastapi import APIRouter, Request, Response, status

from twofold.api import present
from twofold.api.deps import (
    ActorDep,
    AuthDep,
    ClientLimited,
    CtxDep,
    SettingsDep,
    UserDep,
    clear_session_cookie,
    client_address,
    device_cookie,
    set_device_cookie,
    set_session_cookie,
)
from twofold.api.schemas.accounts import (
    LoginRequest,
    Session,
    SetupInfo,
    SignupRequest,
    SsoInfo,
)
from twofold.domain.errors import Forbidden
from twofold.services import accounts, signin, sso

router = APIRouter(prefix="/api", tags=["accounts"])


@router.get("/setup")
def setup_info(ctx: CtxDep, settings: SettingsDep) -> SetupInfo:
    """Whether the instance still waits for its owner: the first account made here (demo
    accounts do not count) becomes it."""
    sso_info = (
        SsoInfo(
            provider_name=settings.oidc_provider_name.strip() or "single sign-on",
            sso_only=settings.oidc_sso_only,
        )
        if settings.sso_enabled
        else None
    )
    return SetupInfo(
        needs_owner=accounts.needs_owner(ctx), open_signup=settings.open_signup, sso=sso_info
    )


@router.post("/auth/signup", status_code=status.HTTP_201_CREATED, dependencies=[ClientLimited])
def signup(body: SignupRequest, response: Response, ctx: CtxDep, settings: SettingsDep) -> Session:
    """In SSO-only mode only the owner's account can be made here (it keeps a password for
    the break-glass path); everyone else comes in through the provider."""
    if settings.sso_enabled and settings.oidc_sso_only and not accounts.needs_owner(ctx):
        raise Forbidden(
            "Accounts on this instance are made by signing in through its sign-in provider.",
            code="password_signin_off",
        )
    user, new = accounts.do_signup(
        ctx,
        body.email,
        body.password,
        body.display_name,
        invite_token=body.invite_token,
        open_signup=settings.open_signup,
    )
    set_session_cookie(response, new.token, settings)
    return present.session(user, None, new.csrf_token)


@router.post("/auth/login")
def login(
    body: LoginRequest, request: Request, response: Response, ctx: CtxDep, settings: SettingsDep
) -> Session:
    """Failed attempts slow further ones from the same address, and for the same account from
    that address, with waits that double (429 with `retry_after`). A browser that signed in to
    the account before is slowed only by its own failures (docs/operations.md)."""
    done = signin.do_login(
        ctx, body.email, body.password, client_address(request), device_cookie(request)
    )
    if settings.sso_enabled:
        try:
            sso.check_password_signin(done.user, sso.SsoRules.from_settings(settings))
        except Forbidden:
            accounts.do_logout(ctx, done.session.token)
            raise
    set_session_cookie(response, done.session.token, settings)
    set_device_cookie(response, done.device_cookie, settings)
    return present.session(done.user, None, done.session.csrf_token)


@router.get("/auth/session")
def current_session(auth: AuthDep) -> Session:
    return present.session(auth.user, auth.guest, auth.csrf_token)


@router.post("/auth/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(
    _: ActorDep, auth: AuthDep, response: Response, ctx: CtxDep, settings: SettingsDep
) -> None:
    if auth.session_token:
        accounts.do_logout(ctx, auth.session_token)
    clear_session_cookie(response, settings)


@router.post("/auth/logout-all", status_code=status.HTTP_204_NO_CONTENT)
def logout_everywhere(
    user: UserDep, response: Response, ctx: CtxDep, settings: SettingsDep
) -> None:
    """End every browser session of the account (API tokens stay; delete those separately)."""
    accounts.do_logout_everywhere(ctx, user)
    clear_session_cookie(response, settings)
