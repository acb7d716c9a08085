"""A team's deliveries in the browser: a facilitator finds a failed one, retries it from the
keyboard, sees the worker deliver it, and is told when a retry is refused."""

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LiveServer, serve
from tests.browser.flows import create_owner, create_team, screenshot


@pytest.fixture
def quiet_server(tmp_path: Path) -> Iterator[LiveServer]:
    """No worker in the server: what is pending stays pending until `twofold worker` runs."""
    with serve(tmp_path, TWOFOLD_WORKER_IN_PROCESS="false") as live:
        yield live


def _sql(server: LiveServer, statement: str, *params: str) -> None:
    with sqlite3.connect(server.data_dir / "twofold.db") as db:
        db.execute(statement, params)


def test_a_facilitator_retries_a_failed_delivery(
    browser: Browser, quiet_server: LiveServer, tmp_path: Path
) -> None:
    server = quiet_server
    page: Page = browser.new_page(base_url=server.url)
    create_owner(page)
    create_team(page, "Checkout")
    # The team's first event (its founder joining) failed every attempt.
    _sql(
        server,
        "UPDATE outbox SET failed_at = created_at, attempts = 8, "
        "last_error = 'ConnectionError: directory at hooks.example.com unreachable' "
        "WHERE kind = 'team.member_joined'",
    )

    page.get_by_role("link", name="Deliveries").click()
    expect(page.get_by_role("heading", level=1, name="Deliveries")).to_be_visible()
    row = page.get_by_test_id("delivery")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Member joined")
    expect(row).to_contain_text("Failed")
    expect(row).to_contain_text("after 8 tries")
    expect(row).to_contain_text("ConnectionError: directory at hooks.example.com unreachable")
    expect(page.get_by_test_id("delivery-counts")).to_have_text(
        "1 failed · 0 waiting or being retried"
    )
    screenshot(page, "deliveries-failed")
    page.screenshot(path=str(tmp_path / "deliveries-failed.png"), full_page=True)

    # From the keyboard: the button is reachable and answers Enter.
    retry = row.get_by_role("button", name="Retry Member joined", exact=False)
    retry.focus()
    expect(retry).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Member joined: trying again now")).to_be_visible()
    expect(row).to_contain_text("Waiting")
    expect(row).to_contain_text("Queued")
    expect(page.get_by_test_id("delivery-counts")).to_have_text(
        "0 failed · 1 waiting or being retried"
    )

    # A worker delivers it; the page shows nothing left.
    assert "Done 1" in server.twofold("worker", "--once")
    page.get_by_role("button", name="Refresh").click()
    expect(page.get_by_text("Nothing waiting, nothing failed")).to_be_visible()
    expect(page.get_by_test_id("delivery")).to_have_count(0)
    page.screenshot(path=str(tmp_path / "deliveries-empty.png"), full_page=True)

    # A retry the server refuses (delivered meanwhile) says why.
    _sql(
        server,
        "UPDATE outbox SET done_at = NULL, failed_at = created_at, last_error = 'Timeout' "
        "WHERE kind = 'team.member_joined'",
    )
    page.get_by_role("button", name="Refresh").click()
    expect(row).to_contain_text("Timeout")
    _sql(server, "UPDATE outbox SET done_at = created_at WHERE kind = 'team.member_joined'")
    row.get_by_role("button", name="Retry Member joined", exact=False).click()
    expect(page.get_by_test_id("banner")).to_contain_text("That delivery is done already.")
    # The list shows how things stand now: nothing left.
    expect(page.get_by_text("Nothing waiting, nothing failed")).to_be_visible()
    page.screenshot(path=str(tmp_path / "deliveries-refused.png"), full_page=True)


def test_members_who_do_not_facilitate_see_no_deliveries(page: Page, server: LiveServer) -> None:
    create_owner(page)
    create_team(page, "Checkout")
    team_url = page.url
    # The owner facilitates: the link is there. A plain member is refused by the server.
    expect(page.get_by_role("link", name="Deliveries")).to_be_visible()
    _sql(server, "UPDATE memberships SET is_facilitator = 0")
    page.goto(team_url)
    expect(page.get_by_role("heading", level=1, name="Checkout")).to_be_visible()
    expect(page.get_by_role("link", name="Deliveries")).to_have_count(0)
