"""A retro taken part in on a phone (390 by 844), team pages that fit one, and the light and dark
themes: the device's setting by default, or the account's choice on every device."""

import re
from datetime import date, timedelta

from playwright.sync_api import (
    Browser,
    BrowserContext,
    Locator,
    Page,
    Response,
    ViewportSize,
    expect,
)

from tests.browser.conftest import LiveServer
from tests.browser.flows import (
    add_card,
    api_call,
    create_owner,
    create_retro,
    create_team,
    invite_link,
    join_as_guest,
    next_phase,
    screenshot,
    sign_in_demo_pm,
)

PHONE: ViewportSize = {"width": 390, "height": 844}
COLUMNS = ["Product Perspective", "Engineering Perspective", "Collaboration Improvements"]
# The page background of each theme, as app.css declares it (--bg).
LIGHT_BG = "rgb(246, 247, 249)"
DARK_BG = "rgb(15, 18, 23)"


def phone_context(browser: Browser, server: LiveServer) -> BrowserContext:
    context = browser.new_context(base_url=server.url, viewport=PHONE)
    context.set_default_timeout(10_000)
    return context


def assert_no_sideways_scroll(page: Page, where: str) -> None:
    widths = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], (where, widths)


def assert_in_first_viewport(page: Page, what: Locator) -> None:
    """Visible without scrolling: the page is at its top and the element's box lies within
    the phone's screen."""
    page.evaluate("window.scrollTo(0, 0)")
    box = what.bounding_box()
    assert box is not None, what
    assert page.evaluate("window.scrollY") == 0
    assert box["y"] >= 0, box
    assert box["y"] + box["height"] <= PHONE["height"], box


def theme_of(page: Page) -> tuple[str | None, str]:
    """The theme set on <html>, and the background actually painted."""
    return (
        page.evaluate("document.documentElement.dataset.theme"),
        page.evaluate("getComputedStyle(document.body).backgroundColor"),
    )


def test_a_participant_takes_part_in_a_whole_retro_on_a_phone(
    page: Page, browser: Browser, server: LiveServer
) -> None:
    pm = page
    create_owner(pm)
    create_team(pm, "Checkout Squad")
    create_retro(pm, "Phone retro")
    link = invite_link(pm)
    next_phase(pm, "review")
    next_phase(pm, "reflect")
    add_card(pm, COLUMNS[0], "Release went smoothly")

    context = phone_context(browser, server)
    phone = context.new_page()
    join_as_guest(phone, link, "Eli Engineer", "eng")
    expect(phone.get_by_test_id("connection-state")).to_have_text("Live")
    expect(phone.get_by_test_id("phase-current")).to_have_attribute("data-phase", "reflect")

    # One column at a time, picked with tabs that carry the card counts; the prompts folded.
    tabs = phone.get_by_role("tablist", name="Columns").get_by_role("tab")
    expect(tabs).to_have_count(3)
    expect(tabs.nth(0)).to_have_attribute("aria-selected", "true")
    expect(tabs.nth(0).get_by_test_id("tab-count")).to_have_text("1")
    expect(phone.get_by_test_id("column")).to_have_count(1)
    expect(phone.get_by_test_id("prompts-panel").get_by_role("button")).to_have_attribute(
        "aria-expanded", "false"
    )
    expect(phone.get_by_test_id("prompt").first).to_be_hidden()
    # The facilitator's controls are not a guest's.
    expect(phone.get_by_test_id("facilitator-menu-button")).to_have_count(0)

    # The keyboard moves between tabs: the arrow picks the next column, only it is tabbable.
    tabs.nth(0).focus()
    phone.keyboard.press("ArrowRight")
    expect(tabs.nth(1)).to_be_focused()
    expect(tabs.nth(1)).to_have_attribute("aria-selected", "true")
    expect(tabs.nth(1)).to_have_attribute("tabindex", "0")
    expect(tabs.nth(0)).to_have_attribute("tabindex", "-1")
    phone.keyboard.press("End")
    expect(tabs.nth(2)).to_be_focused()
    phone.keyboard.press("ArrowRight")
    expect(tabs.nth(0)).to_be_focused()
    tabs.nth(1).click()
    shown = phone.get_by_role("tabpanel").get_by_test_id("column")
    expect(shown).to_have_attribute("data-column-title", COLUMNS[1])
    expect(tabs.nth(1).get_by_test_id("tab-count")).to_have_text("0")

    # The composer of the chosen column is on the first screen, without scrolling.
    assert_in_first_viewport(phone, shown.get_by_role("button", name="Add card"))
    add_card(phone, COLUMNS[1], "Specs arrived late")
    expect(tabs.nth(1).get_by_test_id("tab-count")).to_have_text("1")
    expect(pm.get_by_test_id("hidden-card")).to_have_count(1)
    assert_no_sideways_scroll(phone, "reflect")
    screenshot(phone, "phone-reflect")

    # Reveal: the other's card shows in its column's tab.
    next_phase(pm, "reveal")
    tabs.nth(0).click()
    expect(
        phone.get_by_test_id("card-text").filter(has_text="Release went smoothly")
    ).to_be_visible()
    assert_no_sideways_scroll(phone, "reveal")

    # Vote on a phone.
    next_phase(pm, "group")
    next_phase(pm, "vote")
    expect(phone.get_by_test_id("votes-left")).to_have_text("3 votes left")
    topic = phone.get_by_test_id("card").filter(has_text="Specs arrived late")
    phone.get_by_role("button", name="Vote for Specs arrived late").click()
    expect(phone.get_by_test_id("votes-left")).to_have_text("2 votes left")
    expect(topic).to_be_visible()
    assert_no_sideways_scroll(phone, "vote")
    screenshot(phone, "phone-vote")

    # Discuss: the topic on the table and the action item agreed on it reach the phone.
    next_phase(pm, "discuss")
    pm.get_by_role("button", name="Discuss this: Specs arrived late").click()
    now = phone.get_by_test_id("current-topic")
    expect(now).to_contain_text("Specs arrived late")
    pm_now = pm.get_by_test_id("current-topic")
    pm_now.get_by_label("Action item", exact=True).fill("Write specs a sprint ahead")
    pm_now.get_by_label("Category").select_option("velocity_quality")
    pm_now.get_by_label("Due date").fill((date.today() + timedelta(days=7)).isoformat())
    pm_now.get_by_role("button", name="Create action item").click()
    expect(phone.get_by_test_id("action-item")).to_contain_text("Write specs a sprint ahead")
    assert_no_sideways_scroll(phone, "discuss")

    next_phase(pm, "actions")
    expect(phone.get_by_test_id("action-item")).to_contain_text("Write specs a sprint ahead")
    assert_no_sideways_scroll(phone, "actions")
    next_phase(pm, "closed")
    expect(phone.get_by_test_id("summary-actions")).to_contain_text("Write specs a sprint ahead")
    assert_no_sideways_scroll(phone, "closed")
    context.close()


