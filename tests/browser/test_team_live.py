"""The team page keeps up without a reload: a facilitator shares a one-hour invite link, a second
person joins with it in their own browser, and the facilitator's page shows them at once; a
change of facilitator shows on both pages, and "Leave team" says why it is off while the
facilitator is the only one."""

import re

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.flows import create_owner, create_team, screenshot


def test_the_facilitators_page_shows_a_new_member_without_a_reload(
    page: Page, browser: Browser, server: LiveServer
) -> None:
    create_owner(page)
    create_team(page, "Payments")
    expect(page.get_by_text("1 member", exact=True)).to_be_visible()
    leave = page.get_by_role("button", name="Leave team")
    expect(leave).to_be_disabled()
    expect(page.get_by_test_id("leave-blocked")).to_have_text(
        "You are the only member and facilitator: invite someone and make them a facilitator"
        " before you leave."
    )

    # A link for the meeting's chat: one hour.
    invites = page.get_by_role("region", name="Invite people")
    invites.get_by_label("Link expires in").select_option(label="1 hour")
    invites.get_by_role("button", name="Create invite link").click()
    link = invites.get_by_test_id("invite-link").input_value()
    assert re.fullmatch(rf"{re.escape(server.url)}/invite/[\w-]+", link), link
    expect(invites).to_contain_text("in 1 hour")

    other = browser.new_context(base_url=server.url, viewport={"width": 1400, "height": 900})
    other.set_default_timeout(10_000)
    tara = other.new_page()
    tara.goto(link)
    expect(tara.get_by_role("heading", level=1, name="Join Payments")).to_be_visible()
    tara.get_by_label("Your role in the team").select_option("tech_lead")
    tara.get_by_label("Display name").fill("Tara Lead")
    tara.get_by_label("Email").fill("tara@example.com")
    tara.get_by_label("Password").fill("a long enough password")
    tara.get_by_role("button", name="Create account").click()
    expect(tara.get_by_role("heading", level=1, name="Payments")).to_be_visible()

    # The facilitator's page, untouched since, now counts and lists the newcomer.
    expect(page.get_by_text("2 members", exact=True)).to_be_visible()
    newcomer = page.get_by_test_id("member").filter(has_text="Tara Lead")
    expect(newcomer).to_contain_text("Tech Lead")
    expect(page.get_by_test_id("leave-blocked")).to_have_text(
        "You are the only facilitator: make someone else a facilitator before you leave."
    )
    screenshot(page, "team-live-new-member")

    # Making Tara a facilitator shows on her page too, and frees the facilitator to leave.
    newcomer.get_by_role("button", name="Make facilitator").click()
    expect(leave).to_be_enabled()
    expect(page.get_by_test_id("leave-blocked")).to_have_count(0)
    me_on_tara = tara.get_by_test_id("member").filter(has_text="(you)")
    expect(me_on_tara.get_by_text("Facilitator", exact=True)).to_be_visible()
    expect(tara.get_by_role("region", name="Invite people")).to_be_visible()

    # A retro started by one shows on the other's list.
    tara.get_by_role("button", name="New retro").click()
    tara.get_by_label("Title").fill("Sprint 44 retro")
    tara.get_by_role("button", name="Create retro").click()
    expect(tara.get_by_role("heading", level=1, name="Sprint 44 retro")).to_be_visible()
    expect(page.get_by_test_id("retro-row").filter(has_text="Sprint 44 retro")).to_have_count(1)

    # Removed from the team, Tara's open page says the team is not there for her.
    tara.goto(page.url)
    expect(tara.get_by_role("heading", level=1, name="Payments")).to_be_visible()
    newcomer.get_by_role("button", name="Remove", exact=True).click()
    page.get_by_role("dialog").get_by_role("button", name="Remove").click()
    expect(page.get_by_text("1 member", exact=True)).to_be_visible()
    expect(tara.get_by_role("heading", level=1, name="Payments")).to_have_count(0)
    screenshot(tara, "team-live-removed")
    other.close()
