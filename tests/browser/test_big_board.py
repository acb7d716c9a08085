"""A long column is in the page at once, every card in order and saying its place in the column:
the first screenful in full, the rest in brief (words and one line) until each comes near the
window, when it gets its controls; Tab walks the whole column."""

from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.flows import (
    add_tech_lead,
    api_call,
    board_command,
    column,
    create_owner,
    create_retro,
    create_team,
)

CARDS = 50  # more than a column draws in full at once


def _long_column(page: Page, team: str) -> Locator:
    """A retro in reflect whose first column holds CARDS cards, freshly loaded."""
    create_owner(page)
    create_team(page, team)
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
    return column(page, first["title"])


def test_every_card_of_a_long_column_is_in_the_page_in_order(page: Page) -> None:
    col = _long_column(page, "Long column")
    cards = col.get_by_test_id("card")
    expect(cards).to_have_count(CARDS)
    expect(col.get_by_test_id("column-count")).to_have_text(str(CARDS))
    # The text as the page holds it (innerText is empty for a card not laid out off-screen).
    texts = cards.get_by_test_id("card-text").all_text_contents()
    assert texts == [f"Card number {i:02d}" for i in range(CARDS)]
    # Each card tells a screen reader where it stands: "card 50 of 50".
    expect(cards.nth(0)).to_have_attribute("aria-posinset", "1")
    expect(cards.nth(CARDS - 1)).to_have_attribute("aria-posinset", str(CARDS))
    expect(cards.nth(CARDS - 1)).to_have_attribute("aria-setsize", str(CARDS))

    # Far down, a card is in brief: its words, its kind and who wrote it, no controls yet.
    last = cards.nth(CARDS - 1)
    expect(last).to_contain_text("Went well · Priya PM · Product Manager")
    expect(last.get_by_role("button")).to_have_count(0)
    assert cards.get_by_role("button", name="Edit").count() < CARDS
    # Scrolled near, it is drawn in full, in its place.
    last.scroll_into_view_if_needed()
    expect(last.get_by_role("button", name="Edit")).to_be_visible()
    expect(cards.nth(CARDS - 1)).to_have_attribute("aria-posinset", str(CARDS))
    expect(cards).to_have_count(CARDS)


def test_tab_walks_a_long_column_from_its_first_card_to_its_last(page: Page) -> None:
    col = _long_column(page, "Keyboard column")
    cards = col.get_by_test_id("card")
    expect(cards).to_have_count(CARDS)
    cards.nth(0).get_by_role("button", name="Edit").focus()
    # Each card in full has Edit then Delete: Tab never skips a card still in brief.
    for i in range(CARDS):
        for name in ("Edit", "Delete"):
            if (i, name) != (0, "Edit"):
                page.keyboard.press("Tab")
            expect(cards.nth(i).get_by_role("button", name=name)).to_be_focused()


def test_a_card_being_edited_stays_open_when_other_peoples_cards_push_it_down(
    page: Page, browser: Browser, server: LiveServer
) -> None:
    col = _long_column(page, "Pushed down")
    cards = col.get_by_test_id("card")
    retro_id = page.url.rsplit("/", 1)[-1]
    team_id = api_call(page, "GET", f"/api/retros/{retro_id}")["team_id"]
    # The last card the first screenful draws in full, by its place alone.
    first = page.evaluate("Math.max(12, Math.ceil(innerHeight / 60))")
    card = cards.nth(first - 1)
    card.get_by_role("button", name="Edit").click()
    page.get_by_label("Card text").fill("Half-written thought, not saved yet")

    # Someone else's cards are hidden to this reader, and go above the reader's own.
    lead = add_tech_lead(page, browser, server, team_id)
    board = api_call(page, "GET", f"/api/retros/{retro_id}")
    first_column = min(board["columns"], key=lambda c: c["position"])
    for i in range(3):
        board_command(lead, retro_id, "add_card", column_id=first_column["id"], text=f"Lead {i}")
    expect(col.get_by_test_id("hidden-card")).to_have_count(3)

    # The card went from the first screenful's last place to three further down, and kept its
    # open editor and what was typed in it.
    expect(page.get_by_label("Card text")).to_have_value("Half-written thought, not saved yet")
    col.get_by_role("button", name="Save", exact=True).click()
    saved = col.get_by_test_id("card").filter(has_text="Half-written thought, not saved yet")
    expect(saved).to_have_attribute("aria-posinset", str(first + 3))


def test_after_the_reveal_every_card_is_a_topic_in_the_page_and_gets_its_controls_when_near(
    page: Page,
) -> None:
    _long_column(page, "Many topics")
    retro_id = page.url.rsplit("/", 1)[-1]
    for phase in ("reveal", "group"):
        board_command(page, retro_id, "set_phase", phase=phase)
    page.reload()
    topics = page.get_by_test_id("topic")
    expect(topics).to_have_count(CARDS)
    cards = page.get_by_test_id("card")
    assert cards.get_by_test_id("card-text").all_text_contents() == [
        f"Card number {i:02d}" for i in range(CARDS)
    ]
    # Far down, a topic is in brief: its card's words and line, no checkbox to group it yet.
    last = topics.nth(CARDS - 1)
    expect(last).to_contain_text("Went well · Priya PM · Product Manager")
    expect(last.get_by_role("checkbox")).to_have_count(0)
    last.scroll_into_view_if_needed()
    last.get_by_role("checkbox", name="Select this card: Card number 49").check()
    expect(page.get_by_text("1 selected")).to_be_visible()
