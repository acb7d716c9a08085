"""A retro's sprint signals read from the team's tracker.

A facilitator asks for the tracker's sprints (Jira sprints, Linear cycles, GitHub
milestones), then picks the one the retro looks back on;
each ask is a row in the outbox, so no request waits on the tracker. The worker reads the
sprint, `domain.sprint_figures` works out the figures, and `do_apply_figures` writes them into
the retro's signals, with where they came from, except the fields people set by hand: a value
typed over a fetched one is an override, kept through every later fetch until someone puts
the fetched value back.

Who may do what: the team's members see what was fetched (as they see the signals); only its
facilitators ask; guests and other teams are told what they are told for the signals.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from twofold.domain import events as ev
from twofold.domain.access import Participant
from twofold.domain.connections import Connection
from twofold.domain.entities import User
from twofold.domain.errors import Conflict, Forbidden, Invalid
from twofold.domain.outbox import OutboxItem
from twofold.domain.signals import SprintSignals
from twofold.domain.sprint_figures import Figures
from twofold.domain.sprint_history import SPRINT_WORDS, sprint_unit
from twofold.domain.team_events import (
    SignalsRecorded,
    SprintListRequested,
    SprintSignalsRequested,
)
from twofold.services import outbox
from twofold.services.access import Actor, check_may_record_signals, check_participant
from twofold.services.connections import Secrets, opened
from twofold.services.context import Ctx
from twofold.store.database import Tx
from twofold.store.queries import connections as conn_q
from twofold.store.queries import signals as signal_q
from twofold.store.queries import sprint_fetches as fetch_q
from twofold.store.queries.ids import new_id
from twofold.store.queries.sprint_fetches import SprintFetch


@dataclass(frozen=True)
class Figure:
    field: str
    from_tracker: Any
    current: Any
    overridden: bool
    """Someone set it by hand: their value wins, and a fetch leaves it be."""


@dataclass(frozen=True)
class SprintPage:
    retro_id: str
    connected: bool
    vendor: str | None
    """The team's tracker when its sprints can be read (jira, linear, github)."""
    unit: str | None
    """What that tracker's sprints are: sprint, cycle, milestone or iteration."""
    may_ask: bool
    fetch: SprintFetch | None
    delivery: OutboxItem | None
    """The ask's outbox row while it is open: its tries and the last error (the tracker down)."""
    figures: list[Figure]
    extras: dict[str, Any]
    questions: str | None
    """How clarifying questions were counted for these figures (`off`: not counted)."""


def _unit(connection: Connection) -> str:
    return sprint_unit(connection.vendor, str(getattr(connection.settings, "project", "")))


def _is_facilitator(me: Participant) -> bool:
    return me.kind == "member" and me.is_facilitator


def _page(tx: Tx, retro_id: str, team_id: str, me: Participant) -> SprintPage:
    found = fetch_q.fetch_of(tx, retro_id)
    tracker = conn_q.tracker_of_team(tx, team_id)
    connected = tracker is not None and tracker.vendor in SPRINT_WORDS
    vendor = tracker.vendor if tracker is not None and connected else None
    unit = _unit(tracker) if tracker is not None and connected else None
    delivery = None
    if found is not None and found.state == "pending" and found.outbox_id:
        delivery = outbox.items_by_id(tx, [found.outbox_id]).get(found.outbox_id)
    figures: list[Figure] = []
    extras: dict[str, Any] = {}
    questions = None
    if found is not None and found.figures:
        current = signal_q.signals_of(tx, retro_id).signals.model_dump(mode="json")
        for field, value in found.figures["values"].items():
            figures.append(Figure(field, value, current.get(field), field in found.overridden))
        extras = dict(found.figures.get("extras") or {})
        questions = found.figures.get("questions")
    return SprintPage(
        retro_id,
        connected,
        vendor,
        unit,
        _is_facilitator(me),
        found,
        delivery,
        figures,
        extras,
        questions,
    )


def get_sprint(ctx: Ctx, actor: Actor, retro_id: str) -> SprintPage:
    with ctx.db.read() as tx:
        retro, me = check_participant(tx, actor, retro_id)
        check_may_record_signals(me)
        return _page(tx, retro_id, retro.team_id, me)


def _asked(ctx: Ctx, user: User, retro_id: str) -> tuple[Connection, Participant, str]:
    with ctx.db.read() as tx:
        retro, me = check_participant(tx, user, retro_id)
        if not _is_facilitator(me):
            raise Forbidden("Only a facilitator of this team can read the sprint from its tracker.")
        connection = conn_q.tracker_of_team(tx, retro.team_id)
    if connection is None or connection.vendor not in SPRINT_WORDS:
        raise Conflict(
            "Connect the team to its tracker (Jira, Linear or GitHub) first, on its "
            "Integrations page.",
            code="not_connected",
        )
    return connection, me, retro.team_id


def do_list_sprints(ctx: Ctx, user: User, retro_id: str) -> SprintPage:
    """Ask the worker for the sprints the retro may read its signals from."""
    connection, me, team_id = _asked(ctx, user, retro_id)
    request = new_id()
    with ctx.recording() as rec:
        signal_q.lock_for_signals(rec.tx, retro_id)
        fetch_q.ask(rec.tx, retro_id, team_id, connection.id, "sprints", request, user.id)
        event = SprintListRequested(team_id, retro_id, connection.id, request)
        fetch_q.set_outbox(rec.tx, retro_id, rec.job(event))
        return _page(rec.tx, retro_id, team_id, me)