def test_a_facilitator_on_a_phone_finds_every_control_in_one_menu(
    browser: Browser, server: LiveServer
) -> None:
    context = phone_context(browser, server)
    phone = context.new_page()
    create_owner(phone)
    create_team(phone, "Checkout Squad")
    create_retro(phone, "Phone retro")
    menu = phone.get_by_test_id("facilitator-menu")
    opener = phone.get_by_test_id("facilitator-menu-button")
    expect(menu).to_be_hidden()
    expect(opener).to_have_attribute("aria-expanded", "false")
    # Not in the page header, which would push the board down.
    expect(phone.get_by_role("button", name="Invite")).to_have_count(0)
    opener.click()
    expect(opener).to_have_attribute("aria-expanded", "true")
    for name in ("Previous phase", "Settings", "Invite", "Save as template"):
        expect(menu.get_by_role("button", name=name, exact=True)).to_be_visible()
    expect(menu.get_by_role("button", name="Start a 3 minute timer")).to_be_visible()
    expect(menu.get_by_label("Go to phase")).to_be_visible()
    # The next step stays one tap away, outside the menu.
    next_phase(phone, "review")
    next_phase(phone, "reflect")
    assert_in_first_viewport(
        phone, phone.get_by_role("tabpanel").get_by_role("button", name="Add card")
    )
    assert_no_sideways_scroll(phone, "facilitator reflect")
    context.close()


def test_team_pages_fit_a_phone_without_sideways_scrolling(
    browser: Browser, server: LiveServer
) -> None:
    context = phone_context(browser, server)
    phone = context.new_page()
    sign_in_demo_pm(phone, server)
    teams = api_call(phone, "GET", "/api/teams")
    team_id = (teams["teams"] if isinstance(teams, dict) else teams)[0]["id"]
    for path in ("", "/actions", "/debt", "/trends", "/rituals", "/settings"):
        phone.goto(f"/teams/{team_id}{path}")
        expect(phone.get_by_role("heading", level=1)).to_be_visible()
        phone.wait_for_load_state("networkidle")
        assert_no_sideways_scroll(phone, path or "team")
    # A wide table scrolls in its own box, which the keyboard can reach.
    phone.goto(f"/teams/{team_id}/trends")
    phone.get_by_role("button", name="Show table").first.click()
    region = phone.locator(".table-scroll").filter(has=phone.get_by_test_id("chart-table")).first
    expect(region).to_have_attribute("role", "region")
    expect(region).to_have_attribute("tabindex", "0")
    assert_no_sideways_scroll(phone, "trends with a table")
    context.close()


