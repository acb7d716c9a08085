"""Every page, in the light and the dark theme, and the board in every phase (on a phone too),
checked by axe-core: no serious or critical violation anywhere.

One instance with the demo loaded serves the whole module, and the pages are visited with a
few long-lived browser contexts, so the many checks stay quick.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, StorageState, ViewportSize, expect

from tests.browser.axe import assert_accessible, describe, violations
from tests.browser.conftest import LiveServer, serve
from tests.browser.flows import (
    add_card,
    api_call,
    board_command,
    screenshot,
    sign_in_demo_pm,
)
from twofold.services.demo import DEMO_TEAM

THEMES: tuple[Literal["light", "dark"], ...] = ("light", "dark")
PHASES = (
    "check_in",
    "review",
    "reflect",
    "reveal",
    "group",
    "vote",
    "discuss",
    "actions",
    "closed",
)


@dataclass
class Demo:
    server: LiveServer
    member: Page
    stranger: Page
    team_id: str
    closed_retro_id: str
    share_path: str
    invite_path: str


def _context(
    browser: Browser,
    server: LiveServer,
    viewport: ViewportSize | None = None,
    storage_state: StorageState | None = None,
) -> BrowserContext:
    context = browser.new_context(
        base_url=server.url,
        viewport=viewport or {"width": 1400, "height": 900},
        storage_state=storage_state,
    )
    context.set_default_timeout(10_000)
    return context


@pytest.fixture(scope="module")
def demo(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    tmp: Path = tmp_path_factory.mktemp("a11y")
    with serve(tmp) as server:
        member_context = _context(browser, server)
        stranger_context = _context(browser, server)
        try:
            member = member_context.new_page()
            sign_in_demo_pm(member, server)
            team_id = next(
                t["id"] for t in api_call(member, "GET", "/api/teams") if t["name"] == DEMO_TEAM
            )
            retros = api_call(member, "GET", f"/api/teams/{team_id}/retros")
            closed = next(r["id"] for r in retros if r["phase"] == "closed")
            share = api_call(member, "POST", f"/api/retros/{closed}/shares", {})
            invite = api_call(member, "POST", f"/api/teams/{team_id}/invites", {})
            yield Demo(
                server,
                member,
                stranger_context.new_page(),
                team_id,
                closed,
                share["path"],
                f"/invite/{invite['token']}",
            )
        finally:
            member_context.close()
            stranger_context.close()


def _settle(page: Page) -> None:
    """The page has drawn its data: a main heading is shown and nothing is still loading."""
    expect(page.locator("h1").first).to_be_visible()
    expect(page.locator(".loading")).to_have_count(0)


def _findings(page: Page, where: str) -> list[str]:
    """The page checked as it is in each theme (the device's choice, which the app follows)."""
    problems: list[str] = []
    for theme in THEMES:
        # Reduced motion, which the app honours: colours are checked as they settle, not
        # half-way through a theme's transition.
        page.emulate_media(color_scheme=theme, reduced_motion="reduce")
        expect(page.locator("html")).to_have_attribute("data-theme", theme)
        found = violations(page)
        if found:
            problems.append(f"{where} ({theme}):\n{describe(found)}")
    page.emulate_media(color_scheme="light", reduced_motion="reduce")
    return problems


def _check_both_themes(page: Page, where: str) -> None:
    problems = _findings(page, where)
    assert not problems, "accessibility violations:\n" + "\n".join(problems)


# Pages a member sees, by path (`{team}` is the demo team, `{retro}` its last closed retro).
MEMBER_PAGES = {
    "teams": "/teams",
    "team": "/teams/{team}",
    "guidance": "/teams/{team}/prompts",
    "debt": "/teams/{team}/debt",
    "rituals": "/teams/{team}/rituals",
    "actions": "/teams/{team}/actions",
    "deliveries": "/teams/{team}/deliveries",
    "integrations": "/teams/{team}/integrations",
    "trends": "/teams/{team}/trends",
    "insights": "/insights",
    "settings": "/settings",
    "closed-retro": "/retros/{retro}",
    "not-found": "/no/such/page",
}


@pytest.mark.parametrize("name", list(MEMBER_PAGES))
def test_a_members_page_has_no_serious_violations(demo: Demo, name: str) -> None:
    page = demo.member
    page.goto(MEMBER_PAGES[name].format(team=demo.team_id, retro=demo.closed_retro_id))
    _settle(page)
    _check_both_themes(page, name)


STRANGER_PAGES = {
    "sign-in": ("/signin", None),
    "sign-up": ("/signup", None),
    "reset-password": ("/reset/not-a-real-token", None),
    "shared-summary": ("{share}", "closing-summary"),
    "invite": ("{invite}", None),
}


@pytest.mark.parametrize("name", list(STRANGER_PAGES))
def test_a_public_page_has_no_serious_violations(demo: Demo, name: str) -> None:
    page = demo.stranger
    path, testid = STRANGER_PAGES[name]
    page.goto(path.format(share=demo.share_path, invite=demo.invite_path))
    _settle(page)
    if testid:
        expect(page.get_by_test_id(testid)).to_be_visible()
    _check_both_themes(page, name)


def test_the_helper_fails_on_a_violation_and_says_where(demo: Demo) -> None:
    """The check itself can fail: a button with no name, added to a page, is reported with its
    rule, impact and selector."""
    page = demo.member
    page.goto("/teams")
    _settle(page)
    page.evaluate(
        """() => {
            const b = document.createElement('button');
            b.id = 'nameless';
            document.querySelector('main').append(b);
        }"""
    )
    found = violations(page)
    assert [v["id"] for v in found] == ["button-name"], describe(found)
    assert found[0]["impact"] == "critical"
    with pytest.raises(AssertionError, match=r"button-name \(critical\).*\n.*#nameless"):
        assert_accessible(page, "teams with a nameless button")


def test_the_board_in_every_phase_on_a_computer_and_a_phone(demo: Demo, browser: Browser) -> None:
    """A new retro on the demo team walked through every phase by its facilitator; each phase
    is checked in both themes at desktop width and on a phone (390 by 844)."""
    page = demo.member
    retro_id = api_call(
        page, "POST", f"/api/teams/{demo.team_id}/retros", {"title": "Accessible retro"}
    )["id"]
    phone_context = _context(
        browser,
        demo.server,
        viewport={"width": 390, "height": 844},
        storage_state=page.context.storage_state(),
    )
    problems: list[str] = []
    try:
        page.goto(f"/retros/{retro_id}")
        phone = phone_context.new_page()
        phone.goto(f"/retros/{retro_id}")
        for phase in PHASES:
            if phase != "check_in":
                board_command(page, retro_id, "set_phase", phase=phase)
            for p in (page, phone):
                expect(p.get_by_test_id("phase-current")).to_have_attribute("data-phase", phase)
                expect(p.get_by_test_id("connection-state")).to_have_text("Live")
            if phase == "reflect":
                add_card(page, "Product Perspective", "Specs settled early", "Went well")
                add_card(page, "Engineering Perspective", "Flaky deploys", "Didn't go well")
                # A card being written is part of the board to check too.
                page.get_by_test_id("column").first.get_by_role("button", name="Add card").click()
            if phase == "group":
                cards = [c["id"] for c in api_call(page, "GET", f"/api/retros/{retro_id}")["cards"]]
                board_command(page, retro_id, "group_cards", card_ids=cards, title="Delivery")
                expect(page.get_by_test_id("group")).to_have_count(1)
            screenshot(page, f"a11y-board-{phase}")
            problems += _findings(page, f"board, {phase}")
            problems += _findings(phone, f"board on a phone, {phase}")
        # Every phase is seen before failing, so one run names everything to fix.
        assert not problems, "accessibility violations:\n" + "\n".join(problems)
    finally:
        phone_context.close()


@pytest.mark.parametrize("path", ["/teams/{team}/trends", "/insights"])
def test_every_chart_has_a_table_view_that_passes_too(demo: Demo, path: str) -> None:
    """A chart drawn on a canvas says nothing to a screen reader: each one offers its
    figures as a table, and the page with every table shown passes the same checks."""
    page = demo.member
    page.goto(path.format(team=demo.team_id))
    _settle(page)
    expect(page.locator("canvas").first).to_be_visible()
    # Some charts come after others (a comparison of teams, say): wait for all of them.
    page.wait_for_load_state("networkidle")
    toggles = page.get_by_role("button", name="Show table")
    expect(toggles.first).to_be_visible()
    shown = toggles.count()
    for _ in range(shown):
        toggles.first.click()
    expect(toggles).to_have_count(0)
    expect(page.get_by_test_id("chart-table")).to_have_count(shown)
    # Every chart became a table: none is left drawn only as pixels.
    expect(page.locator("canvas")).to_have_count(0)
    _check_both_themes(page, f"{path} with its charts as tables")
