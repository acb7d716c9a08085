"""Rituals over the real API on both databases (docs/rituals-and-agreements.md): create with
the kind's defaults, edit field by field, next dates, the agenda built from open action items,
the debt ranking and signal flags, the calendar file, who may do what, and bad input."""

import re
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from typing import Any

from icalendar import Calendar, vDDDTypes, vRecur
from sqlalchemy import update

from tests.conftest import Client, World, command, expect_error, user_id
from twofold.services.context import Ctx
from twofold.store.tables import ActionItemRow

FAKE_ID = "0123456789abcdef0123456789abcdef"


def _rituals_url(world: World) -> str:
    return f"/api/teams/{world.team_id}/rituals"


def _sync(world: World, **recurrence: Any) -> dict[str, Any]:
    body = {
        "kind": "pm_tech_lead_sync",
        "recurrence": {"timezone": "Europe/Berlin", "weekday": "thursday", **recurrence},
    }
    return dict(world.pm.ok("POST", _rituals_url(world), 201, json=body))


def _field_error(answer: Any, field: str) -> str:
    error = expect_error(answer, 422, "validation_error")
    fields = {d["field"]: d["message"] for d in error["details"]}
    assert field in fields, error
    return str(fields[field])


def test_a_ritual_starts_from_its_kinds_defaults_and_changes_field_by_field(world: World) -> None:
    sync = _sync(world, at="09:30")
    assert sync["title"] == "PM / Tech Lead sync"
    assert sync["kind"] == "pm_tech_lead_sync"
    assert sync["created_by"] == user_id(world.pm)
    rec = sync["recurrence"]
    assert (rec["frequency"], rec["interval"], rec["weekday"]) == ("weekly", 1, "thursday")
    assert (rec["at"], rec["duration_minutes"], rec["timezone"]) == (
        "09:30",
        30,
        "Europe/Berlin",
    )
    assert rec["week_of_month"] is None
    start = datetime.fromisoformat(sync["next_start"])
    assert start > datetime.now(UTC)
    assert (start.weekday(), start.hour, start.minute) == (3, 9, 30)
    assert start.utcoffset() in (timedelta(hours=1), timedelta(hours=2))
    assert datetime.fromisoformat(sync["next_end"]) - start == timedelta(minutes=30)

    review = world.owner.ok("POST", _rituals_url(world), 201, json={"kind": "tech_debt_review"})
    assert review["title"] == "Tech-debt review"
    assert review["recurrence"]["frequency"] == "monthly"
    assert review["recurrence"]["week_of_month"] == 1
    assert review["recurrence"]["timezone"] == "UTC"
    retro = world.owner.ok(
        "POST", _rituals_url(world), 201, json={"kind": "retro", "title": "  Sprint retro  "}
    )
    assert retro["title"] == "Sprint retro"
    assert retro["recurrence"]["interval"] == 2

    listed = world.eng.ok("GET", _rituals_url(world))
    assert [r["id"] for r in listed] == [sync["id"], review["id"], retro["id"]]
    assert world.tech_lead.ok("GET", f"/api/rituals/{sync['id']}") == listed[0]

    # Only what is sent changes; turning the monthly review weekly drops its week of the month.
    path = f"/api/rituals/{review['id']}"
    changed = world.pm.ok(
        "PATCH", path, json={"title": "Debt review", "recurrence": {"frequency": "weekly"}}
    )
    assert changed["title"] == "Debt review"
    assert changed["recurrence"]["frequency"] == "weekly"
    assert changed["recurrence"]["week_of_month"] is None
    assert changed["recurrence"]["weekday"] == "wednesday"
    moved = world.pm.ok("PATCH", path, json={"recurrence": {"weekday": "monday", "at": "08:00"}})
    assert moved["title"] == "Debt review"
    assert (moved["recurrence"]["weekday"], moved["recurrence"]["at"]) == ("monday", "08:00")
    assert datetime.fromisoformat(moved["next_start"]).weekday() == 0

    world.owner.ok("DELETE", path, 204)
    expect_error(world.pm.get(path), 404, "not_found")
    assert [r["id"] for r in world.pm.ok("GET", _rituals_url(world))] == [sync["id"], retro["id"]]


