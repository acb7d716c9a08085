"""A team's own retro templates."""

from sqlalchemy import Select, func, select

from twofold.domain.stored import read_lenient
from twofold.domain.templates import CustomColumn, CustomTemplate, StoredTemplate
from twofold.domain.vocab import Polarity
from twofold.store.database import Tx
from twofold.store.queries.ids import new_id, now
from twofold.store.tables import TeamTemplateRow, UserRow


def _fallback(name: str) -> CustomTemplate:
    """What a template whose stored parts no longer read is shown as: its name and one
    column for every kind of card, so the team's list still opens and it can be fixed."""
    return CustomTemplate(
        name=name.strip() or "Template",
        columns=(CustomColumn(title="Cards", polarities=tuple(Polarity)),),
    )


def _stored(row: TeamTemplateRow, author: str | None) -> StoredTemplate:
    return StoredTemplate(
        row.id,
        row.team_id,
        read_lenient(CustomTemplate, row.data, _fallback(row.name)).value,
        row.created_by,
        author,
        row.created_at,
        row.updated_at,
    )


def _with_author() -> Select[TeamTemplateRow, str]:
    return select(TeamTemplateRow, UserRow.display_name).outerjoin(
        UserRow, UserRow.id == TeamTemplateRow.created_by
    )


def templates_of(tx: Tx, team_id: str) -> list[StoredTemplate]:
    rows = tx.execute(
        _with_author()
        .where(TeamTemplateRow.team_id == team_id)
        .order_by(func.lower(TeamTemplateRow.name), TeamTemplateRow.id)
    )
    return [_stored(row, author) for row, author in rows]


def template_by_id(tx: Tx, team_id: str, template_id: str) -> StoredTemplate | None:
    found = tx.execute(
        _with_author().where(TeamTemplateRow.id == template_id, TeamTemplateRow.team_id == team_id)
    ).first()
    return _stored(found[0], found[1]) if found else None


def count_templates(tx: Tx, team_id: str) -> int:
    return int(
        tx.scalar(
            select(func.count())
            .select_from(TeamTemplateRow)
            .where(TeamTemplateRow.team_id == team_id)
        )
        or 0
    )


def name_taken(tx: Tx, team_id: str, name: str, except_id: str | None = None) -> bool:
    """Names are compared without case: two templates differing only in case look the same in
    the picker."""
    query = select(TeamTemplateRow.id).where(
        TeamTemplateRow.team_id == team_id, func.lower(TeamTemplateRow.name) == name.lower()
    )
    if except_id is not None:
        query = query.where(TeamTemplateRow.id != except_id)
    return tx.scalar(query.limit(1)) is not None


def insert_template(tx: Tx, team_id: str, template: CustomTemplate, user_id: str) -> str:
    at = now()
    row = TeamTemplateRow(
        id=new_id(),
        team_id=team_id,
        name=template.name,
        data=template.model_dump(mode="json"),
        created_by=user_id,
        created_at=at,
        updated_at=at,
    )
    tx.add(row)
    tx.flush()
    return row.id


def replace_template(tx: Tx, template_id: str, template: CustomTemplate) -> None:
    row = tx.get(TeamTemplateRow, template_id)
    assert row is not None
    row.name = template.name
    row.data = template.model_dump(mode="json")
    row.updated_at = now()
    tx.flush()


def delete_template(tx: Tx, template_id: str) -> None:
    row = tx.get(TeamTemplateRow, template_id)
    if row is not None:
        tx.delete(row)
        tx.flush()
