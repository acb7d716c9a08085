"""While the database cannot store anything (here: another process holds the SQLite lock), a
card written on the board waits in the page with a calm "Saving is paused, retrying…", and is
saved once, by itself, when the lock is let go."""

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.flows import (
    add_card,
    column,
    create_owner,
    create_retro,
    create_team,
    go_to_phase,
    screenshot,
)
from tests.held_lock import HeldLock

COLUMN = "Product Perspective"


@pytest.fixture
def short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Set before the server starts (it is listed first): writes give up on a lock in 0.5 s."""
    monkeypatch.setenv("TWOFOLD_SQLITE_BUSY_TIMEOUT_SECONDS", "0.5")


def test_a_card_written_while_saving_is_paused_is_saved_once_afterwards(
    short_busy_timeout: None, page: Page, server: LiveServer
) -> None:
    create_owner(page)
    create_team(page, "Checkout Squad")
    create_retro(page, "Paused retro")
    go_to_phase(page, "reflect")
    add_card(page, COLUMN, "Written before the lock")
    status = page.get_by_test_id("connection-state")
    expect(status).to_have_text("Live")

    lock = HeldLock(server.data_dir / "twofold.db")
    try:
        col = column(page, COLUMN)
        col.get_by_role("button", name="Add card").click()
        col.get_by_label("Card text").fill("Written while saving is paused")
        col.get_by_label("Card text").press("Control+Enter")
        expect(status).to_have_text("Saving is paused, retrying…")
        expect(status).to_have_attribute("data-state", "paused")
        # A wait, not a failure: no error is shown, and the text stays in the composer.
        expect(page.get_by_role("alert")).to_have_count(0)
        expect(col.get_by_label("Card text")).to_have_value("Written while saving is paused")
        screenshot(page, "saving-paused")
    finally:
        lock.release()

    saved = col.get_by_test_id("card").filter(has_text="Written while saving is paused")
    expect(saved).to_have_count(1)
    expect(status).to_have_text("Live")
    retro_id = page.url.rstrip("/").rsplit("/", 1)[-1]
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    board = httpx.get(f"{server.url}/api/retros/{retro_id}", cookies=cookies, timeout=10).json()
    texts = [card["text"] for card in board["cards"]]
    assert texts.count("Written while saving is paused") == 1
    assert "Written before the lock" in texts
