"""Health checks for load balancers and orchestrators: is the process alive, and can it serve.

Kept apart because they answer a machine, not a person: no session, no rate limit, and an
answer that stays small and fast however big the instance is."""

from typing import Literal

from fastapi import APIRouter, Request

from twofold.api.schemas.base import ErrorBody, Response
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
    responses={503: {"model": ErrorBody, "description": "The database cannot take writes now"}},
)
def readyz(request: Request) -> Ready:
    """The database answers and takes a write (a committed update that changes nothing), so a
    locked, full, read-only or unreachable database shows here as 503 `storage_unavailable`
    with its `reason` in `details`, before people meet it."""
    ctx: Ctx = request.app.state.ctx
    ctx.db.probe(READY_TIMEOUT_SECONDS)
    return Ready(database="sqlite" if ctx.db.is_sqlite else "postgresql")
