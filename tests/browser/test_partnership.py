"""The partnership layer as a PM and a tech lead meet it: a PM/Engineering retro that starts
from the sprint's signals and ends with follow-through in the next one."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.flows import (
    add_tech_lead,
    column,
    create_owner,
    create_retro,
    create_team,
    go_to_phase,
    screenshot,
)

pytestmark = pytest.mark.suggestions

ITEM = "Write edge cases into every story before planning"
# A fresh server fits its friction model on the first card typed: seconds on a quiet machine,
# longer beside a test suite. This only bounds a server that never gets there.
MODEL_FIT_WAIT = 120_000


def _composing_in_engineering(page: Page, retro_title: str) -> Locator:
    """A new team's retro in reflect, with a card being written in the engineering column."""
    create_owner(page)
    create_team(page, "Payments")
    create_retro(page, retro_title)
    go_to_phase(page, "reflect")
    eng = column(page, "Engineering Perspective")
    eng.get_by_role("button", name="Add card").click()
    return eng


def test_a_card_gets_a_suggested_friction_point_while_it_is_typed_and_a_kudos_card_none(
    page: Page,
) -> None:
    eng = _composing_in_engineering(page, "Sprint 12 retro")
    eng.get_by_label("Card text").fill(
        "The legacy payments module has no tests and every change breaks something; "
        "we keep postponing the refactor"
    )
    suggestion = eng.get_by_test_id("friction-suggestion")
    # The server has just started and fits its model on the first card typed (tests do not fit
    # it at start-up): the author is told, and the suggestion comes once the model is ready,
    # without typing again.
    expect(suggestion).to_contain_text("Loading suggestions…")
    screenshot(page, "friction-loading")
    expect(suggestion).to_contain_text("Suggested: Tech debt", timeout=MODEL_FIT_WAIT)
    screenshot(page, "friction-suggested")
    # Nothing is chosen for the author; they confirm it.
    expect(eng.get_by_label("Friction point")).to_have_value("")
    suggestion.get_by_role("button", name="Use it").click()
    expect(eng.get_by_label("Friction point")).to_have_value("tech_debt")
    expect(suggestion).not_to_contain_text("Suggested")
    eng.get_by_label("Card text").press("Control+Enter")
    card = eng.get_by_test_id("card")
    expect(card.get_by_test_id("card-friction")).to_have_text("Tech debt")

    # The next card, in the composer still open: about none of the friction points.
    with page.expect_response(
        lambda r: "friction-suggestions" in r.url and r.request.method == "POST", timeout=15_000
    ) as answered:
        eng.get_by_label("Card text").fill("Big thanks to Fatima for organising lunch on Friday")
    response = answered.value
    sent = response.request.post_data_json
    assert isinstance(sent, dict), sent
    # The column and polarity travel with the text; the role is the server's to add.
    assert sent["text"] == "Big thanks to Fatima for organising lunch on Friday"
    assert sent["column_id"]
    assert sent["polarity"] == "went_well"
    assert "role" not in sent
    # The model is ready now, and suggests nothing.
    assert response.json() == {"suggestions": [], "ready": True}
    expect(suggestion).not_to_contain_text("Loading")
    expect(suggestion).not_to_contain_text("Suggested")
    expect(eng.get_by_label("Friction point")).to_have_value("")


def _write_with_suggestion(page: Page, column_title: str, text: str, expected: str) -> None:
    col = column(page, column_title)
    col.get_by_role("button", name="Add card").click()
    col.get_by_label("Card text").fill(text)
    suggestion = col.get_by_test_id("friction-suggestion")
    expect(suggestion).to_contain_text(f"Suggested: {expected}", timeout=MODEL_FIT_WAIT)
    suggestion.get_by_role("button", name="Use it").click()
    col.get_by_label("Card text").press("Control+Enter")
    expect(col.get_by_test_id("card").filter(has_text=text)).to_have_count(1)


