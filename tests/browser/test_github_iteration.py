"""Sprint signals from a GitHub project's iteration in the browser: a facilitator connects the
team to GitHub naming a project and its points field, lists the project's iterations in the
signals step, picks Sprint 7 and sees the figures filled in with where they came from, and
removals said to be not tracked."""

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
from tests.fake_github import FakeGitHub, fake_github
from tests.github_iteration_fixture import PROJECT, build


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    with fake_github() as site:
        build(site)
        yield site


def test_a_facilitator_fills_the_signals_from_a_github_iteration(
    browser: Browser, connected_server: LiveServer, github: FakeGitHub
) -> None:
    page, team_id = connecting_a_tracker(browser, connected_server, "GitHub")
    page.get_by_label("Repository").fill(github.repository)
    page.get_by_label("API address").fill(github.url)
    page.get_by_label("Fine-grained personal access token").fill(github.token)
    page.get_by_label(re.compile("^Project whose iterations")).fill(PROJECT)
    page.get_by_label(re.compile("^Points field")).fill("Estimate")
    page.get_by_role("button", name="Connect to GitHub").click()
    expect(page.get_by_test_id("github-check")).to_have_attribute("data-status", "ok")

    page.goto(f"{connected_server.url}/teams/{team_id}")
    create_retro(page, "Sprint 7 retro")
    panel = page.get_by_test_id("tracker-sprint")
    panel.get_by_role("button", name="List GitHub iterations").click()
    select = panel.get_by_test_id("tracker-sprint-select")
    expect(select.locator("option")).to_have_text(
        ["Sprint 8 (active, Checkout roadmap)", "Sprint 7 (completed, Checkout roadmap)"]
    )
    select.select_option("it7")
    panel.get_by_role("button", name="Fill signals from this iteration").click()

    figures = panel.get_by_test_id("tracker-figures")
    committed = figures.locator("tr[data-field=stories_committed]")
    expect(committed).to_contain_text("5")
    expect(committed).to_contain_text(re.compile(r"from GitHub iteration Sprint 7, \d\d:\d\d"))
    expect(figures.locator("tr[data-field=points_completed]")).to_contain_text("7")
    expect(figures.locator("tr[data-extra=removed_after_start]")).to_contain_text("not tracked")
    screenshot(page, "signals-from-github-iteration")
