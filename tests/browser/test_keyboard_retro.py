"""A guest takes part in a whole retro with the keyboard alone (join, write, group, vote,
discuss, create an action item) while the facilitator runs it with the mouse. Focus is always
visible and stays where it was when the facilitator's changes arrive live, and the board's
polite live region says each phase change, the end of the timer and others' new cards, the
cards counted rather than read one by one."""

import re

from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.axe import assert_accessible
from tests.browser.conftest import LiveServer
from tests.browser.flows import (
    add_card,
    board_command,
    column,
    create_owner,
    create_retro,
    create_team,
    invite_link,
    next_phase,
    screenshot,
)

COLUMNS = ["Product Perspective", "Engineering Perspective", "Collaboration Improvements"]
# Far more than any page here has stops, so a missing control fails rather than loops.
MAX_TABS = 80


def is_focused(target: Locator) -> bool:
    return bool(target.evaluate("el => el === document.activeElement"))


def assert_focus_visible(page: Page) -> None:
    """The focused element matches :focus-visible and an outline is drawn around it."""
    drawn = page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el || el === document.body) return 'nothing is focused';
            // Chromium never marks a date field :focus-visible (its parts take the focus).
            if (!el.matches(':focus-visible, input[type="date"]:focus-within')) {
                return 'not :focus-visible: ' + el.outerHTML;
            }
            // A small control may draw the ring on its label (a radio "pill", say).
            for (let box = el, up = 0; box && up < 3; box = box.parentElement, up += 1) {
                const style = getComputedStyle(box);
                if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) {
                    return '';
                }
            }
            return 'no outline around ' + el.outerHTML.slice(0, 200);
        }"""
    )
    assert drawn == "", drawn


def tab_to(page: Page, target: Locator, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until `target` has focus, checking at every stop that the
    focus can be seen."""
    expect(target).to_be_visible()
    for _ in range(MAX_TABS):
        if is_focused(target):
            assert_focus_visible(page)
            return
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        # Past the last control focus leaves the page (for the browser's own bar) and comes
        # back round at the top: only then may nothing in the page have it.
        if not page.evaluate("document.activeElement === document.body"):
            assert_focus_visible(page)
    raise AssertionError(f"Tab never reached {target}")


def listen_to_announcements(page: Page) -> None:
    """Keep, in the page, every text the board's live region takes."""
    page.evaluate(
        """() => {
            const region = document.querySelector('[data-testid="board-announcer"]');
            window.__said = [];
            new MutationObserver(() => {
                const text = region.textContent.trim();
                if (text) window.__said.push(text);
            }).observe(region, { childList: true, characterData: true, subtree: true });
        }"""
    )


def said(page: Page) -> list[str]:
    return list(page.evaluate("window.__said"))


