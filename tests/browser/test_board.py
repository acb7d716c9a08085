"""What a person does on a first visit: set up, team, retro, cards, and a guest joining."""

import re

from playwright.sync_api import Browser, Dialog, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.flows import (
    add_card,
    column,
    create_owner,
    create_retro,
    create_team,
    go_to_phase,
    invite_link,
    join_as_guest,
)

COLUMNS = ["Product Perspective", "Engineering Perspective", "Collaboration Improvements"]


def test_first_retro_with_cards_and_a_guest(
    page: Page, browser: Browser, server: LiveServer
) -> None:
    create_owner(page)
    create_team(page, "Checkout Squad")
    create_retro(page, "Sprint 7 retro")
    # A new retro opens in check-in; cards are written in reflect.
    expect(page.get_by_test_id("phase-current")).to_have_attribute("data-phase", "check_in")
    expect(page.get_by_test_id("connection-state")).to_have_text("Live")
    go_to_phase(page, "reflect")

    board = page.get_by_test_id("board")
    expect(board.get_by_test_id("column")).to_have_count(3)
    for title, want in zip(COLUMNS, COLUMNS, strict=True):
        expect(column(page, title).get_by_role("heading", name=want)).to_be_visible()

    product = add_card(page, COLUMNS[0], "Beta cohort converted 12% better", polarity="Went well")
    expect(product.get_by_test_id("card-polarity")).to_have_text("Went well")
    expect(product.get_by_test_id("card-author")).to_contain_text("Product Manager")
    eng = add_card(
        page,
        COLUMNS[1],
        "Seven clarifying questions on the promo story",
        polarity="Didn't go well",
        friction="requirements_clarity",
    )
    expect(eng.get_by_test_id("card-friction")).to_have_text("Requirements clarity")
    proposal = add_card(page, COLUMNS[2], "Add an Edge Cases section to acceptance criteria")
    expect(proposal.get_by_test_id("card-polarity")).to_have_text("Proposal")

    # Edit the engineering card.
    eng.get_by_role("button", name="Edit").click()
    eng.get_by_label("Card text").fill("  ")
    eng.get_by_role("button", name="Save").click()
    expect(eng.get_by_text("A card cannot be empty. Delete it instead.")).to_be_visible()
    expect(eng.get_by_label("Card text")).to_be_focused()
    eng.get_by_label("Card text").fill("Nine clarifying questions on the promo story")
    eng.get_by_role("button", name="Save").click()
    edited = column(page, COLUMNS[1]).get_by_test_id("card")
    expect(edited.get_by_test_id("card-text")).to_have_text(
        "Nine clarifying questions on the promo story"
    )

    # Delete the product card, confirming in the dialog.
    product.get_by_role("button", name="Delete").click()
    page.get_by_role("dialog").get_by_role("button", name="Delete").click()
    expect(column(page, COLUMNS[0]).get_by_test_id("card")).to_have_count(0)

    # The cards survive a reload: they were stored, not just drawn.
    page.reload()
    expect(page.get_by_test_id("card")).to_have_count(2)

    # Invite a guest to this retro.
    link = invite_link(page)
    assert re.fullmatch(rf"{re.escape(server.url)}/invite/[\w-]+", link), link

    guest_context = browser.new_context(base_url=server.url)
    guest = guest_context.new_page()
    frames: list[str] = []
    guest.on(
        "websocket",
        lambda ws: ws.on(
            "framereceived",
            lambda payload: frames.append(
                payload if isinstance(payload, str) else payload.decode()
            ),
        ),
    )
    join_as_guest(guest, link, "Gus from Design", "design")
    expect(guest.get_by_role("heading", level=1, name="Sprint 7 retro")).to_be_visible()
    expect(guest.get_by_test_id("connection-state")).to_have_text("Live")

    # Before the reveal the guest knows the PM's cards exist, but not what they say.
    secret = "Nine clarifying questions on the promo story"
    expect(guest.get_by_test_id("hidden-card")).to_have_count(2)
    expect(guest.get_by_text(secret)).to_have_count(0)
    assert frames, "the guest's board socket received nothing"
    assert not [f for f in frames if secret in f]

    guest_card = add_card(guest, COLUMNS[0], "Mockups were ready before planning")
    expect(guest_card.get_by_test_id("card-author")).to_contain_text("Gus from Design")
    expect(guest_card.get_by_role("button", name="Edit")).to_be_visible()
    # The facilitator sees that the guest wrote a card, without its text, and without a reload.
    expect(column(page, COLUMNS[0]).get_by_test_id("hidden-card")).to_have_count(1)
    expect(page.get_by_text("Mockups were ready")).to_have_count(0)
    assert not [f for f in frames if secret in f]

    # The reveal: everyone sees every card, live.
    go_to_phase(page, "reveal")
    expect(guest.get_by_test_id("phase-current")).to_have_attribute("data-phase", "reveal")
    expect(guest.get_by_test_id("card-text").filter(has_text=secret)).to_have_count(1)
    expect(page.get_by_test_id("card-text").filter(has_text="Mockups were ready")).to_have_count(1)
    # The guest can edit their own card but not the PM's.
    others = column(guest, COLUMNS[1]).get_by_test_id("card")
    expect(others).to_have_count(1)
    expect(others.get_by_role("button", name="Edit")).to_have_count(0)
    guest_context.close()


def test_card_text_with_markup_is_shown_as_text_and_runs_nothing(page: Page) -> None:
    create_owner(page)
    create_team(page, "Safety")
    create_retro(page, "XSS retro")
    go_to_phase(page, "reflect")
    payload = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b>bold?</b>'
    dialogs: list[str] = []

    def dismiss(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    card = add_card(page, COLUMNS[1], payload)
    expect(card.get_by_test_id("card-text")).to_have_text(payload)
    assert card.locator("img, script, b").count() == 0
    page.reload()
    expect(page.get_by_test_id("card-text")).to_have_text(payload)
    assert page.evaluate("() => window.__pwned") is None
    assert dialogs == []
