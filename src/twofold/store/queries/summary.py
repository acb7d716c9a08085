"""Counts by role behind a retro's closing summary, each one grouped in SQL.

Who took part is whoever joined the board or sent it a command; their role is the one they had
on the board (`participant_states`) where they joined it, so a member who changed role later
still counts where they stood that day. Nothing here decides who may see
the counts: the summary service and the equal-voice rules do.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import and_, case, distinct, func, literal, select

from twofold.domain.equal_voice import JOINT
from twofold.domain.events import MEMBER_PREFIX
from twofold.store.database import Tx
from twofold.store.queries.id_lists import among
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


@dataclass(frozen=True)
class _Taking:
    retro_id: str
    key: str
    role: str | None
    name: str | None


def _taking_part(tx: Tx, retro_ids: Sequence[str]) -> list[_Taking]:
    """Everyone who took part in each of the retros, ordered by name: who joined the board
    (with the role they had there) or sent it a command (with their role in the retro's team,
    or as a guest of that retro). Read once and matched to the counts in Python: as a subquery
    joined into every count, it was worked out anew for each, by far the largest cost of a
    company view."""
    ps, bc, m, u, g = ParticipantStateRow, BoardCommandRow, MembershipRow, UserRow, GuestRow
    joined = tx.execute(
        select(ps.retro_id, ps.participant, ps.role, ps.display_name).where(
            among(tx, ps.retro_id, retro_ids)
        )
    )
    found = [_Taking(str(rid), str(key), role, name) for rid, key, role, name in joined]
    seen = {(t.retro_id, t.key) for t in found}
    commanded = tx.execute(
        select(bc.retro_id, bc.participant).where(among(tx, bc.retro_id, retro_ids)).distinct()
    )
    # Those who sent commands without joining the board are few: looked up on their own.
    others = [(str(rid), str(key)) for rid, key in commanded if (rid, key) not in seen]
    for retro_id, key in others:
        retro = tx.get(RetroRow, retro_id)
        if retro is None:
            continue
        member = key.startswith(MEMBER_PREFIX)
        row = tx.execute(
            select(m.role, u.display_name)
            .select_from(u)
            .outerjoin(m, and_(m.team_id == retro.team_id, m.user_id == u.id))
            .where(u.id == key.removeprefix(MEMBER_PREFIX))
            if member
            else select(g.role, g.display_name).where(
                g.retro_id == retro_id, literal("g:") + g.id == key
            )
        ).first()
        role, name = row if row is not None else (None, None)
        found.append(_Taking(retro_id, key, role, name))
    # By name as people read a list, whatever the database's collation.
    return sorted(found, key=lambda t: (t.name is None, (t.name or "").casefold(), t.name or ""))


def _grouped(tx: Tx, retro_ids: Sequence[str], who: list[_Taking]) -> dict[str, VoiceCounts]:
    """Cards, votes, notes and owned action items by retro and role. Votes and notes are
    counted in SQL by retro and participant, then added up under each participant's role."""
    found = {retro_id: VoiceCounts() for retro_id in retro_ids}
    role_of = {(w.retro_id, w.key): str(w.role) for w in who}
    for w in who:
        if w.role is not None and w.retro_id in found:
            people = found[w.retro_id].people
            people[w.role] = people.get(w.role, 0) + 1
    cards = (
        select(CardRow.retro_id, CardRow.author_role, func.count())
        .where(among(tx, CardRow.retro_id, retro_ids))
        .group_by(CardRow.retro_id, CardRow.author_role)
    )
    votes = (
        select(VoteRow.retro_id, VoteRow.voter, func.count())
        .where(among(tx, VoteRow.retro_id, retro_ids))
        .group_by(VoteRow.retro_id, VoteRow.voter)
    )
    # Notes are saved as people type, many times a topic; what counts is who wrote in a
    # topic's notes, once per person and topic. The command that saved them names the writer.
    bc = BoardCommandRow
    writers = (
        select(
            EventRow.retro_id.label("retro_id"),
            bc.participant.label("participant"),
            EventRow.payload["topic_id"].as_string(),
        )
        .select_from(EventRow)
        .join(bc, and_(bc.retro_id == EventRow.retro_id, bc.seq == EventRow.seq))
        .where(among(tx, EventRow.retro_id, retro_ids), EventRow.type == "notes_saved")
        .distinct()
        .subquery()
    )
    notes = select(writers.c.retro_id, writers.c.participant, func.count()).group_by(
        writers.c.retro_id, writers.c.participant
    )
    a, m = ActionItemRow, MembershipRow
    owner_role = case((a.owner_kind == JOINT, JOINT), else_=m.role)
    actions = (
        select(a.retro_id, owner_role, func.count(distinct(a.id)))
        .select_from(a)
        .outerjoin(m, and_(m.team_id == a.team_id, m.user_id == a.owner_user_id))
        .where(among(tx, a.retro_id, retro_ids))
        .where((a.owner_kind == JOINT) | (m.role.is_not(None)))
        .group_by(a.retro_id, owner_role)
    )
    for name, statement in (("cards", cards), ("actions", actions)):
        for retro_id, role, n in tx.execute(statement):
            if retro_id in found:
                getattr(found[retro_id], name)[str(role)] = int(n)
    for name, statement in (("votes", votes), ("notes", notes)):
        for retro_id, participant, n in tx.execute(statement):
            role = role_of.get((retro_id, participant))
            if role is not None and retro_id in found:
                counts = getattr(found[retro_id], name)
                counts[role] = counts.get(role, 0) + int(n)
    return found


def voice_counts(tx: Tx, retro_ids: Sequence[str]) -> dict[str, VoiceCounts]:
    """Each retro's counts by role, grouped in SQL across all of them (any team's): a trends
    page over many sprints, or many teams, reads a few rows per retro and role."""
    wanted = list(dict.fromkeys(retro_ids))
    if not wanted:
        return {}
    return _grouped(tx, wanted, _taking_part(tx, wanted))


def role_counts(tx: Tx, retro_id: str) -> RoleCounts:
    who = _taking_part(tx, [retro_id])
    counts = _grouped(tx, [retro_id], who)[retro_id]
    return RoleCounts(
        people=[(w.role, str(w.name)) for w in who if w.role is not None],
        cards=counts.cards,
        votes=counts.votes,
        notes=counts.notes,
        actions=counts.actions,
    )
