"""Typed request dependencies: who is asking, and the objects a route needs.

Authorisation of *what* they may touch lives in services; here we only establish identity and,
for cookie-authenticated writes, check the CSRF token.
"""

import hmac
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request, Response

from twofold.api.middleware import UNSAFE_METHODS
from twofold.api.ratelimit import RateLimiter
from twofold.domain.entities import Guest, User
from twofold.domain.errors import Forbidden, Unauthenticated
from twofold.services.access import Actor
from twofold.services.accounts import resolve_api_token, resolve_session
from twofold.services.context import Ctx
from twofold.settings import Settings

SESSION_COOKIE = "twofold_session"
DEVICE_COOKIE = "twofold_device"
# Sent only to sign-in and to the password change, the two places that read it.
DEVICE_COOKIE_PATHS = ("/api/auth/login", "/api/account/password")
_MAX_SECRET = 200


@dataclass(frozen=True)
class Auth:
    user: User | None = None
    guest: Guest | None = None
    csrf_token: str | None = None
    session_token: str | None = None
    via_api_token: bool = False


def get_ctx(request: Request) -> Ctx:
    ctx = request.app.state.ctx
    assert isinstance(ctx, Ctx)
    return ctx


def get_settings(request: Request) -> Settings:
    settings = request.app.state.settings
    assert isinstance(settings, Settings)
    return settings


CtxDep = Annotated[Ctx, Depends(get_ctx)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


def get_auth(request: Request, ctx: CtxDep) -> Auth:
    header = request.headers.get("authorization")
    if header:
        scheme, _, value = header.partition(" ")
        value = value.strip()
        if scheme.lower() != "bearer" or not value or len(value) > _MAX_SECRET:
            raise Unauthenticated("Send API tokens as 'Authorization: Bearer <token>'.")
        user = resolve_api_token(ctx, value)
        if user is None:
            raise Unauthenticated("That API token is not valid (it may have been deleted).")
        return Auth(user=user, via_api_token=True)
    token = request.cookies.get(SESSION_COOKIE)
    if token and len(token) <= _MAX_SECRET:
        info = resolve_session(ctx, token)
        if info is not None:
            return Auth(info.user, info.guest, info.csrf_token, token)
    return Auth()


AuthDep = Annotated[Auth, Depends(get_auth)]


def check_csrf(request: Request, auth: Auth) -> None:
    """Cookie-authenticated writes must echo the session's CSRF token in a header, which a page
    on another site cannot read or send."""
    if request.method not in UNSAFE_METHODS or auth.via_api_token:
        return
    sent = request.headers.get("x-csrf-token", "")
    if not auth.csrf_token or not hmac.compare_digest(sent.encode(), auth.csrf_token.encode()):
        raise Forbidden(
            "The CSRF token is missing or out of date. Reload the page and try again.",
            code="csrf_failed",
        )


def _check_write(request: Request, auth: Auth, actor: Actor) -> None:
    check_csrf(request, auth)
    if request.method in UNSAFE_METHODS:
        limiter = request.app.state.write_limiter
        assert isinstance(limiter, RateLimiter)
        limiter.hit(f"{type(actor).__name__}:{actor.id}")


def require_user(request: Request, auth: AuthDep) -> User:
    if auth.user is None:
        if auth.guest is not None:
            raise Forbidden("Guests can only take part in the retro they were invited to.")
        raise Unauthenticated("Sign in first.")
    _check_write(request, auth, auth.user)
    return auth.user


def require_actor(request: Request, auth: AuthDep) -> Actor:
    actor: Actor | None = auth.user or auth.guest
    if actor is None:
        raise Unauthenticated("Sign in, or join through an invite link, first.")
    _check_write(request, auth, actor)
    return actor


def client_address(request: Request) -> str:
    """The caller's address (the proxy's X-Forwarded-For when the proxy is trusted)."""
    return request.client.host if request.client else "unknown"


def limit_by_client(request: Request) -> None:
    """For unauthenticated writes (sign-up, guest join): a budget per client address."""
    limiter = request.app.state.anonymous_limiter
    assert isinstance(limiter, RateLimiter)
    limiter.hit(
        client_address(request), "Too many attempts from your address; wait a minute and try again."
    )


ClientLimited = Depends(limit_by_client)


UserDep = Annotated[User, Depends(require_user)]
ActorDep = Annotated[Actor, Depends(require_actor)]


def limit_account_change(request: Request, user: UserDep) -> User:
    """For the few costly or sensitive things an account does (a password checked, a reset
    link made): a small budget per account on top of the general write limit."""
    limiter = request.app.state.account_limiter
    assert isinstance(limiter, RateLimiter)
    limiter.hit(user.id, "Too many account changes at once; wait a minute and try again.")
    return user


AccountChangeDep = Annotated[User, Depends(limit_account_change)]


def set_session_cookie(response: Response, token: str, settings: Settings) -> None:
    from twofold.services.accounts import SESSION_TTL

    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(SESSION_TTL.total_seconds()),
        httponly=True,
        secure=settings.cookie_secure,
        samesite="lax",
        path="/",
    )


def clear_session_cookie(response: Response, settings: Settings) -> None:
    response.delete_cookie(
        SESSION_COOKIE, httponly=True, secure=settings.cookie_secure, samesite="lax", path="/"
    )


def set_device_cookie(response: Response, value: str, settings: Settings) -> None:
    from twofold.services.known_devices import DEVICE_TTL

    for path in DEVICE_COOKIE_PATHS:
        response.set_cookie(
            DEVICE_COOKIE,
            value,
            max_age=int(DEVICE_TTL.total_seconds()),
            httponly=True,
            secure=settings.cookie_secure,
            samesite="strict",
            path=path,
        )


def device_cookie(request: Request) -> str | None:
    return request.cookies.get(DEVICE_COOKIE)


def site_url(request: Request, settings: Settings) -> str:
    """The instance's own address for links that leave the browser (mail): the configured
    public URL, else the address this request came to."""
    return (settings.public_url or str(request.base_url)).rstrip("/")
