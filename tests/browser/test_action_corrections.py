"""A new team fixes the action items it just agreed: a QA guest picks a member as owner instead
of typing a name, the PM and the guest correct items in place and delete a duplicate, everyone
sees it live; later the team's Action items page edits and deletes too."""

import re
from datetime import date, timedelta

from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.flows import (
    add_tech_lead,
    create_owner,
    create_retro,
    create_team,
    go_to_phase,
    invite_link,
    join_as_guest,
    open_board_as_it_was,
    screenshot,
)

TYPO = "Tset checkout on real phones"
FIXED = "Test checkout on real phones"
DUPLICATE = "Test checkout on phones"


def _item(page: Page, text: str) -> Locator:
    return (
        page.get_by_role("region", name="Action items")
        .get_by_test_id("action-item")
        .filter(has_text=text)
    )


def _create(page: Page, title: str, category: str, owner: str) -> None:
    form = page.get_by_role("form", name="Create action item")
    form.get_by_label("Action item", exact=True).fill(title)
    form.get_by_label("Category").select_option(category)
    form.get_by_label("Owner").select_option(label=owner)
    form.get_by_role("button", name="Create action item").click()
    expect(_item(page, title)).to_have_count(1)


def test_the_retro_corrects_and_deletes_its_action_items(
    page: Page, browser: Browser, server: LiveServer
) -> None:
    pm = page
    create_owner(pm)
    create_team(pm, "Checkout Squad")
    team_url = pm.url
    lead = add_tech_lead(pm, browser, server, team_url.rstrip("/").rsplit("/", 1)[-1])
    lead.close()
    create_retro(pm, "Sprint 7 retro")
    link = invite_link(pm)
    guest_context = browser.new_context(base_url=server.url, viewport={"width": 390, "height": 844})
    guest_context.set_default_timeout(10_000)
    qa = guest_context.new_page()
    join_as_guest(qa, link, "Quinn QA", "qa")
    expect(qa.get_by_test_id("connection-state")).to_have_text("Live")
    go_to_phase(pm, "actions")
    expect(qa.get_by_test_id("phase-current")).to_have_attribute("data-phase", "actions")

    # The guest chooses a member of the team as owner rather than typing a name.
    _create(qa, TYPO, "velocity_quality", "Tara Lead")
    expect(_item(pm, TYPO)).to_contain_text("Tara Lead")
    _create(pm, DUPLICATE, "velocity_quality", "Priya PM")
    screenshot(qa, "actions-guest-390")

    # The PM fixes the typo, makes the item joint and gives it a due date, in place.
    _item(pm, TYPO).get_by_role("button", name=f"Edit: {TYPO}").click()
    editor = pm.get_by_role("form", name="Edit action item")
    expect(editor.get_by_label("Title")).to_be_focused()
    expect(editor.get_by_label("Owner")).to_have_value(re.compile(r".+"))
    # A title cannot be emptied: the editor says so by the field and keeps the item.
    editor.get_by_label("Title").fill("  ")
    editor.get_by_role("button", name="Save").click()
    expect(editor).to_contain_text("Give the action item a title.")
    expect(editor.get_by_label("Title")).to_be_focused()
    editor.get_by_label("Title").fill(FIXED)
    editor.get_by_label("Category").select_option("requirements_clarity")
    editor.get_by_label("Owner").select_option(label="PM + Tech lead (joint)")
    expect(editor.get_by_test_id("joint-pair")).to_contain_text("Priya PM (PM) and Tara Lead")
    due = (date.today() + timedelta(days=10)).isoformat()
    editor.get_by_label("Due date").fill(due)
    screenshot(pm, "actions-editing")
    editor.get_by_role("button", name="Save").click()
    expect(editor).to_have_count(0)
    for p in (pm, qa):
        fixed = _item(p, FIXED)
        expect(fixed).to_contain_text("Requirements clarity")
        expect(fixed).to_contain_text("Priya PM (PM) + Tara Lead (tech lead)")
        expect(_item(p, TYPO)).to_have_count(0)

    # The guest corrects too: they take the item on themselves, by name.
    _item(qa, FIXED).get_by_role("button", name=f"Edit: {FIXED}").click()
    guest_editor = qa.get_by_role("form", name="Edit action item")
    guest_editor.get_by_label("Owner").select_option(label="Quinn QA (guest)")
    screenshot(qa, "actions-guest-editing-390")
    guest_editor.get_by_role("button", name="Save").click()
    expect(_item(pm, FIXED)).to_contain_text("Quinn QA")
    # Escape leaves an editor without changing anything.
    _item(qa, FIXED).get_by_role("button", name=f"Edit: {FIXED}").click()
    qa.get_by_role("form", name="Edit action item").get_by_label("Title").fill("Never mind")
    qa.keyboard.press("Escape")
    expect(qa.get_by_role("form", name="Edit action item")).to_have_count(0)
    expect(_item(qa, FIXED)).to_have_count(1)

    # The duplicate goes, after a confirmation; cancelling keeps it.
    _item(qa, DUPLICATE).get_by_role("button", name=f"Delete: {DUPLICATE}").click()
    dialog = qa.get_by_role("dialog", name="Delete this action item?")
    expect(dialog).to_contain_text(DUPLICATE)
    dialog.get_by_role("button", name="Cancel").click()
    expect(_item(pm, DUPLICATE)).to_have_count(1)
    _item(qa, DUPLICATE).get_by_role("button", name=f"Delete: {DUPLICATE}").click()
    qa.get_by_role("dialog").get_by_role("button", name="Delete item").click()
    for p in (pm, qa):
        expect(_item(p, DUPLICATE)).to_have_count(0)
        expect(_item(p, FIXED)).to_have_count(1)
    screenshot(pm, "actions-after")

    # Closed: the guest reads the list; the team can still correct it.
    go_to_phase(pm, "closed")
    expect(qa.get_by_test_id("phase-current")).to_have_attribute("data-phase", "closed")
    expect(qa.get_by_test_id("summary-actions")).to_contain_text(FIXED)
    for p in (pm, qa):
        open_board_as_it_was(p)
    expect(_item(qa, FIXED)).to_have_count(1)
    expect(_item(qa, FIXED).get_by_role("button")).to_have_count(0)
    _item(pm, FIXED).get_by_role("button", name=f"Edit: {FIXED}").click()
    pm.get_by_role("form", name="Edit action item").get_by_label("Owner").select_option(
        label="Tara Lead"
    )
    pm.get_by_role("form", name="Edit action item").get_by_role("button", name="Save").click()
    expect(_item(pm, FIXED)).to_contain_text("Tara Lead")
    expect(_item(qa, FIXED)).to_contain_text("Tara Lead")
    screenshot(pm, "closed-actions")
    guest_context.close()


