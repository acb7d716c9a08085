"""The live board as a new team reads it: each card keeps its column's name after the reveal,
long group titles wrap instead of being cut, the composer remembers the card type, and the small
things (who is here, "I'm ready", a closed retro) read right; on a desktop and on a phone."""

from playwright.sync_api import Locator, Page, ViewportSize, expect

from tests.browser.flows import (
    add_card,
    column,
    create_owner,
    create_retro,
    create_team,
    go_to_phase,
    open_board_as_it_was,
    screenshot,
)

PRODUCT = "Product Perspective"
ENGINEERING = "Engineering Perspective"
LONG = "Requirements churn & missing edge cases"
PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1400, "height": 900}


def _fully_shown(field: Locator) -> bool:
    """Nothing of the field's text is scrolled out of sight, across or down."""
    return bool(
        field.evaluate(
            "el => el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight + 1"
        )
    )


def _inside(inner: Locator, outer: Locator) -> bool:
    a, b = inner.bounding_box(), outer.bounding_box()
    assert a is not None
    assert b is not None
    return (
        a["x"] >= b["x"] - 0.5
        and a["y"] >= b["y"] - 0.5
        and a["x"] + a["width"] <= b["x"] + b["width"] + 0.5
        and a["y"] + a["height"] <= b["y"] + b["height"] + 0.5
    )


def _card(page: Page, text: str) -> Locator:
    return page.get_by_test_id("card").filter(has_text=text)


def _group(page: Page, card_text: str) -> Locator:
    return page.locator('[data-testid="group"]', has=_card(page, card_text))


def _check_columns(page: Page, cards: dict[str, str]) -> None:
    for text, title in cards.items():
        expect(_card(page, text).get_by_test_id("card-column")).to_have_text(
            f"Column: {title}", use_inner_text=False
        )


def test_cards_keep_their_column_and_long_titles_stay_whole(page: Page) -> None:
    create_owner(page)
    create_team(page, "Checkout Squad")
    create_retro(page, "Sprint 7 retro")
    go_to_phase(page, "reflect")
    cards = {
        "Scope changed twice mid-sprint": PRODUCT,
        "Edge cases found in QA, not in refinement": ENGINEERING,
        "Release notes were late": PRODUCT,
        "Flaky checkout tests": ENGINEERING,
    }
    for text, column_title in cards.items():
        add_card(page, column_title, text, polarity="Didn't go well")
    # Before the reveal cards stand in their columns: no label needed there.
    expect(page.get_by_test_id("card-column")).to_have_count(0)

    go_to_phase(page, "group")
    _check_columns(page, cards)
    for text in ("Scope changed twice mid-sprint", "Edge cases found in QA, not in refinement"):
        _card(page, text).get_by_label("Select").check()
    page.get_by_label("Group title").fill(LONG)
    page.get_by_role("button", name="Group selected").click()
    expect(page.get_by_test_id("group")).to_have_count(1)
    for text in ("Release notes were late", "Flaky checkout tests"):
        _card(page, text).get_by_label("Select").check()
    page.get_by_label("Group title").fill("Delivery")
    page.get_by_role("button", name="Group selected").click()
    expect(page.get_by_test_id("group")).to_have_count(2)
    _check_columns(page, cards)

    churn = _group(page, "Scope changed twice mid-sprint")
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        title = churn.get_by_role("textbox", name=f"Title of group {LONG}")
        expect(title).to_have_value(LONG)
        assert _fully_shown(title), size
        for group in (churn, _group(page, "Flaky checkout tests")):
            menu = group.get_by_label("Merge into…")
            assert _inside(menu, group), size
            assert _inside(group.get_by_role("textbox"), group), size
        screenshot(page, f"group-{size['width']}")
    page.set_viewport_size(DESKTOP)

    go_to_phase(page, "vote")
    _check_columns(page, cards)
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        title = churn.get_by_role("textbox", name=f"Title of group {LONG}")
        assert _fully_shown(title), size
        assert _inside(title, churn), size
        screenshot(page, f"vote-{size['width']}")
    page.set_viewport_size(DESKTOP)

    go_to_phase(page, "discuss")
    page.get_by_role("button", name=f"Discuss this: {LONG}").click()
    now = page.get_by_test_id("current-topic")
    _check_columns(page, {k: v for k, v in cards.items() if "refinement" in k or "Scope" in k})
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        title = now.get_by_role("textbox", name=f"Title of group {LONG}")
        expect(title).to_have_value(LONG)
        assert _fully_shown(title), size
        assert _inside(title, now.locator("header")), size
        screenshot(page, f"discuss-{size['width']}")
    page.set_viewport_size(DESKTOP)

    # A long title typed on the board wraps too, and Enter saves it as one line.
    title = now.get_by_role("textbox", name=f"Title of group {LONG}")
    longer = f"{LONG} in checkout and payments"
    title.fill(longer)
    title.press("Enter")
    title = now.get_by_role("textbox", name=f"Title of group {longer}")
    expect(title).to_have_value(longer)
    assert _fully_shown(title)


