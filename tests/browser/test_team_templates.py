"""A team's own template as a facilitator meets it: a retro with an extra column and more votes
is saved from its board, the next retro starts from it with the same columns and settings, and
the template is renamed and deleted on the team page."""

import re

from playwright.sync_api import Page, expect

from tests.browser.flows import (
    column,
    create_owner,
    create_retro,
    create_team,
    go_to_phase,
    screenshot,
)


def test_a_retro_saved_as_a_template_starts_the_next_one_the_same_way(page: Page) -> None:
    create_owner(page)
    create_team(page, "Payments")
    team_url = page.url
    expect(page.get_by_text("No team templates yet")).to_be_visible()
    create_retro(page, "Sprint 7 retro")

    # Shape this retro: a fourth column and five votes each.
    go_to_phase(page, "reflect")
    page.get_by_role("button", name="Add column").click()
    form = page.get_by_role("form", name="Add column")
    form.get_by_label("Column title").fill("Risks we carry")
    form.get_by_label("Didn't go well").check()
    form.get_by_role("button", name="Add column").click()
    expect(column(page, "Risks we carry")).to_be_visible()
    page.get_by_role("button", name="Settings").click()
    page.get_by_label("Votes per person").fill("5")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("dialog", name="Retro settings")).to_be_hidden()

    page.get_by_role("button", name="Save as template").click()
    dialog = page.get_by_role("dialog", name="Save as team template")
    name = dialog.get_by_label("Template name")
    expect(name).to_have_value("Sprint 7 retro")
    name.fill("")
    dialog.get_by_role("button", name="Save template").click()
    expect(dialog.get_by_text("Give the template a name.")).to_be_visible()
    name.fill("PM/Eng with risks")
    dialog.get_by_label("Description").fill("Our usual retro plus the risks we carry.")
    screenshot(page, "save-template-dialog")
    dialog.get_by_role("button", name="Save template").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_text("Saved “PM/Eng with risks”")).to_be_visible()

    # A second save under the same name is refused in the dialog, nothing else changes.
    page.get_by_role("button", name="Save as template").click()
    dialog.get_by_label("Template name").fill("pm/eng WITH risks")
    dialog.get_by_role("button", name="Save template").click()
    expect(dialog.get_by_text(re.compile("already has a template named"))).to_be_visible()
    dialog.get_by_role("button", name="Cancel").click()

    page.goto(team_url)
    listed = page.get_by_test_id("team-template")
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text("PM/Eng with risks")
    expect(listed).to_contain_text("Risks we carry")
    listed.get_by_role("button", name="Use for a new retro").click()
    new_retro = page.get_by_role("form", name="New retro")
    expect(new_retro.get_by_role("radio", name=re.compile(r"PM.Eng with risks"))).to_be_checked()
    screenshot(page, "new-retro-with-team-template")
    new_retro.get_by_label("Title").fill("Sprint 8 retro")
    new_retro.get_by_role("button", name="Create retro").click()
    expect(page.get_by_role("heading", level=1, name="Sprint 8 retro")).to_be_visible()
    expect(page.get_by_text("PM/Eng with risks")).to_be_visible()
    go_to_phase(page, "reflect")
    for title in (
        "Product Perspective",
        "Engineering Perspective",
        "Collaboration Improvements",
        "Risks we carry",
    ):
        expect(column(page, title)).to_be_visible()
    page.get_by_role("button", name="Settings").click()
    expect(page.get_by_label("Votes per person")).to_have_value("5")
    page.keyboard.press("Escape")

    # Rename, then delete: the retro made from it keeps its copy.
    page.goto(team_url)
    page.get_by_role("button", name="Rename PM/Eng with risks").click()
    rename = page.get_by_role("dialog", name="Rename template")
    rename.get_by_label("Template name").fill("Risky sprints")
    rename.get_by_role("button", name="Save").click()
    expect(listed).to_contain_text("Risky sprints")
    screenshot(page, "team-templates")
    page.get_by_role("button", name="Delete Risky sprints").click()
    page.get_by_role("dialog").get_by_role("button", name="Delete").click()
    expect(page.get_by_text("No team templates yet")).to_be_visible()
    page.reload()
    expect(page.get_by_text("No team templates yet")).to_be_visible()
    page.get_by_role("link", name="Sprint 8 retro").click()
    expect(column(page, "Risks we carry")).to_be_visible()
