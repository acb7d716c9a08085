"""The live parts of a board: groups, votes, reactions, participants' state, discussion notes,
action items, and the record of applied commands."""

from typing import Any

from sqlalchemy import delete, func, select, update

from twofold.domain.events import GroupView, ParticipantView
from twofold.domain.phases import Phase
from twofold.domain.vocab import Role
from twofold.store.database import Tx
from twofold.store.queries.ids import new_id, now
from twofold.store.rawsql import Raw, dumps
from twofold.store.tables import (
    CardGroupRow,
    ParticipantStateRow,
    ReactionRow,
    TopicNoteRow,
    VoteRow,
)


def insert_group(tx: Tx, retro_id: str, title: str) -> GroupView:
    row = CardGroupRow(id=new_id(), retro_id=retro_id, title=title, created_at=now())
    tx.add(row)
    tx.flush()
    return GroupView(id=row.id, title=row.title)


def group_by_id(tx: Tx, retro_id: str, group_id: str) -> GroupView | None:
    row = tx.get(CardGroupRow, group_id)
    return GroupView(id=row.id, title=row.title) if row and row.retro_id == retro_id else None


def groups_of(tx: Tx, retro_id: str) -> list[GroupView]:
    rows = tx.scalars(
        select(CardGroupRow)
        .where(CardGroupRow.retro_id == retro_id)
        .order_by(CardGroupRow.created_at, CardGroupRow.id)
    )
    return [GroupView(id=r.id, title=r.title) for r in rows]


def rename_group(tx: Tx, group_id: str, title: str) -> None:
    tx.execute(update(CardGroupRow).where(CardGroupRow.id == group_id).values(title=title))


def delete_group(tx: Tx, group_id: str) -> None:
    tx.execute(delete(CardGroupRow).where(CardGroupRow.id == group_id))


def move_votes(tx: Tx, retro_id: str, source_topic: str, target_topic: str) -> None:
    tx.execute(
        update(VoteRow)
        .where(VoteRow.retro_id == retro_id, VoteRow.topic_id == source_topic)
        .values(topic_id=target_topic)
    )


def delete_votes_for(tx: Tx, retro_id: str, topic_id: str) -> None:
    tx.execute(delete(VoteRow).where(VoteRow.retro_id == retro_id, VoteRow.topic_id == topic_id))


def add_vote(tx: Tx, retro_id: str, topic_id: str, voter: str) -> None:
    tx.add(VoteRow(retro_id=retro_id, topic_id=topic_id, voter=voter, created_at=now()))
    tx.flush()


def remove_vote(tx: Tx, retro_id: str, topic_id: str, voter: str) -> bool:
    vote_id = tx.scalar(
        select(VoteRow.id)
        .where(VoteRow.retro_id == retro_id, VoteRow.topic_id == topic_id, VoteRow.voter == voter)
        .limit(1)
    )
    if vote_id is None:
        return False
    tx.execute(delete(VoteRow).where(VoteRow.id == vote_id))
    return True


def votes_of(tx: Tx, retro_id: str) -> list[tuple[str, str]]:
    """(topic_id, voter) for every vote on the board, one row per vote."""
    rows = tx.execute(
        select(VoteRow.topic_id, VoteRow.voter)
        .where(VoteRow.retro_id == retro_id)
        .order_by(VoteRow.id)
    )
    return [(t, v) for t, v in rows]


def toggle_reaction(tx: Tx, retro_id: str, card_id: str, participant: str, emoji: str) -> bool:
    """True when the reaction is now on."""
    row = tx.get(ReactionRow, (card_id, participant, emoji))
    if row is not None:
        tx.delete(row)
        return False
    tx.add(ReactionRow(card_id=card_id, participant=participant, emoji=emoji, retro_id=retro_id))
    return True


def reactions_of(tx: Tx, retro_id: str) -> list[tuple[str, str, str]]:
    rows = tx.execute(
        select(ReactionRow.card_id, ReactionRow.emoji, ReactionRow.participant).where(
            ReactionRow.retro_id == retro_id
        )
    )
    return [(c, e, p) for c, e, p in rows]


_PARTICIPANT_FIELDS = {"ready_phase", "check_in"}


