"""A whole facilitated retro, live, in three browsers (a PM and two engineers): every change
shows up on the other sides, and hidden cards stay hidden down to the WebSocket frames."""

import re
from datetime import date, timedelta

from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.flows import (
    add_card,
    create_owner,
    create_retro,
    create_team,
    go_to_phase,
    invite_link,
    join_as_guest,
    next_phase,
    screenshot,
)

COLUMNS = ["Product Perspective", "Engineering Perspective", "Collaboration Improvements"]


def test_pm_and_two_engineers_run_a_retro_live(
    page: Page, browser: Browser, server: LiveServer
) -> None:
    pm = page
    create_owner(pm)
    create_team(pm, "Checkout Squad")
    create_retro(pm, "Live retro")
    link = invite_link(pm)

    eng_context = browser.new_context(base_url=server.url, viewport={"width": 1400, "height": 900})
    eng_context.set_default_timeout(10_000)
    eng = eng_context.new_page()
    join_as_guest(eng, link, "Eli Engineer", "eng")

    # The second engineer's raw WebSocket frames are kept, to check what reached the browser.
    eng2_context = browser.new_context(base_url=server.url, viewport={"width": 1400, "height": 900})
    eng2_context.set_default_timeout(10_000)
    eng2 = eng2_context.new_page()
    frames: list[str] = []
    eng2.on("websocket", lambda ws: ws.on("framereceived", lambda f: frames.append(str(f))))
    join_as_guest(eng2, link, "Erin Engineer", "eng")
    for p in (pm, eng, eng2):
        expect(p.get_by_test_id("connection-state")).to_have_text("Live")
        expect(p.get_by_test_id("phase-current")).to_have_attribute("data-phase", "check_in")
    expect(pm.get_by_test_id("presence")).to_contain_text("Eli Engineer")
    expect(pm.get_by_test_id("presence")).to_contain_text("Erin Engineer")

    # Check-in.
    pm.get_by_label("How do you arrive today?").fill("Focused")
    pm.get_by_role("button", name="Check in").click()
    expect(eng.get_by_text("Focused")).to_be_visible()
    eng.get_by_label("How do you arrive today?").fill("Tired but happy")
    eng.get_by_role("button", name="Check in").click()
    expect(pm.get_by_text("Tired but happy")).to_be_visible()
    eng.get_by_role("button", name="I'm ready").click()
    expect(pm.get_by_test_id("ready-count")).to_have_text("1 of 3 ready")

    # Reflect: each writes cards; the other sees only that they exist.
    next_phase(pm, "review")
    next_phase(pm, "reflect")
    expect(eng.get_by_test_id("phase-current")).to_have_attribute("data-phase", "reflect")
    add_card(pm, COLUMNS[0], "Release went smoothly")
    add_card(pm, COLUMNS[1], "Flaky checkout tests")
    add_card(eng, COLUMNS[1], "Specs arrived late")
    add_card(eng, COLUMNS[0], "Pairing helped")
    add_card(eng2, COLUMNS[1], "Staging was down twice")
    expect(pm.get_by_test_id("hidden-card")).to_have_count(3)
    expect(eng.get_by_test_id("hidden-card")).to_have_count(3)
    expect(eng2.get_by_test_id("hidden-card")).to_have_count(4)
    screenshot(eng2, "live-reflect-hidden")
    for secret in ("Release went smoothly", "Flaky checkout tests", "Specs arrived late"):
        expect(eng2.get_by_text(secret)).to_have_count(0)
        assert frames
        assert not [f for f in frames if secret in f], secret

    # Reveal.
    next_phase(pm, "reveal")
    expect(eng.get_by_test_id("card-text").filter(has_text="Release went smoothly")).to_be_visible()
    expect(pm.get_by_test_id("card-text").filter(has_text="Pairing helped")).to_be_visible()
    expect(eng2.get_by_test_id("card-text").filter(has_text="Specs arrived late")).to_be_visible()

    # Group: one group by drag and drop, one by selecting cards.
    next_phase(pm, "group")
    expect(eng.get_by_test_id("phase-current")).to_have_attribute("data-phase", "group")

    def card(p: Page, text: str) -> Locator:
        return p.get_by_test_id("card").filter(has_text=text)

    card(pm, "Release went smoothly").drag_to(card(pm, "Pairing helped"))
    expect(pm.get_by_test_id("group")).to_have_count(1)
    expect(eng.get_by_test_id("group")).to_have_count(1)
    expect(eng.get_by_test_id("group").get_by_test_id("card")).to_have_count(2)

    card(pm, "Flaky checkout tests").get_by_label("Select").check()
    card(pm, "Specs arrived late").get_by_label("Select").check()
    pm.get_by_label("Group title", exact=True).fill("Quality")
    pm.get_by_role("button", name="Group selected").click()
    expect(eng.get_by_test_id("group")).to_have_count(2)
    expect(eng2.get_by_test_id("group")).to_have_count(2)
    quality = eng.get_by_test_id("group").filter(has=eng.get_by_text("Flaky checkout tests"))
    expect(quality.get_by_role("textbox", name="Title of group")).to_have_value("Quality")

    # Vote: three votes, the fourth is refused with the server's message.
    next_phase(pm, "vote")
    expect(eng.get_by_test_id("votes-left")).to_have_text("3 votes left")
    eng_quality = eng.get_by_test_id("group").filter(has=eng.get_by_text("Flaky checkout tests"))
    vote = eng_quality.get_by_role("button", name="Vote for")
    for left in ("2 votes left", "1 vote left", "0 votes left"):
        vote.click()
        expect(eng.get_by_test_id("votes-left")).to_have_text(left)
    vote.click()
    expect(eng_quality.get_by_role("alert")).to_contain_text("You have used all 3 of your votes")
    pm_quality = pm.get_by_test_id("group").filter(has=pm.get_by_text("Flaky checkout tests"))
    expect(pm_quality.get_by_test_id("vote-count")).to_have_text("3")
    eng2_quality = eng2.get_by_test_id("group").filter(has=eng2.get_by_text("Flaky checkout tests"))
    eng2_quality.get_by_role("button", name="Vote for").click()
    expect(pm_quality.get_by_test_id("vote-count")).to_have_text("4")
    screenshot(pm, "live-vote")

    # Discuss: a timer both see, the current topic, an action item.
    next_phase(pm, "discuss")
    pm.get_by_role("button", name="Start a 3 minute timer").click()
    expect(pm.get_by_test_id("timer")).to_have_text(re.compile(r"^[23]:\d\d$"))
    expect(eng.get_by_test_id("timer")).to_have_text(re.compile(r"^[23]:\d\d$"))
    expect(eng2.get_by_test_id("timer")).to_have_text(re.compile(r"^[23]:\d\d$"))
    # Until the facilitator picks a topic, every topic is a short summary: no notes, no form.
    for p in (pm, eng):
        expect(p.get_by_test_id("discuss-empty")).to_be_visible()
        expect(p.get_by_label("Notes", exact=True)).to_have_count(0)
        expect(p.get_by_role("button", name="Create action item")).to_have_count(0)
    expect(eng.get_by_test_id("discuss-empty")).to_contain_text("Waiting for the facilitator")
    expect(eng.get_by_role("button", name="Discuss this")).to_have_count(0)

    pm.get_by_test_id("group").filter(has_text="Quality").get_by_role(
        "button", name="Discuss this"
    ).click()
    expect(eng.locator(".topic.current")).to_contain_text("Flaky checkout tests")
    pm_now = pm.get_by_test_id("current-topic")
    eng_now = eng.get_by_test_id("current-topic")
    expect(eng_now).to_contain_text("Specs arrived late")
    expect(pm.get_by_test_id("discuss-empty")).to_have_count(0)
    # Only the topic on the table has the notes box and the action form.
    for p in (pm, eng):
        expect(p.get_by_label("Notes", exact=True)).to_have_count(1)
        expect(p.get_by_role("button", name="Create action item")).to_have_count(1)
        expect(p.get_by_test_id("current-topic").get_by_label("Notes")).to_be_visible()
    pm_now.get_by_label("Notes").fill("Quarantine flaky tests first")
    pm_now.get_by_label("Notes").blur()
    expect(eng_now.get_by_label("Notes")).to_have_value("Quarantine flaky tests first")
    pm_now.get_by_label("Action item", exact=True).fill("Quarantine flaky checkout tests")
    pm_now.get_by_label("Category").select_option("velocity_quality")
    pm_now.get_by_label("Due date").fill((date.today() + timedelta(days=7)).isoformat())
    pm_now.get_by_role("button", name="Create action item").click()
    expect(eng.get_by_test_id("action-item")).to_contain_text("Quarantine flaky checkout tests")
    expect(eng_now).to_contain_text("Quarantine flaky checkout tests")

    # Another topic: the notes box and the form move with it; the last one becomes a summary.
    pm.get_by_role("button", name="Discuss this: Staging was down twice").click()
    expect(eng_now).to_contain_text("Staging was down twice")
    expect(eng_now).not_to_contain_text("Flaky checkout tests")
    for p in (pm, eng):
        expect(p.get_by_label("Notes", exact=True)).to_have_count(1)
        expect(p.get_by_test_id("current-topic").get_by_label("Notes")).to_have_value("")
        expect(p.get_by_role("button", name="Create action item")).to_have_count(1)
        quality = p.get_by_test_id("group").filter(has_text="Quality")
        expect(quality).to_contain_text("Notes")
        expect(quality).to_contain_text("1 action item")
        expect(quality.get_by_test_id("vote-count")).to_have_text("4 votes")
    # Keyboard: a summary is a button, Enter puts it on the table.
    pm.get_by_role("button", name="Discuss this: Quality").press("Enter")
    expect(eng_now).to_contain_text("Flaky checkout tests")
    expect(pm_now.get_by_role("heading", name="Now discussing")).to_be_focused()
    expect(eng_now.get_by_label("Notes")).to_have_value("Quarantine flaky tests first")
    pm_now.get_by_role("button", name="Stop discussing").click()
    expect(eng.get_by_test_id("discuss-empty")).to_be_visible()
    expect(eng.get_by_label("Notes", exact=True)).to_have_count(0)

    # Actions, then closed: a read-only summary on both sides.
    next_phase(pm, "actions")
    next_phase(pm, "closed")
    expect(eng.get_by_test_id("phase-current")).to_have_attribute("data-phase", "closed")
    expect(eng.get_by_test_id("summary-actions")).to_contain_text("Quarantine flaky checkout tests")
    expect(eng.get_by_text("Quarantine flaky tests first")).to_be_visible()
    expect(eng2.get_by_test_id("summary-actions")).to_contain_text(
        "Quarantine flaky checkout tests"
    )
    for p in (pm, eng, eng2):
        expect(p.get_by_test_id("connection-state")).to_have_text("Live")
    # Presence follows people out as they leave (changes, after the whole list at first).
    eng_context.close()
    expect(pm.get_by_test_id("presence")).not_to_contain_text("Eli Engineer")
    expect(pm.get_by_test_id("presence")).to_contain_text("Erin Engineer")
    # Erin's own page has taken Eli out before her frames are read: the change reaches each
    # browser on its own, and closing hers first would drop a frame still on its way.
    expect(eng2.get_by_test_id("presence")).not_to_contain_text("Eli Engineer")
    for _ in range(50):  # the frame event reaches this process on its own path
        if any('"presence_changed"' in f for f in frames):
            break
        eng2.wait_for_timeout(100)
    assert any('"presence_changed"' in f for f in frames), "Erin heard Eli leave as a change"
    eng2_context.close()
    expect(pm.get_by_test_id("presence")).not_to_contain_text("Erin Engineer")

    # The next retro's review phase lists the action item still open from this one.
    pm.get_by_role("link", name="Checkout Squad").click()
    create_retro(pm, "Next retro")
    go_to_phase(pm, "review")
    earlier = pm.get_by_role("region", name="Open action items from earlier retros")
    expect(earlier.get_by_test_id("earlier-action")).to_have_count(1)
    expect(earlier.get_by_test_id("earlier-action")).to_contain_text(
        "Quarantine flaky checkout tests"
    )
