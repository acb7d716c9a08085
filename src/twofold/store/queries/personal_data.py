"""Everything held about one account, read out for the person, and taken out when they go.

Reading is by the places that name the account (its id, or its participant key `m:<id>` on
boards). Forgetting goes further than the tables that point at the account: after the rows
that are only theirs are deleted, every text and JSON column of every table is searched for
the account's id and email, so a place added later that keeps either (a board event's payload,
an outbox row, a throttle key) cannot keep it by being forgotten here. The id is replaced by
one that belongs to nobody, the same one everywhere, so what stays (votes, a board's log)
still adds up; the person's name, in a row that held their id, becomes `label`.
"""

import json
from typing import Any

from sqlalchemy import JSON, String, Table, Text, cast, delete, or_, select, update

from twofold.domain.visibility import member_key
from twofold.store.database import Tx
from twofold.store.tables import (
    ActionItemRow,
    ApiTokenRow,
    Base,
    CardRow,
    ColumnRow,
    DebtItemRow,
    EventRow,
    IdentityRow,
    MembershipRow,
    OutboxRow,
    ParticipantStateRow,
    RadarAnswerRow,
    ReactionRow,
    RetroRow,
    SessionRow,
    SsoAttemptRow,
    TeamRow,
    UserRow,
    VoteRow,
)

Json = dict[str, Any]


def _iso(value: Any) -> Any:
    return value.isoformat() if value is not None and hasattr(value, "isoformat") else value


def account_data(tx: Tx, user_id: str) -> Json:
    """What is held about the person, by what it is. Cards they wrote are theirs whatever the
    board showed of them (hidden, anonymous); nothing another person wrote is included."""
    user = tx.get(UserRow, user_id)
    assert user is not None
    key = member_key(user_id)
    memberships = tx.execute(
        select(MembershipRow, TeamRow.name)
        .join(TeamRow, TeamRow.id == MembershipRow.team_id)
        .where(MembershipRow.user_id == user_id)
        .order_by(MembershipRow.joined_at)
    ).all()
    cards = tx.execute(
        select(CardRow, RetroRow.title, ColumnRow.title)
        .join(RetroRow, RetroRow.id == CardRow.retro_id)
        .join(ColumnRow, ColumnRow.id == CardRow.column_id)
        .where(CardRow.author_user_id == user_id)
        .order_by(CardRow.created_at)
    ).all()
    owned = tx.scalars(
        select(ActionItemRow)
        .where(
            or_(
                ActionItemRow.owner_user_id == user_id,
                ActionItemRow.joint_pm_user_id == user_id,
                ActionItemRow.joint_tech_lead_user_id == user_id,
            )
        )
        .order_by(ActionItemRow.created_at)
    ).all()
    scored = tx.scalars(
        select(DebtItemRow)
        .where(
            or_(
                DebtItemRow.created_by == user_id,
                DebtItemRow.eng_scored_by == user_id,
                DebtItemRow.pm_scored_by == user_id,
            )
        )
        .order_by(DebtItemRow.created_at)
    ).all()
    return {
        "account": {
            "id": user.id,
            "email": user.email,
            "display_name": user.display_name,
            "is_owner": user.is_owner,
            "theme": user.theme,
            "language": user.language,
            "created_at": _iso(user.created_at),
        },
        "memberships": [
            {
                "team_id": m.team_id,
                "team": name,
                "role": m.role,
                "facilitator": m.is_facilitator,
                "joined_at": _iso(m.joined_at),
            }
            for m, name in memberships
        ],
        "cards": [
            {
                "id": c.id,
                "retro_id": c.retro_id,
                "retro": retro,
                "column": column,
                "text": c.text,
                "polarity": c.polarity,
                "friction": c.friction,
                "role": c.author_role,
                "created_at": _iso(c.created_at),
                "updated_at": _iso(c.updated_at),
            }
            for c, retro, column in cards
        ],
        "votes": [
            {"retro_id": v.retro_id, "topic_id": v.topic_id, "at": _iso(v.created_at)}
            for v in tx.scalars(select(VoteRow).where(VoteRow.voter == key).order_by(VoteRow.id))
        ],
        "reactions": [
            {"retro_id": r.retro_id, "card_id": r.card_id, "emoji": r.emoji}
            for r in tx.scalars(select(ReactionRow).where(ReactionRow.participant == key))
        ],
        "check_ins": [
            {"retro_id": p.retro_id, "name": p.display_name, "role": p.role, "line": p.check_in}
            for p in tx.scalars(
                select(ParticipantStateRow).where(ParticipantStateRow.participant == key)
            )
        ],
        "radar_answers": [
            {"retro_id": a.retro_id, "dimension": a.dimension, "role": a.role, "score": a.score}
            for a in tx.scalars(select(RadarAnswerRow).where(RadarAnswerRow.participant == key))
        ],
        "action_items": [
            {
                "id": a.id,
                "team_id": a.team_id,
                "title": a.title,
                "status": a.status,
                "due": _iso(a.due),
                "owner_kind": a.owner_kind,
                "created_at": _iso(a.created_at),
            }
            for a in owned
        ],
        "debt_items": [
            {
                "id": d.id,
                "team_id": d.team_id,
                "title": d.title,
                "created_by_you": d.created_by == user_id,
                "impact": d.impact if d.pm_scored_by == user_id else None,
                "drag_hours": d.drag_hours if d.eng_scored_by == user_id else None,
                "effort": d.effort if d.eng_scored_by == user_id else None,
            }
            for d in scored
        ],
        "api_tokens": [
            {"name": t.name, "created_at": _iso(t.created_at), "last_used_at": _iso(t.last_used_at)}
            for t in tx.scalars(select(ApiTokenRow).where(ApiTokenRow.user_id == user_id))
        ],
        "sessions": [
            {"created_at": _iso(s.created_at), "expires_at": _iso(s.expires_at)}
            for s in tx.scalars(select(SessionRow).where(SessionRow.user_id == user_id))
        ],
        "sign_in_identities": [
            {
                "issuer": i.issuer,
                "subject": i.subject,
                "email": i.email,
                "created_at": _iso(i.created_at),
                "last_signin_at": _iso(i.last_signin_at),
            }
            for i in tx.scalars(select(IdentityRow).where(IdentityRow.user_id == user_id))
        ],
    }


