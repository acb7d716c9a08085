"""Grouping by hand (drag out of a group, merge groups) and guests-only invite links."""

import re

from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.flows import (
    add_card,
    create_owner,
    create_retro,
    create_team,
    go_to_phase,
    join_as_guest,
)

PRODUCT, ENGINEERING = "Product Perspective", "Engineering Perspective"


def card(page: Page, text: str) -> Locator:
    return page.get_by_test_id("card").filter(has_text=text)


def group_with(page: Page, text: str) -> Locator:
    return page.get_by_test_id("group").filter(has=page.get_by_text(text))


def test_merge_groups_and_drag_a_card_out(page: Page) -> None:
    # Tall enough that a dragged card and its drop target are on screen together: Playwright's
    # drag does not survive the page scrolling under it.
    page.set_viewport_size({"width": 1400, "height": 1600})
    create_owner(page)
    create_team(page, "Checkout Squad")
    create_retro(page, "Grouping retro")
    go_to_phase(page, "reflect")
    for text in ("Release went smoothly", "Pairing helped"):
        add_card(page, PRODUCT, text)
    for text in ("Flaky checkout tests", "Slow CI"):
        add_card(page, ENGINEERING, text)
    go_to_phase(page, "group")

    # Two groups by drag and drop, one of them named.
    card(page, "Release went smoothly").drag_to(card(page, "Pairing helped"))
    expect(page.get_by_test_id("group")).to_have_count(1)
    card(page, "Flaky checkout tests").drag_to(card(page, "Slow CI"))
    expect(page.get_by_test_id("group")).to_have_count(2)
    quality = group_with(page, "Flaky checkout tests")
    title = quality.get_by_role("textbox", name="Title of group Untitled")
    title.fill("Quality")
    title.press("Enter")
    expect(quality.get_by_role("textbox", name="Title of group Quality")).to_have_value("Quality")

    # Merge the other group into "Quality": one group holding all four cards.
    delivery = group_with(page, "Release went smoothly")
    delivery.get_by_label("Merge into…").select_option(label="Quality")
    expect(page.get_by_test_id("group")).to_have_count(1)
    expect(page.get_by_test_id("group").get_by_test_id("card")).to_have_count(4)

    # Drag one card out of the group, onto the "Ungrouped cards" area.
    ungrouped = page.get_by_role("region", name="Ungrouped cards")
    card(page, "Pairing helped").drag_to(ungrouped.get_by_role("heading"))
    expect(ungrouped.get_by_test_id("card")).to_have_count(1)
    expect(ungrouped.get_by_test_id("card")).to_contain_text("Pairing helped")
    expect(page.get_by_test_id("group").get_by_test_id("card")).to_have_count(3)

    # All of it was stored on the server, not just drawn.
    page.reload()
    expect(page.get_by_test_id("group")).to_have_count(1)
    expect(
        page.get_by_test_id("group").get_by_role("textbox", name="Title of group Quality")
    ).to_have_value("Quality")
    expect(page.get_by_test_id("group").get_by_test_id("card")).to_have_count(3)
    expect(page.get_by_role("region", name="Ungrouped cards").get_by_test_id("card")).to_have_count(
        1
    )


def test_guests_only_link(page: Page, browser: Browser, server: LiveServer) -> None:
    create_owner(page)
    create_team(page, "Checkout Squad")
    create_retro(page, "Guest retro")

    # The dialog makes a guests-only link by default, and hands the same one out again.
    page.get_by_role("button", name="Invite").click()
    dialog = page.get_by_role("dialog", name="Invite to this retro")
    expect(dialog.get_by_label("Guests only (no team membership)")).to_be_checked()
    field = dialog.get_by_test_id("invite-link")
    expect(field).to_have_value(re.compile(r"/invite/"))
    first = field.input_value()
    dialog.get_by_role("button", name="Done").click()
    expect(dialog).to_be_hidden()

    page.get_by_role("button", name="Invite").click()
    expect(field).to_have_value(first)
    # "New link" mints another one anyway; a member link is a different link again.
    dialog.get_by_role("button", name="New link").click()
    expect(field).to_have_value(re.compile(r"/invite/"))
    expect(field).not_to_have_value(first)
    link = field.input_value()
    dialog.get_by_label("Guests only (no team membership)").uncheck()
    expect(field).to_have_value(re.compile(r"/invite/"))
    expect(field).not_to_have_value(link)
    dialog.get_by_label("Guests only (no team membership)").check()
    expect(field).to_have_value(link)
    dialog.get_by_role("button", name="Done").click()

    # Someone else opens it: only the guest path, explained.
    context = browser.new_context(base_url=server.url, viewport={"width": 1400, "height": 900})
    context.set_default_timeout(10_000)
    guest = context.new_page()
    guest.goto(link)
    expect(guest.get_by_role("heading", level=1, name="Guest retro")).to_be_visible()
    expect(guest.get_by_text("This link lets you join")).to_contain_text("Guest retro")
    expect(guest.get_by_text("This link lets you join")).to_contain_text("as a guest")
    expect(guest.get_by_role("region", name="Join this retro as a guest")).to_be_visible()
    expect(guest.get_by_role("button", name="Create account")).to_have_count(0)
    expect(guest.get_by_role("button", name="Sign in instead")).to_have_count(0)
    expect(guest.get_by_label("Your role in the team")).to_have_count(0)

    join_as_guest(guest, link, "Gus from Design", "design")
    expect(guest).to_have_url(re.compile(r"/retros/"))
    expect(guest.get_by_role("heading", level=1, name="Guest retro")).to_be_visible()
    expect(guest.get_by_test_id("connection-state")).to_have_text("Live")
    expect(page.get_by_test_id("presence")).to_contain_text("Gus from Design")
    context.close()
