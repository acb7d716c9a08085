"""A facilitator groups the team's roles into sides on the team's prompts & thresholds page."""

from playwright.sync_api import Page, expect

from tests.browser.flows import create_owner, create_team


def test_a_facilitator_moves_qa_to_product_and_it_sticks(page: Page) -> None:
    create_owner(page)
    create_team(page, "Payments")
    page.get_by_role("link", name="Prompts & thresholds").click()
    sides = page.get_by_role("form", name="Sides")
    state = sides.get_by_test_id("sides-state")
    expect(sides.get_by_label("QA")).to_have_value("engineering")
    expect(state).to_have_text("The team follows the default grouping.")
    expect(sides.get_by_role("button", name="Save sides")).to_be_disabled()

    # Leaving engineering without a role is refused, said under the form.
    for role in ("Engineer", "Tech Lead", "QA"):
        sides.get_by_label(role, exact=True).select_option("apart")
    sides.get_by_role("button", name="Save sides").click()
    expect(sides.get_by_role("alert")).to_have_text(
        "Keep at least one role on the engineering side."
    )
    sides.get_by_role("button", name="Discard changes").click()

    # With the keyboard alone: focus QA's select, choose Product, save.
    sides.get_by_label("QA").focus()
    page.keyboard.press("Home")
    expect(sides.get_by_label("QA")).to_have_value("product")
    expect(state).to_contain_text("Unsaved: QA.")
    sides.get_by_role("button", name="Save sides").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Sides saved")).to_be_visible()
    expect(state).to_have_text("The team's own grouping.")

    page.reload()
    sides = page.get_by_role("form", name="Sides")
    expect(sides.get_by_label("QA")).to_have_value("product")
    expect(sides.get_by_label("Tech Lead")).to_have_value("engineering")
    expect(sides.get_by_test_id("sides-state")).to_have_text("The team's own grouping.")
