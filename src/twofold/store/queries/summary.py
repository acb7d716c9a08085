"""Counts by role behind a retro's closing summary, each one grouped in SQL.

Who took part is whoever joined the board or sent it a command; their role is the one they had
on the board (`participant_states`) where they joined it, so a member who changed role later
still counts where they stood that day. Nothing here decides who may see
the counts: the summary service and the equal-voice rules do.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Subquery, and_, case, distinct, func, literal, select, union

from twofold.domain.equal_voice import JOINT
from twofold.domain.events import MEMBER_PREFIX
from twofold.store.database import Tx
from twofold.store.tables import (
    ActionItemRow,
    BoardCommandRow,
    CardRow,
    EventRow,
    GuestRow,
    MembershipRow,
    ParticipantStateRow,
    RetroRow,
    UserRow,
    VoteRow,
)


@dataclass(frozen=True)
class RoleCounts:
    """Counts by role (as stored); action items by their owner's role, `joint` for a joint
    owner, items without an owner left out."""

    people: list[tuple[str, str]]
    """(role, display name) of everyone who took part, by name."""
    cards: dict[str, int]
    votes: dict[str, int]
    notes: dict[str, int]
    actions: dict[str, int]


@dataclass(frozen=True)
class VoiceCounts:
    """A retro's counts by role without any name: what equal voice is measured from."""

    people: dict[str, int] = field(default_factory=dict)
    cards: dict[str, int] = field(default_factory=dict)
    votes: dict[str, int] = field(default_factory=dict)
    notes: dict[str, int] = field(default_factory=dict)
    actions: dict[str, int] = field(default_factory=dict)


def _taking_part(retro_ids: Sequence[str]) -> Subquery:
    """Everyone who took part in each of the retros, by retro and participant key, with their
    role and name: who joined the board (with the role they had there) or sent it a command
    (with their role in the retro's team, or as a guest of that retro)."""
    ps, bc, m, u, g = ParticipantStateRow, BoardCommandRow, MembershipRow, UserRow, GuestRow
    r = RetroRow
    keys = union(
        select(ps.retro_id.label("retro_id"), ps.participant.label("key")).where(
            ps.retro_id.in_(retro_ids)
        ),
        select(bc.retro_id.label("retro_id"), bc.participant.label("key")).where(
            bc.retro_id.in_(retro_ids)
        ),
    ).subquery()
    return (
        select(
            keys.c.retro_id,
            keys.c.key,
            func.coalesce(ps.role, m.role, g.role).label("role"),
            func.coalesce(ps.display_name, u.display_name, g.display_name).label("name"),
        )
        .select_from(keys)
        .join(r, r.id == keys.c.retro_id)
        .outerjoin(ps, and_(ps.retro_id == keys.c.retro_id, ps.participant == keys.c.key))
        .outerjoin(u, keys.c.key == literal(MEMBER_PREFIX) + u.id)
        .outerjoin(m, and_(m.team_id == r.team_id, m.user_id == u.id))
        .outerjoin(g, and_(g.retro_id == keys.c.retro_id, keys.c.key == literal("g:") + g.id))
        .subquery()
    )


def _grouped(tx: Tx, retro_ids: Sequence[str], who: Subquery) -> dict[str, VoiceCounts]:
    """Cards, votes, notes and owned action items by retro and role, one query each."""
    cards = (
        select(CardRow.retro_id, CardRow.author_role, func.count())
        .where(CardRow.retro_id.in_(retro_ids))
        .group_by(CardRow.retro_id, CardRow.author_role)
    )
    votes = (
        select(VoteRow.retro_id, who.c.role, func.count())
        .select_from(VoteRow)
        .join(who, and_(who.c.retro_id == VoteRow.retro_id, who.c.key == VoteRow.voter))
        .where(VoteRow.retro_id.in_(retro_ids))
        .group_by(VoteRow.retro_id, who.c.role)
    )
    # Notes are saved as people type, many times a topic; what counts is who wrote in a
    # topic's notes, once per person and topic. The command that saved them names the writer.
    bc = BoardCommandRow
    writers = (
        select(
            EventRow.retro_id.label("retro_id"),
            who.c.role.label("role"),
            bc.participant,
            EventRow.payload["topic_id"].as_string(),
        )
        .select_from(EventRow)
        .join(bc, and_(bc.retro_id == EventRow.retro_id, bc.seq == EventRow.seq))
        .join(who, and_(who.c.retro_id == bc.retro_id, who.c.key == bc.participant))
        .where(EventRow.retro_id.in_(retro_ids), EventRow.type == "notes_saved")
        .distinct()
        .subquery()
    )
    notes = select(writers.c.retro_id, writers.c.role, func.count()).group_by(
        writers.c.retro_id, writers.c.role
    )
    a, m = ActionItemRow, MembershipRow
    owner_role = case((a.owner_kind == JOINT, JOINT), else_=m.role)
    actions = (
        select(a.retro_id, owner_role, func.count(distinct(a.id)))
        .select_from(a)
        .outerjoin(m, and_(m.team_id == a.team_id, m.user_id == a.owner_user_id))
        .where(a.retro_id.in_(retro_ids))
        .where((a.owner_kind == JOINT) | (m.role.is_not(None)))
        .group_by(a.retro_id, owner_role)
    )
    people = (
        select(who.c.retro_id, who.c.role, func.count())
        .where(who.c.role.is_not(None))
        .group_by(who.c.retro_id, who.c.role)
    )
    found = {retro_id: VoiceCounts() for retro_id in retro_ids}
    for name, statement in (
        ("people", people),
        ("cards", cards),
        ("votes", votes),
        ("notes", notes),
        ("actions", actions),
    ):
        for retro_id, role, n in tx.execute(statement):
            if retro_id in found:
                getattr(found[retro_id], name)[str(role)] = int(n)
    return found


def voice_counts(tx: Tx, retro_ids: Sequence[str]) -> dict[str, VoiceCounts]:
    """Each retro's counts by role, grouped in SQL across all of them (any team's): a trends
    page over many sprints, or many teams, reads a few rows per retro and role."""
    wanted = list(dict.fromkeys(retro_ids))
    if not wanted:
        return {}
    return _grouped(tx, wanted, _taking_part(wanted))


def role_counts(tx: Tx, retro_id: str) -> RoleCounts:
    who = _taking_part([retro_id])
    people = select(who.c.role, who.c.name).where(who.c.role.is_not(None)).order_by(who.c.name)
    counts = _grouped(tx, [retro_id], who)[retro_id]
    return RoleCounts(
        people=[(str(role), str(name)) for role, name in tx.execute(people)],
        cards=counts.cards,
        votes=counts.votes,
        notes=counts.notes,
        actions=counts.actions,
    )
