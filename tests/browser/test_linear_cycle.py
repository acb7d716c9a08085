"""Sprint signals from a Linear cycle in the browser: a facilitator connects the team to Linear
naming its review state, lists the team's cycles in the signals step, picks cycle 12 and sees
each figure filled in with where it came from, then overrides one by hand and puts it back."""

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import LiveServer
from tests.browser.flows import (
    connecting_a_tracker,
    create_retro,
    screenshot,
)
from tests.fake_linear import FakeLinear, fake_linear
from tests.linear_cycle_fixture import C12, build


@pytest.fixture
def linear() -> Iterator[FakeLinear]:
    with fake_linear() as workspace:
        build(workspace)
        yield workspace


def test_a_facilitator_fills_the_signals_from_a_linear_cycle(
    browser: Browser, connected_server: LiveServer, linear: FakeLinear
) -> None:
    page, team_id = connecting_a_tracker(browser, connected_server, "Linear")
    form = page.get_by_test_id("connect-linear")
    form.get_by_label("Team key").fill("ENG")
    form.get_by_label("API address").fill(linear.url)
    form.get_by_label("Personal API key").fill(linear.token)
    form.get_by_label("QA states (optional)").fill("In Review")
    expect(form.get_by_label("Tech-debt labels")).to_have_value("tech-debt")
    page.get_by_role("button", name="Connect to Linear").click()
    expect(page.get_by_test_id("linear-check")).to_have_attribute("data-status", "ok")

    page.goto(f"{connected_server.url}/teams/{team_id}")
    create_retro(page, "Cycle 12 retro")
    panel = page.get_by_test_id("tracker-sprint")
    expect(panel.get_by_role("heading", name="From Linear")).to_be_visible()
    panel.get_by_role("button", name="List Linear cycles").click()
    select = panel.get_by_test_id("tracker-sprint-select")
    expect(select.locator("option")).to_have_text(
        [
            "Cycle 13 (Launch) (active, Engineering)",
            "Cycle 12 (closed, Engineering)",
            "Cycle 11 (closed, Engineering)",
        ]
    )
    select.select_option(C12.replace("-", ""))
    panel.get_by_role("button", name="Fill signals from this cycle").click()

    figures = panel.get_by_test_id("tracker-figures")
    source = re.compile(r"from Linear cycle 12, \d\d:\d\d")
    committed = figures.locator("tr[data-field=stories_committed]")
    expect(committed).to_contain_text("7")
    expect(committed).to_contain_text(source)
    for field, value in (
        ("stories_completed", "4"),
        ("points_committed", "26"),
        ("points_completed", "13"),
        ("stories_added_after_start", "3"),
        ("stories_removed_after_start", "2"),
        ("stories_rejected_in_qa", "1"),
        ("rework_days", "2.5"),
        ("tech_debt_share", "42.9"),
        ("clarifying_questions", "2"),
    ):
        expect(figures.locator(f"tr[data-field={field}]")).to_contain_text(value)
    expect(figures.locator("tr[data-extra=cycle_time_days_median]")).to_contain_text("3")
    expect(figures.locator("tr[data-extra=cycle_time_days_mean]")).to_contain_text("4.1")
    expect(panel).to_contain_text("kept when the cycle is read again")
    screenshot(page, "signals-from-linear")

    signals = page.get_by_test_id("signals-panel")
    signals.get_by_role("button", name="Edit signals").click()
    signals.get_by_label("Stories committed").fill("8")
    signals.get_by_role("button", name="Save signals").click()
    expect(committed).to_contain_text("Set by hand")
    expect(committed).to_contain_text("Linear: 7")
    committed.get_by_role("button", name="Use Linear's value").click()
    expect(committed).not_to_contain_text("Set by hand")
    expect(committed.locator("td").first).to_have_text("7")
