"""What the live sockets need from the database, in one place: who is connecting, what a board
socket sees first and the events it missed, and who may still hear a team page's notices."""

from dataclasses import dataclass

from twofold.domain.access import Participant
from twofold.domain.entities import User
from twofold.domain.event_tags import EventTags
from twofold.domain.events import RecordedEvent
from twofold.domain.visibility import guest_key, member_key
from twofold.services.access import Actor, check_participant
from twofold.services.accounts import resolve_session
from twofold.services.board.snapshot import Snapshot, build
from twofold.services.context import Ctx
from twofold.store.database import Tx
from twofold.store.queries import events as event_q
from twofold.store.queries import log_identity as log_q
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


@dataclass(frozen=True)
class Resume:
    """Where a reconnecting client says it is: the last event it applied (`since`), that
    event's tag, and the identity of the log it came from (both as the server sent them)."""

    since: int
    log: str
    tag: str


@dataclass(frozen=True)
class CatchUp:
    snapshot: Snapshot | None
    events: list[RecordedEvent]
    seq: int
    """The seq the client is at once it has what is sent."""
    log: str
    """The log's identity, sent with a snapshot for the client to resume against."""
    tag: str
    """With a snapshot: the tag of the event at its `seq` ("" before the first event)."""


def _still_matches(tx: Tx, retro_id: str, resume: Resume, tags: EventTags) -> bool:
    """The client followed this very log up to `resume.since`: the log has kept its identity
    (no restore since) and the event stored at that seq is the one the client applied (which
    catches a restore nobody told Twofold about, such as a copied database file)."""
    if resume.since == 0:
        return True
    event = event_q.at(tx, retro_id, resume.since)
    if event is None:
        return False
    return tags.of(retro_id, event.seq, event.body(event.audience)) == resume.tag


def catch_up(
    ctx: Ctx, actor: Actor, retro_id: str, resume: Resume | None, tags: EventTags
) -> CatchUp:
    """The events after `resume.since` when the client is close enough behind on the same log;
    else a snapshot: for a new client, one too far behind, or one whose idea of the log no
    longer holds (the database was restored from a backup since)."""
    with ctx.db.read(consistent=True) as tx:
        retro, me = check_participant(tx, actor, retro_id)
        log_id = log_q.current_log_id(tx)
        if (
            resume is not None
            and resume.log == log_id
            and 0 <= resume.since <= retro.last_seq <= resume.since + RESUME_LIMIT
            and _still_matches(tx, retro_id, resume, tags)
        ):
            events = event_q.since(tx, retro_id, resume.since, limit=RESUME_LIMIT)
            seq = events[-1].seq if events else resume.since
            return CatchUp(None, events, seq, log_id, "")
        snap = build(tx, retro, me)
        last = event_q.at(tx, retro_id, snap.seq) if snap.seq else None
        tag = tags.of(retro_id, last.seq, last.body(last.audience)) if last is not None else ""
        return CatchUp(snap, [], snap.seq, log_id, tag)


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
