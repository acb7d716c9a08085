"""What a retro found, taken out of the meeting, in one walk through the demo team: the closed
retro's summary with its topics, actions, flags, radar by side and equal voice; a share link a
stakeholder opens without an account until it is turned off; the Markdown and the files; the
trends page, each chart with its table; and the Tech Health report, drawn with its progress
shown and downloaded."""

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Browser, Page, expect
from pptx import Presentation

from tests.browser.conftest import LiveServer
from tests.browser.flows import export_summary, screenshot, share_then_revoke, sign_in_demo_pm
from twofold.services.demo import DEMO_TEAM

ACTION = "Reserve 20% of sprint capacity for tech debt"


def test_a_pm_takes_a_sprints_outcomes_to_stakeholders(
    page: Page, browser: Browser, server: LiveServer, tmp_path: Path
) -> None:
    sign_in_demo_pm(page, server)
    page.get_by_role("link", name=DEMO_TEAM).click()
    page.get_by_test_id("retro-link").filter(has_text="Sprint 13 retro").click()
    expect(page.get_by_role("heading", level=1, name="Sprint 13 retro")).to_be_visible()

    # The summary: topics in vote order, the agreed actions, the signals over their thresholds,
    # the radar of both sides and each side's share of the conversation.
    summary = page.get_by_test_id("closing-summary")
    topics = summary.get_by_test_id("summary-topic")
    expect(topics.first).to_be_visible()
    expect(topics.filter(has_text="No room for debt")).to_have_count(1)
    expect(summary.get_by_test_id("summary-actions")).to_contain_text(ACTION)
    rework = summary.locator('[data-testid="signal-flag"][data-signal="rework_days"]')
    expect(rework.get_by_test_id("flag-value")).to_contain_text("3.5")
    expect(summary.get_by_test_id("summary-no-flags")).to_have_count(0)
    radar = page.get_by_test_id("radar-panel")
    expect(radar.get_by_test_id("radar-product")).to_be_visible()
    expect(radar.get_by_test_id("radar-engineering")).to_be_visible()
    voice = summary.get_by_test_id("summary-voice")
    for measure in ("Cards", "Votes", "Discussion notes"):
        expect(voice.get_by_role("row", name=re.compile(measure))).to_contain_text(
            re.compile(r"\d+ \(\d+(\.\d)?%\).*\d+ \(\d+(\.\d)?%\)")
        )
    screenshot(page, "outcomes-summary")

    # Out to a stakeholder: a share link, then turned off; the Markdown and every file.
    share_then_revoke(page, browser, server, "Sprint 13 retro", ACTION, "outcomes")
    copied = export_summary(
        page,
        "sprint-13-retro",
        {
            "summary.md": ACTION,
            "cards.csv": "Promo rules kept moving",
            "actions.csv": ACTION,
            "summary.json": '"title": "Sprint 13 retro"',
        },
    )
    assert copied.startswith("# Sprint 13 retro\n")
    assert ACTION in copied

    # The trends page: every chart drawn, and each has the same figures as a table.
    page.get_by_role("link", name=DEMO_TEAM).click()
    page.get_by_role("link", name="Trends").click()
    expect(page.get_by_role("heading", level=1, name="Trends")).to_be_visible()
    canvases = page.locator("canvas")
    expect(canvases.first).to_be_visible()
    # The perception-gap chart arrives from a call of its own, and each chart's code after its
    # section: counted once every chart is drawn and none has come for a second.
    expect(page.get_by_text("Counting…")).to_have_count(0)
    show_table = page.get_by_role("button", name="Show table")
    charts = _once_settled(page, lambda: (show_table.count(), canvases.count()))[0]
    assert charts >= 5, charts
    # Each "Show table" turns into "Show chart" once pressed, so the first one left is the next.
    expect(show_table).to_have_count(charts)
    expect(canvases).to_have_count(charts)
    for shown in range(1, charts + 1):
        show_table.first.click()
        expect(page.get_by_test_id("chart-table")).to_have_count(shown)
        expect(page.get_by_test_id("chart-table").last).to_contain_text("Sprint 14")
    expect(canvases).to_have_count(0)
    screenshot(page, "outcomes-trends-tables")

    # The Tech Health report: asked for, drawn by the worker with its progress, downloaded.
    report = page.get_by_role("region", name="Tech Health report")
    report.get_by_role("button", name="Generate").click()
    expect(report.get_by_test_id("report-progress")).to_be_visible()
    link = report.get_by_test_id("report-download")
    expect(link).to_be_visible(timeout=20_000)
    with page.expect_download() as waiting:
        link.click()
    saved = tmp_path / waiting.value.suggested_filename
    waiting.value.save_as(saved)
    titles = [s.shapes.title.text for s in Presentation(str(saved)).slides]
    assert titles[0] == f"Tech Health report: {DEMO_TEAM}"
    screenshot(page, "outcomes-report")


def _once_settled(page: Page, read: Callable[[], tuple[int, int]]) -> tuple[int, int]:
    """`read()` once its two counts are equal and have stayed the same for a second."""
    last, steady = read(), 0
    for _ in range(150):
        page.wait_for_timeout(200)
        now = read()
        steady = steady + 1 if now == last and now[0] == now[1] else 0
        last = now
        if steady >= 5:
            return now
    raise AssertionError(f"charts and their canvases never settled: {last}")