def test_the_team_page_edits_and_deletes_action_items(page: Page) -> None:
    create_owner(page)
    create_team(page, "Checkout Squad")
    team_url = page.url
    create_retro(page, "Sprint 7 retro")
    go_to_phase(page, "actions")
    _create(page, "Wrtie edge cases into stories", "tech_debt", "Priya PM")
    _create(page, "Agreed twice", "tech_debt", "No owner")
    go_to_phase(page, "closed")

    # The next retro's review can set an earlier item straight before deciding on it.
    page.goto(team_url)
    create_retro(page, "Sprint 8 retro")
    go_to_phase(page, "review")
    earlier = page.get_by_test_id("earlier-action").filter(has_text="Agreed twice")
    earlier.get_by_role("button", name="Edit").click()
    editor = earlier.get_by_role("form", name="Edit action item")
    editor.get_by_label("Owner").select_option(label="Priya PM")
    screenshot(page, "review-editing")
    editor.get_by_role("button", name="Save").click()
    expect(earlier.get_by_role("form")).to_have_count(0)
    expect(earlier).to_contain_text("Priya PM")
    expect(earlier.get_by_role("button", name="Carry over")).to_be_visible()

    page.goto(team_url)
    page.get_by_role("link", name="Action items").click()
    expect(page).to_have_url(re.compile(r"/teams/[^/]+/actions$"))
    row = page.get_by_test_id("team-action").filter(has_text="Wrtie edge cases")
    row.get_by_role("button", name="Edit").click()
    editor = row.get_by_role("form", name="Edit action item")
    expect(editor.get_by_label("Title")).to_be_focused()
    # A due date before the day the item was agreed is refused next to the field.
    editor.get_by_label("Due date").fill("2020-01-01")
    editor.get_by_role("button", name="Save").click()
    expect(editor).to_contain_text("The due date cannot be before the day the item was agreed")
    expect(editor.get_by_label("Due date")).to_be_focused()
    editor.get_by_label("Due date").fill("")
    editor.get_by_label("Title").fill("Write edge cases into stories")
    editor.get_by_label("Category").select_option("requirements_clarity")
    screenshot(page, "team-actions-editing")
    editor.get_by_role("button", name="Save").click()
    row = page.get_by_test_id("team-action").filter(has_text="Write edge cases into stories")
    expect(row).to_contain_text("Requirements clarity")
    expect(row.get_by_role("form")).to_have_count(0)
    expect(row.get_by_role("button", name="Edit")).to_be_focused()

    # The item's history says what changed, who changed it, and in the reader's words.
    history = row.get_by_role("button", name="History of “Write edge cases into stories”")
    expect(history).to_have_attribute("aria-expanded", "false")
    history.press("Enter")
    expect(history).to_have_attribute("aria-expanded", "true")
    entries = row.get_by_test_id("item-history").get_by_role("listitem")
    expect(entries).to_have_count(2)
    expect(entries.nth(0)).to_contain_text("Category: Tech debt → Requirements clarity")
    expect(entries.nth(1)).to_contain_text(
        "Title: “Wrtie edge cases into stories” → “Write edge cases into stories”"
    )
    expect(entries.nth(0)).to_contain_text("Priya PM")
    screenshot(page, "team-actions-history")
    history.click()
    expect(row.get_by_test_id("item-history")).to_have_count(0)

    duplicate = page.get_by_test_id("team-action").filter(has_text="Agreed twice")
    duplicate.get_by_role("button", name="Delete…").click()
    page.get_by_role("dialog").get_by_role("button", name="Delete item").click()
    expect(page.get_by_test_id("team-action")).to_have_count(1)
    page.reload()
    expect(page.get_by_test_id("team-action")).to_have_count(1)
    expect(page.get_by_test_id("team-action")).to_contain_text("Write edge cases into stories")
    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_test_id("team-action").get_by_role("button", name="Edit").click()
    screenshot(page, "team-actions-390")
