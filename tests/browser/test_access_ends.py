"""A member removed from the team while their board is open: the board goes away from their
screen within seconds, with the reason, while the facilitator's board carries on."""

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.flows import add_tech_lead, create_owner, create_retro, create_team


def test_a_removed_member_loses_the_open_board(
    page: Page, browser: Browser, server: LiveServer
) -> None:
    create_owner(page)
    create_team(page, "Payments")
    team_id = page.url.rstrip("/").split("/")[-1]
    create_retro(page, "Sprint 7 retro")
    lead = add_tech_lead(page, browser, server, team_id)
    lead.goto(page.url)
    expect(lead.get_by_role("heading", level=1, name="Sprint 7 retro")).to_be_visible()
    expect(lead.get_by_test_id("connection-state")).to_have_text("Live")

    # The facilitator removes them on the team page.
    page.goto(f"/teams/{team_id}")
    tara = page.get_by_role("listitem").filter(has_text="Tara Lead")
    tara.get_by_role("button", name="Remove", exact=True).click()
    page.get_by_role("dialog").get_by_role("button", name="Remove").click()
    expect(tara).to_have_count(0)

    expect(lead.get_by_text("This retro does not exist or you are not part of it.")).to_be_visible()
    expect(lead.get_by_role("heading", level=1, name="Sprint 7 retro")).to_have_count(0)
    expect(lead.get_by_text("Here now")).to_have_count(0)
    lead.screenshot(path=str(server.data_dir.parent / "removed.png"))
    lead.context.close()
