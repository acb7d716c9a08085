"""A newcomer loads the demo, signs in as its PM and finds the team's history: three retros, a
signal over its threshold on a ritual's agenda, the ranked debt backlog and its themes, and the
action items followed from retro to retro."""

import re

from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.flows import screenshot, sign_in_demo_pm
from twofold.services.demo import DEMO_TEAM


def _sides_table(page: Page, testid: str) -> Locator:
    """A by-side trend drawn as a chart, switched to its table: the header and three sprints."""
    chart = page.get_by_test_id(testid)
    expect(chart.locator("canvas")).to_be_visible()
    chart.get_by_role("button", name="Show table").click()
    rows = chart.get_by_test_id("chart-table").get_by_role("row")
    expect(rows).to_have_count(4)
    expect(rows.first).to_contain_text("Product")
    expect(rows.first).to_contain_text("Engineering")
    return rows


def test_the_demo_pm_signs_in_and_sees_three_sprints_of_history(
    page: Page, server: LiveServer
) -> None:
    sign_in_demo_pm(page, server)
    page.get_by_role("link", name=DEMO_TEAM).click()
    expect(page.get_by_role("heading", level=1, name=DEMO_TEAM)).to_be_visible()

    retros = page.get_by_test_id("retro-link")
    expect(retros).to_have_count(3)
    for i, number in enumerate((14, 13, 12)):
        expect(retros.nth(i)).to_contain_text(f"Sprint {number} retro")
    expect(page.get_by_text("Checkout Squad retro", exact=True)).to_be_visible()
    screenshot(page, "demo-team")

    retros.filter(has_text="Sprint 13 retro").click()
    expect(page.get_by_role("heading", level=1, name="Sprint 13 retro")).to_be_visible()
    expect(page.get_by_test_id("phase-current")).to_have_attribute("data-phase", "closed")
    summary = page.get_by_test_id("closing-summary")
    group = summary.get_by_test_id("summary-topic").filter(has_text="Promo rules kept moving")
    expect(group).to_contain_text("Priya Raman")
    expect(group).to_contain_text("Sam Okafor")
    expect(
        summary.get_by_test_id("summary-topic").filter(has_text="No room for debt")
    ).to_be_visible()
    expect(summary.get_by_test_id("summary-actions")).to_contain_text(
        "Reserve 20% of sprint capacity for tech debt"
    )
    # The health radar everyone answered at check-in: both sides drawn, and the same figures
    # as a table, the gap on requirements clarity plain to see.
    radar = page.get_by_test_id("radar-panel")
    expect(radar.get_by_test_id("radar-respondents")).to_have_text("7 people have answered.")
    expect(radar.get_by_test_id("radar-product")).to_be_visible()
    expect(radar.get_by_test_id("radar-engineering")).to_be_visible()
    figures = radar.get_by_test_id("radar-table")
    clarity = figures.get_by_role("row").filter(has_text="Requirements clarity")
    expect(clarity.get_by_role("cell")).to_have_text(["3.3 (3 answers)", "1.5 (4 answers)", "+1.8"])
    expect(figures).not_to_contain_text("too few answers")
    # Equal voice beside it: each side's share, shown since both sides have three people.
    voice = summary.get_by_test_id("summary-voice")
    expect(voice.get_by_role("row", name=re.compile("Cards"))).to_contain_text(
        re.compile(r"\d+ \(\d+(\.\d)?%\).*\d+ \(\d+(\.\d)?%\)")
    )
    expect(summary.get_by_test_id("summary-voice-hidden")).to_have_count(0)
    screenshot(page, "demo-sprint-13")

    page.get_by_role("link", name=DEMO_TEAM).click()
    page.get_by_role("link", name="Rituals & agreements").click()
    sync = page.get_by_role("article").filter(has_text="PM / Tech Lead sync")
    sync.get_by_role("button", name="Agenda").click()
    expect(sync.get_by_role("heading", name="Signals from “Sprint 14 retro”")).to_be_visible()
    expect(sync).to_contain_text("1.5 days of rework this sprint")
    expect(sync).to_contain_text(
        re.compile(
            r"Overdue since [A-Z][a-z]{2} \d{1,2}, \d{4}: Share the payment provider's limits page"
        )
    )
    expect(sync).to_contain_text("carried over 2 times")
    expect(page.get_by_role("list", name="Definition of Done")).to_contain_text(
        "Checkout end-to-end suite green on two runs in a row"
    )
    screenshot(page, "demo-rituals")

    page.get_by_role("link", name=DEMO_TEAM).click()
    page.get_by_role("link", name="Tech debt").click()
    ranked = page.get_by_role("table", name="Ranked tech debt").get_by_test_id("debt-item")
    expect(ranked).to_have_count(3)
    expect(ranked.first).to_contain_text("Payment client retries")
    themes = page.get_by_test_id("debt-theme")

    def theme(word: str) -> Locator:
        return themes.filter(has=page.get_by_role("heading", name=re.compile(word)))

    expect(theme("flaky")).to_contain_text("3 retros")
    expect(theme("flaky").get_by_role("button", name="Escalate to backlog")).to_be_enabled()
    expect(theme("promo")).to_contain_text("3 retros")
    expect(theme("payment")).to_contain_text("Already in the backlog")
    # A theme shows three of its cards, and all of them on asking, to judge before escalating.
    promo = theme("promo")
    shown = promo.get_by_role("list").get_by_role("listitem")
    expect(shown).to_have_count(3)
    unfold = promo.get_by_role("button", name=re.compile(r"^Show \d+ more cards?$"))
    expect(unfold).to_have_attribute("aria-expanded", "false")
    hidden = int(re.sub(r"\D", "", unfold.inner_text()))
    unfold.click()
    expect(shown).to_have_count(3 + hidden)
    expect(promo).to_contain_text(f"{3 + hidden} cards")
    screenshot(page, "demo-debt-theme-unfolded")
    fold = promo.get_by_role("button", name="Show fewer cards")
    expect(fold).to_have_attribute("aria-expanded", "true")
    fold.press("Enter")
    expect(shown).to_have_count(3)
    screenshot(page, "demo-debt")

    page.get_by_role("link", name=DEMO_TEAM).click()
    page.get_by_role("link", name="Action items").click()
    items = page.get_by_test_id("team-action")
    expect(items).to_have_count(13)
    expect(items.filter(has_text="Quarantine the flaky checkout")).to_contain_text("carried 2×")  # noqa: RUF001 - as the page shows it
    expect(items.filter(has_text="sandbox")).to_contain_text("Dropped: The provider offers")
    expect(items.filter(has_text="Share the payment provider's limits page")).to_contain_text(
        "Overdue since"
    )
    expect(page.get_by_text("No category")).to_have_count(0)
    screenshot(page, "demo-actions")

    page.get_by_role("link", name=DEMO_TEAM).click()
    page.get_by_role("link", name="Trends").click()
    expect(page.get_by_role("heading", level=1, name="Trends")).to_be_visible()
    # Three closed sprints: enough for a first and a last third, each change a sentence.
    changes = page.get_by_test_id("changes").get_by_role("listitem")
    expect(changes.first).to_be_visible()
    expect(changes.first).to_have_text(re.compile(r"(rose|fell|held steady).*\.$"))
    rework = page.get_by_test_id("chart-rework_days")
    expect(rework.locator("canvas")).to_be_visible()
    expect(rework).to_contain_text("Healthy: at most 1")
    heat = page.get_by_test_id("friction-heatmap")
    expect(heat.get_by_role("row")).not_to_have_count(2)
    expect(page.get_by_test_id("follow-through")).to_have_text(re.compile(r"\d+%"))
    screenshot(page, "demo-trends")
    # Every chart has the same figures as a table.
    rework.get_by_role("button", name="Show table").click()
    rows = rework.get_by_test_id("chart-table").get_by_role("row")
    expect(rows).to_have_count(4)  # a header and three sprints
    expect(rows.nth(3)).to_contain_text("Sprint 14")
    expect(rows.nth(3)).to_contain_text("1.5")
    rework.get_by_role("button", name="Show chart").click()
    expect(rework.locator("canvas")).to_be_visible()
    # Each side's share of the cards, per sprint, as a chart and as a table.
    shares = _sides_table(page, "sides-voice-cards")
    expect(shares.nth(3)).to_contain_text(re.compile(r"\d+(\.\d)?%.*\d+(\.\d)?%"))
    expect(page.get_by_test_id("sides-voice-flags").get_by_role("row")).to_have_count(4)
    # The radar by side per sprint: the gap on requirements clarity narrows by Sprint 14.
    expect(page.get_by_test_id("sides-radar-empty")).to_have_count(0)
    rated = _sides_table(page, "sides-radar-requirements_clarity")
    for row, (product, engineering) in zip(
        (1, 2, 3), (("4", "2"), ("3.3", "1.5"), ("3.7", "3")), strict=True
    ):
        cells = rated.nth(row).get_by_role("cell")
        expect(cells.nth(0)).to_have_text(product)
        expect(cells.nth(1)).to_have_text(engineering)
    expect(rated.nth(3)).to_contain_text("Sprint 14")
    # A shorter period: too few sprints to say how anything moved.
    page.get_by_role("button", name="Last 3 sprints").click()
    expect(page.get_by_role("button", name="Last 3 sprints")).to_have_attribute(
        "aria-pressed", "true"
    )
    page.get_by_label("From").fill("2000-01-01")
    page.get_by_label("To").fill("2000-01-31")
    page.get_by_role("button", name="Show", exact=True).click()
    expect(page.get_by_text("No closed retros in this period")).to_be_visible()
