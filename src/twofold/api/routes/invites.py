"""Invite links: made by facilitators, opened by teammates and guests."""

from fastapi import APIRouter, Response, status

from twofold.api import present
from twofold.api.deps import (
    AuthDep,
    ClientLimited,
    CtxDep,
    SettingsDep,
    UserDep,
    set_session_cookie,
)
from twofold.api.schemas.accounts import Session
from twofold.api.schemas.teams import (
    GuestJoin,
    Invite,
    InviteAccept,
    InviteAccepted,
    InviteCreate,
    InvitePreview,
)
from twofold.domain.errors import Conflict
from twofold.services import invites

router = APIRouter(prefix="/api", tags=["invites"])


@router.get("/teams/{team_id}/invites")
def list_invites(team_id: str, user: UserDep, ctx: CtxDep, settings: SettingsDep) -> list[Invite]:
    return [
        present.invite(v, settings.public_url) for v in invites.list_invites(ctx, user, team_id)
    ]


@router.post("/teams/{team_id}/invites", status_code=status.HTTP_201_CREATED)
def create_invite(
    team_id: str, body: InviteCreate, user: UserDep, ctx: CtxDep, settings: SettingsDep
) -> Invite:
    view = invites.do_create_invite(
        ctx, user, team_id, body.retro_id, body.expires_in_hours, body.guests_only
    )
    return present.invite(view, settings.public_url)


@router.delete("/teams/{team_id}/invites/{invite_id}", status_code=status.HTTP_204_NO_CONTENT)
def revoke_invite(team_id: str, invite_id: str, user: UserDep, ctx: CtxDep) -> None:
    invites.do_revoke_invite(ctx, user, team_id, invite_id)


@router.get("/invites/{token}")
def preview_invite(token: str, ctx: CtxDep) -> InvitePreview:
    p = invites.preview_invite(ctx, token)
    return InvitePreview(
        team_name=p.team.name,
        retro_id=p.retro.id if p.retro else None,
        retro_title=p.retro.title if p.retro else None,
        expires_at=p.invite.expires_at,
        guests_only=p.invite.guests_only,
    )


@router.post("/invites/{token}/accept")
def accept_invite(token: str, body: InviteAccept, user: UserDep, ctx: CtxDep) -> InviteAccepted:
    return InviteAccepted(team_id=invites.do_accept_invite(ctx, user, token, body.role))


@router.post(
    "/invites/{token}/guest", status_code=status.HTTP_201_CREATED, dependencies=[ClientLimited]
)
def join_as_guest(
    token: str,
    body: GuestJoin,
    auth: AuthDep,
    response: Response,
    ctx: CtxDep,
    settings: SettingsDep,
) -> Session:
    """Start a guest session limited to the invite's retro."""
    if auth.user is not None:
        raise Conflict(
            "You are signed in: join the team with your account instead of as a guest.",
            code="already_signed_in",
        )
    guest, new = invites.do_join_as_guest(ctx, token, body.display_name, body.role)
    set_session_cookie(response, new.token, settings)
    return present.session(None, guest, new.csrf_token)
