"""Invite links: how members and guests get in.

A link always belongs to a team; one made from a retro also lets someone without an account join
that retro alone as a guest.
"""

from dataclasses import dataclass
from datetime import timedelta

from twofold.domain.audit import AuditKind
from twofold.domain.entities import Guest, Invite, Retro, Team, User
from twofold.domain.errors import Conflict, Invalid, NotFound
from twofold.domain.team_events import MemberJoined
from twofold.domain.vocab import Role
from twofold.services import audit
from twofold.services.access import check_team_facilitator
from twofold.services.accounts import NewSession, start_session
from twofold.services.context import Ctx
from twofold.services.invite_rules import check_members_allowed, check_usable
from twofold.store.database import Tx
from twofold.store.queries import retros as retro_q
from twofold.store.queries import teams as team_q
from twofold.store.queries.ids import now


@dataclass(frozen=True)
class InviteView:
    invite: Invite
    retro_title: str | None


@dataclass(frozen=True)
class InvitePreview:
    team: Team
    retro: Retro | None
    invite: Invite


def _view(tx: Tx, invite: Invite) -> InviteView:
    retro = retro_q.retro_by_id(tx, invite.retro_id) if invite.retro_id else None
    return InviteView(invite, retro.title if retro else None)


def list_invites(ctx: Ctx, user: User, team_id: str) -> list[InviteView]:
    with ctx.db.read() as tx:
        check_team_facilitator(tx, user, team_id, "see invite links")
        return [_view(tx, i) for i in team_q.invites_of(tx, team_id)]


def do_create_invite(
    ctx: Ctx, user: User, team_id: str, retro_id: str | None, hours: int, guests_only: bool = False
) -> InviteView:
    with ctx.db.write() as tx:
        check_team_facilitator(tx, user, team_id, "invite people")
        if retro_id is not None:
            retro = retro_q.retro_by_id(tx, retro_id)
            if retro is None or retro.team_id != team_id:
                raise Invalid(
                    "That retro is not one of this team's.",
                    code="validation_error",
                    details=[{"field": "retro_id", "message": "Unknown retro for this team."}],
                )
        if guests_only and retro_id is None:
            raise Invalid(
                "A guests-only link must be made for a retro.",
                code="validation_error",
                details=[{"field": "retro_id", "message": "Required for a guests-only link."}],
            )
        invite = team_q.insert_invite(
            tx, team_id, retro_id, user.id, now() + timedelta(hours=hours), guests_only
        )
        detail = {"hours": hours, "guests_only": guests_only, "retro_id": retro_id}
        audit.record(
            tx, AuditKind.INVITE_CREATED, user, team_id=team_id, target=invite.id, detail=detail
        )
        return _view(tx, invite)


def do_revoke_invite(ctx: Ctx, user: User, team_id: str, invite_id: str) -> None:
    with ctx.db.write() as tx:
        check_team_facilitator(tx, user, team_id, "revoke invite links")
        invite = team_q.invite_by_id(tx, invite_id)
        if invite is None or invite.team_id != team_id:
            raise NotFound("Invite not found.")
        team_q.revoke_invite(tx, invite_id)
        audit.record(tx, AuditKind.INVITE_REVOKED, user, team_id=team_id, target=invite_id)


def preview_invite(ctx: Ctx, token: str) -> InvitePreview:
    with ctx.db.read() as tx:
        invite = check_usable(tx, token)
        team = team_q.team_by_id(tx, invite.team_id)
        assert team is not None
        retro = retro_q.retro_by_id(tx, invite.retro_id) if invite.retro_id else None
        return InvitePreview(team, retro, invite)


def do_accept_invite(ctx: Ctx, user: User, token: str, role: Role) -> str:
    """Join the invite's team; joining again is harmless and keeps the existing role."""
    with ctx.recording() as rec:
        tx = rec.tx
        invite = check_usable(tx, token)
        check_members_allowed(invite)
        joined = team_q.membership(tx, invite.team_id, user.id) is None
        if joined:
            team_q.insert_membership(tx, invite.team_id, user.id, role, is_facilitator=False)
            rec.team(MemberJoined(invite.team_id, user.id, role.value))
    if joined:
        ctx.notify_team(invite.team_id, "members")
    return invite.team_id


def do_join_as_guest(
    ctx: Ctx, token: str, display_name: str, role: Role
) -> tuple[Guest, NewSession]:
    with ctx.db.write() as tx:
        invite = check_usable(tx, token)
        if invite.retro_id is None:
            raise Conflict(
                "This link invites team members only; guests need a link made from a retro.",
                code="guest_not_allowed",
            )
        guest = retro_q.insert_guest(tx, invite.retro_id, display_name.strip(), role)
        return guest, start_session(tx, guest_id=guest.id)
