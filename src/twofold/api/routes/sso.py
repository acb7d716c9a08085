"""Single sign-on through an OpenID Connect provider (docs/sso.md).

The start and the callback are browser navigations, not API calls: they answer with redirects,
and a failure sends the browser to the sign-in page with `?sso_error=<code>`, which the page
words. The state travels in an HttpOnly cookie scoped to these paths, so a callback only
completes in the browser that started it (no login CSRF).
"""

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request, Response, status
from fastapi.responses import RedirectResponse

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
    site_url,
)
from twofold.api.ratelimit import RateLimiter
from twofold.api.schemas.accounts import (
    SsoLinked,
    SsoLinkRequest,
    SsoPending,
    SsoRedirect,
    SsoSignedOut,
)
from twofold.domain.errors import DomainError, Forbidden, NotFound
from twofold.domain.sso import PROBLEMS, SsoRefused
from twofold.integrations.oidc.client import OidcProvider
from twofold.services import accounts, sso

router = APIRouter(prefix="/api/auth/sso", tags=["accounts"])

SSO_COOKIE = "twofold_sso"
SSO_COOKIE_PATH = "/api/auth/sso"
_MAX_PARAM = 2000


def _provider(request: Request) -> OidcProvider | None:
    provider = request.app.state.sso_provider
    assert provider is None or isinstance(provider, OidcProvider)
    return provider


ProviderDep = Annotated[OidcProvider | None, Depends(_provider)]


def limit_sso_start(request: Request) -> None:
    limiter = request.app.state.sso_limiter
    assert isinstance(limiter, RateLimiter)
    limiter.hit(client_address(request), "Too many sign-ins from your address; wait a moment.")


def _callback_url(request: Request, settings: SettingsDep) -> str:
    return f"{site_url(request, settings)}/api/auth/sso/callback"


def _to_signin(code: str) -> RedirectResponse:
    response = RedirectResponse("/signin?" + urlencode({"sso_error": code}), status_code=303)
    return response


def _domain_error(refused: SsoRefused) -> DomainError:
    return Forbidden(PROBLEMS.get(refused.code, refused.code), code=refused.code)


def _set_state_cookie(response: Response, state: str, settings: SettingsDep) -> None:
    # Lax, not Strict: the provider's redirect back is a top-level navigation from its site.
    response.set_cookie(
        SSO_COOKIE,
        state,
        max_age=int(sso.ATTEMPT_TTL.total_seconds()),
        httponly=True,
        secure=settings.cookie_secure,
        samesite="lax",
        path=SSO_COOKIE_PATH,
    )


def _clear_state_cookie(response: Response, settings: SettingsDep) -> None:
    response.delete_cookie(
        SSO_COOKIE,
        httponly=True,
        secure=settings.cookie_secure,
        samesite="lax",
        path=SSO_COOKIE_PATH,
    )


@router.get(
    "/start",
    response_class=RedirectResponse,
    status_code=status.HTTP_303_SEE_OTHER,
    dependencies=[Depends(limit_sso_start)],
)
def start(
    request: Request,
    ctx: CtxDep,
    settings: SettingsDep,
    provider: ProviderDep,
    next: Annotated[str | None, Query(max_length=500)] = None,
) -> RedirectResponse:
    """Leave for the provider's sign-in page; `next` is a path on this site to come back to."""
    if provider is None:
        return _to_signin("sso_not_configured")
    try:
        started = sso.do_start(ctx, provider, _callback_url(request, settings), next)
    except SsoRefused as refused:
        return _to_signin(refused.code)
    response = RedirectResponse(started.url, status_code=303)
    _set_state_cookie(response, started.state, settings)
    return response


@router.post("/link")
def start_link(
    user: UserDep,
    request: Request,
    response: Response,
    ctx: CtxDep,
    settings: SettingsDep,
    provider: ProviderDep,
) -> SsoRedirect:
    """Link the signed-in account (proven by its session) to a provider sign-in, which the
    browser completes at the returned address."""
    if provider is None:
        raise NotFound(PROBLEMS["sso_not_configured"], code="sso_not_configured")
    try:
        started = sso.do_start(
            ctx, provider, _callback_url(request, settings), "/settings", linking_user=user
        )
    except SsoRefused as refused:
        raise _domain_error(refused) from None
    _set_state_cookie(response, started.state, settings)
    return SsoRedirect(url=started.url)


@router.get("/callback", response_class=RedirectResponse, status_code=status.HTTP_303_SEE_OTHER)
def callback(
    request: Request,
    ctx: CtxDep,
    settings: SettingsDep,
    provider: ProviderDep,
    code: Annotated[str | None, Query(max_length=_MAX_PARAM)] = None,
    state: Annotated[str | None, Query(max_length=_MAX_PARAM)] = None,
    error: Annotated[str | None, Query(max_length=_MAX_PARAM)] = None,
) -> RedirectResponse:
    if provider is None:
        return _to_signin("sso_not_configured")
    try:
        finished = sso.do_callback(
            ctx,
            provider,
            sso.SsoRules.from_settings(settings),
            redirect_uri=_callback_url(request, settings),
            state=state,
            cookie_state=request.cookies.get(SSO_COOKIE),
            code=code,
            error=error,
        )
    except SsoRefused as refused:
        response = _to_signin(refused.code)
        _clear_state_cookie(response, settings)
        return response
    if finished.session is None:
        # The cookie stays: it names the identity waiting for the account's password.
        return RedirectResponse("/signin/link", status_code=303)
    response = RedirectResponse(finished.return_path, status_code=303)
    _clear_state_cookie(response, settings)
    set_session_cookie(response, finished.session.token, settings)
    return response


@router.get("/pending")
def pending(request: Request, ctx: CtxDep) -> SsoPending:
    """The account a provider sign-in waits to be linked to, for the page that asks for its
    password. 404 when nothing waits (or it took too long)."""
    waiting = sso.pending_link(ctx, request.cookies.get(SSO_COOKIE))
    if waiting is None:
        raise NotFound(PROBLEMS["sso_link_expired"], code="sso_link_expired")
    return SsoPending(email=waiting.email)


@router.post("/pending", dependencies=[ClientLimited])
def finish_link(
    body: SsoLinkRequest, request: Request, response: Response, ctx: CtxDep, settings: SettingsDep
) -> SsoLinked:
    """Prove the account with its password; the waiting provider identity is then linked to it
    and the browser signed in."""
    done, return_path = sso.do_finish_link(
        ctx,
        request.cookies.get(SSO_COOKIE),
        body.password,
        client_address(request),
        device_cookie(request),
    )
    _clear_state_cookie(response, settings)
    set_session_cookie(response, done.session.token, settings)
    set_device_cookie(response, done.device_cookie, settings)
    signed_in = present.session(done.user, None, done.session.csrf_token)
    return SsoLinked(**signed_in.model_dump(), next=return_path)


@router.post("/logout")
def logout(
    _: ActorDep,
    auth: AuthDep,
    request: Request,
    response: Response,
    ctx: CtxDep,
    settings: SettingsDep,
    provider: ProviderDep,
) -> SsoSignedOut:
    """End the Twofold session, and say where the provider ends its own when the account signs
    in through one."""
    if auth.session_token:
        accounts.do_logout(ctx, auth.session_token)
    clear_session_cookie(response, settings)
    url = None
    if provider is not None and auth.user is not None and sso.has_identity(ctx, auth.user):
        url = provider.end_session_url(f"{site_url(request, settings)}/signin")
    return SsoSignedOut(end_session_url=url)
