"""Every page is its own chunk, fetched when first opened: opened by its address, each page
still works, and a chunk that fails to arrive is said so, with a way to try again."""

import json
import re
from pathlib import Path

from playwright.sync_api import Page, Response, Route, expect

import twofold
from tests.browser.conftest import LiveServer
from tests.browser.flows import api_call, create_owner, create_retro, create_team


def _chunk_of(source: str) -> str:
    """The built file of a source file (shared parts are named by their hash alone)."""
    manifest = Path(twofold.__file__).parent / "web" / ".vite" / "manifest.json"
    found = json.loads(manifest.read_text(encoding="utf-8"))
    return str(found[source]["file"])


def _set_up(page: Page) -> tuple[str, str]:
    """A team with one retro; returns (team id, retro id)."""
    create_owner(page)
    create_team(page, "Chunks")
    team_id = page.url.rsplit("/", 1)[-1]
    create_retro(page, "Split retro")
    retro_id = page.url.rsplit("/", 1)[-1]
    return team_id, retro_id


def test_each_page_opened_by_its_address_loads_its_own_chunk(
    page: Page, server: LiveServer
) -> None:
    team_id, retro_id = _set_up(page)
    invite = api_call(page, "POST", f"/api/teams/{team_id}/invites", {})
    chunks: list[Response] = []
    page.on("response", lambda r: chunks.append(r) if "/assets/" in r.url else None)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    # (address, the page's chunk, its heading)
    pages = [
        ("/teams", "TeamsPage", "Teams"),
        (f"/teams/{team_id}", "TeamPage", "Chunks"),
        (f"/teams/{team_id}/prompts", "TeamGuidancePage", None),
        (f"/teams/{team_id}/debt", "DebtPage", None),
        (f"/teams/{team_id}/rituals", "RitualsPage", None),
        (f"/teams/{team_id}/actions", "TeamActionsPage", None),
        (f"/teams/{team_id}/deliveries", "TeamDeliveriesPage", None),
        (f"/teams/{team_id}/integrations", "TeamIntegrationsPage", None),
        (f"/teams/{team_id}/trends", "TrendsPage", None),
        ("/insights", "InsightsPage", None),
        (f"/retros/{retro_id}", "BoardPage", "Split retro"),
        ("/settings", "SettingsPage", "Settings"),
        (f"/invite/{invite['token']}", "InvitePage", None),
        ("/shared/not-a-real-link", "SharedSummaryPage", None),
    ]
    charts = "/" + _chunk_of("src/insights/TrendChart.svelte")
    assert charts.endswith(".js")
    for path, chunk, heading in pages:
        # Away first, so that a chunk the previous page was still fetching (the charts of the
        # page before) is not counted as this page's.
        page.goto("about:blank")
        chunks.clear()
        page.goto(path)
        h1 = page.get_by_role("heading", level=1)
        if heading:
            h1 = page.get_by_role("heading", level=1, name=heading)
        expect(h1.first).to_be_visible()
        expect(page.get_by_test_id("page-load-failed")).to_have_count(0)
        own = [r for r in chunks if re.search(rf"/assets/{chunk}-[\w-]+\.js$", r.url)]
        assert own, (path, [r.url for r in chunks])
        # Named after their content, chunks are cached for good.
        assert "immutable" in own[0].headers["cache-control"], own[0].headers
        # A participant's board does not bring the charts of the trends page along.
        if chunk == "BoardPage":
            assert not [r for r in chunks if r.url.endswith(charts)]
    assert errors == []
    # Signed out, the sign-in page is a chunk of its own too.
    page.context.clear_cookies()
    page.goto("/signin")
    expect(page.get_by_role("heading", level=1, name="Sign in")).to_be_visible()


def test_moving_to_a_page_puts_focus_on_its_heading_once_it_has_loaded(page: Page) -> None:
    _set_up(page)
    page.get_by_role("link", name="Settings").click()
    heading = page.get_by_role("heading", level=1, name="Settings")
    expect(heading).to_be_focused()


def test_a_chunk_that_fails_to_load_is_reported_with_a_retry(page: Page) -> None:
    _, retro_id = _set_up(page)
    page.goto("/teams")
    expect(page.get_by_role("heading", level=1, name="Teams")).to_be_visible()
    # The board's chunk is not in this page yet; the network drops the first attempts.
    failing = {"on": True}

    def maybe_fail(route: Route) -> None:
        if failing["on"]:
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route(re.compile(r"/assets/BoardPage-[\w-]+\.js$"), maybe_fail)
    page.evaluate(
        "path => { history.pushState(null, '', path); dispatchEvent(new PopStateEvent('popstate')); }",
        f"/retros/{retro_id}",
    )
    failed = page.get_by_test_id("page-load-failed")
    expect(failed).to_contain_text("This page could not be loaded")
    expect(page.get_by_role("heading", level=1, name="Split retro")).to_have_count(0)

    failing["on"] = False
    page.get_by_role("button", name="Try again").click()
    expect(page.get_by_role("heading", level=1, name="Split retro")).to_be_visible()
    expect(failed).to_have_count(0)
    expect(page).to_have_url(re.compile(rf"/retros/{retro_id}$"))
