"""What a person does on a first visit: set up, team, retro, cards, and a guest joining."""

import re

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.flows import add_card, column, create_owner, create_retro, create_team

COLUMNS = ["Product Perspective", "Engineering Perspective", "Collaboration Improvements"]


def test_first_retro_with_cards_and_a_guest(
    page: Page, browser: Browser, server: LiveServer
) -> None:
    create_owner(page)
    create_team(page, "Checkout Squad")
    create_retro(page, "Sprint 7 retro")

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
    page.get_by_role("button", name="Invite").click()
    link = page.get_by_role("dialog").get_by_test_id("invite-link").input_value()
    assert re.fullmatch(rf"{re.escape(server.url)}/invite/[\w-]+", link), link
    page.get_by_role("dialog").get_by_role("button", name="Done").click()

    guest_context = browser.new_context(base_url=server.url)
    guest = guest_context.new_page()
    guest.goto(link)
    guest_region = guest.get_by_role("region", name="Join this retro as a guest")
    guest_region.get_by_label("Your name").fill("Gus from Design")
    guest_region.get_by_label("Your role").select_option("design")
    guest_region.get_by_role("button", name="Join as guest").click()
    expect(guest.get_by_role("heading", level=1, name="Sprint 7 retro")).to_be_visible()
    guest_card = add_card(guest, COLUMNS[0], "Mockups were ready before planning")
    expect(guest_card.get_by_test_id("card-author")).to_contain_text("Gus from Design")
    # The guest can edit their own card but not the PM's.
    expect(guest_card.get_by_role("button", name="Edit")).to_be_visible()
    others = column(guest, COLUMNS[1]).get_by_test_id("card")
    expect(others.get_by_role("button", name="Edit")).to_have_count(0)

    # The facilitator's board picks up the guest's card without a reload.
    expect(
        column(page, COLUMNS[0]).get_by_test_id("card").filter(has_text="Mockups")
    ).to_have_count(1, timeout=15_000)
    guest_context.close()


def test_card_text_with_markup_is_shown_as_text_and_runs_nothing(page: Page) -> None:
    create_owner(page)
    create_team(page, "Safety")
    create_retro(page, "XSS retro")
    payload = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b>bold?</b>'
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    card = add_card(page, COLUMNS[1], payload)
    expect(card.get_by_test_id("card-text")).to_have_text(payload)
    assert card.locator("img, script, b").count() == 0
    page.reload()
    expect(page.get_by_test_id("card-text")).to_have_text(payload)
    assert page.evaluate("() => window.__pwned") is None
    assert dialogs == []
