"""Share links to a retro's closing summary, and the public pages they open."""

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from twofold.api.deps import ClientLimited, CtxDep, UserDep
from twofold.api.routes.summary import FILE_RESPONSES, Export, closing_summary, summary_file
from twofold.api.schemas import summary as ss
from twofold.api.schemas.summary import Share, ShareCreate, ShareCreated
from twofold.domain.summary import SummaryShare
from twofold.domain.vocab import TextLanguage
from twofold.services import summary_shares
from twofold.services.summary_shares import NewShare

router = APIRouter(prefix="/api", tags=["summary"])


def _share(s: SummaryShare) -> Share:
    return Share(
        id=s.id,
        retro_id=s.retro_id,
        created_at=s.created_at,
        created_by=s.created_by,
        expires_at=s.expires_at,
        revoked_at=s.revoked_at,
    )


def _created(n: NewShare) -> ShareCreated:
    return ShareCreated(**_share(n.share).model_dump(), path=n.path)


@router.post("/retros/{retro_id}/shares", status_code=status.HTTP_201_CREATED)
def create_share(retro_id: str, body: ShareCreate, user: UserDep, ctx: CtxDep) -> ShareCreated:
    """A read-only link to the summary (facilitators of the retro's team)."""
    return _created(summary_shares.do_create_share(ctx, user, retro_id, body.expires_at))


@router.get("/retros/{retro_id}/shares")
def list_shares(retro_id: str, user: UserDep, ctx: CtxDep) -> list[Share]:
    return [_share(s) for s in summary_shares.list_shares(ctx, user, retro_id)]


@router.delete("/retros/{retro_id}/shares/{share_id}")
def revoke_share(retro_id: str, share_id: str, user: UserDep, ctx: CtxDep) -> Share:
    """Turns the link off for good; it stays in the list, revoked."""
    return _share(summary_shares.do_revoke_share(ctx, user, retro_id, share_id))


@router.get("/shared/{token}", dependencies=[ClientLimited])
def shared_summary(token: str, ctx: CtxDep) -> ss.ClosingSummary:
    """The summary as an outsider may see it, without signing in. 404 for a link that never
    was, 410 `share_revoked` or `share_expired`, 409 `wrong_phase` while the retro is reopened."""
    return closing_summary(summary_shares.shared_summary(ctx, token))


@router.get(
    "/shared/{token}/export/{name}",
    dependencies=[ClientLimited],
    response_class=Response,
    responses=FILE_RESPONSES,
)
def shared_export(
    token: str,
    name: Export,
    ctx: CtxDep,
    language: Annotated[TextLanguage | None, Query()] = None,
) -> Response:
    """Worded in `language` (the web UI gives the reader's), else in the team's."""
    held = summary_shares.shared_summary(ctx, token)
    chosen = language or held.team_language
    return summary_file(closing_summary(held, chosen), name, chosen)