def do_pick_sprint(ctx: Ctx, user: User, retro_id: str, sprint_id: str) -> SprintPage:
    """Read the picked sprint's figures; picked again, it is read afresh (overrides kept)."""
    connection, me, team_id = _asked(ctx, user, retro_id)
    request = new_id()
    with ctx.recording() as rec:
        signal_q.lock_for_signals(rec.tx, retro_id)
        found = fetch_q.fetch_of(rec.tx, retro_id)
        listed = {s["id"]: s for s in (found.sprints if found else [])}
        if sprint_id not in listed:
            name, word = SPRINT_WORDS[connection.vendor][0], _unit(connection)
            raise Invalid(
                f"That {word} is not among the ones {name} listed; list them again and pick one.",
                code="unknown_sprint",
                details=[{"field": "sprint_id", "message": "Pick a sprint from the list."}],
            )
        sprint = (sprint_id, str(listed[sprint_id]["name"])[:200])
        fetch_q.ask(rec.tx, retro_id, team_id, connection.id, "signals", request, user.id, sprint)
        event = SprintSignalsRequested(team_id, retro_id, connection.id, request, sprint_id)
        fetch_q.set_outbox(rec.tx, retro_id, rec.job(event))
        return _page(rec.tx, retro_id, team_id, me)


# The worker's side.


def job(ctx: Ctx, retro_id: str, request_id: str) -> tuple[Connection, Secrets] | None:
    """The connection to read with, while this ask is still the newest one; None when it was
    replaced, or the retro or the connection removed."""
    with ctx.db.read() as tx:
        found = fetch_q.fetch_of(tx, retro_id)
    if found is None or found.request_id != request_id or found.state != "pending":
        return None
    return opened(ctx, found.connection_id)


def _current(tx: Tx, retro_id: str, request_id: str) -> SprintFetch | None:
    signal_q.lock_for_signals(tx, retro_id)
    found = fetch_q.fetch_of(tx, retro_id)
    if found is None or found.request_id != request_id:
        return None
    return found


def do_record_sprints(
    ctx: Ctx, retro_id: str, request_id: str, sprints: list[dict[str, Any]]
) -> None:
    with ctx.recording() as rec:
        if _current(rec.tx, retro_id, request_id) is not None:
            fetch_q.record_sprints(rec.tx, retro_id, sprints)
            rec.board(retro_id, ev.SignalsChanged())


def do_record_failure(ctx: Ctx, retro_id: str, request_id: str, message: str) -> None:
    """The tracker refused (a bad token, a sprint gone): not worth trying again, so said."""
    with ctx.recording() as rec:
        if _current(rec.tx, retro_id, request_id) is not None:
            fetch_q.record_failure(rec.tx, retro_id, message)
            rec.board(retro_id, ev.SignalsChanged())


def _stored(figures: Figures, sprint_id: str, questions: str) -> dict[str, Any]:
    values = SprintSignals.model_validate(figures.values).model_dump(
        mode="json", include=set(figures.values)
    )
    return {
        "sprint_id": sprint_id,
        "values": values,
        "extras": figures.extras,
        "questions": questions,
    }


def do_apply_figures(
    ctx: Ctx,
    retro_id: str,
    request_id: str,
    figures: Figures,
    questions: str,
    at: datetime,
) -> None:
    """Fill the retro's signals with the sprint's figures, leaving the overridden fields be.
    Figures arriving where someone had typed a different value before any fetch make that
    value an override too: nothing a person typed is written over."""
    with ctx.recording() as rec:
        tx = rec.tx
        found = _current(tx, retro_id, request_id)
        if found is None:
            return
        stored = _stored(figures, found.sprint_id or "", questions)
        signals = signal_q.signals_of(tx, retro_id)
        before = signals.signals.model_dump(mode="json")
        overridden = set(found.overridden)
        if found.figures is None:
            overridden |= {
                f for f, v in stored["values"].items() if before.get(f) not in (None, [], v)
            }
        merged = {**before, **{f: v for f, v in stored["values"].items() if f not in overridden}}
        try:
            filled = SprintSignals.model_validate(merged)
        except ValidationError as exc:
            fetch_q.record_failure(
                tx,
                retro_id,
                f"The figures from {_tracker_name(tx, found)} do not fit with the ones set by "
                "hand: "
                f"{exc.errors()[0]['msg']}",
            )
            rec.board(retro_id, ev.SignalsChanged())
            return
        fetch_q.record_figures(tx, retro_id, stored, at)
        fetch_q.set_overridden(tx, retro_id, sorted(overridden))
        signal_q.save_signals(tx, retro_id, filled, found.requested_by)
        rec.board(retro_id, ev.SignalsChanged())
        rec.team(SignalsRecorded(found.team_id, retro_id, "figures"))


def _tracker_name(tx: Tx, found: SprintFetch) -> str:
    connection = conn_q.tracker_of_team(tx, found.team_id)
    if connection is None or connection.vendor not in SPRINT_WORDS:
        return "the tracker"
    return SPRINT_WORDS[connection.vendor][0]


def note_overrides(tx: Tx, retro_id: str, signals: SprintSignals) -> None:
    """After people save the signals: a field whose value is not the fetched one is an
    override from now on; one set back to the fetched value follows the fetches again."""
    found = fetch_q.fetch_of(tx, retro_id)
    if found is None or not found.figures:
        return
    saved = signals.model_dump(mode="json")
    values = found.figures["values"]
    fetch_q.set_overridden(tx, retro_id, [f for f, v in values.items() if saved.get(f) != v])
