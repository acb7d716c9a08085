"""The team's list of retros as a facilitator manages it: where each retro stands, its cards
and action items, renaming, archiving behind "Show archived", and deleting with a warning that
says what goes."""

import re

from playwright.sync_api import Page, expect

from tests.browser.flows import api_call, board_command, create_owner, create_team, screenshot


def test_a_facilitator_renames_archives_and_deletes_retros_from_the_list(page: Page) -> None:
    create_owner(page)
    create_team(page, "Payments")
    team_id = page.url.rstrip("/").split("/")[-1]
    old = api_call(page, "POST", f"/api/teams/{team_id}/retros", {"title": "Sprint 42 retro"})
    board_command(page, old["id"], "set_phase", phase="reflect")
    for text in ("Slow reviews", "Great demo"):
        card = {"column_id": old["columns"][0]["id"], "text": text}
        api_call(page, "POST", f"/api/retros/{old['id']}/cards", card)
    board_command(page, old["id"], "set_phase", phase="discuss")
    board_command(page, old["id"], "create_action", title="Pair on reviews")
    board_command(page, old["id"], "set_phase", phase="closed")
    new = api_call(page, "POST", f"/api/teams/{team_id}/retros", {"title": "Sprint 43 retro"})
    board_command(page, new["id"], "set_phase", phase="reflect")
    page.reload()

    rows = page.get_by_test_id("retro-row")
    expect(rows).to_have_count(2)
    newest, oldest = rows.nth(0), rows.nth(1)
    expect(newest).to_contain_text("Sprint 43 retro")
    expect(newest.get_by_test_id("retro-status")).to_have_text("Reflecting")
    expect(newest.get_by_test_id("retro-counts")).to_have_text("0 cards · 0 action items")
    expect(oldest.get_by_test_id("retro-status")).to_have_text(
        re.compile(r"^Closed \w{3} \d+, \d{4}$")
    )
    expect(oldest.get_by_test_id("retro-counts")).to_have_text("2 cards · 1 action item")
    screenshot(page, "retro-list")

    # Rename: a blank title is refused in place, Escape leaves it as it was, Enter saves.
    newest.get_by_text("Manage").click()
    newest.get_by_role("button", name="Rename").click()
    title = newest.get_by_label("Retro title")
    expect(title).to_be_focused()
    title.fill("  ")
    title.press("Enter")
    expect(newest.get_by_text("Give the retro a title.")).to_be_visible()
    title.press("Escape")
    expect(newest.get_by_role("link")).to_contain_text("Sprint 43 retro")
    newest.get_by_text("Manage").click()
    newest.get_by_role("button", name="Rename").click()
    newest.get_by_label("Retro title").fill("Sprint 43 — checkout retro")
    screenshot(page, "retro-list-rename")
    newest.get_by_label("Retro title").press("Enter")
    expect(page.get_by_text("Renamed to “Sprint 43 — checkout retro”")).to_be_visible()
    expect(newest.get_by_role("link")).to_contain_text("Sprint 43 — checkout retro")

    # Archive: out of the list, behind "Show archived", and back again.
    oldest.get_by_text("Manage").click()
    oldest.get_by_role("button", name="Archive").click()
    expect(rows).to_have_count(1)
    show = page.get_by_label("Show archived (1)")
    show.check()
    expect(rows).to_have_count(2)
    archived = rows.filter(has_text="Sprint 42 retro")
    expect(archived).to_contain_text("Archived")
    screenshot(page, "retro-list-archived")
    archived.get_by_text("Manage").click()
    archived.get_by_role("button", name="Unarchive").click()
    expect(page.get_by_label(re.compile(r"^Show archived"))).to_have_count(0)
    expect(rows).to_have_count(2)

    # Delete: the warning says what goes and what stays; Cancel keeps the retro.
    oldest = rows.filter(has_text="Sprint 42 retro")
    oldest.get_by_text("Manage").click()
    oldest.get_by_role("button", name="Delete").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Delete “Sprint 42 retro”?")
    expect(dialog).to_contain_text("This deletes its 2 cards with their groups, votes and notes")
    expect(dialog).to_contain_text("Its 1 action item stays on the team's action list.")
    screenshot(page, "retro-list-delete")
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_have_count(0)
    expect(rows).to_have_count(2)
    delete = oldest.get_by_role("button", name="Delete")
    if not delete.is_visible():  # the menu may have stayed open behind the dialog
        oldest.get_by_text("Manage").click()
    delete.click()
    page.get_by_role("dialog").get_by_role("button", name="Delete retro").click()
    expect(page.get_by_text("“Sprint 42 retro” deleted")).to_be_visible()
    expect(rows).to_have_count(1)

    listed = api_call(page, "GET", f"/api/teams/{team_id}/retros?include_archived=true")
    assert [r["title"] for r in listed] == ["Sprint 43 — checkout retro"]
    [kept] = api_call(page, "GET", f"/api/teams/{team_id}/actions")
    assert (kept["title"], kept["retro_id"]) == ("Pair on reviews", None)
