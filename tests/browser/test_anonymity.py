"""The privacy settings of a board: an anonymous retro hides roles unless chosen before anyone
writes, and once cards are written the panel says what can no longer change."""

from playwright.sync_api import Page, expect

from tests.browser.flows import add_card, create_owner, create_retro, create_team, go_to_phase


def test_anonymous_cards_hide_roles_and_the_panel_says_what_is_locked(page: Page) -> None:
    create_owner(page)
    create_team(page, "Payments")
    create_retro(page, "Sprint 7 retro")
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
    expect(card).not_to_contain_text("Product Manager")

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
