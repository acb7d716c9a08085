"""Sprint signals and guided prompts as a team meets them in a live retro."""

import re

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.flows import (
    create_owner,
    create_retro,
    create_team,
    invite_link,
    join_as_guest,
    next_phase,
    screenshot,
)


def test_signals_raise_flags_for_everyone_and_prompts_guide_the_retro(
    page: Page, browser: Browser, server: LiveServer
) -> None:
    pm = page
    create_owner(pm)
    create_team(pm, "Checkout Squad")
    create_retro(pm, "Signals retro")
    link = invite_link(pm)

    other_context = browser.new_context(
        base_url=server.url, viewport={"width": 1400, "height": 900}
    )
    other_context.set_default_timeout(10_000)
    eng = other_context.new_page()
    join_as_guest(eng, link, "Eli Engineer", "eng")
    for p in (pm, eng):
        expect(p.get_by_test_id("connection-state")).to_have_text("Live")
        expect(p.get_by_test_id("signals-empty")).to_contain_text(
            "No signals recorded for this sprint yet"
        )
    # Only members record signals; a guest is told who can.
    expect(eng.get_by_role("button", name="Record signals")).to_have_count(0)

    # The PM records the sprint's figures in check-in; a bad one is refused on its field.
    panel = pm.get_by_test_id("signals-panel")
    panel.get_by_role("button", name="Record signals").click()
    panel.get_by_label("Tech-debt share").fill("120")
    panel.get_by_label("Clarifying questions").fill("7")
    panel.get_by_role("button", name="Add story").click()
    panel.get_by_label("Story 1", exact=True).fill("Saved carts")
    panel.get_by_label("Estimate 1").fill("3")
    panel.get_by_label("Actual 1").fill("3")
    panel.get_by_role("button", name="Save signals").click()
    expect(panel.get_by_text("A percentage must be between 0 and 100")).to_be_visible()
    expect(panel.get_by_label("Tech-debt share")).to_be_focused()
    panel.get_by_label("Tech-debt share").fill("25")
    panel.get_by_role("button", name="Save signals").click()

    # The other participant sees the flag appear, with its prompt and figures, without a reload.
    flag = eng.get_by_test_id("signal-flag")
    expect(flag).to_have_count(1)
    expect(flag).to_contain_text("7 clarifying questions")
    expect(flag.get_by_test_id("flag-value")).to_have_text("7 questions")
    expect(flag).to_contain_text("healthy: fewer than 5")
    expect(pm.get_by_test_id("signal-flag")).to_contain_text("7 clarifying questions")

    # A guest gives an anonymous pulse once; the count updates for the PM as well.
    pulse = eng.get_by_test_id("pulse")
    expect(pulse).to_contain_text("Anonymous")
    pulse.get_by_role("button", name="Satisfaction 4 of 5").click()
    expect(pulse).to_contain_text("Thanks — 1 pulse so far")
    expect(pulse.get_by_role("button", name="Satisfaction 4 of 5")).to_have_count(0)
    expect(pm.get_by_test_id("pulse")).to_contain_text("1 pulse so far")

    # In reflect the flag is a prompt at the top of the board, and the prompts panel is beside
    # the columns, grouped.
    next_phase(pm, "review")
    expect(eng.get_by_test_id("signal-flag")).to_contain_text("7 clarifying questions")
    next_phase(pm, "reflect")
    for p in (pm, eng):
        top = p.get_by_test_id("signal-prompts")
        expect(top).to_contain_text("Signals this sprint:")
        expect(top).to_contain_text("7 clarifying questions came up mid-sprint")
        prompts = p.get_by_test_id("prompts-panel")
        group = prompts.locator('[data-group="requirements_planning"]')
        expect(group.get_by_role("heading", name="Requirements & Planning")).to_be_visible()
        expect(group.get_by_test_id("prompt").first).to_contain_text(
            "Did every story have clear requirements"
        )
    # The panel folds away.
    eng.get_by_role("button", name="Prompts").click()
    expect(eng.get_by_test_id("prompt").first).to_be_hidden()
    expect(eng.get_by_role("button", name="Prompts")).to_have_attribute("aria-expanded", "false")
    other_context.close()


