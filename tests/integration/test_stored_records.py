"""One bad stored record never takes a page down, on both databases: dates people cannot
mean are refused with a sentence before they are stored, and a row that got into the
database anyway (an older version, a hand edit, a restored backup) is listed with what is
wrong with it, and can still be edited and deleted."""

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import update

from tests.conftest import World, expect_error
from twofold.services.context import Ctx
from twofold.store.queries.ids import new_id, now
from twofold.store.tables import (
    ActionItemRow,
    RetroRow,
    RitualRow,
    SprintSignalsRow,
    TeamAgreementsRow,
    TeamPromptsRow,
    TeamTemplateRow,
    TeamThresholdsRow,
)

END_OF_CALENDAR = {"frequency": "monthly", "week_of_month": -1, "starts_on": "9999-12-01"}
WINDOW = "Pick a start date between Jan 1, 2000 and Dec 31, 2999."


def _rituals(world: World) -> str:
    return f"/api/teams/{world.team_id}/rituals"


def _field_errors(answer: Any) -> dict[str, str]:
    error = expect_error(answer, 422, "validation_error")
    return {d["field"]: d["message"] for d in error["details"]}


def _store_ritual(ctx: Ctx, world: World, recurrence: Any, title: str) -> str:
    ritual_id = new_id()
    with ctx.db.write() as tx:
        tx.add(
            RitualRow(
                id=ritual_id,
                team_id=world.team_id,
                kind="retro",
                title=title,
                recurrence=recurrence,
                created_by=None,
                created_at=now(),
                updated_at=now(),
            )
        )
    return ritual_id


def test_dates_at_the_end_of_the_calendar_are_refused_in_words(world: World) -> None:
    answer = world.pm.post(_rituals(world), json={"kind": "retro", "recurrence": END_OF_CALENDAR})
    assert _field_errors(answer) == {"recurrence.starts_on": WINDOW}
    answer = world.pm.post(
        _rituals(world), json={"kind": "retro", "recurrence": {"starts_on": "1999-12-31"}}
    )
    assert _field_errors(answer) == {"recurrence.starts_on": WINDOW}
    assert world.pm.ok("GET", _rituals(world)) == []

    ritual = world.pm.ok("POST", _rituals(world), 201, json={"kind": "retro"})
    answer = world.pm.patch(f"/api/rituals/{ritual['id']}", json={"recurrence": END_OF_CALENDAR})
    assert _field_errors(answer) == {"recurrence.starts_on": WINDOW}
    assert world.pm.ok("GET", f"/api/rituals/{ritual['id']}") == ritual


def test_a_poisoned_ritual_is_listed_with_its_problem_and_can_be_fixed_or_deleted(
    world: World, ctx: Ctx
) -> None:
    good = world.pm.ok("POST", _rituals(world), 201, json={"kind": "pm_tech_lead_sync"})
    stored = {**good["recurrence"], **END_OF_CALENDAR, "weekday": "friday"}
    stored["week_of_month"] = -1
    late = _store_ritual(ctx, world, stored, "Retro at the end of time")
    gone_zone = _store_ritual(
        ctx, world, {**good["recurrence"], "timezone": "Mars/Olympus"}, "Mars"
    )
    garbage = _store_ritual(ctx, world, {"every": "now and then"}, "Garbage")

    listed = {r["id"]: r for r in world.eng.ok("GET", _rituals(world))}
    assert list(listed) == [good["id"], late, gone_zone, garbage]
    assert listed[good["id"]]["problem"] is None
    assert listed[good["id"]]["next_start"] is not None
    assert listed[late]["next_start"] is None
    assert listed[late]["next_end"] is None
    assert listed[late]["recurrence"]["starts_on"] == "9999-12-01"
    assert listed[late]["problem"] == {
        "code": "schedule_not_computable",
        "message": "This ritual's schedule cannot be computed: it starts on Dec 1, 9999, "
        "outside the dates Twofold plans for (Jan 1, 2000 to Dec 31, 2999). Edit it to give "
        "it a new start date, or delete it.",
    }
    for unreadable in (gone_zone, garbage):
        assert listed[unreadable]["recurrence"] is None
        assert listed[unreadable]["problem"]["message"].startswith(
            "This ritual's schedule cannot be computed: its stored schedule is no longer one "
            "Twofold can read"
        )
    assert world.eng.ok("GET", f"/api/rituals/{late}") == listed[late]

    for broken in (late, gone_zone):
        answer = world.eng.get(f"/api/rituals/{broken}/next")
        error = expect_error(answer, 409, "schedule_not_computable")
        assert error["message"] == listed[broken]["problem"]["message"]
        answer = world.eng.get(f"/api/rituals/{broken}/calendar.ics")
        expect_error(answer, 409, "schedule_not_computable")
        agenda = world.eng.ok("GET", f"/api/rituals/{broken}/agenda")
        assert agenda["ritual_id"] == broken

    # Editing the title alone says what still has to change.
    answer = world.pm.patch(f"/api/rituals/{late}", json={"title": "Retro"})
    assert _field_errors(answer) == {"recurrence.starts_on": WINDOW}
    fixed = world.pm.ok(
        "PATCH", f"/api/rituals/{late}", json={"recurrence": {"starts_on": "2026-01-01"}}
    )
    assert fixed["problem"] is None
    assert datetime.fromisoformat(fixed["next_start"]) > datetime.now(UTC)
    # An unreadable schedule is set again from the kind's defaults and what is sent.
    reset = world.pm.ok(
        "PATCH", f"/api/rituals/{gone_zone}", json={"recurrence": {"timezone": "Europe/Berlin"}}
    )
    assert reset["problem"] is None
    assert reset["recurrence"]["timezone"] == "Europe/Berlin"
    world.pm.ok("DELETE", f"/api/rituals/{garbage}", 204)
    listed_after = world.eng.ok("GET", _rituals(world))
    assert [r["id"] for r in listed_after] == [good["id"], late, gone_zone]
    assert all(r["problem"] is None for r in listed_after)


