"""Jira in the browser: a facilitator connects the team to a local Jira site and sees the test
pass, pushes an action item and sees its ticket's key, and when the ticket is closed in Jira
(its signed webhook arriving) the item shows done on the team's action items page without a
reload."""

from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.flows import api_call, board_command, create_owner, create_team, screenshot
from tests.fake_jira import FakeJira, fake_jira
from twofold.integrations.jira.webhook import signature

SECRET = "hook-secret-5678"


@pytest.fixture
def jira() -> Iterator[FakeJira]:
    with fake_jira() as site:
        yield site


def test_connect_push_and_see_the_ticket_closed_in_jira(
    browser: Browser, connected_server: LiveServer, jira: FakeJira
) -> None:
    page: Page = browser.new_page(base_url=connected_server.url)
    create_owner(page)
    create_team(page, "Payments")
    team_id = page.url.rstrip("/").split("/")[-1]
    retro = api_call(page, "POST", f"/api/teams/{team_id}/retros", {"title": "Sprint 9 retro"})
    board_command(page, retro["id"], "set_phase", phase="discuss")
    board_command(page, retro["id"], "create_action", title="Split the deploy script")

    page.get_by_role("link", name="Integrations").click()
    expect(page.get_by_role("heading", level=1, name="Integrations")).to_be_visible()
    page.get_by_role("button", name="Connect Jira…").click()
    page.get_by_label("Jira site").fill(jira.url)
    page.get_by_label("Account email").fill(jira.email)
    page.get_by_label("API token").fill(jira.token)
    page.get_by_label("Project key").fill("OPS")
    page.get_by_label("Webhook secret (optional)").fill(SECRET)
    page.get_by_role("button", name="Connect to Jira").click()
    check = page.get_by_test_id("jira-check")
    expect(check).to_have_attribute("data-status", "ok")
    expect(check).to_contain_text("Connected as Jira Bot to Operations (OPS).")
    expect(page.get_by_test_id("jira-connection")).to_contain_text("••••••••1234")
    expect(page.get_by_test_id("jira-connection")).not_to_contain_text(jira.token)
    webhook_url = page.get_by_label("Webhook URL for Jira").input_value()
    assert webhook_url.startswith(f"{connected_server.url}/api/integrations/jira/")
    screenshot(page, "integrations-jira")

    page.goto(f"{connected_server.url}/teams/{team_id}/actions")
    row = page.get_by_test_id("team-action")
    expect(row).to_contain_text("Split the deploy script")
    row.get_by_role("button", name="Push to Jira").click()
    expect(row.get_by_test_id("ticket-link")).to_contain_text("OPS-1")
    expect(row.get_by_role("link", name="OPS-1")).to_have_attribute(
        "href", f"{jira.url}/browse/OPS-1"
    )
    expect(row).to_contain_text("Open")

    # Closed in Jira; Jira's webhook tells Twofold; the page follows without a reload.
    jira.set_status("OPS-1", "Done", "done")
    body = jira.webhook_body("OPS-1", who="Ada Admin")
    headers = {"Content-Type": "application/json", "X-Hub-Signature": signature(SECRET, body)}
    assert httpx.post(webhook_url, content=body, headers=headers).status_code == 204
    expect(row.locator(".status-pill")).to_have_text("Done")
    expect(row.get_by_test_id("ticket-link")).to_contain_text("Ada Admin")
    screenshot(page, "action-ticket-done")


def test_a_debt_item_is_pushed_from_the_backlog(
    browser: Browser, connected_server: LiveServer, jira: FakeJira
) -> None:
    page: Page = browser.new_page(base_url=connected_server.url)
    create_owner(page)
    create_team(page, "Payments")
    team_id = page.url.rstrip("/").split("/")[-1]
    connection = {
        "vendor": "jira",
        "settings": {"site_url": jira.url, "email": jira.email, "project_key": "OPS"},
        "token": jira.token,
    }
    api_call(page, "POST", f"/api/teams/{team_id}/connections", connection)
    scored = {"title": "Flaky checkout tests", "drag_hours": 6, "impact": 4, "effort": 3}
    api_call(page, "POST", f"/api/teams/{team_id}/debt", scored)

    page.goto(f"{connected_server.url}/teams/{team_id}/debt")
    row = page.get_by_role("row").filter(has_text="Flaky checkout tests")
    row.get_by_role("button", name="Push to Jira").click()
    expect(row.get_by_test_id("ticket-link")).to_contain_text("OPS-1")
    [created] = jira.requests_to("POST", "/issue")
    assert "tech-debt" in created.body["fields"]["labels"]
