"""Counts by role behind a retro's closing summary, each one grouped in SQL.

Who took part is whoever joined the board or sent it a command; their role is the one they had
on the board (`participant_states`) where they joined it, so a member who changed role later
still counts where they stood that day. Nothing here decides who may see
the counts: the summary service and the equal-voice rules do.
"""

from dataclasses import dataclass

from sqlalchemy import Select, Subquery, and_, case, distinct, func, literal, select, union

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


def _counts(tx: Tx, statement: Select[str, int]) -> dict[str, int]:
    return {str(role): int(n) for role, n in tx.execute(statement)}


def _taking_part(retro_id: str, team_id: str) -> Subquery:
    """Everyone who took part in a retro, by participant key, with their role and name: who
    joined the board (with the role they had there) or sent it a command (with their role in
    the team, or as a guest of this retro)."""
    ps, bc, m, u, g = ParticipantStateRow, BoardCommandRow, MembershipRow, UserRow, GuestRow
    keys = union(
        select(ps.participant.label("key")).where(ps.retro_id == retro_id),
        select(bc.participant.label("key")).where(bc.retro_id == retro_id),
    ).subquery()
    return (
        select(
            keys.c.key,
            func.coalesce(ps.role, m.role, g.role).label("role"),
            func.coalesce(ps.display_name, u.display_name, g.display_name).label("name"),
        )
        .select_from(keys)
        .outerjoin(ps, and_(ps.retro_id == retro_id, ps.participant == keys.c.key))
        .outerjoin(u, keys.c.key == literal(MEMBER_PREFIX) + u.id)
        .outerjoin(m, and_(m.team_id == team_id, m.user_id == u.id))
        .outerjoin(g, and_(g.retro_id == retro_id, keys.c.key == literal("g:") + g.id))
        .subquery()
    )


def role_counts(tx: Tx, retro_id: str, team_id: str) -> RoleCounts:
    who = _taking_part(retro_id, team_id)
    people = select(who.c.role, who.c.name).where(who.c.role.is_not(None)).order_by(who.c.name)
    cards = (
        select(CardRow.author_role, func.count())
        .where(CardRow.retro_id == retro_id)
        .group_by(CardRow.author_role)
    )
    votes = (
        select(who.c.role, func.count())
        .select_from(VoteRow)
        .join(who, who.c.key == VoteRow.voter)
        .where(VoteRow.retro_id == retro_id)
        .group_by(who.c.role)
    )
    # Notes are saved as people type, many times a topic; what counts is who wrote in a
    # topic's notes, once per person and topic. The command that saved them names the writer.
    bc = BoardCommandRow
    writers = (
        select(who.c.role.label("role"), bc.participant, EventRow.payload["topic_id"].as_string())
        .select_from(EventRow)
        .join(bc, and_(bc.retro_id == EventRow.retro_id, bc.seq == EventRow.seq))
        .join(who, who.c.key == bc.participant)
        .where(EventRow.retro_id == retro_id, EventRow.type == "notes_saved")
        .distinct()
        .subquery()
    )
    notes = select(writers.c.role, func.count()).group_by(writers.c.role)
    a, m = ActionItemRow, MembershipRow
    owner_role = case((a.owner_kind == JOINT, JOINT), else_=m.role)
    actions = (
        select(owner_role, func.count(distinct(a.id)))
        .select_from(a)
        .outerjoin(m, and_(m.team_id == team_id, m.user_id == a.owner_user_id))
        .where(a.retro_id == retro_id)
        .where((a.owner_kind == JOINT) | (m.role.is_not(None)))
        .group_by(owner_role)
    )
    return RoleCounts(
        people=[(str(role), str(name)) for role, name in tx.execute(people)],
        cards=_counts(tx, cards),
        votes=_counts(tx, votes),
        notes=_counts(tx, notes),
        actions=_counts(tx, actions),
    )
