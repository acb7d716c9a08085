"""An action item owned jointly by the PM and the tech lead, agreed in one retro and carried over
in the next one's review, seen live by both owners."""

import re
from datetime import date, timedelta
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.flows import (
    add_card,
    add_tech_lead,
    create_owner,
    create_retro,
    create_team,
    go_to_phase,
)

TITLE = "Refine checkout stories together before planning"
CARRIED_ONCE = "carried 1\u00d7"


def test_a_joint_item_is_carried_over_in_the_next_review(
    page: Page, browser: Browser, server: LiveServer, tmp_path: Path
) -> None:
    pm = page
    create_owner(pm)
    create_team(pm, "Checkout Squad")
    team_url = pm.url
    team_id = team_url.rstrip("/").rsplit("/", 1)[-1]
    lead = add_tech_lead(pm, browser, server, team_id)

    # Discuss: the item comes out of a topic, owned by the PM and the tech lead together.
    create_retro(pm, "Sprint 7 retro")
    go_to_phase(pm, "reflect")
    add_card(pm, "Product Perspective", "Stories reach planning half-specified")
    go_to_phase(pm, "discuss")
    pm.get_by_role("button", name="Discuss this: Stories reach planning half-specified").click()
    topic = pm.get_by_test_id("current-topic")
    form = topic.get_by_role("form", name="Create action item")
    form.get_by_label("Action item", exact=True).fill(TITLE)
    # Nothing is sent without a category; the form says so next to the field.
    form.get_by_role("button", name="Create action item").click()
    expect(form.get_by_label("Category")).to_be_focused()
    expect(form).to_contain_text("Pick the friction this item addresses.")
    form.get_by_label("Category").select_option("requirements_clarity")
    form.get_by_label("Owner").select_option(label="PM + Tech lead (joint)")
    # One PM and one tech lead in the team: the pair is chosen for you.
    expect(form.get_by_test_id("joint-pair")).to_contain_text(
        "Owned together by Priya PM (PM) and Tara Lead (tech lead)"
    )
    due = (date.today() + timedelta(days=14)).isoformat()
    form.get_by_label("Due date").fill(due)
    form.get_by_role("button", name="Create action item").click()
    item = pm.get_by_test_id("action-item").filter(has_text=TITLE)
    expect(item).to_contain_text("Requirements clarity")
    expect(item).to_contain_text("Priya PM (PM) + Tara Lead (tech lead)")
    go_to_phase(pm, "closed")

    # The next retro reviews it; the tech lead watches from their own browser.
    pm.goto(team_url)
    create_retro(pm, "Sprint 8 retro")
    go_to_phase(pm, "review")
    lead.goto(pm.url)
    expect(lead.get_by_test_id("connection-state")).to_have_text("Live")
    for p in (pm, lead):
        earlier = p.get_by_role("region", name="Open action items from earlier retros")
        row = earlier.get_by_test_id("earlier-action").filter(has_text=TITLE)
        expect(row).to_contain_text("Priya PM (PM) + Tara Lead (tech lead)")
        expect(row).to_contain_text("Requirements clarity")
        expect(row.get_by_test_id("carried")).to_have_count(0)

    row = pm.get_by_test_id("earlier-action").filter(has_text=TITLE)
    pm.screenshot(path=str(tmp_path / "review-before.png"), full_page=True)
    row.get_by_role("button", name="Carry over").click()
    for p in (pm, lead):
        row = p.get_by_test_id("earlier-action").filter(has_text=TITLE)
        expect(row.get_by_test_id("carried")).to_have_text(CARRIED_ONCE)
        expect(row.get_by_test_id("review-outcome")).to_have_text("Carried over")
        expect(row.get_by_role("button", name="Carry over")).to_have_count(0)
    pm.screenshot(path=str(tmp_path / "review.png"), full_page=True)

    # Still open on the team's page, carried once, and the follow-through has nothing due yet.
    pm.goto(team_url)
    pm.get_by_role("link", name="Action items").click()
    expect(pm).to_have_url(re.compile(r"/teams/[^/]+/actions$"))
    listed = pm.get_by_test_id("team-action").filter(has_text=TITLE)
    expect(listed).to_contain_text(CARRIED_ONCE)
    expect(listed).to_contain_text("Open")
    expect(pm.get_by_test_id("rate-overall")).to_have_text("—")
    pm.screenshot(path=str(tmp_path / "team-actions-open.png"), full_page=True)
    listed.get_by_role("button", name="Mark done").click()
    expect(listed).to_contain_text("Done")
    expect(pm.get_by_test_id("rate-overall")).to_have_text("100 %")
    pm.screenshot(path=str(tmp_path / "team-actions.png"), full_page=True)

    # Dropping asks why, from the keyboard too: no reason, no drop; Escape backs out.
    listed.get_by_role("button", name="Reopen").click()
    expect(listed).to_contain_text("Open")
    listed.get_by_role("button", name="Drop…").click()
    reason = listed.get_by_label("Why drop it?")
    expect(reason).to_be_focused()
    reason.press("Enter")
    expect(listed.get_by_role("alert")).to_have_text(
        "Say why it is dropped, so the team remembers."
    )
    reason.press("Escape")
    expect(listed.get_by_label("Why drop it?")).to_have_count(0)
    listed.get_by_role("button", name="Drop…").click()
    listed.get_by_label("Why drop it?").fill("Superseded by the new intake form")
    listed.get_by_role("button", name="Drop item").click()
    expect(listed).to_contain_text("Dropped: Superseded by the new intake form")
    lead.context.close()
