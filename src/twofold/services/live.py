"""What the live sockets need from the database, in one place: who is connecting, what a board
socket sees first and the events it missed, and who may still hear a team page's notices."""

from twofold.domain.access import Participant
from twofold.domain.entities import User
from twofold.domain.events import RecordedEvent
from twofold.domain.visibility import guest_key, member_key
from twofold.services.accounts import resolve_session
from twofold.services.board.snapshot import Snapshot, build
from twofold.services.context import Ctx
from twofold.services.participants import Actor, check_participant
from twofold.store.queries import events as event_q
from twofold.store.queries import retros as retro_q
from twofold.store.queries import teams as team_q
from twofold.store.queries import users as user_q

RESUME_LIMIT = 500
"""A client further behind than this gets a snapshot instead of a replay."""


def actor_for_session(ctx: Ctx, token: str | None) -> Actor | None:
    if not token or len(token) > 200:
        return None
    info = resolve_session(ctx, token)
    if info is None:
        return None
    return info.user or info.guest


Holder = tuple[str, str]
"""(participant key, the session token a socket opened with): one person may hold several
sockets, with different sessions."""


def still_allowed(ctx: Ctx, retro_id: str, holders: set[Holder]) -> dict[Holder, Participant]:
    """Of these sockets' holders, who each one's person is in the retro now, role and
    facilitator rights included. A holder left out has lost access: the session ended (signed
    out, expired), or the person no longer belongs to the retro (removed from the team, left
    it, retro deleted). One read for a whole board, however many sockets."""
    with ctx.db.read() as tx:
        retro = retro_q.retro_by_id(tx, retro_id)
        if retro is None:
            return {}
        sessions = user_q.session_holders(tx, {token for _, token in holders})
        members = {m.membership.user_id: m for m in team_q.members_of(tx, retro.team_id)}
        guests = {g.id: g for g in retro_q.guests_of(tx, retro_id)}
    allowed: dict[Holder, Participant] = {}
    for key, token in holders:
        user_id, guest_id = sessions.get(token, (None, None))
        if user_id is not None and key == member_key(user_id) and user_id in members:
            m = members[user_id]
            allowed[key, token] = Participant(
                "member", user_id, m.display_name, m.membership.role, m.membership.is_facilitator
            )
        elif guest_id is not None and key == guest_key(guest_id) and guest_id in guests:
            g = guests[guest_id]
            allowed[key, token] = Participant("guest", g.id, g.display_name, g.role, False)
    return allowed


def catch_up(
    ctx: Ctx, actor: Actor, retro_id: str, since: int | None
) -> tuple[Snapshot | None, list[RecordedEvent], int]:
    """A snapshot, or the events after `since` when the client is close enough behind.

    Returns (snapshot or None, events, the seq the client is at afterwards).
    """
    with ctx.db.read(consistent=True) as tx:
        retro, me = check_participant(tx, actor, retro_id)
        if since is not None and 0 <= since <= retro.last_seq <= since + RESUME_LIMIT:
            events = event_q.since(tx, retro_id, since, limit=RESUME_LIMIT)
            return None, events, events[-1].seq if events else since
        snap = build(tx, retro, me)
        return snap, [], snap.seq


def backfill(ctx: Ctx, retro_id: str, after: int, up_to: int) -> list[RecordedEvent]:
    with ctx.db.read() as tx:
        return [
            e for e in event_q.since(tx, retro_id, after, limit=up_to - after) if e.seq <= up_to
        ]


def team_member_for_session(ctx: Ctx, token: str | None, team_id: str) -> User | None:
    """The signed-in member a team socket opens for; None for anyone else (signed out, a
    guest, someone outside the team), who is told no more than "not found"."""
    actor = actor_for_session(ctx, token)
    if not isinstance(actor, User):
        return None
    with ctx.db.read() as tx:
        return actor if team_q.membership(tx, team_id, actor.id) is not None else None


TeamHolder = tuple[str, str]
"""(user id, the session token a team socket opened with)."""


def team_holders_allowed(ctx: Ctx, team_id: str, holders: set[TeamHolder]) -> set[TeamHolder]:
    """Of these team sockets' holders, those still members of the team with their session
    live: one read for a team however many sockets it has."""
    with ctx.db.read() as tx:
        sessions = user_q.session_holders(tx, {token for _, token in holders})
        members = {m.membership.user_id for m in team_q.members_of(tx, team_id)}
    return {
        (user_id, token)
        for user_id, token in holders
        if sessions.get(token, (None, None))[0] == user_id and user_id in members
    }