def hand_over_facilitation(tx: Tx, user_id: str) -> list[tuple[str, str]]:
    """In each team the person alone facilitates, the longest-standing other member becomes a
    facilitator, so no team is left that nobody may run. Returns (team id, member id) of each."""
    theirs = tx.scalars(
        select(MembershipRow.team_id).where(
            MembershipRow.user_id == user_id, MembershipRow.is_facilitator.is_(True)
        )
    ).all()
    handed: list[tuple[str, str]] = []
    for team_id in theirs:
        others = select(MembershipRow).where(
            MembershipRow.team_id == team_id, MembershipRow.user_id != user_id
        )
        if tx.scalar(others.where(MembershipRow.is_facilitator.is_(True)).limit(1)) is not None:
            continue
        heir = tx.scalar(others.order_by(MembershipRow.joined_at, MembershipRow.user_id).limit(1))
        if heir is not None:
            heir.is_facilitator = True
            handed.append((team_id, heir.user_id))
    tx.flush()
    return handed


def other_owners(tx: Tx, user_id: str) -> int:
    found = tx.scalars(select(UserRow.id).where(UserRow.is_owner, UserRow.id != user_id)).all()
    return len(found)


def lock_user(tx: Tx, user_id: str) -> bool:
    return tx.scalar(select(UserRow.id).where(UserRow.id == user_id).with_for_update()) is not None


def cards_of(tx: Tx, user_id: str) -> list[tuple[str, str]]:
    """(card id, retro id) of every card the person wrote."""
    rows = tx.execute(
        select(CardRow.id, CardRow.retro_id).where(CardRow.author_user_id == user_id)
    ).all()
    return [(r[0], r[1]) for r in rows]


