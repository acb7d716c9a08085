"""The health radar as a team meets it in check-in: answering with the keyboard, and the
radar of both sides, with its table, appearing for everyone without a reload; and a dimension
of the team's own, added by a facilitator, asked in the next retro and kept on its summary."""

import re
from typing import Any

import httpx
from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.flows import (
    create_owner,
    create_retro,
    create_team,
    go_to_phase,
    invite_link,
    screenshot,
)


class _Guest:
    """Someone let into the retro by the guest link, answering over the API as a script would."""

    def __init__(self, server: LiveServer, token: str, name: str, role: str) -> None:
        r = httpx.post(
            f"{server.url}/api/invites/{token}/guest",
            json={"display_name": name, "role": role},
            timeout=30,
        )
        assert r.status_code == 201, r.text
        self.url = server.url
        self.headers = {
            "Cookie": f"twofold_session={r.cookies['twofold_session']}",
            "X-CSRF-Token": r.json()["csrf_token"],
        }

    def key(self, retro_id: str, label: str) -> str:
        """The key a dimension's answers go under, as the retro's radar names it."""
        r = httpx.get(f"{self.url}/api/retros/{retro_id}/radar", headers=self.headers, timeout=30)
        assert r.status_code == 200, r.text
        return str(next(d["dimension"] for d in r.json()["dimensions"] if d["label"] == label))

    def answer(self, retro_id: str, scores: dict[str, int]) -> Any:
        r = httpx.put(
            f"{self.url}/api/retros/{retro_id}/radar/mine",
            json={"scores": scores},
            headers=self.headers,
            timeout=30,
        )
        assert r.status_code == 200, r.text
        return r.json()


def test_answering_in_check_in_draws_both_sides(page: Page, server: LiveServer) -> None:
    pm = page
    create_owner(pm)
    create_team(pm, "Checkout Squad")
    create_retro(pm, "Radar retro")
    rid = pm.url.rstrip("/").rsplit("/", 1)[-1]
    token = invite_link(pm).rstrip("/").rsplit("/", 1)[-1]
    expect(pm.get_by_test_id("connection-state")).to_have_text("Live")

    form = pm.get_by_test_id("radar-form")
    expect(form).to_contain_text("How is the partnership doing?")
    expect(pm.get_by_test_id("health-radar")).to_have_count(0)

    # Three engineers answer: their side appears on the PM's board by itself; product, with
    # nobody yet, says so instead of showing a number.
    for name, role, clarity in (("Eli", "eng", 2), ("Tara", "tech_lead", 2), ("Quinn", "qa", 3)):
        _Guest(server, token, name, role).answer(
            rid, {"requirements_clarity": clarity, "communication": 4}
        )
    table = pm.get_by_test_id("radar-table")
    clarity_row = table.get_by_role("row", name=re.compile("Requirements clarity"))
    expect(clarity_row).to_contain_text("2.3 (3 answers)")
    expect(clarity_row).to_contain_text("too few answers")
    expect(pm.get_by_test_id("radar-respondents")).to_have_text("3 people have answered.")
    expect(pm.get_by_test_id("radar-engineering")).to_have_count(1)
    expect(pm.get_by_test_id("radar-product")).to_have_count(0)

    # Two designers, then the PM with the keyboard: a radio group per friction point.
    for name in ("Dana", "Dev"):
        _Guest(server, token, name, "design").answer(
            rid, {"requirements_clarity": 4, "communication": 3}
        )
    group = form.get_by_role("group", name="Requirements clarity")
    group.get_by_label("Requirements clarity: 3 of 5").focus()
    pm.keyboard.press("Space")
    pm.keyboard.press("ArrowRight")  # moves to, and picks, 4
    expect(group.get_by_label("Requirements clarity: 4 of 5")).to_be_checked()
    comm = form.get_by_role("group", name="Communication")
    comm.get_by_label("Communication: 2 of 5").check()
    form.get_by_role("button", name="Save my answers").click()
    expect(pm.get_by_test_id("radar-saved")).to_contain_text("Saved")
    expect(form.get_by_role("button", name="Update my answers")).to_be_visible()

    expect(clarity_row).to_contain_text("4.0 (3 answers)")
    expect(clarity_row).to_contain_text("+1.7")
    comm_row = table.get_by_role("row", name=re.compile("Communication"))
    expect(comm_row).to_contain_text("2.7 (3 answers)")
    expect(comm_row).to_contain_text("4.0 (3 answers)")
    expect(comm_row).to_contain_text("\u22121.3")  # a minus sign
    expect(table.get_by_role("row", name=re.compile("Tech debt"))).to_contain_text(
        "too few answers"
    )
    expect(pm.get_by_test_id("radar-product")).to_have_count(1)
    expect(pm.get_by_test_id("radar-respondents")).to_have_text("6 people have answered.")
    expect(pm.get_by_role("img", name=re.compile("Health radar by side"))).to_be_visible()
    screenshot(pm, "radar-check-in")

    # After a reload, the PM's own answers are still theirs to change.
    pm.reload()
    form = pm.get_by_test_id("radar-form")
    expect(form.get_by_label("Requirements clarity: 4 of 5")).to_be_checked()
    expect(form.get_by_label("Communication: 2 of 5")).to_be_checked()