def test_a_guest_takes_part_in_a_whole_retro_with_the_keyboard_only(
    page: Page, browser: Browser, server: LiveServer
) -> None:
    pm = page
    create_owner(pm)
    create_team(pm, "Checkout Squad")
    create_retro(pm, "Keyboard retro")
    link = invite_link(pm)
    retro_id = pm.url.rsplit("/", 1)[-1]

    context = browser.new_context(base_url=server.url, viewport={"width": 1400, "height": 900})
    context.set_default_timeout(10_000)
    guest = context.new_page()
    keys = guest.keyboard

    # Join: the invite link opened, then only keys.
    guest.goto(link)
    join = guest.get_by_role("region", name="Join this retro as a guest")
    tab_to(guest, join.get_by_label("Your name"))
    keys.type("Kai Keys")
    tab_to(guest, join.get_by_label("Your role"))
    role = join.get_by_label("Your role")
    for _ in range(8):
        if role.input_value() == "eng":
            break
        keys.press("ArrowDown")
    expect(role).to_have_value("eng")
    tab_to(guest, join.get_by_role("button", name="Join as guest"))
    keys.press("Enter")
    expect(guest.get_by_test_id("connection-state")).to_have_text("Live")
    listen_to_announcements(guest)

    # Reflect: a card written and filed as went well or not, with keys.
    next_phase(pm, "review")
    next_phase(pm, "reflect")
    expect(guest.get_by_test_id("phase-current")).to_have_attribute("data-phase", "reflect")
    eng = column(guest, COLUMNS[1])
    tab_to(guest, eng.get_by_role("button", name="Add card"))
    keys.press("Enter")
    expect(eng.get_by_label("Card text")).to_be_focused()
    keys.type("Specs arrived late")
    tab_to(guest, eng.get_by_role("radio").first)
    # Arrows move through a radio group; whichever side this lands on, it carries a word,
    # not only a colour.
    keys.press("ArrowRight")
    picked = eng.get_by_role("radio", checked=True)
    expect(picked).to_have_count(1)
    expect(picked).to_be_focused()
    side = picked.get_attribute("value")
    assert side, "the polarity radios carry a value"
    tab_to(guest, eng.get_by_label("Card text"), backwards=True)
    keys.press("Control+Enter")
    mine = eng.get_by_test_id("card").filter(has_text="Specs arrived late")
    expect(mine).to_have_count(1)

    # The facilitator's cards arrive while the guest's focus sits on a control: it stays
    # there, visible, and the cards are announced together, not one by one.
    focused = column(guest, COLUMNS[0]).get_by_role("button", name="Add card")
    tab_to(guest, focused)
    for text in ("Release went smoothly", "Flaky checkout tests", "Pairing helped"):
        add_card(pm, COLUMNS[0] if text != "Flaky checkout tests" else COLUMNS[1], text)
    expect(guest.get_by_test_id("hidden-card")).to_have_count(3)
    expect(focused).to_be_focused()
    assert_focus_visible(guest)
    guest.wait_for_function("() => window.__said.some((t) => /new cards?\\./.test(t))")
    counted = [t for t in said(guest) if "new card" in t]
    assert sum(int(t.split()[0]) for t in counted) == 3, counted
    assert len(counted) < 3, counted
    assert "The retro moved to Reflect." in said(guest)

    # Reveal, then group: two cards selected with Space, titled and grouped with Enter.
    next_phase(pm, "reveal")
    next_phase(pm, "group")
    expect(guest.get_by_test_id("phase-current")).to_have_attribute("data-phase", "group")
    for text in ("Specs arrived late", "Flaky checkout tests"):
        tab_to(guest, guest.get_by_role("checkbox", name=f"Select this card: {text}"))
        keys.press("Space")
        expect(guest.get_by_role("checkbox", name=f"Select this card: {text}")).to_be_checked()
    expect(guest.get_by_text("2 selected")).to_be_visible()
    tab_to(guest, guest.get_by_label("Group title", exact=True), backwards=True)
    keys.type("Quality")
    tab_to(guest, guest.get_by_role("button", name="Group selected"))
    keys.press("Enter")
    quality = pm.get_by_test_id("group").filter(has=pm.get_by_text("Specs arrived late"))
    expect(quality.get_by_test_id("card")).to_have_count(2)
    # A card taken back out of its group, by keys too.
    tab_to(guest, guest.get_by_role("button", name="Take out of group (Flaky checkout tests)"))
    keys.press("Enter")
    expect(quality.get_by_test_id("card")).to_have_count(1)
    # Colour is never alone: every card names its side and (outside its column) its column.
    cards = guest.get_by_test_id("card")
    expect(cards).to_have_count(4)
    for i in range(4):
        expect(cards.nth(i).get_by_test_id("card-polarity")).to_have_text(
            re.compile(r"^(Went well|Didn't go well|Proposal)$")
        )
        expect(cards.nth(i)).to_contain_text(re.compile("|".join(COLUMNS)))

    # Vote: Enter on the group's vote button; the facilitator's vote arrives meanwhile.
    next_phase(pm, "vote")
    expect(guest.get_by_test_id("votes-left")).to_have_text("3 votes left")
    vote = guest.get_by_role("button", name="Vote for Quality")
    tab_to(guest, vote)
    keys.press("Enter")
    expect(guest.get_by_test_id("votes-left")).to_have_text("2 votes left")
    keys.press("Enter")
    expect(guest.get_by_test_id("votes-left")).to_have_text("1 vote left")
    pm.get_by_role("button", name="Vote for Release went smoothly").click()
    expect(pm.get_by_test_id("votes-left")).to_have_text("2 votes left")
    expect(vote).to_be_focused()
    assert_focus_visible(guest)
    assert "The retro moved to Vote." in said(guest)

    # Discuss: the facilitator puts the group on the table and starts a short timer; the guest
    # writes an action item for it with keys, and hears when the time is up.
    next_phase(pm, "discuss")
    pm.get_by_role("button", name="Discuss this: Quality").click()
    board_command(pm, retro_id, "set_timer", seconds=10)
    now = guest.get_by_test_id("current-topic")
    expect(now).to_contain_text("Quality")
    title = now.get_by_role("textbox", name="Action item")
    tab_to(guest, title)
    keys.type("Specs ready two days before planning")
    tab_to(guest, now.get_by_role("button", name="Create action item"))
    keys.press("Enter")
    # Sent without a category: focus goes to the field that needs it, which names its error.
    category = now.get_by_label("Category")
    expect(category).to_be_focused()
    expect(category).to_have_attribute("aria-invalid", "true")
    assert_focus_visible(guest)
    keys.press("ArrowDown")
    expect(category).to_have_value("requirements_clarity")
    tab_to(guest, now.get_by_role("button", name="Create action item"))
    keys.press("Enter")
    expect(pm.get_by_test_id("topic-action")).to_contain_text(
        "Specs ready two days before planning"
    )
    # Ready for the next item: the focus is back on the (emptied) title, not lost.
    expect(title).to_be_focused()
    expect(title).to_have_value("")
    assert_focus_visible(guest)
    screenshot(guest, "keyboard-discuss-focus")
    guest.wait_for_function("() => window.__said.includes('Time is up.')", timeout=20_000)
    assert "The retro moved to Discuss." in said(guest)
    # Nothing is said twice in a row unchanged, and nothing floods the region.
    assert len(said(guest)) <= 12, said(guest)
    assert_accessible(guest, "the board a keyboard user left in discuss")
