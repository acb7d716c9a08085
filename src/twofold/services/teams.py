"""Teams and their members."""

from dataclasses import dataclass

from twofold.domain.audit import AuditKind
from twofold.domain.entities import Membership, MemberView, Team, User
from twofold.domain.errors import Conflict, NotFound
from twofold.domain.team_events import MemberJoined, MemberLeft
from twofold.domain.vocab import Role, TextLanguage
from twofold.services import audit
from twofold.services.access import (
    check_may_change_member,
    check_may_remove_member,
    check_member,
    check_team_facilitator,
)
from twofold.services.context import Ctx
from twofold.store.database import Tx
from twofold.store.queries import teams as team_q


@dataclass(frozen=True)
class TeamSummary:
    team: Team
    me: Membership
    member_count: int
    retro_count: int


@dataclass(frozen=True)
class TeamPage:
    team: Team
    me: Membership
    members: list[MemberView]


def list_teams(ctx: Ctx, user: User) -> list[TeamSummary]:
    with ctx.db.read() as tx:
        return [TeamSummary(t, m, n, r) for t, m, n, r in team_q.teams_of_user(tx, user.id)]


def _page(tx: Tx, team: Team, user: User) -> TeamPage:
    me = team_q.membership(tx, team.id, user.id)
    assert me is not None
    return TeamPage(team_q.team_by_id(tx, team.id) or team, me, team_q.members_of(tx, team.id))


def get_team(ctx: Ctx, user: User, team_id: str) -> TeamPage:
    with ctx.db.read() as tx:
        team, _ = check_member(tx, user, team_id)
        return _page(tx, team, user)


def do_create_team(
    ctx: Ctx, user: User, name: str, role: Role, language: TextLanguage = TextLanguage.EN
) -> TeamPage:
    with ctx.recording() as rec:
        tx = rec.tx
        team = team_q.insert_team(tx, name.strip(), language)
        team_q.insert_membership(tx, team.id, user.id, role, is_facilitator=True)
        rec.team(MemberJoined(team.id, user.id, role.value))
        return _page(tx, team, user)


def do_update_team(
    ctx: Ctx, user: User, team_id: str, name: str | None, language: TextLanguage | None = None
) -> TeamPage:
    """`None` leaves a setting as it is."""
    with ctx.db.write() as tx:
        doing = "rename it" if language is None else "change its settings"
        team, _ = check_team_facilitator(tx, user, team_id, doing)
        if name is not None:
            team_q.rename_team(tx, team_id, name.strip())
        if language is not None:
            team_q.set_language(tx, team_id, language)
        page = _page(tx, team, user)
    ctx.notify_team(team_id, "team")
    return page


def do_update_member(
    ctx: Ctx,
    user: User,
    team_id: str,
    member_id: str,
    role: Role | None,
    is_facilitator: bool | None,
) -> TeamPage:
    with ctx.db.write() as tx:
        team_q.lock_team(tx, team_id)
        team, me = check_member(tx, user, team_id)
        target = team_q.membership(tx, team_id, member_id)
        if target is None:
            raise NotFound("Member not found.")
        check_may_change_member(me, user.id, member_id, rights=is_facilitator is not None)
        if (
            is_facilitator is False
            and target.is_facilitator
            and team_q.count_facilitators(tx, team_id) == 1
        ):
            raise Conflict("A team needs at least one facilitator.", code="last_facilitator")
        team_q.update_membership(tx, team_id, member_id, role, is_facilitator)
        changed: dict[str, object] = {}
        if role is not None and role != target.role:
            changed["role"] = [target.role.value, role.value]
        if is_facilitator is not None and is_facilitator != target.is_facilitator:
            changed["facilitator"] = [target.is_facilitator, is_facilitator]
        if changed:
            audit.record(
                tx,
                AuditKind.MEMBER_CHANGED,
                user,
                team_id=team_id,
                target=member_id,
                detail=changed,
            )
        page = _page(tx, team, user)
    ctx.notify_team(team_id, "members")
    return page


def do_remove_member(ctx: Ctx, user: User, team_id: str, member_id: str) -> None:
    with ctx.recording() as rec:
        tx = rec.tx
        team_q.lock_team(tx, team_id)
        _, me = check_member(tx, user, team_id)
        target = team_q.membership(tx, team_id, member_id)
        if target is None:
            raise NotFound("Member not found.")
        check_may_remove_member(me, user.id, member_id)
        if target.is_facilitator and team_q.count_facilitators(tx, team_id) == 1:
            raise Conflict(
                "The last facilitator cannot leave; make someone else a facilitator first.",
                code="last_facilitator",
            )
        team_q.delete_membership(tx, team_id, member_id)
        audit.record(tx, AuditKind.MEMBER_REMOVED, user, team_id=team_id, target=member_id)
        by = None if member_id == user.id else user.id
        rec.team(MemberLeft(team_id, member_id, by))
    ctx.notify_team(team_id, "members")