def detach_cards(tx: Tx, user_id: str, label: str) -> int:
    result = tx.execute(
        update(CardRow)
        .where(CardRow.author_user_id == user_id)
        .values(author_user_id=None, author_name=label)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def remove_cards(tx: Tx, card_ids: list[str]) -> None:
    """The cards, their reactions (by cascade) and the votes cast on them alone."""
    if not card_ids:
        return
    tx.execute(delete(VoteRow).where(VoteRow.topic_id.in_(card_ids)))
    tx.execute(delete(CardRow).where(CardRow.id.in_(card_ids)))


def release_actions(tx: Tx, user_id: str) -> list[str]:
    """The person's action items pass to no owner; the ids of those that had them."""
    ids = set(
        tx.scalars(select(ActionItemRow.id).where(ActionItemRow.owner_user_id == user_id)).all()
    )
    tx.execute(
        update(ActionItemRow)
        .where(ActionItemRow.owner_user_id == user_id)
        .values(owner_user_id=None, owner_name=None)
    )
    for column in (ActionItemRow.joint_pm_user_id, ActionItemRow.joint_tech_lead_user_id):
        ids.update(tx.scalars(select(ActionItemRow.id).where(column == user_id)).all())
        tx.execute(update(ActionItemRow).where(column == user_id).values({column.key: None}))
    return sorted(ids)


def rename_participant(tx: Tx, user_id: str, label: str) -> None:
    tx.execute(
        update(ParticipantStateRow)
        .where(ParticipantStateRow.participant == member_key(user_id))
        .values(display_name=label, check_in=None)
    )


def delete_user(tx: Tx, user_id: str, email: str) -> None:
    """The account row (its sessions, tokens, memberships and reset links go with it), its
    sign-in identities and unfinished single sign-ons, and mail queued to or about its
    address."""
    tx.execute(delete(IdentityRow).where(IdentityRow.user_id == user_id))
    tx.execute(
        delete(SsoAttemptRow).where(
            (SsoAttemptRow.linking_user_id == user_id) | (SsoAttemptRow.pending_email == email)
        )
    )
    tx.execute(delete(UserRow).where(UserRow.id == user_id))
    tx.execute(delete(OutboxRow).where(cast(OutboxRow.payload, Text).like(f"%{email}%")))


def _text_columns(table: Table) -> list[Any]:
    return [c for c in table.columns if isinstance(c.type, (String, JSON))]


def _swap(value: Any, olds: dict[str, str], name: str | None, label: str) -> Any:
    """`value` with each of `olds` replaced inside strings, and every string that is exactly
    `name` replaced by `label` (None: names are left alone)."""
    if isinstance(value, str):
        if name is not None and value == name:
            return label
        for old, new in olds.items():
            value = value.replace(old, new)
        return value
    if isinstance(value, list):
        return [_swap(v, olds, name, label) for v in value]
    if isinstance(value, dict):
        return {k: _swap(v, olds, name, label) for k, v in value.items()}
    return value


def scrub(tx: Tx, *, user_id: str, email: str, name: str, stand_in: str, label: str) -> int:
    """Replace the person's id by `stand_in` and their email by `label` in every text and JSON
    column of every table, and their name (a whole value, not a word in someone's text) by
    `label` in rows that also held their id. Returns how many rows changed. Slow on a large board log (every row's text is
    searched), which is fine for something done once per account."""
    olds = {user_id: stand_in, email: label}
    changed = 0
    for table in Base.metadata.sorted_tables:
        columns = _text_columns(table)
        if not columns or table.name == "users":
            continue
        keys = list(table.primary_key.columns)
        patterns = [f"%{user_id}%", f"%{email}%"]
        hits = or_(*(cast(c, Text).like(p) for c in columns for p in patterns))
        for row in tx.execute(select(*keys, *columns).where(hits)).all():
            values = dict(row._mapping)
            # The name is theirs (not a namesake's) in a row that holds their id too.
            theirs = any(user_id in json.dumps(values[c.name], default=str) for c in columns)
            fresh: dict[str, Any] = {}
            for c in columns:
                old = values[c.name]
                new = _swap(old, olds, name if theirs else None, label)
                if new != old:
                    fresh[c.name] = new
            if fresh:
                where = [k == values[k.name] for k in keys]
                tx.execute(update(table).where(*where).values(fresh))
                changed += 1
    return changed


def _blank(value: Any, card_ids: set[str]) -> Any:
    if isinstance(value, list):
        return [_blank(v, card_ids) for v in value]
    if isinstance(value, dict):
        gone = value.get("id") in card_ids and "text" in value
        return {k: None if gone and k == "text" else _blank(v, card_ids) for k, v in value.items()}
    return value


def blank_card_text(tx: Tx, retro_ids: set[str], card_ids: set[str]) -> None:
    """Take removed cards' text out of their boards' logs, which keep every card as added."""
    if not card_ids:
        return
    rows = tx.execute(
        select(EventRow.id, EventRow.payload, EventRow.public_payload).where(
            EventRow.retro_id.in_(sorted(retro_ids))
        )
    ).all()
    for event_id, payload, public in rows:
        fresh = _blank(payload, card_ids), _blank(public, card_ids)
        if fresh != (payload, public):
            tx.execute(
                update(EventRow)
                .where(EventRow.id == event_id)
                .values(payload=fresh[0], public_payload=fresh[1])
            )
