"""Sprint signals from Jira in the browser: in the signals step a facilitator lists the
team's Jira sprints, picks one, sees each figure filled in with where it came from, overrides
one by hand and puts it back to Jira's value."""

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import LiveServer
from tests.browser.flows import (
    api_call,
    connecting_a_tracker,
    create_retro,
    screenshot,
)
from tests.fake_jira import FakeJira, fake_jira
from tests.jira_sprint_fixture import build
from tests.local_vendor import Scripted


@pytest.fixture
def jira() -> Iterator[FakeJira]:
    with fake_jira() as site:
        build(site.agile)
        yield site


def test_a_facilitator_fills_the_signals_from_a_jira_sprint(
    browser: Browser, connected_server: LiveServer, jira: FakeJira
) -> None:
    page, team_id = connecting_a_tracker(browser, connected_server, "Jira")
    # Connected on the Integrations page, naming the team's QA status.
    page.get_by_label("Jira site").fill(jira.url)
    page.get_by_label("Account email").fill(jira.email)
    page.get_by_label("API token").fill(jira.token)
    page.get_by_label("Project key").fill("OPS")
    expect(page.get_by_label("Story points field")).to_have_value("customfield_10016")
    expect(page.get_by_label("Tech-debt labels")).to_have_value("tech-debt")
    page.get_by_label("QA statuses (optional)").fill("In QA")
    page.get_by_role("button", name="Connect to Jira").click()
    expect(page.get_by_test_id("jira-check")).to_have_attribute("data-status", "ok")
    expect(page.get_by_test_id("jira-connection")).to_contain_text("In QA")
    screenshot(page, "integrations-sprint-settings")
    [connection] = api_call(page, "GET", f"/api/teams/{team_id}/connections")
    assert connection["settings"]["qa_statuses"] == ["In QA"]

    page.goto(f"{connected_server.url}/teams/{team_id}")
    create_retro(page, "Sprint 42 retro")

    panel = page.get_by_test_id("tracker-sprint")
    panel.get_by_role("button", name="List Jira sprints").click()
    select = panel.get_by_test_id("tracker-sprint-select")
    expect(select.locator("option")).to_have_count(3)
    select.select_option("42")
    # Jira is down for the first try: the box says it is fetching, and what went wrong.
    jira.fail_next = [Scripted(503, body={"errorMessages": ["Service Unavailable"]})]
    panel.get_by_role("button", name="Fill signals from this sprint").click()
    fetching = panel.get_by_test_id("tracker-sprint-fetching")
    expect(fetching).to_contain_text("Fetching sprint OPS Sprint 42 from Jira…")
    expect(fetching).to_contain_text("Jira answered 503: Service Unavailable.")

    figures = panel.get_by_test_id("tracker-figures")
    source = re.compile(r"from Jira sprint OPS Sprint 42, \d\d:\d\d")
    committed = figures.locator("tr[data-field=stories_committed]")
    expect(committed).to_contain_text("24")
    expect(committed).to_contain_text(source)
    for field, value in (
        ("stories_completed", "18"),
        ("points_committed", "106"),
        ("points_completed", "66"),
        ("stories_added_after_start", "4"),
        ("stories_removed_after_start", "3"),
        ("stories_rejected_in_qa", "3"),
        ("rework_days", "6.5"),
        ("tech_debt_share", "14.1"),
        ("clarifying_questions", "3"),
        ("estimates", "29 h spent of 28 h estimated (3 stories)"),
    ):
        expect(figures.locator(f"tr[data-field={field}]")).to_contain_text(value)
    expect(figures.locator("tr[data-extra=stories_reopened]")).to_contain_text("2")
    expect(figures.locator("tr[data-extra=points_added_after_start]")).to_contain_text("18")
    expect(panel).to_contain_text("comments holding a “?”")
    # The flags follow the filled signals.
    expect(page.get_by_test_id("signal-flag").first).to_be_visible()
    screenshot(page, "signals-from-jira")

    # Overridden by hand: it wins, and says so.
    signals = page.get_by_test_id("signals-panel")
    signals.get_by_role("button", name="Edit signals").click()
    signals.get_by_label("Stories committed").fill("25")
    signals.get_by_role("button", name="Save signals").click()
    expect(committed).to_contain_text("Set by hand")
    expect(committed).to_contain_text("Jira: 24")
    expect(committed.locator("td").first).to_have_text("25")
    screenshot(page, "signals-from-jira-override")

    committed.get_by_role("button", name="Use Jira's value").click()
    expect(committed).not_to_contain_text("Set by hand")
    expect(committed.locator("td").first).to_have_text("24")
