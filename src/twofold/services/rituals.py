"""A team's rituals: the PM / tech-lead sync, the tech-debt review and the retro cadence.

Members see the rituals, their next dates, agendas and calendar files; only facilitators
create, change or delete them, since a ritual books everyone's time. Outsiders and guests get
"not found": a guest is let into one retro, not into the team's calendar.

Agendas are built when asked for, never stored, so they always show today's open action items,
debt ranking and signal flags.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import ValidationError

from twofold.domain import debt as debt_rules
from twofold.domain import rituals as rules
from twofold.domain.actions import ACTIVE, ActionItem, JointOwner, PersonOwner
from twofold.domain.entities import Membership
from twofold.domain.errors import Conflict, NotFound
from twofold.domain.export_text import file_name
from twofold.domain.rituals import Agenda, Frequency, Recurrence, Ritual, RitualKind
from twofold.integrations.ics import to_ics
from twofold.services.access import (
    Actor,
    check_facilitates,
    check_in_team,
    check_team_member,
)
from twofold.services.context import Ctx
from twofold.services.signals import flags_in
from twofold.services.validation import invalid_from
from twofold.store.database import Tx
from twofold.store.queries import actions as action_q
from twofold.store.queries import debt as debt_q
from twofold.store.queries import rituals as ritual_q
from twofold.store.queries import teams as team_q
from twofold.store.queries.rituals import RitualRecord

DEFAULT_TIMEZONE = "UTC"
# Enough for any meeting; the agenda itself shows the first ten.
AGENDA_ACTIONS_MAX = 200


@dataclass(frozen=True)
class RitualView:
    record: RitualRecord
    next_start: datetime | None
    problem: str | None = None
    """Why `next_start` is missing, in words for the team, when the stored schedule cannot be
    computed; the ritual is listed all the same, so it can be edited or deleted."""


@dataclass(frozen=True)
class AgendaView:
    record: RitualRecord
    as_of: date
    agenda: Agenda
    flags_retros: list[tuple[str, str]]
    """(id, title) of the retros whose signal flags are on the agenda, newest first."""


@dataclass(frozen=True)
class CalendarFile:
    filename: str
    content: bytes


def _ritual_of_member(tx: Tx, actor: Actor, ritual_id: str) -> tuple[RitualRecord, Membership]:
    record = ritual_q.ritual_by_id(tx, ritual_id)
    if record is None:
        raise NotFound("Ritual not found.")
    me = check_in_team(tx, actor, record.team_id, "Ritual not found.")
    return record, me


def _today_in(zone: str) -> date:
    return datetime.now(ZoneInfo(zone)).date()


def recurrence_for(
    kind: RitualKind, changes: dict[str, Any], current: Recurrence | None = None
) -> Recurrence:
    """`changes` laid over the current recurrence, or over the kind's defaults for a new
    ritual (starting today, in the time zone given or UTC).

    Turning a monthly ritual into a weekly one drops its week of the month, which only monthly
    rituals have, rather than refusing the change.
    """
    try:
        if current is None:
            zone = changes.get("timezone") or DEFAULT_TIMEZONE
            try:
                today = _today_in(zone)
            except (ZoneInfoNotFoundError, ValueError):
                today = _today_in(DEFAULT_TIMEZONE)  # the model names the unknown zone below
            current = rules.default_recurrence(kind, today, zone)
        merged = {**current.model_dump(), **changes}
        if merged["frequency"] != Frequency.MONTHLY and "week_of_month" not in changes:
            merged["week_of_month"] = None
        return Recurrence.model_validate(merged)
    except ValidationError as exc:
        raise invalid_from(exc, "recurrence") from None


def _view(record: RitualRecord, after: datetime) -> RitualView:
    """The ritual with its next start, or with the reason there is none: one ritual whose
    stored schedule cannot be computed must not take the team's whole list down with it."""
    ritual = record.ritual
    if ritual is None:
        return RitualView(record, None, record.unreadable)
    problem = rules.schedule_problem(ritual.recurrence)
    if problem is not None:
        return RitualView(record, None, problem)
    starts = rules.next_occurrences(ritual, after, 1)
    if not starts:
        return RitualView(record, None, "no date of it is left in the calendar.")
    return RitualView(record, starts[0])


def _computable(view: RitualView) -> Ritual:
    """The ritual, when its schedule can be computed; else a clear refusal for what needs
    its dates (the next dates, the calendar file)."""
    if view.problem is not None or view.record.ritual is None:
        raise Conflict(
            f"This ritual's schedule cannot be computed: {view.problem}",
            code="schedule_not_computable",
        )
    return view.record.ritual


def list_rituals(ctx: Ctx, actor: Actor, team_id: str) -> list[RitualView]:
    with ctx.db.read() as tx:
        check_team_member(tx, actor, team_id)
        records = ritual_q.rituals_of_team(tx, team_id)
    at = datetime.now(UTC)
    return [_view(r, at) for r in records]