def test_poisoned_settings_signals_prompts_and_templates_leave_their_pages_answering(
    world: World, ctx: Ctx
) -> None:
    retro_id = world.retro["id"]
    team = world.team_id
    with ctx.db.write() as tx:
        tx.add(
            TeamThresholdsRow(
                team_id=team,
                data={
                    "satisfaction_min": 4,
                    "gone": 1,
                    "estimate_ratio_min": 9,
                    "estimate_ratio_max": 1,
                },
                updated_at=now(),
            )
        )
        tx.add(
            SprintSignalsRow(
                retro_id=retro_id,
                data={"tech_debt_share": "lots", "clarifying_questions": 3},
                updated_at=now(),
                updated_by=None,
            )
        )
        tx.add(
            TeamPromptsRow(
                team_id=team, data={"prompts": "none"}, updated_at=now(), updated_by=None
            )
        )
        tx.add(
            TeamTemplateRow(
                id=new_id(),
                team_id=team,
                name="Old one",
                data={"name": "Old one", "columns": []},
                created_by=None,
                created_at=now(),
                updated_at=now(),
            )
        )
        tx.add(
            TeamAgreementsRow(
                team_id=team,
                definition_of_done=[],
                acceptance_template="No heading at all",
                pairing_points_over=0,
                updated_at=now(),
            )
        )
        tx.execute(
            update(RetroRow)
            .where(RetroRow.id == retro_id)
            .values(
                settings={"anonymous": True, "votes_per_person": 500},
                template="team",
                template_name="Ours",
                template_data={"name": "Ours", "columns": "three of them"},
            )
        )

    thresholds = world.eng.ok("GET", f"/api/teams/{team}/thresholds")
    assert thresholds["thresholds"]["satisfaction_min"] == 4
    world.eng.ok("GET", f"/api/retros/{retro_id}/signals")
    world.eng.ok("GET", f"/api/teams/{team}/prompts")
    world.eng.ok("GET", f"/api/retros/{retro_id}/prompts")
    templates = world.eng.ok("GET", f"/api/teams/{team}/templates")
    assert "Old one" in str(templates)
    board = world.eng.ok("GET", f"/api/retros/{retro_id}")
    assert board["settings"]["anonymous"] is True
    assert board["settings"]["votes_per_person"] == 3
    world.eng.ok("GET", f"/api/teams/{team}/retros")
    agreements = world.eng.ok("GET", f"/api/teams/{team}/agreements")
    assert agreements["definition_of_done"]
    assert agreements["pairing_points_over"] > 0
    ritual = world.pm.ok("POST", _rituals(world), 201, json={"kind": "retro"})
    world.eng.ok("GET", f"/api/rituals/{ritual['id']}/agenda")


def test_inconsistent_action_items_leave_the_teams_lists_and_agendas_answering(
    world: World, ctx: Ctx
) -> None:
    team = world.team_id
    rows: dict[str, dict[str, Any]] = {
        "done_without_date": {"status": "done", "closed_on": None},
        "dropped_without_reason": {"status": "dropped", "closed_on": date(2026, 1, 2)},
        "unknown_status": {"status": "archived", "category": "retired_category"},
        "closed_before_created": {"status": "done", "closed_on": date(2001, 1, 1)},
    }
    with ctx.db.write() as tx:
        for title, values in rows.items():
            tx.add(
                ActionItemRow(
                    id=new_id(),
                    team_id=team,
                    title=title,
                    created_at=now(),
                    carry_count=0,
                    **values,
                )
            )
    listed = world.eng.ok("GET", f"/api/teams/{team}/actions")
    by_title = {a["title"]: a for a in listed}
    assert set(rows) <= set(by_title)
    assert by_title["unknown_status"]["status"] == "open"
    assert by_title["unknown_status"]["category"] is None
    assert by_title["dropped_without_reason"]["drop_reason"] == "No reason was recorded."
    assert by_title["done_without_date"]["closed_on"] is not None
    world.eng.ok("GET", f"/api/teams/{team}/follow-through")
    ritual = world.pm.ok("POST", _rituals(world), 201, json={"kind": "pm_tech_lead_sync"})
    agenda = world.eng.ok("GET", f"/api/rituals/{ritual['id']}/agenda")
    assert "unknown_status" in agenda["text"]
