"""GitHub in the browser: a facilitator connects the team to a repository on a local GitHub
through the form drawn from GitHub's settings, sees the test pass, pushes an action item and
sees its issue's number, and when the issue is closed in GitHub (its signed webhook arriving)
the item shows done without a reload."""

from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.flows import api_call, board_command, create_owner, create_team, screenshot
from tests.fake_github import FakeGitHub, fake_github
from twofold.integrations.github.webhook import signature

SECRET = "hook-secret-5678"


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    with fake_github() as site:
        yield site


def test_connect_push_and_see_the_issue_closed_in_github(
    browser: Browser, connected_server: LiveServer, github: FakeGitHub
) -> None:
    page: Page = browser.new_page(base_url=connected_server.url)
    create_owner(page)
    create_team(page, "Payments")
    team_id = page.url.rstrip("/").split("/")[-1]
    retro = api_call(page, "POST", f"/api/teams/{team_id}/retros", {"title": "Sprint 9 retro"})
    board_command(page, retro["id"], "set_phase", phase="discuss")
    board_command(page, retro["id"], "create_action", title="Split the deploy script")

    page.get_by_role("link", name="Integrations").click()
    page.get_by_role("button", name="Connect GitHub…").click()
    expect(page.get_by_label("API address")).to_have_value("https://api.github.com")
    page.get_by_label("Repository").fill(github.repository)
    page.get_by_label("API address").fill(github.url)
    page.get_by_label("Fine-grained personal access token").fill(github.token)
    page.get_by_label("Webhook secret (optional)").fill(SECRET)
    screenshot(page, "integrations-github-form")
    page.get_by_role("button", name="Connect to GitHub").click()
    check = page.get_by_test_id("github-check")
    expect(check).to_have_attribute("data-status", "ok")
    expect(check).to_contain_text("Connected to octo-org/web")
    expect(page.get_by_test_id("github-connection")).to_contain_text("••••••••ABCD")
    expect(page.get_by_test_id("github-connection")).not_to_contain_text(github.token)
    webhook_url = page.get_by_label("Webhook URL for GitHub").input_value()
    assert webhook_url.startswith(f"{connected_server.url}/api/integrations/github/")
    screenshot(page, "integrations-github")

    page.goto(f"{connected_server.url}/teams/{team_id}/actions")
    row = page.get_by_test_id("team-action")
    row.get_by_role("button", name="Push to GitHub").click()
    expect(row.get_by_role("link", name="#1")).to_have_attribute("href", f"{github.web}/issues/1")

    github.set_state(1, "closed", "completed")
    body = github.webhook_body(1, "closed", who="mona")
    headers = {
        "Content-Type": "application/json",
        "X-GitHub-Event": "issues",
        "X-Hub-Signature-256": signature(SECRET, body),
    }
    assert httpx.post(webhook_url, content=body, headers=headers).status_code == 204
    expect(row.locator(".status-pill")).to_have_text("Done")
    expect(row.get_by_test_id("ticket-link")).to_contain_text("mona")
    screenshot(page, "action-issue-done")