def test_the_device_setting_picks_the_theme_until_one_is_chosen(
    browser: Browser, server: LiveServer
) -> None:
    context = browser.new_context(base_url=server.url, viewport=PHONE)
    page = context.new_page()
    page.emulate_media(color_scheme="dark")
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/setup$"))
    assert theme_of(page) == ("dark", DARK_BG)
    # Text and surfaces come from the dark palette too (the page's heading comes with its
    # chunk, a moment after the address changed).
    h1 = page.get_by_role("heading", level=1)
    expect(h1).to_be_visible()
    heading = h1.evaluate("h => getComputedStyle(h).color")
    assert heading == "rgb(231, 234, 240)", heading
    # Switched while the page is open: it follows.
    page.emulate_media(color_scheme="light")
    expect(page.locator("html")).to_have_attribute("data-theme", "light")
    assert theme_of(page) == ("light", LIGHT_BG)
    context.close()


def _theme_saved(response: Response) -> bool:
    return response.url.endswith("/api/account/theme") and response.request.method == "PUT"


def test_the_theme_chosen_in_settings_follows_the_account(
    browser: Browser, server: LiveServer
) -> None:
    first = browser.new_context(base_url=server.url, color_scheme="light")
    first.set_default_timeout(10_000)
    # The theme the moment it is first set, and whether the page's body was there yet: set
    # from the <head>, before any of the page is parsed (let alone drawn), there is no flash.
    first.add_init_script(
        """new MutationObserver((_, observer) => {
            window.__firstTheme = {
              theme: document.documentElement.dataset.theme,
              bodyParsed: !!document.body,
            };
            observer.disconnect();
          }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-theme'] });"""
    )
    page = first.new_page()
    create_owner(page)
    page.goto("/settings")
    choice = page.get_by_test_id("theme-choice")
    expect(choice.get_by_role("radio", name=re.compile("^Same as this device"))).to_be_checked()
    assert theme_of(page) == ("light", LIGHT_BG)
    # The page turns dark at once and saves the choice meanwhile: the account is read once
    # the save has answered.
    with page.expect_response(_theme_saved) as saved:
        choice.get_by_role("radio", name="Dark", exact=True).check()
    assert saved.value.ok
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    assert theme_of(page) == ("dark", DARK_BG)
    session = page.request.get("/api/auth/session").json()
    assert session["user"]["theme"] == "dark"

    # A reload is dark from the very start.
    page.reload()
    expect(
        page.get_by_test_id("theme-choice").get_by_role("radio", name="Dark", exact=True)
    ).to_be_checked()
    assert page.evaluate("window.__firstTheme") == {"theme": "dark", "bodyParsed": False}
    assert theme_of(page) == ("dark", DARK_BG)

    # Another browser (a light device, nothing stored) signing in to the account turns dark.
    second = browser.new_context(base_url=server.url, color_scheme="light")
    second.set_default_timeout(10_000)
    other = second.new_page()
    other.goto("/signin")
    assert theme_of(other)[0] == "light"
    other.get_by_label("Email").fill("priya@example.com")
    other.get_by_label("Password").fill("a long enough password")
    other.get_by_role("button", name="Sign in").click()
    expect(other).to_have_url(re.compile(r"/teams$"))
    expect(other.locator("html")).to_have_attribute("data-theme", "dark")
    assert theme_of(other) == ("dark", DARK_BG)

    # Back to following the device, from the second browser; the first picks it up on reload
    # (once the choice is saved: the page changes at once and saves meanwhile).
    other.goto("/settings")
    with other.expect_response(_theme_saved) as saved_again:
        other.get_by_test_id("theme-choice").get_by_role(
            "radio", name=re.compile("^Same as this device")
        ).check()
    assert saved_again.value.ok
    expect(other.locator("html")).to_have_attribute("data-theme", "light")
    expect(
        other.get_by_test_id("theme-choice").get_by_role(
            "radio", name=re.compile("^Same as this device")
        )
    ).to_be_checked()
    page.reload()
    expect(page.locator("html")).to_have_attribute("data-theme", "light")
    first.close()
    second.close()


def test_reduced_motion_turns_transitions_off(page: Page, server: LiveServer) -> None:
    page.goto("/")
    button = page.get_by_role("button", name="Create account")
    assert button.evaluate("b => getComputedStyle(b).transitionDuration") != "0s"
    page.emulate_media(reduced_motion="reduce")
    assert button.evaluate("b => getComputedStyle(b).transitionDuration") == "0s"
