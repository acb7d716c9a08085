"""The privacy settings of a board: an anonymous retro hides roles unless chosen before anyone
writes, and once cards are written the panel says what can no longer change."""

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.flows import (
    add_card,
    create_owner,
    create_retro,
    create_team,
    go_to_phase,
    invite_link,
    join_as_guest,
)


def test_anonymous_cards_hide_roles_and_the_panel_says_what_is_locked(
    page: Page, browser: Browser, server: LiveServer
) -> None:
    create_owner(page)
    create_team(page, "Payments")
    create_retro(page, "Sprint 7 retro")
    link = invite_link(page)
    page.get_by_role("button", name="Settings").click()
    dialog = page.get_by_role("dialog", name="Retro settings")
    roles = dialog.get_by_label("Show each card's role")
    # Roles only mean something for anonymous cards.
    expect(roles).to_be_disabled()
    dialog.get_by_label("Anonymous cards").check()
    expect(roles).to_be_enabled()
    expect(roles).not_to_be_checked()
    expect(dialog.get_by_text("Choose before anyone writes")).to_be_visible()
    dialog.get_by_role("button", name="Save settings").click()
    expect(dialog).to_be_hidden()

    go_to_phase(page, "reflect")
    card = add_card(page, "Product Perspective", "The roadmap changed twice")
    go_to_phase(page, "reveal")
    # The author still sees the card is hers, as a snapshot tells her; anyone else sees neither
    # her name nor her role.
    expect(card).to_contain_text("Priya PM")
    guest_context = browser.new_context(
        base_url=server.url, viewport={"width": 1400, "height": 900}
    )
    guest = guest_context.new_page()
    join_as_guest(guest, link, "Gus from Design", "design")
    seen = guest.get_by_test_id("card").filter(has_text="The roadmap changed twice")
    expect(seen).to_be_visible()
    expect(seen).not_to_contain_text("Product Manager")
    expect(seen).not_to_contain_text("Priya")
    guest_context.close()

    page.get_by_role("button", name="Settings").click()
    expect(dialog.get_by_label("Anonymous cards")).to_be_disabled()
    expect(dialog.get_by_label("Anonymous cards")).to_be_checked()
    expect(roles).to_be_disabled()
    expect(roles).not_to_be_checked()
    expect(
        dialog.get_by_text("Roles stay hidden: cards were written trusting they would be.")
    ).to_be_visible()
    expect(
        dialog.get_by_text("Cards were written anonymously, so anonymity stays on.")
    ).to_be_visible()
    page.screenshot(path="/tmp/privacy-settings-locked.png")
    # Other settings still save.
    dialog.get_by_label("Votes per person").fill("5")
    dialog.get_by_role("button", name="Save settings").click()
    expect(dialog).to_be_hidden()