def test_a_facilitator_edits_the_teams_prompts_and_thresholds(page: Page) -> None:
    create_owner(page)
    create_team(page, "Payments")
    page.get_by_role("link", name="Prompts & thresholds").click()
    expect(page.get_by_role("heading", level=1, name="Prompts & thresholds")).to_be_visible()

    # Thresholds: a bad value is refused on its field; a good one is kept.
    thresholds = page.get_by_role("form", name="Signal thresholds")
    expect(thresholds.get_by_label("Clarifying questions")).to_have_value("5")
    state = thresholds.get_by_test_id("thresholds-state")
    expect(state).to_have_text("The team follows the defaults.")
    expect(thresholds.get_by_role("button", name="Save thresholds")).to_be_disabled()
    expect(thresholds.get_by_role("button", name="Use the defaults")).to_be_disabled()
    thresholds.get_by_label("Clarifying questions").fill("0")
    thresholds.get_by_role("button", name="Save thresholds").click()
    expect(thresholds.get_by_text("Use 1 or more.")).to_be_visible()
    thresholds.get_by_label("Clarifying questions").fill("8")
    expect(state).to_contain_text("Unsaved: Clarifying questions.")
    thresholds.get_by_role("button", name="Save thresholds").click()
    expect(page.get_by_text("Thresholds saved")).to_be_visible()
    expect(state).to_contain_text("The team's own thresholds, saved")
    page.reload()
    thresholds = page.get_by_role("form", name="Signal thresholds")
    state = thresholds.get_by_test_id("thresholds-state")
    expect(thresholds.get_by_label("Clarifying questions")).to_have_value("8")

    # The built-in prompt quotes the team's threshold, not the default.
    planning = page.locator('[data-group="requirements_planning"]')
    expect(planning).to_contain_text("Fewer than 8 is a healthy sprint.")

    # "Use the defaults" fills the defaults in and says nothing is saved until Save.
    thresholds.get_by_role("button", name="Use the defaults").click()
    expect(thresholds.get_by_label("Clarifying questions")).to_have_value("5")
    expect(thresholds.get_by_label(re.compile(r"^Clarifying questions · unsaved"))).to_be_visible()
    expect(state).to_have_text(
        "Unsaved: Clarifying questions. Nothing changes for the team until you save"
        " — then it follows the defaults again."
    )
    screenshot(page, "thresholds-unsaved")
    thresholds.get_by_role("button", name="Discard changes").click()
    expect(thresholds.get_by_label("Clarifying questions")).to_have_value("8")
    thresholds.get_by_role("button", name="Use the defaults").click()
    thresholds.get_by_role("button", name="Save thresholds").click()
    expect(page.get_by_text("Thresholds saved: the team follows the defaults")).to_be_visible()
    expect(state).to_have_text("The team follows the defaults.")
    expect(planning).to_contain_text("Fewer than 5 is a healthy sprint.")

    # Prompts: add one, edit it, delete it, then go back to the defaults.
    planning = page.locator('[data-group="requirements_planning"]')
    planning.get_by_role("button", name="Add a prompt to Requirements & Planning").click()
    page.get_by_label("Question", exact=True).fill("Did design hand over before planning?")
    page.get_by_role("button", name="Add prompt").click()
    added = planning.get_by_test_id("team-prompt").filter(has_text="Did design hand over")
    expect(added).to_have_count(1)
    expect(page.get_by_test_id("prompts-source")).to_contain_text("This team's own prompts")
    added.get_by_role("button", name="Edit").click()
    page.get_by_label("Question", exact=True).fill("Did design hand over before sprint planning?")
    page.get_by_label("Group", exact=True).select_option("communication")
    page.get_by_role("button", name="Save prompt").click()
    moved = page.locator('[data-group="communication"]').get_by_test_id("team-prompt")
    expect(moved.filter(has_text="before sprint planning")).to_have_count(1)
    moved.filter(has_text="before sprint planning").get_by_role("button", name="Delete").click()
    expect(page.get_by_text("before sprint planning")).to_have_count(0)

    page.get_by_role("button", name="Reset to defaults").click()
    page.get_by_role("dialog").get_by_role("button", name="Reset").click()
    expect(page.get_by_test_id("prompts-source")).to_contain_text("The built-in prompts")


def test_commitment_and_qa_rejections_are_recorded_and_flagged(page: Page) -> None:
    create_owner(page)
    create_team(page, "Checkout Squad")
    create_retro(page, "Sprint 43 retro")
    panel = page.get_by_test_id("signals-panel")
    panel.get_by_role("button", name="Record signals").click()
    form = panel.get_by_role("form", name="Record sprint signals")
    for group in ("Commitment", "Quality", "Scope and requirements", "Capacity and customers"):
        expect(form.get_by_role("group", name=group)).to_be_visible()
    form.get_by_label("Stories committed").fill("10")
    form.get_by_label("Stories completed").fill("12")
    form.get_by_label("Points committed").fill("40")
    form.get_by_label("Points completed").fill("26")
    form.get_by_label("Stories rejected in QA").fill("3")
    form.get_by_role("button", name="Save signals").click()
    # More completed than committed is said under the completed figure, before any request.
    expect(form.get_by_text("More than the 10 committed")).to_be_visible()
    expect(form.get_by_label("Stories completed")).to_be_focused()
    screenshot(page, "signals-form-commitment")
    form.get_by_label("Stories completed").fill("7")
    form.get_by_role("button", name="Save signals").click()
    expect(page.get_by_text("Signals saved")).to_be_visible()

    flags = page.get_by_test_id("signal-flag")
    expect(flags).to_have_count(2)
    qa = flags.filter(has_text="QA rejections")
    expect(qa.get_by_test_id("flag-value")).to_have_text("3 stories")
    expect(qa).to_contain_text("QA sent 3 stories back this sprint")
    done = flags.filter(has_text="Commitment completed")
    expect(done.get_by_test_id("flag-value")).to_have_text("65% of the commitment")
    expect(done).to_contain_text("65% of the committed points were completed (target 80%)")
    screenshot(page, "signals-flags-commitment")

    # The figures come back into the form as recorded.
    panel.get_by_role("button", name="Edit signals").click()
    expect(form.get_by_label("Stories completed")).to_have_value("7")
    expect(form.get_by_label("Stories rejected in QA")).to_have_value("3")