def test_the_composer_keeps_the_card_type_per_column(page: Page) -> None:
    create_owner(page)
    create_team(page, "Checkout Squad")
    create_retro(page, "Sprint 7 retro")
    go_to_phase(page, "reflect")
    product = column(page, PRODUCT)
    product.get_by_role("button", name="Add card").click()
    product.get_by_role("radio", name="Didn't go well").check()
    # Nothing but spaces is refused in the browser, on the field, which keeps the focus.
    product.get_by_label("Card text").fill("   ")
    product.get_by_label("Card text").press("Control+Enter")
    expect(product.get_by_text("Write something first.")).to_be_visible()
    expect(product.get_by_label("Card text")).to_be_focused()
    expect(product.get_by_test_id("card")).to_have_count(0)
    for text in ("Scope changed twice", "Specs came late", "No time for discovery"):
        product.get_by_label("Card text").fill(text)
        # Ctrl+Enter files it as the type on screen, and the type stays for the next one.
        product.get_by_label("Card text").press("Control+Enter")
        expect(product.get_by_test_id("card").filter(has_text=text)).to_have_count(1)
        expect(product.get_by_role("radio", name="Didn't go well")).to_be_checked()
    for text in ("Scope changed twice", "Specs came late", "No time for discovery"):
        expect(
            product.get_by_test_id("card").filter(has_text=text).get_by_test_id("card-polarity")
        ).to_have_text("Didn't go well")
    # Closing and opening again keeps it too; another column keeps its own default.
    product.get_by_role("button", name="Cancel").click()
    product.get_by_role("button", name="Add card").click()
    expect(product.get_by_role("radio", name="Didn't go well")).to_be_checked()
    engineering = column(page, ENGINEERING)
    engineering.get_by_role("button", name="Add card").click()
    expect(engineering.get_by_role("radio", name="Went well")).to_be_checked()
    screenshot(page, "composer")


def test_presence_ready_and_a_closed_retro_read_right(page: Page) -> None:
    create_owner(page, name="Priya Patel")
    create_team(page, "Checkout Squad")
    create_retro(page, "Sprint 7 retro")
    expect(page.get_by_test_id("connection-state")).to_have_text("Live")
    here = page.get_by_test_id("presence").get_by_role("listitem")
    expect(here).to_have_text("Priya Patel · Product Manager")

    ready = page.get_by_role("button", name="I'm ready")
    ready.click()
    undo = page.get_by_role("button", name="Ready — undo")
    expect(undo).to_be_visible()
    expect(page.get_by_test_id("ready-count")).to_have_text("1 of 1 ready")
    expect(page.get_by_role("button", name="I'm ready")).to_have_count(0)
    screenshot(page, "ready")
    undo.click()
    expect(page.get_by_role("button", name="I'm ready")).to_be_visible()
    expect(page.get_by_test_id("ready-count")).to_have_text("0 of 1 ready")

    go_to_phase(page, "reflect")
    add_card(page, ENGINEERING, "Flaky checkout tests", polarity="Didn't go well")
    add_card(page, PRODUCT, "Release went smoothly")
    go_to_phase(page, "discuss")
    page.get_by_role("button", name="Discuss this: Flaky checkout tests").click()
    # While the retro runs a member may send a card to the backlog.
    expect(page.get_by_test_id("current-topic").get_by_test_id("card-debt")).to_be_visible()

    go_to_phase(page, "closed")
    open_board_as_it_was(page)
    topics = page.get_by_test_id("topic")
    expect(topics).to_have_count(2)
    # The record of the retro: nobody to get ready, nothing to time, no backlog buttons, and
    # no topic singled out as "current".
    expect(page.get_by_test_id("ready-count")).to_have_count(0)
    expect(page.get_by_role("button", name="Start a 3 minute timer")).to_have_count(0)
    expect(page.get_by_test_id("card-debt")).to_have_count(0)
    for i in range(2):
        outline = topics.nth(i).evaluate("el => getComputedStyle(el).outlineStyle")
        assert outline == "none", outline
    _check_columns(page, {"Flaky checkout tests": ENGINEERING, "Release went smoothly": PRODUCT})
    screenshot(page, "closed")


def test_a_revealed_card_takes_reactions(page: Page) -> None:
    # The reactions' code comes with the reveal, not with the board's first download.
    create_owner(page)
    create_team(page, "Reacting Squad")
    create_retro(page, "Sprint 8 retro")
    go_to_phase(page, "reflect")
    card = add_card(page, PRODUCT, "Demo went well")
    expect(card.get_by_role("group", name="Reactions")).to_have_count(0)
    go_to_phase(page, "reveal")
    thumbs = card.get_by_role("button", name="React 👍")
    thumbs.click()
    pressed = card.get_by_role("button", name="React 👍 (1)")
    expect(pressed).to_have_attribute("aria-pressed", "true")
    page.reload()
    expect(pressed).to_have_attribute("aria-pressed", "true")
    expect(pressed).to_contain_text("1")
