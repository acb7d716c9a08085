"""The demo PM sets their teams side by side: the company view's table, the same trends for
both teams as charts and as tables, the empty states as teams are unticked, and a failed load
that can be tried again."""

import re

from playwright.sync_api import Page, Route, expect

from tests.browser.conftest import LiveServer
from tests.browser.flows import create_team, screenshot, sign_in_demo_pm
from twofold.services.demo import DEMO_TEAM

SECOND_TEAM = "Mobile Squad"


def test_the_demo_pm_compares_two_teams(page: Page, server: LiveServer) -> None:
    sign_in_demo_pm(page, server)
    create_team(page, SECOND_TEAM)
    page.goto("/teams")
    page.get_by_test_id("insights-link").click()
    expect(page).to_have_url(re.compile(r"/insights$"))
    expect(page.get_by_role("heading", level=1, name="Across teams")).to_be_visible()

    # The company view: one row per team, the demo team's figures filled in.
    rows = page.get_by_test_id("company-table").get_by_role("row")
    expect(rows).to_have_count(3)
    demo_row = rows.filter(has_text=DEMO_TEAM)
    expect(demo_row).to_contain_text(re.compile(r"\d+% \(\d+ of \d+\)"))
    expect(demo_row.get_by_role("link", name=DEMO_TEAM)).to_have_attribute(
        "href", re.compile(r"/teams/.+/trends$")
    )
    expect(rows.filter(has_text=SECOND_TEAM)).to_contain_text("Not recorded")
    company = page.get_by_test_id("company-chart")
    expect(company.locator("canvas")).to_be_visible()
    company.get_by_role("button", name="Show table").click()
    company_table = company.get_by_test_id("chart-table")
    expect(company_table.get_by_role("columnheader").first).to_have_text("Team")
    expect(company_table.get_by_role("row")).to_have_count(3)

    # Side by side: both teams ticked, one line each, the same figures as a table.
    rework = page.get_by_test_id("compare-rework_days")
    expect(rework.locator("canvas")).to_be_visible()
    screenshot(page, "insights")
    rework.get_by_role("button", name="Show table").click()
    table = rework.get_by_test_id("chart-table")
    expect(table.get_by_role("columnheader")).to_have_text(["Sprint", DEMO_TEAM, SECOND_TEAM])
    lines = table.get_by_role("row")
    expect(lines).to_have_count(4)
    expect(lines.nth(3)).to_contain_text("Latest")
    expect(lines.nth(3)).to_contain_text("1.5")
    expect(page.get_by_test_id("compare-voice-cards")).to_be_visible()

    # The new team alone has no closed retro yet; with nothing ticked there is nothing to draw.
    picker = page.get_by_test_id("compare-pick")
    picker.get_by_label(DEMO_TEAM).uncheck()
    expect(page.get_by_text("No closed retros in this period")).to_be_visible()
    picker.get_by_label(SECOND_TEAM).uncheck()
    expect(page.get_by_test_id("compare-empty")).to_be_visible()
    picker.get_by_label(DEMO_TEAM).check()
    expect(page.get_by_test_id("compare-rework_days").locator("canvas")).to_be_visible()

    # A company view that fails to load says so, and loads on a second try.
    def fail(route: Route) -> None:
        route.fulfill(
            status=503,
            json={
                "error": {
                    "code": "storage_unavailable",
                    "message": "The database is busy.",
                    "params": {},
                    "details": None,
                }
            },
        )

    page.route("**/api/insights/company*", fail)
    page.get_by_role("button", name="Last 3 sprints").click()
    expect(page.get_by_role("button", name="Try again")).to_be_visible()
    page.unroute("**/api/insights/company*")
    page.get_by_role("button", name="Try again").click()
    expect(page.get_by_test_id("company-table").get_by_role("row")).to_have_count(3)