def test_a_pm_engineering_retro_from_signals_to_follow_through(
    page: Page, browser: Browser, server: LiveServer
) -> None:
    pm = page
    create_owner(pm)
    create_team(pm, "Checkout Squad")
    team_url = pm.url
    lead = add_tech_lead(pm, browser, server, team_url.rstrip("/").rsplit("/", 1)[-1])

    # The default template, opened on the signals step.
    create_retro(pm, "Sprint 7 retro")
    for title in ("Product Perspective", "Engineering Perspective", "Collaboration Improvements"):
        expect(column(pm, title)).to_have_count(0)  # columns come with reflect
    panel = pm.get_by_test_id("signals-panel")
    panel.get_by_role("button", name="Record signals").click()
    panel.get_by_label("Clarifying questions").fill("7")
    panel.get_by_label("Tech-debt share").fill("12")
    panel.get_by_role("button", name="Save signals").click()
    lead.goto(pm.url)
    for p in (pm, lead):
        flags = p.get_by_test_id("signal-flag")
        expect(flags.filter(has_text="7 clarifying questions")).to_have_count(1)
        expect(flags.filter(has_text="tech debt")).to_have_count(1)

    # Reflect: both write, each card gets a suggested friction point.
    go_to_phase(pm, "reflect")
    expect(pm.get_by_test_id("signal-prompts")).to_contain_text("7 clarifying questions")
    _write_with_suggestion(
        pm,
        "Product Perspective",
        "Acceptance criteria were missing edge cases, so engineering kept asking questions",
        "Requirements clarity",
    )
    _write_with_suggestion(
        lead,
        "Engineering Perspective",
        "Flaky integration tests and the old payment adapter slow every release; refactor it",
        "Tech debt",
    )

    # Reveal: the tech lead's card becomes a debt item in one step.
    go_to_phase(pm, "reveal")
    debt_card = column(lead, "Engineering Perspective").get_by_test_id("card")
    debt_card.get_by_role("button", name="Add to tech-debt backlog").click()
    expect(debt_card.get_by_test_id("card-debt")).to_have_text("In backlog")
    summary = pm.get_by_test_id("friction-summary")
    summary.locator("summary").click()
    expect(summary).to_contain_text("2 tagged")
    expect(summary.get_by_role("row", name="Engineering Perspective")).to_contain_text("1")

    # Discuss: an action item owned jointly by the PM and the tech lead.
    go_to_phase(pm, "discuss")
    pm.get_by_role("button", name="Discuss this: Acceptance criteria were missing").click()
    form = pm.get_by_test_id("current-topic").get_by_role("form", name="Create action item")
    form.get_by_label("Action item", exact=True).fill(ITEM)
    form.get_by_label("Category").select_option("requirements_clarity")
    form.get_by_label("Owner").select_option(label="PM + Tech lead (joint)")
    form.get_by_label("Due date").fill((date.today() + timedelta(days=14)).isoformat())
    form.get_by_role("button", name="Create action item").click()
    expect(pm.get_by_test_id("action-item").filter(has_text=ITEM)).to_contain_text(
        "Priya PM (PM) + Tara Lead (tech lead)"
    )
    go_to_phase(pm, "closed")

    # The debt item waits on the team page for the PM's score.
    pm.goto(team_url)
    pm.get_by_role("link", name="Tech debt").click()
    expect(pm.get_by_text("Flaky integration tests").first).to_be_visible()

    # The next retro reviews the open item; carrying it over is recorded.
    pm.goto(team_url)
    create_retro(pm, "Sprint 8 retro")
    go_to_phase(pm, "review")
    row = pm.get_by_test_id("earlier-action").filter(has_text=ITEM)
    expect(row).to_contain_text("Requirements clarity")
    row.get_by_role("button", name="Carry over").click()
    expect(row.get_by_test_id("carried")).to_have_text("carried 1\u00d7")
    expect(row.get_by_test_id("review-outcome")).to_have_text("Carried over")
    lead.context.close()
