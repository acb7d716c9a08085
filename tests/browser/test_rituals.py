"""Rituals and agreements as a facilitator meets them: a weekly PM / Tech Lead sync with its
next date and agenda, its calendar file, and an edited Definition of Done."""

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.flows import add_tech_lead, create_owner, create_team, screenshot


@pytest.fixture
def tokyo_page(browser: Browser, server: LiveServer) -> Iterator[Page]:
    """A reader in Tokyo, so a ritual set in Berlin shows both times."""
    context = browser.new_context(
        base_url=server.url,
        viewport={"width": 1400, "height": 900},
        timezone_id="Asia/Tokyo",
        accept_downloads=True,
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def _add_scored_debt(page: Page, team_id: str) -> None:
    csrf = page.request.get("/api/auth/session").json()["csrf_token"]
    answer = page.request.post(
        f"/api/teams/{team_id}/debt",
        data={"title": "Flaky checkout tests", "drag_hours": 20, "impact": 4, "effort": 3},
        headers={"X-CSRF-Token": csrf},
    )
    assert answer.status == 201, answer.text()


def test_a_weekly_sync_with_its_agenda_calendar_file_and_the_teams_dod(
    tokyo_page: Page, tmp_path: Path
) -> None:
    page = tokyo_page
    create_owner(page)
    create_team(page, "Payments")
    team_id = page.url.rstrip("/").split("/")[-1]
    _add_scored_debt(page, team_id)

    page.get_by_role("link", name="Rituals & agreements").click()
    expect(page).to_have_url(re.compile(r"/teams/[^/]+/rituals$"))
    expect(page.get_by_role("heading", level=1, name="Rituals & agreements")).to_be_visible()

    page.get_by_role("button", name="New ritual").click()
    form = page.get_by_role("form", name="New ritual")
    expect(form.get_by_label("Kind")).to_have_value("pm_tech_lead_sync")
    expect(form.get_by_label("Title")).to_have_value("PM / Tech Lead sync")
    expect(form.get_by_label("Time zone")).to_have_value("Asia/Tokyo")
    form.get_by_label("Day").select_option("thursday")
    form.get_by_label("Starts at").fill("09:30")
    # The zone is picked from a list, found by its city.
    form.get_by_label("Time zone").fill("berlin")
    form.get_by_role("option", name=re.compile(r"^Berlin Europe\/Berlin")).click()
    expect(form.get_by_label("Time zone")).to_have_value("Europe/Berlin")
    form.get_by_role("button", name="Create ritual").click()

    ritual = page.get_by_role("article").filter(has_text="PM / Tech Lead sync")
    expect(ritual).to_contain_text("Every week on Thursday at 09:30, 30 min")
    nxt = ritual.get_by_test_id("next-occurrence")
    expect(nxt).to_contain_text("your time (Asia/Tokyo)")
    # 09:30 in Berlin is 16:30 or 17:30 in Tokyo, depending on Berlin's summer time.
    expect(nxt).to_contain_text(re.compile(r"1[67]:30"))
    expect(nxt).to_contain_text(re.compile(r"Thu.*09:30 in Europe/Berlin"))

    ritual.get_by_role("button", name="Agenda").click()
    expect(ritual.get_by_role("heading", name="Top tech debt")).to_be_visible()
    expect(ritual).to_contain_text("Flaky checkout tests — priority")

    with page.expect_download() as info:
        ritual.get_by_role("link", name="Add to calendar (.ics)").click()
    download = info.value
    assert download.suggested_filename == "pm-tech-lead-sync.ics"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    content = saved.read_text(encoding="utf-8")
    assert content.startswith("BEGIN:VCALENDAR")
    assert "RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=TH" in content
    # Long lines are folded (RFC 5545 3.1); unfold before looking for the agenda.
    assert "Flaky checkout tests" in content.replace("\n ", "")

    # The Definition of Done: add an item, move it to the top, drop another, save.
    page.get_by_label("New item").fill("Feature flag removed after rollout")
    page.get_by_role("button", name="Add item").click()
    dod = page.get_by_role("list", name="Definition of Done")
    expect(dod.get_by_role("listitem").last).to_contain_text("Feature flag removed after rollout")
    for _ in range(7):
        page.get_by_role("button", name="Move “Feature flag removed after rollout” up").click()
    page.get_by_role("button", name="Remove “Code reviewed and merged”").click()
    expect(page.get_by_label("Acceptance-criteria template")).to_have_value(
        re.compile(r"## Edge Cases")
    )
    page.get_by_role("button", name="Save agreements").click()
    expect(page.get_by_text("Agreements saved")).to_be_visible()

    page.reload()
    dod = page.get_by_role("list", name="Definition of Done")
    expect(dod.get_by_role("listitem").first).to_contain_text("Feature flag removed after rollout")
    expect(dod).not_to_contain_text("Code reviewed and merged")
    expect(dod.get_by_role("listitem")).to_have_count(7)


def test_a_pairing_is_recorded_with_its_points_and_number_fields_say_what_is_wrong(
    page: Page, browser: Browser, server: LiveServer
) -> None:
    create_owner(page)
    create_team(page, "Payments")
    team_id = page.url.rstrip("/").split("/")[-1]
    add_tech_lead(page, browser, server, team_id).context.close()
    page.get_by_role("link", name="Rituals & agreements").click()

    form = page.get_by_role("form", name="Record a pairing")
    form.get_by_label("Story key").fill("CHK-230")
    form.get_by_label("Story title").fill("Checkout revamp")
    form.get_by_label("Points").fill("21")
    form.get_by_label("Tech lead").select_option(label="Tara Lead")
    form.get_by_role("button", name="Record pairing").click()
    expect(page.get_by_text("Pairing on “Checkout revamp” recorded")).to_be_visible()
    log = page.get_by_role("list").filter(has_text="Checkout revamp (21 pts)")
    expect(log).to_contain_text("CHK-230 · Checkout revamp (21 pts)")
    expect(form.get_by_label("Points")).to_have_value("")
    screenshot(page, "pairing-recorded")

    # Points cleared after being touched: recorded without points.
    form.get_by_label("Story title").fill("Search filters")
    form.get_by_label("Points").fill("8")
    form.get_by_label("Points").fill("")
    form.get_by_role("button", name="Record pairing").click()
    expect(page.get_by_text("Pairing on “Search filters” recorded")).to_be_visible()
    searched = page.locator("li").filter(has_text="Search filters")
    expect(searched).to_have_count(1)
    expect(searched).not_to_contain_text("pts")

    # Out of range, and text the browser cannot read as a number: said next to the field,
    # nothing sent, nothing typed lost.
    form.get_by_label("Story title").fill("Fraud rules")
    form.get_by_label("Points").fill("5000")
    form.get_by_role("button", name="Record pairing").click()
    expect(form.get_by_text("Use a number from 0 to 1000.")).to_be_visible()
    expect(form.get_by_label("Points")).to_be_focused()
    form.get_by_label("Points").fill("")
    form.get_by_label("Points").press_sequentially("1e")
    form.get_by_role("button", name="Record pairing").click()
    expect(form.get_by_text("Enter a number.")).to_be_visible()
    expect(form.get_by_label("Story title")).to_have_value("Fraud rules")
    pairings = page.request.get(f"/api/teams/{team_id}/pairings").json()
    assert sorted((p["story_title"], p["points"]) for p in pairings) == [
        ("Checkout revamp", 21),
        ("Search filters", None),
    ]


def test_a_ritual_form_checks_its_numbers_and_time_zone_before_saving(page: Page) -> None:
    create_owner(page)
    create_team(page, "Payments")
    page.get_by_role("link", name="Rituals & agreements").click()
    page.get_by_role("button", name="New ritual").click()
    form = page.get_by_role("form", name="New ritual")
    form.get_by_label("Every … weeks").fill("")
    form.get_by_label("Length (minutes)").fill("600")
    form.get_by_label("Time zone").fill("Atlantis")
    expect(form.get_by_text("No time zone matches “Atlantis”")).to_be_visible()
    form.get_by_role("button", name="Create ritual").click()
    expect(form.get_by_text("Enter a number.")).to_be_visible()
    expect(form.get_by_text("Use a number from 5 to 480.")).to_be_visible()
    expect(form.get_by_text(re.compile(r"^Pick a time zone from the list"))).to_be_visible()
    expect(form.get_by_label("Every … weeks")).to_be_focused()
    screenshot(page, "ritual-form-errors")

    form.get_by_label("Every … weeks").fill("2")
    form.get_by_label("Length (minutes)").fill("45")
    zone = form.get_by_label("Time zone")
    zone.fill("new y")
    expect(form.get_by_role("option", name=re.compile(r"^New York America"))).to_be_visible()
    screenshot(page, "ritual-zone-picker")
    zone.press("ArrowDown")
    zone.press("ArrowUp")
    zone.press("Enter")
    expect(zone).to_have_value("America/New_York")
    form.get_by_role("button", name="Create ritual").click()
    ritual = page.get_by_role("article").filter(has_text="PM / Tech Lead sync")
    expect(ritual).to_contain_text("Every 2 weeks on Tuesday at 10:00, 45 min · America/New_York")


def _api(page: Page, method: str, path: str, data: object) -> dict[str, object]:
    csrf = page.request.get("/api/auth/session").json()["csrf_token"]
    answer = page.request.fetch(path, method=method, data=data, headers={"X-CSRF-Token": csrf})
    assert answer.ok, answer.text()
    result: dict[str, object] = answer.json()
    return result


def test_the_agenda_says_when_nothing_is_flagged_and_keeps_the_sprint_before(page: Page) -> None:
    create_owner(page)
    create_team(page, "Payments")
    team_id = page.url.rstrip("/").split("/")[-1]
    older = _api(page, "POST", f"/api/teams/{team_id}/retros", {"title": "Sprint 42 retro"})
    _api(page, "PUT", f"/api/retros/{older['id']}/signals", {"rework_days": 4})
    newer = _api(page, "POST", f"/api/teams/{team_id}/retros", {"title": "Sprint 43 retro"})
    _api(page, "PUT", f"/api/retros/{newer['id']}/signals", {"clarifying_questions": 1})
    _api(page, "POST", f"/api/teams/{team_id}/rituals", {"kind": "pm_tech_lead_sync"})

    page.get_by_role("link", name="Rituals & agreements").click()
    ritual = page.get_by_role("article").filter(has_text="PM / Tech Lead sync")
    ritual.get_by_role("button", name="Agenda").click()
    latest = ritual.get_by_role("heading", name="Signals from “Sprint 43 retro”")
    expect(latest).to_be_visible()
    expect(ritual).to_contain_text(
        "Nothing flagged: every signal recorded was within the team's thresholds."
    )
    expect(
        ritual.get_by_role("heading", name="Signals from the sprint before (“Sprint 42 retro”)")
    ).to_be_visible()
    expect(ritual).to_contain_text("4 days of rework this sprint")
    # One date format for people: "as of Dec 5, 2026", never 2026-12-05.
    expect(ritual).to_contain_text(re.compile(r"as of [A-Z][a-z]{2} \d{1,2}, \d{4}\."))
    expect(ritual).not_to_contain_text(re.compile(r"\d{4}-\d{2}-\d{2}"))
    screenshot(page, "ritual-agenda")


def test_a_ritual_stored_with_a_schedule_that_cannot_be_computed_is_shown_and_fixed(
    page: Page, server: LiveServer
) -> None:
    create_owner(page)
    create_team(page, "Payments")
    team_id = page.url.rstrip("/").split("/")[-1]
    csrf = page.request.get("/api/auth/session").json()["csrf_token"]
    for kind in ("retro", "pm_tech_lead_sync"):
        answer = page.request.post(
            f"/api/teams/{team_id}/rituals", data={"kind": kind}, headers={"X-CSRF-Token": csrf}
        )
        assert answer.status == 201, answer.text()
    # As an older version could have stored it: the last Friday of December 9999.
    with sqlite3.connect(server.data_dir / "twofold.db") as db:
        db.execute(
            "UPDATE rituals SET recurrence = json_set(recurrence, '$.frequency', 'monthly',"
            " '$.week_of_month', -1, '$.starts_on', '9999-12-01') WHERE kind = 'retro'"
        )

    page.get_by_role("link", name="Rituals & agreements").click()
    broken = page.get_by_role("article").filter(has_text="Retrospective")
    expect(broken).to_contain_text(
        "This ritual's schedule cannot be computed: it starts on Dec 1, 9999, outside the dates "
        "Twofold plans for"
    )
    expect(broken.get_by_test_id("next-occurrence")).to_have_count(0)
    expect(broken.get_by_role("link", name="Add to calendar (.ics)")).to_have_count(0)
    expect(broken.get_by_role("button", name="Delete")).to_be_visible()
    screenshot(page, "ritual-not-computable")
    # The other ritual is untouched.
    sync = page.get_by_role("article").filter(has_text="PM / Tech Lead sync")
    expect(sync.get_by_test_id("next-occurrence")).to_be_visible()

    broken.get_by_role("button", name="Edit").click()
    form = page.get_by_role("form", name="Edit ritual")
    form.get_by_role("button", name="Save ritual").click()
    expect(form).to_contain_text("Pick a start date between Jan 1, 2000 and Dec 31, 2999.")
    form.get_by_label("From").fill("2026-01-02")
    form.get_by_role("button", name="Save ritual").click()
    fixed = page.get_by_role("article").filter(has_text="Retrospective")
    expect(fixed.get_by_test_id("next-occurrence")).to_be_visible()
    expect(fixed).not_to_contain_text("cannot be computed")