def test_next_dates_are_in_the_rituals_time_zone(world: World) -> None:
    sync = _sync(world, at="10:00", starts_on="2024-01-01")
    answer = world.eng.ok("GET", f"/api/rituals/{sync['id']}/next", params={"count": 8})
    assert answer["timezone"] == "Europe/Berlin"
    starts = [datetime.fromisoformat(o["start"]) for o in answer["occurrences"]]
    assert len(starts) == 8
    # The wall time holds across clock changes, so consecutive starts are a week apart in
    # local days, and one hour off a week in absolute time around a change.
    for start in starts:
        assert (start.weekday(), start.hour, start.minute) == (3, 10, 0)
    for earlier, later in pairwise(starts):
        assert (later.date() - earlier.date()).days == 7
    assert starts[0] > datetime.now(UTC)
    default = world.eng.ok("GET", f"/api/rituals/{sync['id']}/next")
    assert len(default["occurrences"]) == 5
    for bad in (0, 101, "many"):
        answer = world.eng.get(f"/api/rituals/{sync['id']}/next", params={"count": bad})
        _field_error(answer, "count")


def _set_up_agenda(world: World, ctx: Ctx) -> dict[str, str]:
    """An overdue action item, one due later, a ranked backlog and a crossed threshold."""
    retro = world.retro
    command(world.owner, retro["id"], "set_phase", phase="actions")
    later = command(
        world.owner,
        retro["id"],
        "create_action",
        title="Write the API migration guide",
        due=(date.today() + timedelta(days=30)).isoformat(),
        owner_user_id=user_id(world.eng),
    )["result"]["action_id"]
    overdue = command(
        world.owner,
        retro["id"],
        "create_action",
        title="Agree the beta exit criteria",
        category="requirements_clarity",
        due=(date.today() + timedelta(days=1)).isoformat(),
        owner={
            "kind": "joint",
            "pm_user_id": user_id(world.pm),
            "tech_lead_user_id": user_id(world.tech_lead),
        },
    )["result"]["action_id"]
    # Due dates in the past cannot be given on creation, so age the item in place.
    with ctx.db.write() as tx:
        tx.execute(
            update(ActionItemRow)
            .where(ActionItemRow.id == overdue)
            .values(
                due=date.today() - timedelta(days=3),
                created_at=datetime.now(UTC) - timedelta(days=10),
            )
        )
    debt = f"/api/teams/{world.team_id}/debt"
    top = world.eng.ok(
        "POST", debt, 201, json={"title": "Flaky checkout tests", "drag_hours": 30, "effort": 2}
    )
    world.pm.ok("PATCH", f"/api/debt/{top['id']}", json={"impact": 5})
    world.eng.ok(
        "POST",
        debt,
        201,
        json={"title": "Legacy billing module", "drag_hours": 4, "effort": 13, "impact": 1},
    )
    world.eng.ok("PUT", f"/api/retros/{retro['id']}/signals", json={"clarifying_questions": 7})
    return {"overdue": overdue, "later": later, "debt": top["id"]}


def test_the_agenda_leads_with_overdue_actions_then_flags_and_top_debt(
    world: World, ctx: Ctx
) -> None:
    ids = _set_up_agenda(world, ctx)
    sync = _sync(world)
    agenda = world.eng.ok("GET", f"/api/rituals/{sync['id']}/agenda")
    assert agenda["kind"] == "pm_tech_lead_sync"
    assert agenda["as_of"] in {
        (datetime.now(UTC) + timedelta(hours=h)).date().isoformat() for h in (0, 2)
    }
    assert agenda["flags_retro_id"] == world.retro["id"]
    assert agenda["flags_retro_title"] == "Sprint 1 retro"
    titles = [s["title"] for s in agenda["sections"]]
    assert titles == [
        "Action items, overdue first",
        "Signals from “Sprint 1 retro”",
        "Top tech debt",
    ]
    assert agenda["previous_flags_retro_id"] is None
    actions, flags, debt = (s["items"] for s in agenda["sections"])
    assert [a["ref"] for a in actions] == [ids["overdue"], ids["later"]]
    # Dates read as people read them, as in the web interface.
    assert re.match(r"Overdue since [A-Z][a-z]{2} \d{1,2}, \d{4}: ", actions[0]["text"])
    assert "Agree the beta exit criteria — Pm + Tech Lead" in actions[0]["text"]
    assert "Write the API migration guide (due " in actions[1]["text"]
    assert actions[1]["text"].endswith("— Eng")
    [flag] = flags
    assert "7 clarifying questions" in flag["text"]
    assert debt[0]["ref"] == ids["debt"]
    assert debt[0]["text"].startswith("Flaky checkout tests — priority ")
    assert "Agree the beta exit criteria" in agenda["text"]

    # The debt review keeps to debt: the ranked backlog first, and says no debt flag came up.
    review = world.pm.ok("POST", _rituals_url(world), 201, json={"kind": "tech_debt_review"})
    agenda = world.eng.ok("GET", f"/api/rituals/{review['id']}/agenda")
    assert [s["title"] for s in agenda["sections"]] == [
        "Top tech debt by joint priority",
        "Signals from “Sprint 1 retro”",
    ]
    assert agenda["sections"][0]["items"][0]["ref"] == ids["debt"]
    assert agenda["sections"][1]["items"] == [
        {"text": "Nothing flagged about tech debt or rework.", "ref": None, "tone": "calm"}
    ]


