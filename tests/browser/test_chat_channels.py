"""Slack in the browser: a facilitator connects the team's Slack webhook on the Integrations
page, closes a retro, and its summary page says where the summary was posted; pressing the
button posts it again."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LiveServer, serve
from tests.browser.flows import api_call, board_command, create_owner, create_team, screenshot
from tests.fake_slack import FakeSlack, fake_slack
from twofold.integrations.vault import new_key


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    with fake_slack() as server:
        yield server


@pytest.fixture
def chat_server(tmp_path: Path) -> Iterator[LiveServer]:
    with serve(
        tmp_path,
        TWOFOLD_INTEGRATIONS_KEY=new_key(),
        TWOFOLD_INTEGRATIONS_ANY_HOST="true",
        TWOFOLD_WORKER_POLL_SECONDS="0.2",
    ) as live:
        yield live


def test_connect_slack_close_the_retro_and_see_it_posted(
    browser: Browser, chat_server: LiveServer, slack: FakeSlack
) -> None:
    page: Page = browser.new_page(base_url=chat_server.url)
    create_owner(page)
    create_team(page, "Payments")
    team_id = page.url.rstrip("/").split("/")[-1]
    retro = api_call(page, "POST", f"/api/teams/{team_id}/retros", {"title": "Sprint 9 retro"})
    board_command(page, retro["id"], "set_phase", phase="discuss")
    board_command(page, retro["id"], "create_action", title="Split the <deploy> script")

    page.get_by_role("link", name="Integrations").click()
    page.get_by_role("button", name="Connect Slack…").click()
    page.get_by_label("Webhook address or bot token").fill(slack.hook_url)
    page.get_by_role("button", name="Connect to Slack").click()
    check = page.get_by_test_id("slack-check")
    expect(check).to_have_attribute("data-status", "ok")
    expect(check).to_contain_text("the first summary posted tests it")
    expect(page.get_by_test_id("slack-connection")).not_to_contain_text(slack.hook_url)
    screenshot(page, "integrations-slack")

    board_command(page, retro["id"], "set_phase", phase="closed")
    page.goto(f"{chat_server.url}/retros/{retro['id']}")
    post = page.get_by_test_id("channel-post")
    expect(post).to_have_attribute("data-state", "posted")
    expect(post).to_contain_text("Posted to Slack")
    [message] = slack.hook_messages
    assert "Split the &lt;deploy&gt; script" in str(message["blocks"])
    screenshot(page, "summary-posted-to-slack")

    post.get_by_role("button", name="Post again to Slack").click()
    for _ in range(100):
        if len(slack.hook_messages) == 2:
            break
        page.wait_for_timeout(100)
    assert len(slack.hook_messages) == 2
    expect(post).to_have_attribute("data-state", "posted")
