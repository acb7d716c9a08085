"""The Tech Health report from the Trends page: the demo PM generates slides, watches the
progress, and downloads a deck that opens; a report the server cannot save says why and offers
to try again."""

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from pptx import Presentation

from tests.browser.conftest import LiveServer, serve
from tests.browser.flows import screenshot, sign_in_demo_pm
from twofold.services.demo import DEMO_TEAM


def _to_trends(page: Page, server: LiveServer) -> None:
    sign_in_demo_pm(page, server)
    page.get_by_role("link", name=DEMO_TEAM).click()
    page.get_by_role("link", name="Trends").click()
    expect(page.get_by_role("heading", level=1, name="Trends")).to_be_visible()


def test_the_pm_generates_slides_and_downloads_them(
    page: Page, server: LiveServer, tmp_path: Path
) -> None:
    _to_trends(page, server)
    page.get_by_role("button", name="Last 3 sprints").click()
    report = page.get_by_role("region", name="Tech Health report")
    expect(report).to_contain_text("Covers the last 3 sprints.")
    expect(report.get_by_test_id("report-format")).to_have_value("pptx")
    report.get_by_role("button", name="Generate").click()
    expect(report.get_by_test_id("report-progress")).to_be_visible()
    link = report.get_by_test_id("report-download")
    expect(link).to_be_visible(timeout=20_000)
    expect(link).to_have_text(re.compile(r"^Download tech-health-checkout-squad-demo-.*\.pptx$"))
    expect(report.get_by_test_id("report-progress")).to_have_count(0)
    screenshot(page, "tech-health-report")
    with page.expect_download() as waiting:
        link.click()
    download = waiting.value
    assert download.suggested_filename.endswith(".pptx")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    deck = Presentation(str(saved))
    titles = [s.shapes.title.text for s in deck.slides]
    assert titles[0] == f"Tech Health report: {DEMO_TEAM}"
    assert "Wins and risks" in titles
    # The report is listed for the team, newest first.
    report.get_by_text("Recent reports (1)").click()
    expect(report.get_by_test_id("recent-reports")).to_contain_text("Slides (.pptx)")


@pytest.fixture
def blocked_server(tmp_path: Path) -> Iterator[LiveServer]:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the report folder should be")
    with serve(tmp_path, TWOFOLD_REPORT_DIR=str(blocked)) as live:
        yield live


def test_a_report_the_server_cannot_save_says_why(
    browser: Browser, blocked_server: LiveServer
) -> None:
    context = browser.new_context(base_url=blocked_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        _to_trends(page, blocked_server)
        report = page.get_by_role("region", name="Tech Health report")
        report.get_by_test_id("report-format").select_option("md")
        report.get_by_role("button", name="Generate").click()
        failed = report.get_by_test_id("report-job")
        expect(failed).to_have_attribute("data-status", "failed", timeout=20_000)
        expect(failed.get_by_role("alert")).to_contain_text(
            "The report could not be saved in the report folder"
        )
        expect(failed.get_by_role("button", name="Try again")).to_be_visible()
        failed.get_by_role("button", name="Try again").click()
        # Queued again, then, the folder still blocked, failed again with the same reason.
        expect(failed).to_have_attribute("data-status", "queued")
        expect(report.get_by_test_id("report-progress")).to_be_visible()
        expect(failed).to_have_attribute("data-status", "failed", timeout=20_000)
        expect(failed.get_by_role("alert")).to_contain_text("could not be saved")
        expect(report.get_by_test_id("report-download")).to_have_count(0)
    finally:
        context.close()