def get_ritual(ctx: Ctx, actor: Actor, ritual_id: str) -> RitualView:
    with ctx.db.read() as tx:
        record, _ = _ritual_of_member(tx, actor, ritual_id)
    return _view(record, datetime.now(UTC))


def _title(kind: RitualKind, title: str | None) -> str:
    return title or rules.RITUAL_TITLES[kind]


def do_create_ritual(
    ctx: Ctx,
    actor: Actor,
    team_id: str,
    kind: RitualKind,
    title: str | None,
    recurrence: dict[str, Any],
) -> RitualView:
    rec = recurrence_for(kind, recurrence)
    with ctx.db.write() as tx:
        me = check_team_member(tx, actor, team_id)
        check_facilitates(me, "change its rituals")
        record = ritual_q.insert_ritual(tx, team_id, kind, _title(kind, title), rec, me.user_id)
    return _view(record, datetime.now(UTC))


def do_update_ritual(ctx: Ctx, actor: Actor, ritual_id: str, changes: dict[str, Any]) -> RitualView:
    """Fields left out stay; the recurrence changes field by field too."""
    with ctx.db.write() as tx:
        record, me = _ritual_of_member(tx, actor, ritual_id)
        check_facilitates(me, "change its rituals")
        kind = RitualKind(changes.get("kind") or record.kind)
        # A schedule that can no longer be read is set again from the kind's defaults.
        current = record.ritual.recurrence if record.ritual is not None else None
        rec = recurrence_for(kind, changes.get("recurrence") or {}, current)
        title = changes.get("title") or record.title
        record = ritual_q.update_ritual(tx, ritual_id, kind, title, rec)
    return _view(record, datetime.now(UTC))


def do_delete_ritual(ctx: Ctx, actor: Actor, ritual_id: str) -> None:
    with ctx.db.write() as tx:
        _, me = _ritual_of_member(tx, actor, ritual_id)
        check_facilitates(me, "change its rituals")
        ritual_q.delete_ritual(tx, ritual_id)


def next_dates(ctx: Ctx, actor: Actor, ritual_id: str, count: int) -> tuple[Ritual, list[datetime]]:
    with ctx.db.read() as tx:
        record, _ = _ritual_of_member(tx, actor, ritual_id)
    at = datetime.now(UTC)
    ritual = _computable(_view(record, at))
    return ritual, rules.next_occurrences(ritual, at, count)


def _open_actions(tx: Tx, team_id: str) -> tuple[list[ActionItem], dict[str, str]]:
    """Open and in-progress items, oldest first, with the names their owners go by."""
    names: dict[str, str] = {}
    items: list[ActionItem] = []
    for record in reversed(action_q.actions_of_team(tx, team_id)):
        item, view = record.item, record.view
        if item.status not in ACTIVE:
            continue
        items.append(item)
        if isinstance(item.owner, PersonOwner) and view.owner_name:
            names[item.owner.user_id] = view.owner_name
        elif isinstance(item.owner, JointOwner):
            if view.joint_pm_name:
                names[item.owner.pm_user_id] = view.joint_pm_name
            if view.joint_tech_lead_name:
                names[item.owner.tech_lead_user_id] = view.joint_tech_lead_name
    return items[:AGENDA_ACTIONS_MAX], names


def _agenda(tx: Tx, record: RitualRecord) -> AgendaView:
    """The agenda needs no dates of the schedule: a ritual whose schedule cannot be read
    still has one, as of today in UTC."""
    team_id = record.team_id
    zone = record.ritual.recurrence.timezone if record.ritual else DEFAULT_TIMEZONE
    try:
        as_of = _today_in(zone)
    except (ZoneInfoNotFoundError, ValueError):
        as_of = _today_in(DEFAULT_TIMEZONE)
    actions, names = _open_actions(tx, team_id)
    ranked = debt_rules.rank(r.item for r in debt_q.items_of_team(tx, team_id)).ranked
    recorded = ritual_q.latest_retros_with_signals(tx, team_id)
    sprints = [
        rules.SprintFlags(title, tuple(flags_in(tx, team_id, retro_id)))
        for retro_id, title in recorded
    ]
    agenda = rules.agenda(
        record.kind,
        actions,
        ranked,
        sprints,
        as_of=as_of,
        owner_names=names,
        language=team_q.language_of(tx, team_id),
    )
    return AgendaView(record, as_of, agenda, recorded)


def get_agenda(ctx: Ctx, actor: Actor, ritual_id: str) -> AgendaView:
    with ctx.db.read(consistent=True) as tx:
        record, _ = _ritual_of_member(tx, actor, ritual_id)
        return _agenda(tx, record)


def filename_for(title: str) -> str:
    return file_name(title, "ritual", "ics")


def calendar_file(ctx: Ctx, actor: Actor, ritual_id: str) -> CalendarFile:
    view = get_agenda(ctx, actor, ritual_id)
    stamp = datetime.now(UTC)
    ritual = _computable(_view(view.record, stamp))
    content = to_ics(ritual, view.agenda, stamp=stamp)
    return CalendarFile(filename_for(ritual.title), content)
