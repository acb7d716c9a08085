"""A team's language, set by a facilitator beside the team's name: what the server writes for
the team follows it, while the page stays in the reader's language."""

from playwright.sync_api import Page, expect

from tests.browser.flows import create_owner, create_team


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
