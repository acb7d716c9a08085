"""Teams, memberships and invite links."""

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import delete, func, select, update

from twofold.domain.entities import Invite, Membership, MemberView, Team
from twofold.domain.vocab import Role, TextLanguage
from twofold.store.database import Tx
from twofold.store.queries.ids import new_id, new_secret, now
from twofold.store.tables import InviteRow, MembershipRow, RetroRow, TeamRow, UserRow


def _team(row: TeamRow) -> Team:
    return Team(row.id, row.name, row.created_at, TextLanguage(row.language))


def _membership(row: MembershipRow) -> Membership:
    return Membership(row.team_id, row.user_id, Role(row.role), row.is_facilitator, row.joined_at)


def insert_team(tx: Tx, name: str, language: TextLanguage = TextLanguage.EN) -> Team:
    row = TeamRow(id=new_id(), name=name, created_at=now(), language=language.value)
    tx.add(row)
    tx.flush()
    return _team(row)


def team_by_id(tx: Tx, team_id: str) -> Team | None:
    row = tx.get(TeamRow, team_id)
    return _team(row) if row else None


def teams_by_ids(tx: Tx, team_ids: Collection[str] | None = None) -> list[Team]:
    """The teams among `team_ids` that exist (every team with None), by name."""
    query = select(TeamRow).order_by(func.lower(TeamRow.name), TeamRow.id)
    if team_ids is not None:
        query = query.where(TeamRow.id.in_(list(team_ids)))
    return [_team(row) for row in tx.scalars(query)]


def roles_of_user(tx: Tx, user_id: str) -> dict[str, Role]:
    """The person's role in each team they belong to, by team."""
    rows = tx.execute(
        select(MembershipRow.team_id, MembershipRow.role).where(MembershipRow.user_id == user_id)
    )
    return {team_id: Role(role) for team_id, role in rows}


def lock_team(tx: Tx, team_id: str) -> None:
    """Hold the team row until commit, so membership changes that check "the last facilitator"
    apply one at a time on PostgreSQL."""
    tx.execute(select(TeamRow.id).where(TeamRow.id == team_id).with_for_update())


def rename_team(tx: Tx, team_id: str, name: str) -> None:
    tx.execute(update(TeamRow).where(TeamRow.id == team_id).values(name=name))


def set_language(tx: Tx, team_id: str, language: TextLanguage) -> None:
    tx.execute(update(TeamRow).where(TeamRow.id == team_id).values(language=language.value))


def first_team_language(tx: Tx, user_id: str) -> TextLanguage | None:
    """The language of the team the person joined first; None for someone in no team."""
    found = tx.scalar(
        select(TeamRow.language)
        .join(MembershipRow, MembershipRow.team_id == TeamRow.id)
        .where(MembershipRow.user_id == user_id)
        .order_by(MembershipRow.joined_at, TeamRow.id)
        .limit(1)
    )
    return TextLanguage(found) if found else None


def language_of(tx: Tx, team_id: str) -> TextLanguage:
    """The team's language; English for a team that no longer exists."""
    found = tx.scalar(select(TeamRow.language).where(TeamRow.id == team_id))
    return TextLanguage(found) if found else TextLanguage.EN


def teams_of_user(tx: Tx, user_id: str) -> list[tuple[Team, Membership, int, int]]:
    """Each team of a person with their membership, its member count and its retro count."""
    members = (
        select(MembershipRow.team_id, func.count().label("n"))
        .group_by(MembershipRow.team_id)
        .subquery()
    )
    retros = select(RetroRow.team_id, func.count().label("n")).group_by(RetroRow.team_id).subquery()
    rows = tx.execute(
        select(TeamRow, MembershipRow, members.c.n, func.coalesce(retros.c.n, 0))
        .join(MembershipRow, MembershipRow.team_id == TeamRow.id)
        .join(members, members.c.team_id == TeamRow.id)
        .outerjoin(retros, retros.c.team_id == TeamRow.id)
        .where(MembershipRow.user_id == user_id)
        .order_by(func.lower(TeamRow.name), TeamRow.id)
    )
    return [(_team(t), _membership(m), int(n), int(r)) for t, m, n, r in rows]


def insert_membership(
    tx: Tx, team_id: str, user_id: str, role: Role, is_facilitator: bool
) -> Membership:
    row = MembershipRow(
        team_id=team_id,
        user_id=user_id,
        role=role.value,
        is_facilitator=is_facilitator,
        joined_at=now(),
    )
    tx.add(row)
    tx.flush()
    return _membership(row)


def membership(tx: Tx, team_id: str, user_id: str) -> Membership | None:
    row = tx.get(MembershipRow, (team_id, user_id))
    return _membership(row) if row else None


def members_of(tx: Tx, team_id: str) -> list[MemberView]:
    rows = tx.execute(
        select(MembershipRow, UserRow.display_name, UserRow.email)
        .join(UserRow, UserRow.id == MembershipRow.user_id)
        .where(MembershipRow.team_id == team_id)
        .order_by(func.lower(UserRow.display_name), UserRow.id)
    )
    return [MemberView(_membership(m), name, email) for m, name, email in rows]


def update_membership(
    tx: Tx, team_id: str, user_id: str, role: Role | None, is_facilitator: bool | None
) -> None:
    values: dict[str, object] = {}
    if role is not None:
        values["role"] = role.value
    if is_facilitator is not None:
        values["is_facilitator"] = is_facilitator
    if values:
        tx.execute(
            update(MembershipRow)
            .where(MembershipRow.team_id == team_id, MembershipRow.user_id == user_id)
            .values(**values)
        )


def delete_membership(tx: Tx, team_id: str, user_id: str) -> None:
    tx.execute(
        delete(MembershipRow).where(
            MembershipRow.team_id == team_id, MembershipRow.user_id == user_id
        )
    )


def count_facilitators(tx: Tx, team_id: str) -> int:
    return (
        tx.scalar(
            select(func.count())
            .select_from(MembershipRow)
            .where(MembershipRow.team_id == team_id, MembershipRow.is_facilitator.is_(True))
        )
        or 0
    )


def _invite(row: InviteRow) -> Invite:
    return Invite(
        row.id,
        row.team_id,
        row.retro_id,
        row.token,
        row.expires_at,
        row.revoked_at is not None,
        row.created_at,
        row.guests_only,
    )


def insert_invite(
    tx: Tx,
    team_id: str,
    retro_id: str | None,
    created_by: str,
    expires_at: datetime,
    guests_only: bool = False,
) -> Invite:
    row = InviteRow(
        id=new_id(),
        team_id=team_id,
        retro_id=retro_id,
        token=new_secret(),
        created_by=created_by,
        created_at=now(),
        expires_at=expires_at,
        guests_only=guests_only,
    )
    tx.add(row)
    tx.flush()
    return _invite(row)


def invites_of(tx: Tx, team_id: str) -> list[Invite]:
    rows = tx.scalars(
        select(InviteRow).where(InviteRow.team_id == team_id).order_by(InviteRow.created_at.desc())
    )
    return [_invite(r) for r in rows]


def invite_by_id(tx: Tx, invite_id: str) -> Invite | None:
    row = tx.get(InviteRow, invite_id)
    return _invite(row) if row else None


def invite_by_token(tx: Tx, token: str) -> Invite | None:
    row = tx.scalar(select(InviteRow).where(InviteRow.token == token))
    return _invite(row) if row else None


def revoke_invite(tx: Tx, invite_id: str) -> None:
    tx.execute(
        update(InviteRow)
        .where(InviteRow.id == invite_id, InviteRow.revoked_at.is_(None))
        .values(revoked_at=now())
    )
