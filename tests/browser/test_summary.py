"""A closed retro opens on its summary: topics with their cards, action items, friction and
equal voice; the board as it was is folded below it, and a facilitator can still reopen."""

from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.flows import (
    add_card,
    add_tech_lead,
    create_owner,
    create_retro,
    create_team,
    export_summary,
    go_to_phase,
    open_board_as_it_was,
    screenshot,
    share_then_revoke,
)


def test_a_closed_retro_shows_its_summary(
    page: Page, browser: Browser, server: LiveServer, tmp_path: Path
) -> None:
    pm = page
    create_owner(pm)
    create_team(pm, "Checkout Squad")
    team_id = pm.url.rstrip("/").rsplit("/", 1)[-1]
    lead = add_tech_lead(pm, browser, server, team_id)
    create_retro(pm, "Sprint 9 retro")
    go_to_phase(pm, "reflect")
    add_card(pm, "Product Perspective", "Specs changed mid-sprint", friction="requirements_clarity")
    lead.goto(pm.url)
    expect(lead.get_by_test_id("connection-state")).to_have_text("Live")
    add_card(lead, "Engineering Perspective", "Flaky CI ate two days", friction="tech_debt")

    # Before the close only facilitators could preview it; nothing is agreed yet.
    go_to_phase(pm, "closed")
    summary = pm.get_by_test_id("closing-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_test_id("summary-topic")).to_have_count(2)
    expect(summary.get_by_test_id("summary-no-actions")).to_have_text(
        "No action items were agreed."
    )
    expect(summary.get_by_test_id("summary-people")).to_contain_text("Priya PM")
    voice = summary.get_by_test_id("summary-voice")
    expect(voice.get_by_role("row", name="Cards")).to_contain_text("1 (50%)")
    flags = summary.get_by_test_id("summary-voice-flags")
    expect(flags).to_have_count(0)
    friction = summary.get_by_test_id("summary-friction-columns")
    expect(friction.get_by_role("row").filter(has_text="Engineering Perspective")).to_contain_text(
        "Tech debt"
    )

    # Reopened, an item is agreed; closed again, the summary has it and its owner.
    go_to_phase(pm, "actions")
    form = pm.get_by_role("form", name="Create action item")
    form.get_by_label("Action item", exact=True).fill("Quarantine the flaky tests")
    form.get_by_label("Category").select_option("tech_debt")
    form.get_by_label("Owner").select_option(label="Tara Lead")
    form.get_by_role("button", name="Create action item").click()
    expect(pm.get_by_test_id("action-item").filter(has_text="Quarantine")).to_have_count(1)
    go_to_phase(pm, "closed")
    actions = summary.get_by_test_id("summary-actions")
    expect(actions).to_contain_text("Quarantine the flaky tests")
    expect(actions).to_contain_text("Tara Lead")
    expect(summary.get_by_test_id("summary-voice-flags")).to_have_text(
        "No action item is owned by the product side."
    )
    # The tech lead, not a facilitator, sees the same summary.
    expect(lead.get_by_test_id("summary-actions")).to_contain_text("Quarantine the flaky tests")
    # Keyboard: the summary's sections are headed regions a reader can jump between.
    expect(pm.get_by_role("region", name="Equal voice")).to_be_visible()
    # Copy as Markdown, and download the files, with the names the server gives them.
    copied = export_summary(
        pm,
        "sprint-9-retro",
        {
            "summary.md": "Quarantine the flaky tests",
            "cards.csv": "Flaky CI ate two days",
            "actions.csv": "Quarantine the flaky tests,Tara Lead",
            "summary.json": '"title": "Sprint 9 retro"',
        },
    )
    assert copied.startswith("# Sprint 9 retro\n")
    assert "Quarantine the flaky tests" in copied
    screenshot(pm, "closing-summary")

    # A share link opens the summary in a fresh browser without an account, until turned off.
    share_then_revoke(
        pm, browser, server, "Sprint 9 retro", "Quarantine the flaky tests", "sprint-9"
    )
    pm.screenshot(path=str(tmp_path / "closing-summary.png"), full_page=True)
    lead.context.close()


def test_the_board_as_it_was_stays_folded_until_opened(page: Page) -> None:
    create_owner(page)
    create_team(page, "Checkout Squad")
    create_retro(page, "Sprint 10 retro")
    go_to_phase(page, "reflect")
    titles = ("Specs changed mid-sprint", "Flaky CI ate two days")
    add_card(page, "Product Perspective", titles[0])
    add_card(page, "Engineering Perspective", titles[1])
    go_to_phase(page, "closed")

    # Folded: each topic is read once, in the summary, and the label says what waits inside.
    expect(page.get_by_test_id("summary-topic")).to_have_count(2)
    fold = page.get_by_test_id("board-as-it-was")
    toggle = fold.locator(":scope > summary")
    expect(toggle).to_have_text("The board as it was (2 topics, 2 cards)")
    expect(fold).not_to_have_attribute("open", "")
    for title in titles:
        expect(page.get_by_text(title)).to_have_count(1)
    expect(page.get_by_test_id("topic")).to_have_count(0)
    # The facilitator can still reopen the retro.
    expect(page.get_by_label("Go to phase")).to_be_visible()
    screenshot(page, "closed-folded")

    # By keyboard: Enter opens it, Space folds it again, with the focus ring showing.
    toggle.focus()
    toggle.press("Enter")
    expect(fold).to_have_attribute("open", "")
    expect(page.get_by_test_id("topic")).to_have_count(2)
    for title in titles:
        expect(page.get_by_text(title)).to_have_count(2)
    assert toggle.evaluate("el => el.matches(':focus-visible')")
    outline = toggle.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none", outline
    toggle.press("Space")
    expect(fold).not_to_have_attribute("open", "")
    expect(page.get_by_test_id("topic")).to_have_count(0)
    toggle.press("Enter")
    expect(page.get_by_test_id("topic")).to_have_count(2)
    screenshot(page, "closed-unfolded")

    # Opened, it stays open through a reload in this tab; a new tab starts folded again.
    page.reload()
    expect(page.get_by_test_id("board-as-it-was")).to_have_attribute("open", "")
    expect(page.get_by_test_id("topic")).to_have_count(2)
    other = page.context.new_page()
    other.goto(page.url)
    expect(other.get_by_test_id("summary-topic")).to_have_count(2)
    expect(other.get_by_test_id("board-as-it-was")).not_to_have_attribute("open", "")
    expect(other.get_by_test_id("topic")).to_have_count(0)
    open_board_as_it_was(other)
    expect(other.get_by_test_id("topic")).to_have_count(2)
    other.close()
