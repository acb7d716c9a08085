"""Suggested groups in the group phase, and a perception gap beside its topic in discuss."""

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

PRODUCT, ENGINEERING = "Product Perspective", "Engineering Perspective"
CALENDAR_PM = "Calendar sync shipped a week early and customers love calendar sync"
CALENDAR_ENG = "We skipped the load tests on calendar sync to get calendar sync out early"
BILLING = (
    "The legacy billing invoice module has no tests",
    "Billing invoice code took three days to change",
)
STANDUP = (
    "Standup runs forty minutes every day",
    "Our forty-minute standup is too long, people stop listening",
)


def test_suggested_groups_are_accepted_or_dismissed_and_a_gap_shows_beside_its_topic(
    page: Page, browser: Browser, server: LiveServer
) -> None:
    page.set_viewport_size({"width": 1400, "height": 1400})
    create_owner(page)
    create_team(page, "Calendar Squad")
    team_url = page.url.rstrip("/")
    lead = add_tech_lead(page, browser, server, team_url.rsplit("/", 1)[-1])
    create_retro(page, "Sprint 7 retro")
    go_to_phase(page, "reflect")
    add_card(page, PRODUCT, CALENDAR_PM, polarity="Went well")
    # Tagged as people tag them: a shared friction point is part of what makes one situation.
    for texts, friction in ((BILLING, "tech_debt"), (STANDUP, "communication")):
        for text in texts:
            add_card(page, PRODUCT, text, polarity="Didn't go well", friction=friction)
    lead.goto(page.url)
    add_card(lead, ENGINEERING, CALENDAR_ENG, polarity="Didn't go well")
    lead.close()

    go_to_phase(page, "group")
    panel = page.get_by_test_id("suggested-groups")
    panel.get_by_role("button", name="Suggest groups").click()
    proposals = panel.get_by_test_id("proposal")
    expect(proposals).to_have_count(3)
    screenshot(page, "situations-suggested")

    # Accepted with a name of the facilitator's own: a real group on the board.
    billing = proposals.filter(has_text=BILLING[0])
    expect(billing).to_contain_text(BILLING[1])
    billing.get_by_label("Name").fill("Billing rewrite")
    billing.get_by_role("button", name="Accept").click()
    group = page.get_by_test_id("group").filter(has_text=BILLING[0])
    expect(group.get_by_role("textbox", name="Title of group Billing rewrite")).to_be_visible()
    expect(group.get_by_test_id("card")).to_have_count(2)

    # Dismissed from the keyboard: gone from the proposals, nothing moved, and focus is on the
    # proposal left rather than lost.
    dismiss = proposals.filter(has_text=STANDUP[0]).get_by_role("button", name="Dismiss")
    dismiss.focus()
    dismiss.press("Enter")
    expect(proposals).to_have_count(1)
    expect(proposals.get_by_label("Name")).to_be_focused()
    expect(page.get_by_test_id("group")).to_have_count(1)
    screenshot(page, "situations-accepted")

    go_to_phase(page, "discuss")
    page.get_by_role("button", name=f"Discuss this: {CALENDAR_PM}").click()
    gaps = page.get_by_test_id("perception-gaps")
    expect(gaps).to_contain_text("Product and Engineering see this differently")
    gap = gaps.get_by_test_id("perception-gap")
    expect(gap).to_have_count(1)
    expect(gap).to_contain_text(CALENDAR_PM)
    expect(gap).to_contain_text(CALENDAR_ENG)
    expect(gap).not_to_contain_text("Tara")
    screenshot(page, "situations-gap")

    # The engineering card is a topic of its own: the facilitator goes there from the gap, and
    # the gap stays beside it, now offering the product card's topic.
    now = page.get_by_test_id("current-topic")
    expect(now).to_contain_text(CALENDAR_PM)
    other_side = gap.get_by_role("button", name="Discuss this card's topic")
    expect(other_side).to_have_count(1)
    other_side.press("Enter")
    expect(now).to_contain_text(CALENDAR_ENG)
    expect(now).not_to_contain_text(CALENDAR_PM)
    expect(gap).to_contain_text(CALENDAR_PM)
    expect(gap.get_by_role("button", name="Discuss this card's topic")).to_have_count(1)
    gap.get_by_role("button", name="Discuss this card's topic").click()
    expect(now).to_contain_text(CALENDAR_PM)

    # Another topic without a disagreement shows none.
    page.get_by_role("button", name="Discuss this: Billing rewrite").click()
    expect(page.get_by_test_id("perception-gaps")).to_have_count(0)

    # The closing summary lists the retro's gaps, whichever topic they belong to.
    go_to_phase(page, "closed")
    closing = page.get_by_test_id("perception-gaps")
    expect(closing.get_by_test_id("perception-gap")).to_have_count(1)
    expect(closing).to_contain_text(CALENDAR_ENG)
    screenshot(page, "situations-closed")

    # The team's trends count it for the sprint.
    page.goto(f"{team_url}/trends")
    chart = page.get_by_test_id("chart-perception-gaps")
    expect(chart).to_be_visible()
    expect(chart).to_contain_text("Perception gaps per sprint")
    # Below the chart, the latest sprint's gaps, both cards side by side.
    sprint = page.get_by_test_id("trend-gaps")
    expect(sprint).to_have_count(1)
    expect(sprint.locator("summary")).to_contain_text("1 gap")
    pair = sprint.get_by_test_id("perception-gap")
    expect(pair).to_contain_text(CALENDAR_PM)
    expect(pair).to_contain_text(CALENDAR_ENG)
    expect(pair).not_to_contain_text("Tara")
    sprint.locator("summary").click()  # folds away by mouse or keyboard
    expect(pair).to_be_hidden()
    sprint.locator("summary").press("Enter")
    expect(pair).to_be_visible()
    screenshot(page, "situations-trends")
