"""The partnership layer as a person meets it on the board."""

from playwright.sync_api import Page, expect

from tests.browser.flows import column, create_owner, create_retro, create_team, go_to_phase


def test_a_card_gets_a_suggested_friction_point_while_it_is_typed(page: Page) -> None:
    create_owner(page)
    create_team(page, "Payments")
    create_retro(page, "Sprint 12 retro")
    go_to_phase(page, "reflect")

    eng = column(page, "Engineering Perspective")
    eng.get_by_role("button", name="Add card").click()
    eng.get_by_label("Card text").fill(
        "The legacy payments module has no tests and every change breaks something; "
        "we keep postponing the refactor"
    )
    suggestion = eng.get_by_test_id("friction-suggestion")
    expect(suggestion).to_contain_text("Suggested: Tech debt", timeout=15_000)
    # Nothing is chosen for the author; they confirm it.
    expect(eng.get_by_label("Friction point")).to_have_value("")
    suggestion.get_by_role("button", name="Use it").click()
    expect(eng.get_by_label("Friction point")).to_have_value("tech_debt")
    expect(suggestion).not_to_contain_text("Suggested")
    eng.get_by_label("Card text").press("Control+Enter")
    card = eng.get_by_test_id("card")
    expect(card.get_by_test_id("card-friction")).to_have_text("Tech debt")
