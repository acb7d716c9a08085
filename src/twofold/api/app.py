"""The application factory. Settings come in as an argument, so tests and the CLI can each
build an app against their own database."""

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from twofold import __version__
from twofold.api import errors, web
from twofold.api.metrics import Metrics
from twofold.api.middleware import BodyGuard, KeepServerSend, RetryReads, SecurityHeaders
from twofold.api.observe import Observe, configure_logging
from twofold.api.ratelimit import RateLimiter
from twofold.api.request_address import RequestAddress
from twofold.api.routes import (
    account,
    accounts,
    actions,
    admin,
    agreements,
    board_events,
    board_socket,
    cards,
    channel_posts,
    connections,
    debt,
    deliveries,
    health,
    invites,
    prompts,
    radar,
    radar_dimensions,
    reports,
    resets,
    retros,
    rituals,
    side_grouping,
    signals,
    situations,
    sso,
    summary,
    summary_shares,
    team_comparison,
    team_socket,
    teams,
    tokens,
    tracker_sprints,
    trends,
    wiki_pages,
)
from twofold.api.schemas.base import ErrorBody
from twofold.domain.event_tags import EventTags
from twofold.live.bus import Bus
from twofold.live.hub import Hub
from twofold.live.presence import LocalPresence, Presence
from twofold.live.redis_bus import RedisBus
from twofold.live.team_hub import TeamHub
from twofold.services import sso as sso_service
from twofold.services.board.batch import CommandQueue
from twofold.services.context import Ctx
from twofold.services.sockets import LogBackfill
from twofold.services.warm_up import start_warm_up
from twofold.settings import Settings

_ERRORS: dict[int | str, dict[str, object]] = {
    status: {"model": ErrorBody, "description": text}
    for status, text in (
        (400, "Bad request or malformed JSON"),
        (401, "Not signed in"),
        (403, "Not allowed"),
        (404, "Not found, or not yours to see"),
        (409, "Conflicts with the current state"),
        (413, "Body over 64 KiB"),
        (415, "Body is not JSON"),
        (422, "Invalid field"),
        (503, "The database cannot take this now (storage_unavailable); see Retry-After"),
    )
}


def _presence_for(bus: Bus) -> Presence:
    """Presence travels the same way as events: through Redis when the processes share one."""
    return bus.presence() if isinstance(bus, RedisBus) else LocalPresence()


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    if app.state.settings.warm_models:
        app.state.warming = start_warm_up(app.state.ctx)
    sweepers = [
        asyncio.create_task(board_socket.recheck_sockets(app)),
        asyncio.create_task(team_socket.recheck_team_sockets(app)),
    ]
    yield
    for sweeper in sweepers:
        sweeper.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sweeper
    # Other processes drop this one's participants now rather than when their entries go stale.
    await run_in_threadpool(app.state.hub.close)
    close_bus = getattr(app.state.ctx.bus, "close", None)
    if close_bus is not None:
        close_bus()


def create_app(settings: Settings, *, ctx: Ctx | None = None) -> FastAPI:
    if ctx is None:
        ctx = Ctx.from_settings(settings)
    app = FastAPI(
        title="Twofold",
        version=__version__,
        description="Retrospectives for product managers and engineers. See docs/api.md.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        responses=_ERRORS,
        lifespan=_lifespan,
    )
    app.state.ctx = ctx
    app.state.settings = settings
    app.state.sso_provider = sso_service.provider_for(settings)
    # Generous for people, tight for loops: 20 writes/s sustained with bursts of 100.
    app.state.write_limiter = RateLimiter(rate_per_second=20, burst=100)
    # Sign-ups and guest joins: 30 per client address, refilling at one every 10 s.
    app.state.anonymous_limiter = RateLimiter(rate_per_second=0.1, burst=30)
    # Password checks and reset links, per account: 10 at once, then one every 30 s.
    app.state.account_limiter = RateLimiter(rate_per_second=1 / 30, burst=10)
    # Single sign-on starts, per client address: a whole office behind one address signing in
    # at nine, but not a flood of sign-ins in flight.
    app.state.sso_limiter = RateLimiter(rate_per_second=2, burst=200)
    configure_logging(settings)
    errors.install(app)
    hub = Hub(
        LogBackfill(ctx),
        _presence_for(ctx.bus),
        EventTags(settings.resolved_secret_key()),
    )
    ctx.bus.subscribe_all(hub.publish)
    ctx.bus.watch(hub)
    app.state.hub = hub
    team_hub = TeamHub(team_socket.allowed_for(ctx))
    ctx.bus.subscribe_team(team_hub.publish)
    ctx.bus.watch(team_hub)
    app.state.team_hub = team_hub
    app.state.commands = CommandQueue(ctx)
    for module in (
        accounts, tokens, teams, invites, retros, cards, debt, signals, prompts, actions,
        rituals, agreements, board_socket, board_events, team_socket, account, admin, resets, health,
        deliveries, trends, radar, radar_dimensions, summary, summary_shares, side_grouping,
        situations, sso,
    ):  # fmt: skip
        app.include_router(module.router)
    app.include_router(team_comparison.router)
    app.include_router(reports.router)
    app.include_router(connections.router)
    app.include_router(tracker_sprints.router)
    app.include_router(channel_posts.router)
    app.include_router(wiki_pages.router)
    web.install(app)
    app.add_middleware(RequestAddress)
    app.add_middleware(RetryReads)
    app.add_middleware(BodyGuard)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(KeepServerSend)
    app.state.metrics = Metrics(ctx, hub, team_hub)
    # Outermost: every request gets its id before anything logs, and is timed whole.
    app.add_middleware(Observe, metrics=app.state.metrics)
    return app