def test_the_agenda_keeps_the_previous_sprints_flags_and_says_when_nothing_is_flagged(
    world: World,
) -> None:
    world.eng.ok("PUT", f"/api/retros/{world.retro['id']}/signals", json={"rework_days": 4})
    newer = world.owner.ok(
        "POST", f"/api/teams/{world.team_id}/retros", 201, json={"title": "Sprint 2 retro"}
    )
    world.eng.ok("PUT", f"/api/retros/{newer['id']}/signals", json={"clarifying_questions": 1})
    sync = _sync(world)
    agenda = world.eng.ok("GET", f"/api/rituals/{sync['id']}/agenda")
    sections = {s["title"]: [i["text"] for i in s["items"]] for s in agenda["sections"]}
    assert sections["Signals from “Sprint 2 retro”"] == [
        "Nothing flagged: every signal recorded was within the team's thresholds."
    ]
    [before] = sections["Signals from the sprint before (“Sprint 1 retro”)"]
    assert before.startswith("4 days of rework this sprint")
    assert (agenda["flags_retro_id"], agenda["previous_flags_retro_id"]) == (
        newer["id"],
        world.retro["id"],
    )
    assert agenda["previous_flags_retro_title"] == "Sprint 1 retro"
    assert "Nothing flagged: every signal recorded" in agenda["text"]
    # Outsiders get nothing of it.
    expect_error(world.outsider.get(f"/api/rituals/{sync['id']}/agenda"), 404)


def test_an_empty_team_gets_an_empty_agenda(world: World) -> None:
    sync = _sync(world)
    agenda = world.eng.ok("GET", f"/api/rituals/{sync['id']}/agenda")
    assert agenda["sections"] == []
    assert agenda["flags_retro_id"] is None
    assert "Nothing is waiting for this meeting yet." in agenda["text"]


def test_the_calendar_file_holds_the_recurring_event_and_its_agenda(world: World, ctx: Ctx) -> None:
    _set_up_agenda(world, ctx)
    sync = _sync(world, at="10:00", duration_minutes=45)
    world.pm.ok("PATCH", f"/api/rituals/{sync['id']}", json={"title": "PM/TL sync: Ünïcode"})
    answer = world.eng.get(f"/api/rituals/{sync['id']}/calendar.ics")
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "text/calendar; charset=utf-8"
    assert answer.headers["content-disposition"] == 'attachment; filename="pm-tl-sync-n-code.ics"'
    assert answer.content.startswith(b"BEGIN:VCALENDAR")

    calendar = Calendar.from_ical(answer.content)
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "PM/TL sync: Ünïcode"
    rrule = event["RRULE"]
    assert isinstance(rrule, vRecur)
    assert (rrule["FREQ"], rrule["INTERVAL"], rrule["BYDAY"]) == (["WEEKLY"], [1], ["TH"])
    dtstart = event["DTSTART"]
    assert isinstance(dtstart, vDDDTypes)
    assert dtstart.params["TZID"] == "Europe/Berlin"
    start = dtstart.dt
    assert isinstance(start, datetime)
    assert (start.weekday(), start.hour, start.minute) == (3, 10, 0)
    duration = event["DURATION"]
    assert isinstance(duration, vDDDTypes)
    assert duration.dt == timedelta(minutes=45)
    assert str(event["UID"]) == f"ritual-{sync['id']}@twofold"
    description = str(event["DESCRIPTION"])
    assert "Agree the beta exit criteria" in description
    assert "Flaky checkout tests" in description
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]


def _every_request(ritual_id: str, team_id: str) -> list[tuple[str, str, Any]]:
    return [
        ("GET", f"/api/teams/{team_id}/rituals", None),
        ("POST", f"/api/teams/{team_id}/rituals", {"kind": "retro"}),
        ("GET", f"/api/rituals/{ritual_id}", None),
        ("PATCH", f"/api/rituals/{ritual_id}", {"title": "Mine now"}),
        ("DELETE", f"/api/rituals/{ritual_id}", None),
        ("GET", f"/api/rituals/{ritual_id}/next", None),
        ("GET", f"/api/rituals/{ritual_id}/agenda", None),
        ("GET", f"/api/rituals/{ritual_id}/calendar.ics", None),
    ]


