"""A team's language, set by a facilitator beside the team's name: what the server writes for
the team follows it, while the page stays in the reader's language."""

from playwright.sync_api import Page, expect

from tests.browser.flows import column, create_owner, create_retro, create_team, screenshot


def test_a_facilitator_sets_the_teams_language_with_its_name(page: Page) -> None:
    create_owner(page)
    create_team(page, "Kern")
    page.get_by_role("button", name="Name & language").click()
    form = page.get_by_role("form", name="Team name and language")
    expect(form.get_by_label("Language", exact=True)).to_have_value("en")
    form.get_by_label("Language", exact=True).select_option("de")
    with page.expect_response(
        lambda r: "/api/teams/" in r.url and r.request.method == "PATCH"
    ) as saved:
        form.get_by_role("button", name="Save").click()
    assert saved.value.ok
    assert saved.value.json()["language"] == "de"
    expect(page.get_by_test_id("toast")).to_have_text("Team saved")
    # The page's own words stay in the reader's language: only what the server writes changes.
    expect(page.get_by_role("button", name="Name & language")).to_be_visible()
    page.get_by_role("button", name="Name & language").click()
    expect(page.get_by_label("Language", exact=True)).to_have_value("de")


def test_a_german_reader_runs_a_german_teams_board(page: Page) -> None:
    create_owner(page)
    create_team(page, "Kern")
    page.get_by_role("button", name="Name & language").click()
    form = page.get_by_role("form", name="Team name and language")
    form.get_by_label("Language", exact=True).select_option("de")
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_test_id("toast")).to_have_text("Team saved")
    # A retro from the built-in template takes its column titles in the team's language.
    create_retro(page, "Sprint 7 Retro")
    board_url = page.url
    page.goto("/settings")
    page.get_by_test_id("language-choice").get_by_role("radio", name="Deutsch").check()
    expect(page.get_by_role("heading", level=1, name="Einstellungen")).to_be_visible()

    page.goto(board_url)
    expect(page.get_by_role("heading", level=1, name="Sprint 7 Retro")).to_be_visible()
    # The phase menu speaks German too.
    page.get_by_label("Zu Phase wechseln").select_option("reflect")
    expect(page.get_by_test_id("phase-current")).to_have_attribute("data-phase", "reflect")
    product = column(page, "Produktperspektive")
    expect(product).to_be_visible()
    expect(column(page, "Engineering-Perspektive")).to_be_visible()
    product.get_by_role("button", name="Karte hinzufügen").click()
    product.get_by_label("Kartentext").fill("Die Akzeptanzkriterien kamen erst am Mittwoch")
    product.get_by_role("button", name="Karte hinzufügen").click()
    expect(product.get_by_test_id("card-text")).to_have_text(
        ["Die Akzeptanzkriterien kamen erst am Mittwoch"]
    )
    expect(page.get_by_text("Noch keine Karten").first).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "de")
    screenshot(page, "board-de")
