"""Linear in the browser: a facilitator connects the team to a local Linear workspace through
the form drawn from Linear's settings and sees the test pass, pushes an action item and sees
its issue's identifier, and when the issue is completed in Linear (its signed webhook
arriving) the item shows done on the team's action items page without a reload."""

from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.flows import api_call, board_command, create_owner, create_team, screenshot
from tests.fake_linear import FakeLinear, fake_linear
from twofold.integrations.linear.webhook import signature

SECRET = "lin_wh_signing_secret_5678"


@pytest.fixture
def linear() -> Iterator[FakeLinear]:
    with fake_linear() as workspace:
        yield workspace


def test_connect_push_and_see_the_issue_completed_in_linear(
    browser: Browser, connected_server: LiveServer, linear: FakeLinear
) -> None:
    page: Page = browser.new_page(base_url=connected_server.url)
    create_owner(page)
    create_team(page, "Payments")
    team_id = page.url.rstrip("/").split("/")[-1]
    retro = api_call(page, "POST", f"/api/teams/{team_id}/retros", {"title": "Sprint 9 retro"})
    board_command(page, retro["id"], "set_phase", phase="discuss")
    board_command(page, retro["id"], "create_action", title="Split the deploy script")

    page.get_by_role("link", name="Integrations").click()
    page.get_by_role("button", name="Connect Linear…").click()
    form = page.get_by_test_id("connect-linear")
    expect(form.get_by_label("API address")).to_have_value("https://api.linear.app/graphql")
    form.get_by_label("Team key").fill("ENG")
    form.get_by_label("API address").fill(linear.url)
    form.get_by_label("Personal API key").fill(linear.token)
    form.get_by_label("Webhook secret (optional)").fill(SECRET)
    screenshot(page, "integrations-linear-form")
    page.get_by_role("button", name="Connect to Linear").click()
    check = page.get_by_test_id("linear-check")
    expect(check).to_have_attribute("data-status", "ok")
    expect(check).to_contain_text("Connected as Lin Bot to Engineering (ENG).")
    expect(page.get_by_test_id("linear-connection")).to_contain_text("••••••••1234")
    expect(page.get_by_test_id("linear-connection")).not_to_contain_text(linear.token)
    webhook_url = page.get_by_label("Webhook URL for Linear").input_value()
    assert webhook_url.startswith(f"{connected_server.url}/api/integrations/linear/")
    screenshot(page, "integrations-linear")

    page.goto(f"{connected_server.url}/teams/{team_id}/actions")
    row = page.get_by_test_id("team-action")
    row.get_by_role("button", name="Push to Linear").click()
    expect(row.get_by_role("link", name="ENG-1")).to_have_attribute(
        "href", "https://linear.app/acme/issue/ENG-1/split-the-deploy-script"
    )

    linear.set_state("ENG-1", "Done")
    body = linear.webhook_body("ENG-1", who="Ada Admin")
    headers = {"Content-Type": "application/json", "Linear-Signature": signature(SECRET, body)}
    assert httpx.post(webhook_url, content=body, headers=headers).status_code == 204
    expect(row.locator(".status-pill")).to_have_text("Done")
    expect(row.get_by_test_id("ticket-link")).to_contain_text("Ada Admin")
    screenshot(page, "action-linear-issue-done")
