"""What the live sockets need from the database, in one place: who is connecting, what a board
socket sees first and the events it missed, and who may still hear a team page's notices."""

from dataclasses import dataclass

import anyio

from twofold.domain.access import Participant
from twofold.domain.entities import User
from twofold.domain.errors import DomainError
from twofold.domain.event_tags import EventTags
from twofold.domain.events import ParticipantJoined, RecordedEvent
from twofold.domain.visibility import guest_key, member_key
from twofold.services.access import Actor, check_participant, key_of
from twofold.services.accounts import resolve_session, session_in
from twofold.services.board.snapshot import BoardState, Snapshot, build, read_state
from twofold.services.context import Ctx
from twofold.store.database import Tx
from twofold.store.queries import board as board_q
from twofold.store.queries import events as event_q
from twofold.store.queries import log_identity as log_q
from twofold.store.queries import retros as retro_q
from twofold.store.queries import teams as team_q
from twofold.store.queries import users as user_q

RESUME_LIMIT = 500
"""A client further behind than this gets a snapshot instead of a replay."""


def actor_for_session(ctx: Ctx, token: str | None) -> Actor | None:
    if not _may_be_session(token):
        return None
    info = resolve_session(ctx, token or "")
    if info is None:
        return None
    return info.user or info.guest


def _may_be_session(token: str | None) -> bool:
    return bool(token) and len(token or "") <= 200


@dataclass(frozen=True)
class Entry:
    """Someone opening a board: who they are, in the retro, and whether they took part in it
    before (else `join_all` records them)."""

    actor: Actor
    me: Participant
    known: bool


def entry_for(ctx: Ctx, token: str | None, retro_id: str) -> Entry | None:
    """Who a board socket opens for, in one read; None when nobody is signed in. Raises
    NotFound for anyone who is not part of the retro."""
    if not _may_be_session(token):
        return None
    with ctx.db.read() as tx:
        info = session_in(tx, token or "")
        actor = info.user or info.guest if info is not None else None
        if actor is None:
            return None
        _, me = check_participant(tx, actor, retro_id)
        return Entry(actor, me, board_q.has_participant(tx, retro_id, key_of(me)))


def join_all(ctx: Ctx, retro_id: str, actors: list[Actor]) -> list[Participant | DomainError]:
    """Record that these people took part, so their names and roles appear in the readiness
    list, and tell everyone: one transaction for everyone who opened the board at about the
    same time. Each is checked again under the board's lock; whoever may no longer take part
    gets the reason in their place of the answer."""
    found: list[Participant | DomainError] = []
    with ctx.recording() as rec:
        tx = rec.tx
        retro = retro_q.lock_retro(tx, retro_id)
        for actor in actors:
            try:
                _, me = check_participant(tx, actor, retro_id, retro)
            except DomainError as exc:
                found.append(exc)
                continue
            key = key_of(me)
            if not board_q.has_participant(tx, retro_id, key):
                view = board_q.upsert_participant(tx, retro_id, key, me.display_name, me.role)
                rec.board(retro_id, ParticipantJoined(participant=view))
            found.append(me)
    return found


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
        return CatchUp(snap, [], snap.seq, log_id, _tag_at(tx, retro_id, snap.seq, tags))


def _tag_at(tx: Tx, retro_id: str, seq: int, tags: EventTags) -> str:
    """The tag of the event at `seq`, which a snapshot as of `seq` is sent with."""
    last = event_q.at(tx, retro_id, seq) if seq else None
    return tags.of(retro_id, last.seq, last.body(last.audience)) if last is not None else ""


@dataclass(frozen=True)
class SharedBoard:
    """A board read once for everyone who opens it at about the same time; each one's snapshot
    is derived from it (`snapshot.view`)."""

    state: BoardState
    log: str
    tag: str


def board_for_joiners(ctx: Ctx, retro_id: str, tags: EventTags) -> SharedBoard | None:
    """The board as it stands, for people who were let in moments ago (`snapshot.join` checked
    each of them, and the socket's access checks take over from there); None once the retro is
    gone."""
    with ctx.db.read(consistent=True) as tx:
        retro = retro_q.retro_by_id(tx, retro_id)
        if retro is None:
            return None
        state = read_state(tx, retro)
        return SharedBoard(state, log_q.current_log_id(tx), _tag_at(tx, retro_id, state.seq, tags))


def backfill(ctx: Ctx, retro_id: str, after: int, up_to: int) -> list[RecordedEvent]:
    with ctx.db.read() as tx:
        return [
            e for e in event_q.since(tx, retro_id, after, limit=up_to - after) if e.seq <= up_to
        ]


class LogBackfill:
    """The hub's `Backfill`: the log read in a worker thread, so the event loop never waits on
    the database. The hub gives each socket only what its viewer may see, so the viewer is not
    needed for the read."""

    def __init__(self, ctx: Ctx) -> None:
        self._ctx = ctx

    async def __call__(
        self, retro_id: str, after: int, up_to: int, viewer: str
    ) -> list[RecordedEvent]:
        return await anyio.to_thread.run_sync(backfill, self._ctx, retro_id, after, up_to)


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
