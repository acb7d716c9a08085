"""Health checks for load balancers and orchestrators: is the process alive, and can it serve.

Kept apart because they answer a machine, not a person: no session, no rate limit, and an
answer that stays small and fast however big the instance is."""

import hmac
from typing import Literal

from fastapi import APIRouter, Request
from fastapi import Response as HttpResponse
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from twofold.api.errors import error_response
from twofold.api.schemas.base import ErrorBody, Response
from twofold.domain.errors import ErrorCode, NotFound
from twofold.services import maintenance
from twofold.services.context import Ctx

router = APIRouter(tags=["health"])

READY_TIMEOUT_SECONDS = 2.0
"""How long the readiness check waits on a lock before it calls the database busy."""


class Alive(Response):
    status: Literal["ok"] = "ok"


class Ready(Response):
    status: Literal["ok"] = "ok"
    database: Literal["sqlite", "postgresql"]


@router.get("/healthz")
def healthz() -> Alive:
    """The process is up and answering; says nothing about the database, so a restart is
    never triggered by a fault that a restart cannot fix."""
    return Alive()


@router.get(
    "/readyz",
    response_model=Ready,
    responses={
        503: {
            "model": ErrorBody,
            "description": "The database cannot take writes now (storage_unavailable), or the "
            "schema or Redis is not ready (not_ready)",
        }
    },
)
def readyz(request: Request) -> Ready | JSONResponse:
    """The database answers and takes a write (a committed update that changes nothing), so a
    locked, full, read-only or unreachable database shows here as 503 `storage_unavailable`
    with its `reason` in `details`, before people meet it. Then the schema is the code's (a
    process started before a migration ran elsewhere, or a restored older database, is not
    ready) and Redis, when configured, answers: either failing is 503 `not_ready` naming the
    `check`."""
    ctx: Ctx = request.app.state.ctx
    ctx.db.probe(READY_TIMEOUT_SECONDS)
    if maintenance.schema_behind(ctx):
        return _not_ready(
            "migrations", "The database schema is not this version's: run `twofold db upgrade`."
        )
    reachable = getattr(ctx.bus, "reachable", None)
    if reachable is not None and not reachable():
        return _not_ready("redis", "Redis (TWOFOLD_REDIS_URL) does not answer.")
    return Ready(database="sqlite" if ctx.db.is_sqlite else "postgresql")


def _not_ready(check: str, message: str) -> JSONResponse:
    return error_response(503, ErrorCode.NOT_READY, message, {"check": check})


@router.get("/metrics", include_in_schema=False)
def metrics(request: Request) -> HttpResponse:
    """Prometheus text format, for a scraper holding `TWOFOLD_METRICS_TOKEN` as a bearer token;
    not there at all while no token is set, so an instance never shows its figures by default."""
    token = request.app.state.settings.metrics_token.get_secret_value()
    if not token:
        raise NotFound("Nothing here.")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.encode(), token.encode()):
        return error_response(
            401,
            ErrorCode.UNAUTHENTICATED,
            "Send the metrics token as `Authorization: Bearer <TWOFOLD_METRICS_TOKEN>`.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    body = generate_latest(request.app.state.metrics.registry)
    return HttpResponse(body, media_type=CONTENT_TYPE_LATEST)
