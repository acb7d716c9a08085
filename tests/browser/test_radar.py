"""The health radar as a team meets it in check-in: answering with the keyboard, and the
radar of both sides, with its table, appearing for everyone without a reload."""

import re
from typing import Any

import httpx
from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.flows import create_owner, create_retro, create_team, invite_link, screenshot


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
