"""Wiki pages in the browser: a facilitator connects the team to a local Confluence site from
the Integrations page and sees the test pass; when the retro closes, its summary says where it
was published with a link, and *Publish again* updates the same page to its next version."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.flows import api_call, board_command, create_owner, create_team, screenshot
from tests.fake_confluence import FakeConfluence, fake_confluence


@pytest.fixture
def confluence() -> Iterator[FakeConfluence]:
    with fake_confluence() as site:
        yield site


def test_a_closed_retro_is_published_to_confluence_and_published_again(
    browser: Browser, connected_server: LiveServer, confluence: FakeConfluence
) -> None:
    page: Page = browser.new_page(base_url=connected_server.url)
    create_owner(page)
    create_team(page, "Payments")
    team_id = page.url.rstrip("/").split("/")[-1]

    page.get_by_role("link", name="Integrations").click()
    page.get_by_role("button", name="Connect Confluence…").click()
    page.get_by_label("Confluence site").fill(confluence.url)
    page.get_by_label("Account email").fill(confluence.email)
    page.get_by_label("Space key or id").fill("ENG")
    page.get_by_label("API token").fill(confluence.token)
    page.get_by_role("button", name="Connect to Confluence").click()
    check = page.get_by_test_id("confluence-check")
    expect(check).to_have_attribute("data-status", "ok")
    expect(check).to_contain_text("Publishes to Engineering (ENG)")

    retro = api_call(page, "POST", f"/api/teams/{team_id}/retros", {"title": "Sprint 9 retro"})
    board_command(page, retro["id"], "set_phase", phase="discuss")
    board_command(page, retro["id"], "create_action", title="Split <the> deploy script")
    board_command(page, retro["id"], "set_phase", phase="closed")
    page.goto(f"{connected_server.url}/retros/{retro['id']}")
    line = page.get_by_test_id("wiki-page")
    expect(line).to_have_attribute("data-state", "published")
    expect(line).to_contain_text("Published to Confluence, updated")
    [made] = confluence.created_pages()
    assert "Split &lt;the&gt; deploy script" in made["body"]
    expect(line.get_by_role("link", name="Open the page")).to_have_attribute(
        "href",
        f"{confluence.url}/wiki/spaces/ENG/pages/{made['id']}/" + made["title"].replace(" ", "+"),
    )
    screenshot(page, "summary-wiki-published")

    line.get_by_role("button", name="Publish again").click()
    expect(line.get_by_role("button", name="Publish again")).to_be_enabled()
    page.wait_for_function(
        "fetch(location.pathname.replace('/retros/', '/api/retros/') + '/pages')"
        ".then(r => r.json()).then(p => p[0].version === 2)"
    )
    assert [p["id"] for p in confluence.created_pages()] == [made["id"]]
    assert confluence.pages[made["id"]]["version"] == 2
