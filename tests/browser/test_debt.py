"""The tech-debt backlog: a card from the board becomes an item, both sides score it, it ranks."""

import re

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.flows import (
    add_card,
    add_tech_lead,
    create_owner,
    create_retro,
    create_team,
    go_to_phase,
    screenshot,
)

CARD = "Flaky integration tests block every deploy"


def open_debt_page(page: Page, team: str) -> None:
    page.goto("/teams")
    page.get_by_test_id("team-link").filter(has_text=team).click()
    page.get_by_role("link", name="Tech debt").click()
    expect(page).to_have_url(re.compile(r"/teams/[^/]+/debt$"))
    expect(page.get_by_role("heading", level=1, name="Tech debt")).to_be_visible()


def test_card_to_backlog_then_both_sides_score_it(page: Page) -> None:
    create_owner(page)
    create_team(page, "Checkout Squad")
    create_retro(page, "Sprint 7 retro")
    go_to_phase(page, "reflect")
    card = add_card(page, "Engineering Perspective", CARD, polarity="Didn't go well")
    # Before the reveal nobody but the author has read the card: no backlog action yet.
    expect(card.get_by_role("button", name="Add to tech-debt backlog")).to_have_count(0)

    go_to_phase(page, "reveal")
    card.get_by_role("button", name="Add to tech-debt backlog").click()
    expect(card.get_by_test_id("card-debt")).to_have_text("In backlog")

    # After a reload the board still knows, and doesn't offer it again.
    page.reload()
    expect(card.get_by_test_id("card-debt")).to_have_text("In backlog")
    expect(card.get_by_role("button", name="Add to tech-debt backlog")).to_have_count(0)

    open_debt_page(page, "Checkout Squad")
    priorities = page.get_by_role("region", name="Priorities")
    expect(priorities.get_by_text("Nothing is fully scored yet")).to_be_visible()
    pm = page.get_by_role("region", name="Needs a PM score")
    eng = page.get_by_role("region", name="Needs an Eng score")
    expect(pm.get_by_test_id("debt-needs-pm").filter(has_text=CARD)).to_have_count(1)
    expect(eng.get_by_test_id("debt-needs-eng").filter(has_text=CARD)).to_have_count(1)

    # The PM gives the impact: the item leaves the PM's list, and still waits on engineering.
    row = pm.get_by_test_id("debt-needs-pm").filter(has_text=CARD)
    row.get_by_label("Impact").select_option("4")
    row.get_by_role("button", name="Save score").click()
    expect(pm.get_by_text("Nothing waits on product.")).to_be_visible()
    expect(eng.get_by_test_id("debt-needs-eng")).to_contain_text("impact 4 / 5")

    # Then drag and effort: 6 h a sprint, 3 points.
    row = eng.get_by_test_id("debt-needs-eng").filter(has_text=CARD)
    row.get_by_label("Drag (h/sprint)").fill("6")
    row.get_by_label("Effort (pts)").select_option("3")
    row.get_by_role("button", name="Save score").click()
    expect(eng.get_by_text("Nothing waits on engineering.")).to_be_visible()

    ranked = priorities.get_by_test_id("debt-item")
    expect(ranked).to_have_count(1)
    expect(ranked).to_contain_text(CARD)
    expect(ranked).to_contain_text("6 h")
    expect(ranked).to_contain_text("4 / 5")
    expect(ranked).to_contain_text("3 pts")
    # (½ · (1 + 4·ln 7 / ln 201) + ½ · 4) ÷ 3 ≈ 1.08
    expect(ranked.get_by_test_id("debt-priority")).to_have_text("1.08")


