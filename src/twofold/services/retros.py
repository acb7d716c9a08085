"""Retros and their columns."""

from datetime import date

from twofold.domain import events as ev
from twofold.domain import limits
from twofold.domain.access import Participant, check_facilitator
from twofold.domain.audit import AuditKind
from twofold.domain.entities import Column, Retro, RetroListing, User
from twofold.domain.errors import Conflict, Invalid, NotFound
from twofold.domain.templates import ALL_POLARITIES
from twofold.domain.vocab import Polarity, TemplateKey
from twofold.services import audit
from twofold.services.access import Actor, check_in_retro, check_member, check_participant
from twofold.services.board.snapshot import Snapshot, build
from twofold.services.context import Ctx
from twofold.services.templates import template_for_new_retro
from twofold.store.database import Tx
from twofold.store.queries import retros as retro_q
from twofold.store.queries.ids import now


def check_sprint_dates(start: date | None, end: date | None) -> None:
    if start and end and end < start:
        raise Invalid(
            "The sprint cannot end before it starts.",
            code="validation_error",
            details=[{"field": "sprint_end", "message": "Must be on or after the sprint start."}],
        )


def column_payload(column: Column) -> ev.ColumnView:
    return ev.ColumnView(
        id=column.id, title=column.title, position=column.position, polarities=column.polarities
    )


def list_retros(ctx: Ctx, user: User, team_id: str) -> list[tuple[Retro, int]]:
    with ctx.db.read() as tx:
        check_member(tx, user, team_id)
        return retro_q.retros_of_team(tx, team_id)


def list_retro_summaries(
    ctx: Ctx, user: User, team_id: str, include_archived: bool = False
) -> list[RetroListing]:
    """The team's list: newest first, archived retros only when asked for."""
    with ctx.db.read() as tx:
        check_member(tx, user, team_id)
        return retro_q.retro_listings(tx, team_id, include_archived=include_archived)


def do_set_archived(ctx: Ctx, actor: Actor, retro_id: str, archived: bool) -> RetroListing:
    """Archiving takes a retro out of the team's list and changes nothing in it, so it can be
    brought back as it was; archiving twice keeps the first date."""
    with ctx.db.write() as tx:
        retro, me = check_participant(tx, actor, retro_id)
        check_facilitator(me, "archive a retro")
        changed = archived != (retro.archived_at is not None)
        if changed:
            retro_q.set_archived(tx, retro_id, now() if archived else None)
        listing = retro_q.retro_listings(tx, retro.team_id, retro_id=retro_id)[0]
    if changed:
        ctx.notify_team(retro.team_id, "retros")
    return listing


def do_create_retro(
    ctx: Ctx,
    user: User,
    team_id: str,
    *,
    title: str,
    sprint_name: str | None,
    sprint_start: date | None,
    sprint_end: date | None,
    template: TemplateKey | None,
    team_template_id: str | None = None,
) -> Snapshot:
    """The retro starts with its template's columns and settings; `template` None is the
    default built-in unless `team_template_id` names one of the team's own."""
    check_sprint_dates(sprint_start, sprint_end)
    with ctx.db.write() as tx:
        check_member(tx, user, team_id)
        chosen = template_for_new_retro(tx, team_id, template, team_template_id)
        copy = chosen.team_copy
        retro = retro_q.insert_retro(
            tx,
            team_id,
            title.strip(),
            sprint_name,
            sprint_start,
            sprint_end,
            chosen.key,
            user.id,
            settings=chosen.settings,
            team_template=(copy.name, copy.model_dump(mode="json")) if copy else None,
        )
        for position, column in enumerate(chosen.columns):
            retro_q.insert_column(tx, retro.id, column.title, position, column.polarities)
        _, me = check_participant(tx, user, retro.id)
        snap = build(tx, retro_q.retro_by_id(tx, retro.id) or retro, me)
    ctx.notify_team(team_id, "retros")
    return snap