def upsert_participant(
    tx: Tx,
    retro_id: str,
    key: str,
    display_name: str,
    role: Role,
    **values: object,
) -> ParticipantView:
    unknown = set(values) - _PARTICIPANT_FIELDS
    if unknown:
        raise ValueError(f"not participant state: {sorted(unknown)}")
    raw = Raw.of(tx)
    params: dict[str, object] = {
        "retro_id": retro_id,
        "key": key,
        "name": display_name,
        "role": role.value,
    }
    found = raw.one(
        "SELECT ready_phase, check_in FROM participant_states"
        " WHERE retro_id = :retro_id AND participant = :key",
        params,
    )
    state = (
        {"ready_phase": None, "check_in": None}
        if found is None
        else {
            "ready_phase": found[0],
            "check_in": found[1],
        }
    )
    state.update(values)  # type: ignore[arg-type]
    params.update(state)
    if found is None:
        raw.run(
            "INSERT INTO participant_states"
            " (retro_id, participant, display_name, role, ready_phase, check_in)"
            " VALUES (:retro_id, :key, :name, :role, :ready_phase, :check_in)",
            params,
        )
    else:
        raw.run(
            "UPDATE participant_states SET display_name = :name, role = :role,"
            " ready_phase = :ready_phase, check_in = :check_in"
            " WHERE retro_id = :retro_id AND participant = :key",
            params,
        )
    return ParticipantView(
        key=key,
        display_name=display_name,
        role=role,
        kind="guest" if key.startswith("g:") else "member",
        ready_phase=Phase(state["ready_phase"]) if state["ready_phase"] else None,
        check_in=state["check_in"],
    )


def has_participant(tx: Tx, retro_id: str, key: str) -> bool:
    return tx.get(ParticipantStateRow, (retro_id, key)) is not None


def participants_of(tx: Tx, retro_id: str) -> list[ParticipantView]:
    """Read as plain rows and built without validation: every snapshot lists everyone who
    ever joined, so on a board hundreds join at once this list is built hundreds of times,
    and ORM objects plus validation of values this module wrote itself were most of its cost."""
    p = ParticipantStateRow
    rows = tx.execute(
        select(p.participant, p.display_name, p.role, p.ready_phase, p.check_in)
        .where(p.retro_id == retro_id)
        .order_by(func.lower(p.display_name))
    )
    roles = {r.value: r for r in Role}
    phases = {ph.value: ph for ph in Phase}
    return [
        ParticipantView.model_construct(
            key=key,
            display_name=name,
            role=roles[role],
            kind="guest" if key.startswith("g:") else "member",
            ready_phase=phases[ready] if ready else None,
            check_in=check_in,
        )
        for key, name, role, ready, check_in in rows
    ]


def save_note(tx: Tx, retro_id: str, topic_id: str, text: str) -> None:
    row = tx.get(TopicNoteRow, (retro_id, topic_id))
    if row is None:
        tx.add(TopicNoteRow(retro_id=retro_id, topic_id=topic_id, text=text, updated_at=now()))
    else:
        row.text = text
        row.updated_at = now()


def notes_of(tx: Tx, retro_id: str) -> dict[str, str]:
    rows = tx.execute(
        select(TopicNoteRow.topic_id, TopicNoteRow.text).where(TopicNoteRow.retro_id == retro_id)
    )
    return {str(topic): str(text) for topic, text in rows}


def applied_commands(
    tx: Tx, keys: list[tuple[str, str, str]]
) -> dict[tuple[str, str, str], tuple[int, dict[str, Any]]]:
    """Of these (retro, participant, command id), the ones already applied: their seq and
    result. One statement for a whole batch of commands."""
    if not keys:
        return {}
    where = " OR ".join(
        f"(retro_id = :r{i} AND participant = :p{i} AND command_id = :c{i})"
        for i in range(len(keys))
    )
    params: dict[str, Any] = {}
    for i, (retro_id, participant, command_id) in enumerate(keys):
        params.update({f"r{i}": retro_id, f"p{i}": participant, f"c{i}": command_id})
    # Only numbered placeholders are pasted in; every value is bound.
    rows = Raw.of(tx).all(
        "SELECT retro_id, participant, command_id, seq, result FROM board_commands WHERE "  # noqa: S608
        + where,
        params,
    )
    return {(r[0], r[1], r[2]): (r[3], dict(Raw.read_json(r[4]) or {})) for r in rows}


_COMMAND_TYPES = {
    "retro_id": "text",
    "participant": "text",
    "command_id": "text",
    "seq": "integer",
    "result": "json",
    "created_at": "timestamptz",
}


def record_commands(tx: Tx, applied: list[tuple[str, str, str, int, dict[str, Any]]]) -> None:
    """Remember (retro, participant, command id, seq, result) so a command sent again is
    answered, not applied again."""
    raw = Raw.of(tx)
    at = raw.when(now())
    raw.insert(
        "board_commands",
        _COMMAND_TYPES,
        [
            {
                "retro_id": retro_id,
                "participant": participant,
                "command_id": command_id,
                "seq": seq,
                "result": dumps(result) if result else None,
                "created_at": at,
            }
            for retro_id, participant, command_id, seq, result in applied
        ],
    )