def test_outsiders_and_guests_get_404_members_read_facilitators_edit(world: World) -> None:
    sync = _sync(world)
    sync["title"] = "Secret sync"
    world.pm.ok("PATCH", f"/api/rituals/{sync['id']}", json={"title": "Secret sync"})
    fakes = _every_request(FAKE_ID, FAKE_ID)
    for stranger in (world.outsider, world.guest):
        for (method, url, body), (_, fake_url, _) in zip(
            _every_request(sync["id"], world.team_id), fakes, strict=True
        ):
            kwargs = {} if body is None else {"json": body}
            answer = stranger.request(method, url, **kwargs)
            expect_error(answer, 404, "not_found")
            assert "Secret sync" not in answer.text
            twin = stranger.request(method, fake_url, **kwargs)
            assert (twin.status_code, twin.json()) == (answer.status_code, answer.json())

    # Members who do not facilitate read everything but change nothing.
    for method, url, body in _every_request(sync["id"], world.team_id):
        kwargs = {} if body is None else {"json": body}
        answer = world.eng.request(method, url, **kwargs)
        if method == "GET":
            assert answer.status_code == 200, (url, answer.text)
        else:
            expect_error(answer, 403, "forbidden")
    assert world.owner.ok("GET", f"/api/rituals/{sync['id']}")["title"] == "Secret sync"
    assert len(world.owner.ok("GET", _rituals_url(world))) == 1


def test_signed_out_and_cross_site_requests_are_refused(world: World, client: Client) -> None:
    expect_error(client.get(_rituals_url(world)), 401, "unauthenticated")
    token = world.pm.headers.pop("X-CSRF-Token")
    try:
        expect_error(world.pm.post(_rituals_url(world), json={"kind": "retro"}), 403)
    finally:
        world.pm.headers["X-CSRF-Token"] = token
    assert world.pm.ok("GET", _rituals_url(world)) == []


def test_bad_input_names_the_field(world: World) -> None:
    url, pm = _rituals_url(world), world.pm

    def create(**recurrence: Any) -> Any:
        return pm.post(url, json={"kind": "pm_tech_lead_sync", "recurrence": recurrence})

    message = _field_error(create(timezone="Mars/Olympus_Mons"), "recurrence.timezone")
    assert "“Mars/Olympus_Mons” is not a time zone we know" in message
    _field_error(create(timezone=""), "recurrence.timezone")
    _field_error(create(weekday="funday"), "recurrence.weekday")
    _field_error(create(duration_minutes=2), "recurrence.duration_minutes")
    _field_error(create(duration_minutes=481), "recurrence.duration_minutes")
    _field_error(create(interval=0), "recurrence.interval")
    _field_error(create(at="25:00"), "recurrence.at")
    _field_error(create(week_of_month=5), "recurrence.week_of_month")
    monthly_only = _field_error(create(week_of_month=2), "recurrence")
    assert "Only a monthly ritual falls on a week of the month" in monthly_only
    _field_error(create(every="day"), "recurrence.every")
    _field_error(pm.post(url, json={"kind": "standup"}), "kind")
    _field_error(pm.post(url, json={"kind": "retro", "title": "x" * 121}), "title")
    _field_error(pm.post(url, json={"kind": "retro", "title": "   "}), "title")
    assert pm.ok("GET", url) == []

    sync = _sync(world)
    path = f"/api/rituals/{sync['id']}"
    _field_error(
        pm.patch(path, json={"recurrence": {"timezone": "Nowhere"}}), "recurrence.timezone"
    )
    _field_error(pm.patch(path, json={"recurrence": {"week_of_month": -1}}), "recurrence")
    assert pm.ok("GET", path)["recurrence"] == sync["recurrence"]


def test_a_german_teams_agenda_is_in_german(world: World, ctx: Ctx) -> None:
    ids = _set_up_agenda(world, ctx)
    world.owner.ok("PATCH", f"/api/teams/{world.team_id}", json={"language": "de"})
    agenda = world.eng.ok("GET", f"/api/rituals/{_sync(world)['id']}/agenda")
    assert [s["title"] for s in agenda["sections"]] == [
        "Maßnahmen, überfällige zuerst",
        "Signale aus „Sprint 1 retro“",
        "Wichtigste Tech-Debt-Einträge",
    ]
    actions, flags, debt = (s["items"] for s in agenda["sections"])
    assert actions[0]["ref"] == ids["overdue"]
    # The page marks the overdue line by its tone, not by its words.
    assert [a["tone"] for a in actions] == ["overdue", None]
    # German dates ("3. Dez. 2026") and German flag sentences.
    assert re.match(r"Überfällig seit \d{1,2}\. \w+\.? \d{4}: ", actions[0]["text"])
    assert flags[0]["text"].startswith("7 Rückfragen kamen mitten im Sprint auf")
    assert debt[0]["text"].startswith("Flaky checkout tests \u2013 Priorität ")
    assert agenda["text"].startswith("PM / Tech Lead Sync — ")