def test_add_an_item_by_hand_and_record_capacity(page: Page) -> None:
    create_owner(page)
    create_team(page, "Billing")
    create_retro(page, "Sprint 7 retro")
    open_debt_page(page, "Billing")
    expect(page.get_by_text("The backlog is empty")).to_be_visible()

    page.get_by_role("button", name="Add item").click()
    form = page.get_by_role("form", name="New debt item")
    form.get_by_label("Title").fill("Hand-rolled invoice PDF renderer")
    form.get_by_label("Drag (hours per sprint)").fill("300")
    form.get_by_role("button", name="Add item").click()
    expect(form.get_by_text("from 0 to 200")).to_be_visible()
    form.get_by_label("Drag (hours per sprint)").fill("3")
    form.get_by_label("Effort (story points)").select_option("8")
    form.get_by_label("Impact").select_option("2")
    form.get_by_role("button", name="Add item").click()
    item = page.get_by_test_id("debt-item").filter(has_text="Hand-rolled invoice PDF renderer")
    expect(item).to_have_count(1)

    # A status change is kept in the item's history, shown in its edit dialog on request.
    # The page holds the saved item once the change is confirmed, before its lists reload.
    item.get_by_label(re.compile("^Status of")).select_option("in_progress")
    expect(page.get_by_text("Marked in progress")).to_be_visible()
    item.get_by_role("button", name="Edit").click()
    dialog = page.get_by_role("dialog", name="Edit debt item")
    dialog.get_by_text("History", exact=True).click()
    expect(dialog.get_by_label("Status")).to_have_value("in_progress")
    expect(dialog.get_by_test_id("item-history").get_by_role("listitem")).to_have_text(
        [re.compile(r"^Status: Open → In progress.*Priya PM")]
    )
    screenshot(page, "debt-item-history")
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)

    # Marking it done takes it out of the ranking.
    item.get_by_label(re.compile("^Status of")).select_option("done")
    expect(page.get_by_test_id("debt-item")).to_have_count(0)
    expect(page.get_by_role("region", name="Done and won't fix")).to_contain_text("1 closed item")

    capacity = page.get_by_role("region", name="Capacity for debt")
    capacity.get_by_label("Total points").fill("30")
    capacity.get_by_label("Debt points").fill("40")
    capacity.get_by_role("button", name="Save points").click()
    expect(capacity.get_by_text("Debt points cannot be more than the total.")).to_be_visible()
    capacity.get_by_label("Debt points").fill("6")
    capacity.get_by_role("button", name="Save points").click()
    sprint = capacity.get_by_test_id("debt-capacity")
    expect(sprint).to_have_attribute("data-status", "at")
    expect(sprint).to_contain_text("20 %")
    expect(sprint).to_contain_text("At target")
    # The bars have a scale: 0 %, the team's target and 100 %, the share in words beside it.
    axis = capacity.get_by_test_id("capacity-axis")
    expect(axis).to_contain_text("0 %")
    expect(axis).to_contain_text("target 20 %")
    expect(axis).to_contain_text("100 %")
    fill = sprint.locator(".fill")
    assert fill.evaluate("e => e.style.width") == "20%"
    screenshot(page, "debt-capacity-scale")


def test_the_priority_is_explained_on_the_page(page: Page) -> None:
    create_owner(page)
    create_team(page, "Billing")
    open_debt_page(page, "Billing")
    priorities = page.get_by_role("region", name="Priorities")
    # No pointer to a file in the source tree: the explanation is right there.
    expect(priorities).not_to_contain_text("docs/tech-debt.md")
    explained = priorities.get_by_test_id("priority-explained")
    explained.get_by_text("How the priority is worked out").click()
    expect(explained).to_contain_text("0 h is 1, 10 h about 2.8, 200 h is 5")
    expect(explained).to_contain_text("priority = value ÷ effort")
    screenshot(page, "debt-priority-explained")


def test_a_card_sent_to_the_backlog_stops_being_offered_on_every_open_board(
    page: Page, browser: Browser, server: LiveServer
) -> None:
    create_owner(page)
    create_team(page, "Checkout Squad")
    team_id = page.url.rstrip("/").split("/")[-1]
    create_retro(page, "Sprint 7 retro")
    go_to_phase(page, "reflect")
    card = add_card(page, "Engineering Perspective", CARD, polarity="Didn't go well")
    go_to_phase(page, "reveal")

    lead = add_tech_lead(page, browser, server, team_id)
    lead.goto(page.url)
    theirs = lead.locator(f'[data-card-id="{card.get_attribute("data-card-id")}"]')
    expect(theirs.get_by_role("button", name="Add to tech-debt backlog")).to_be_visible()
    expect(lead.get_by_test_id("connection-state")).to_have_text("Live")

    # One person sends it; the other's board, open all along, stops offering it.
    card.get_by_role("button", name="Add to tech-debt backlog").click()
    expect(card.get_by_test_id("card-debt")).to_have_text("In backlog")
    expect(theirs.get_by_test_id("card-debt")).to_have_text("In backlog")
    expect(theirs.get_by_role("button", name="Add to tech-debt backlog")).to_have_count(0)
    lead.screenshot(path="/tmp/privacy-backlog-second-board.png")

    # Deleted from the backlog, the card is offered again on both boards, without a reload.
    csrf = page.request.get("/api/auth/session").json()["csrf_token"]
    [item] = page.request.get(f"/api/teams/{team_id}/debt").json()
    deleted = page.request.delete(f"/api/debt/{item['id']}", headers={"X-CSRF-Token": csrf})
    assert deleted.status == 204, deleted.text()
    for board in (card, theirs):
        expect(board.get_by_role("button", name="Add to tech-debt backlog")).to_be_visible()
    lead.context.close()