def test_a_team_dimension_is_added_rated_in_check_in_and_kept_on_the_summary(
    page: Page, server: LiveServer
) -> None:
    pm = page
    create_owner(pm)
    create_team(pm, "Checkout Squad")
    pm.get_by_role("link", name="Prompts & thresholds").click()
    section = pm.get_by_test_id("radar-dimensions")
    expect(section).to_contain_text("No dimensions of the team's own")

    # A label like one of the five is refused, said at the field; then one of the team's own,
    # typed and sent with the keyboard.
    field = section.get_by_label("New dimension")
    field.fill("tech  DEBT")
    field.press("Enter")
    expect(section.get_by_text("The radar already asks about “Tech debt”")).to_be_visible()
    expect(field).to_be_focused()
    field.fill("On-call <b>load</b>")
    field.press("Enter")
    row = section.get_by_test_id("radar-dimension")
    expect(row).to_have_count(1)
    # Shown as typed, never read as markup.
    expect(row).to_contain_text("On-call <b>load</b>")
    expect(pm.get_by_text("retros started from now on ask it")).to_be_visible()
    row.get_by_role("button", name="Rename On-call <b>load</b>").click()
    rename = section.get_by_label("New label for “On-call <b>load</b>”")
    expect(rename).to_be_focused()
    rename.fill("On-call load")
    rename.press("Enter")
    expect(row).to_have_text(re.compile(r"^On-call load\s*Rename\s*Retire"))
    # A second one, retired again: it leaves the list and is named as kept in history.
    section.get_by_label("New dimension").fill("Hand-offs")
    section.get_by_role("button", name="Add dimension").click()
    expect(row).to_have_count(2)
    section.get_by_role("button", name="Retire Hand-offs").click()
    dialog = pm.get_by_role("dialog", name="Retire this dimension?")
    expect(dialog).to_contain_text("no longer ask “Hand-offs”")
    dialog.get_by_role("button", name="Retire").click()
    expect(row).to_have_count(1)
    expect(section.get_by_test_id("radar-dimensions-retired")).to_contain_text("Hand-offs")
    section.get_by_label("New dimension").focus()
    screenshot(pm, "radar-dimensions-editor")
    pm.screenshot(path="/tmp/radar-dimensions-editor.png", full_page=True)

    pm.get_by_role("link", name="Checkout Squad").first.click()
    create_retro(pm, "Radar retro")
    rid = pm.url.rstrip("/").rsplit("/", 1)[-1]
    token = invite_link(pm).rstrip("/").rsplit("/", 1)[-1]
    expect(pm.get_by_test_id("connection-state")).to_have_text("Live")

    form = pm.get_by_test_id("radar-form")
    oncall = form.get_by_role("group", name="On-call load")
    expect(oncall).to_be_visible()
    for name, role, score in (("Eli", "eng", 2), ("Tara", "tech_lead", 1), ("Quinn", "qa", 2)):
        guest = _Guest(server, token, name, role)
        guest.answer(rid, {guest.key(rid, "On-call load"): score})
    for name in ("Dana", "Dev"):
        guest = _Guest(server, token, name, "design")
        guest.answer(rid, {guest.key(rid, "On-call load"): 4})

    # The PM rates it with the keyboard.
    oncall.get_by_label("On-call load: 4 of 5").focus()
    pm.keyboard.press("Space")
    pm.keyboard.press("ArrowRight")
    expect(oncall.get_by_label("On-call load: 5 of 5")).to_be_checked()
    form.get_by_role("button", name="Save my answers").click()
    expect(pm.get_by_test_id("radar-saved")).to_contain_text("Saved")

    table = pm.get_by_test_id("radar-table")
    oncall_row = table.get_by_role("row", name=re.compile("On-call load"))
    expect(oncall_row).to_contain_text("4.3 (3 answers)")
    expect(oncall_row).to_contain_text("1.7 (3 answers)")
    expect(oncall_row).to_contain_text("+2.7")
    expect(pm.get_by_test_id("radar-respondents")).to_have_text("6 people have answered.")
    radar = pm.get_by_test_id("radar-panel")
    radar.scroll_into_view_if_needed()
    screenshot(pm, "radar-team-dimension-check-in")
    pm.screenshot(path="/tmp/radar-team-dimension-check-in.png", full_page=True)

    # Closed, the summary's radar still shows it.
    go_to_phase(pm, "closed")
    closed = pm.get_by_test_id("radar-panel")
    expect(closed.get_by_role("row", name=re.compile("On-call load"))).to_contain_text("+2.7")

    # The team's Trends page draws it per side (the only dimension anyone answered here).
    pm.get_by_role("link", name="Checkout Squad").first.click()
    pm.get_by_role("link", name="Trends").first.click()
    drawn = pm.get_by_test_id("sides-radar")
    chart = drawn.get_by_role("figure", name=re.compile("On-call load"))
    expect(chart).to_have_count(1)
    chart.get_by_role("button", name="Show table").click()
    expect(chart.get_by_role("table")).to_contain_text("4.3")
    expect(chart.get_by_role("table")).to_contain_text("1.7")
