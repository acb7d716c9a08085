"""A long column is drawn a slice per frame; every card still ends up in the page, in order,
and reachable with Tab."""

from playwright.sync_api import Page, expect

from tests.browser.flows import (
    api_call,
    board_command,
    column,
    create_owner,
    create_retro,
    create_team,
)

CARDS = 50  # more than a column draws at once


def test_every_card_of_a_long_column_is_shown_in_order_and_reachable_by_tab(page: Page) -> None:
    create_owner(page)
    create_team(page, "Long column")
    create_retro(page, "Many cards")
    retro_id = page.url.rsplit("/", 1)[-1]
    board = api_call(page, "GET", f"/api/retros/{retro_id}")
    first = min(board["columns"], key=lambda c: c["position"])
    board_command(page, retro_id, "set_phase", phase="reflect")
    for i in range(CARDS):
        board_command(
            page, retro_id, "add_card", column_id=first["id"], text=f"Card number {i:02d}"
        )

    page.reload()
    col = column(page, first["title"])
    cards = col.get_by_test_id("card")
    expect(cards).to_have_count(CARDS)
    expect(col.get_by_test_id("column-count")).to_have_text(str(CARDS))
    # The text as the page holds it (innerText is empty for a card not yet drawn off-screen).
    texts = cards.get_by_test_id("card-text").all_text_contents()
    assert texts == [f"Card number {i:02d}" for i in range(CARDS)]

    # From the next-to-last card's last control, Tab reaches the last card's first one.
    cards.nth(CARDS - 2).get_by_role("button", name="Delete").focus()
    page.keyboard.press("Tab")
    expect(cards.nth(CARDS - 1).get_by_role("button", name="Edit")).to_be_focused()
    # The last card, far below the fold, is drawn once it is scrolled to.
    cards.nth(CARDS - 1).scroll_into_view_if_needed()
    expect(cards.nth(CARDS - 1).get_by_test_id("card-text")).to_be_visible()