def do_update_retro(ctx: Ctx, actor: Actor, retro_id: str, changes: dict[str, object]) -> Snapshot:
    with ctx.recording() as rec:
        tx = rec.tx
        retro_q.lock_retro(tx, retro_id)
        retro, me = check_participant(tx, actor, retro_id)
        check_facilitator(me, "change the retro's details")
        start = changes.get("sprint_start", retro.sprint_start)
        end = changes.get("sprint_end", retro.sprint_end)
        assert start is None or isinstance(start, date)
        assert end is None or isinstance(end, date)
        check_sprint_dates(start, end)
        retro_q.update_retro(tx, retro_id, changes)
        updated = retro_q.retro_by_id(tx, retro_id)
        assert updated is not None
        rec.board(retro_id, ev.RetroChanged(title=updated.title, sprint_name=updated.sprint_name))
        snap = build(tx, updated, me)
    ctx.notify_team(updated.team_id, "retros")
    return snap


def do_delete_retro(ctx: Ctx, actor: Actor, retro_id: str) -> None:
    with ctx.db.write() as tx:
        retro, me = check_participant(tx, actor, retro_id)
        check_facilitator(me, "delete a retro")
        retro_q.delete_retro(tx, retro_id)
        audit.record(
            tx,
            AuditKind.RETRO_DELETED,
            actor,
            team_id=retro.team_id,
            target=retro_id,
            detail={"title": retro.title},
        )
    ctx.notify_team(retro.team_id, "retros")


def _column_in_retro(tx: Tx, actor: Actor, column_id: str) -> tuple[Column, Participant]:
    """The column, with its board locked for the rest of the transaction."""
    found = retro_q.column_by_id(tx, column_id)
    column = (
        found and retro_q.lock_retro(tx, found.retro_id) and retro_q.column_by_id(tx, column_id)
    )
    if not column:
        raise NotFound("Column not found.")
    _, me = check_in_retro(tx, actor, column.retro_id, "Column not found.")
    return column, me


def do_add_column(
    ctx: Ctx, actor: Actor, retro_id: str, title: str, polarities: tuple[Polarity, ...] | None
) -> Column:
    with ctx.recording() as rec:
        tx = rec.tx
        retro_q.lock_retro(tx, retro_id)
        _, me = check_participant(tx, actor, retro_id)
        check_facilitator(me, "add columns")
        existing = retro_q.columns_of(tx, retro_id)
        if len(existing) >= limits.COLUMNS_PER_RETRO_MAX:
            raise Conflict(
                f"A retro can have at most {limits.COLUMNS_PER_RETRO_MAX} columns.",
                code="too_many_columns",
                params={"limit": limits.COLUMNS_PER_RETRO_MAX},
            )
        column = retro_q.insert_column(
            tx, retro_id, title.strip(), len(existing), polarities or ALL_POLARITIES
        )
        rec.board(retro_id, ev.ColumnAdded(column=column_payload(column)))
        return column


def do_update_column(
    ctx: Ctx, actor: Actor, column_id: str, title: str | None, position: int | None
) -> Column:
    with ctx.recording() as rec:
        tx = rec.tx
        column, me = _column_in_retro(tx, actor, column_id)
        check_facilitator(me, "change columns")
        if title is not None:
            retro_q.rename_column(tx, column_id, title.strip())
        if position is not None:
            order = [c.id for c in retro_q.columns_of(tx, column.retro_id) if c.id != column_id]
            order.insert(min(position, len(order)), column_id)
            retro_q.set_column_order(tx, order)
        updated = retro_q.column_by_id(tx, column_id)
        assert updated is not None
        rec.board(column.retro_id, ev.ColumnChanged(column=column_payload(updated)))
        return updated


def do_delete_column(ctx: Ctx, actor: Actor, column_id: str) -> None:
    with ctx.recording() as rec:
        tx = rec.tx
        column, me = _column_in_retro(tx, actor, column_id)
        check_facilitator(me, "remove columns")
        count = retro_q.count_cards_in_column(tx, column_id)
        if count:
            raise Conflict(
                f"'{column.title}' still holds {count} card(s). Move or delete them first.",
                code="column_not_empty",
            )
        retro_q.delete_column(tx, column_id)
        retro_q.set_column_order(
            tx, [c.id for c in retro_q.columns_of(tx, column.retro_id) if c.id != column_id]
        )
        rec.board(column.retro_id, ev.ColumnRemoved(column_id=column_id))
