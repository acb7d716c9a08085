"""The demo team, read back through the API as the demo PM sees it: three sprints of one team
with their retros, signals, action items followed from retro to retro, debt backlog, themes,
rituals, agreements and template."""

from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from tests.conftest import Client, expect_error, new_client, signup
from twofold.domain.errors import Conflict
from twofold.domain.signals import Thresholds
from twofold.services.accounts import create_user
from twofold.services.actions import today
from twofold.services.context import Ctx
from twofold.services.demo import DEMO_PASSWORD, DEMO_TEAM, PEOPLE, DemoResult, load_demo
from twofold.services.demo_data import TEMPLATE_NAME
from twofold.services.demo_sprints import SPRINTS
from twofold.store.tables import Base

COLUMNS = ["Product Perspective", "Engineering Perspective", "Collaboration Improvements"]


def sign_in(app: FastAPI, email: str) -> Client:
    c = new_client(app)
    answer = c.post("/api/auth/login", json={"email": email, "password": DEMO_PASSWORD})
    assert answer.status_code == 200, answer.text
    c.remember(answer)
    return c


@pytest.fixture
def demo(ctx: Ctx) -> DemoResult:
    return load_demo(ctx)


@pytest.fixture
def priya(app: FastAPI, demo: DemoResult) -> Iterator[Client]:
    c = sign_in(app, PEOPLE[0][0])
    yield c
    c.close()


def _retros(priya: Client, team_id: str) -> list[dict[str, Any]]:
    """Oldest first."""
    return list(reversed(priya.ok("GET", f"/api/teams/{team_id}/retros")))


def test_three_consecutive_sprints_each_closed_by_a_retro_full_of_both_sides(
    priya: Client, demo: DemoResult
) -> None:
    assert demo.created is True
    [team] = priya.ok("GET", "/api/teams")
    assert team["name"] == DEMO_TEAM
    roles = {m["role"] for m in priya.ok("GET", f"/api/teams/{demo.team_id}")["members"]}
    # Two designers with the PM, so the product side has enough people for the health radar.
    assert roles == {"pm", "design", "tech_lead", "eng", "qa"}

    retros = _retros(priya, demo.team_id)
    assert [r["title"] for r in retros] == ["Sprint 12 retro", "Sprint 13 retro", "Sprint 14 retro"]
    assert demo.retro_id == retros[-1]["id"], "the printed retro is the latest"
    starts = [date.fromisoformat(r["sprint_start"]) for r in retros]
    ends = [date.fromisoformat(r["sprint_end"]) for r in retros]
    assert today() - timedelta(days=7) <= ends[-1] < today() - timedelta(days=2)
    for start, end in zip(starts, ends, strict=True):
        assert 9 <= (end - start).days <= 13, (start, end)
    for end, next_start in zip(ends, starts[1:], strict=False):
        assert 1 <= (next_start - end).days <= 3, "back to back"
    for retro, end in zip(retros, ends, strict=True):
        # Each retro reads as held on its sprint's last day, not on the day the demo loaded.
        assert retro["created_at"].startswith(end.isoformat())
        assert retro["phase"] == "closed"
        assert retro["template"] == "pm_engineering"

        board = priya.ok("GET", f"/api/retros/{retro['id']}")
        assert [c["title"] for c in board["columns"]] == COLUMNS
        cards = board["cards"]
        in_column = Counter(c["column_id"] for c in cards)
        assert all(in_column[c["id"]] >= 3 for c in board["columns"]), in_column
        assert not any(c["hidden"] for c in cards)
        assert {c["author_role"] for c in cards} == {"pm", "tech_lead", "eng", "qa"}
        assert {c["polarity"] for c in cards} == {"went_well", "didnt_go_well", "proposal"}
        assert sum(1 for c in cards if c["friction"]) >= len(cards) // 2
        assert board["groups"], "cards are grouped"
        assert all(g["title"] for g in board["groups"])
        grouped = {c["group_id"] for c in cards if c["group_id"]}
        assert grouped == {g["id"] for g in board["groups"]}
        assert sum(board["votes"].values()) >= 15
        assert board["notes"], "the top topics were discussed"
        # The leads took the notes in turn, as the board's own commands: equal voice counts
        # note writers on both sides.
        voice = priya.ok("GET", f"/api/retros/{retro['id']}/summary")["equal_voice"]
        assert voice["notes"]["product"] >= 1, voice["notes"]
        assert voice["notes"]["engineering"] >= 1, voice["notes"]
        assert board["reactions"]
        assert len(board["actions"]) >= 4
        assert sum(1 for p in board["participants"] if p.get("check_in")) == 3


def _side(row: dict[str, Any], side: str) -> tuple[float, int]:
    shown = row[side]
    assert shown["shown"] is True, (row["dimension"], side)
    return shown["average"], shown["count"]


def test_each_retro_has_a_radar_by_side_whose_gap_narrows_by_the_last_sprint(
    priya: Client, demo: DemoResult
) -> None:
    """Both sides answered at every check-in, enough of each to be shown: product rated the
    promo rules clear while engineering did not, and by Sprint 14 they nearly agree."""
    pages = [priya.ok("GET", f"/api/retros/{r['id']}/radar") for r in _retros(priya, demo.team_id)]
    clarity = []
    for page in pages:
        assert page["enabled"] is True
        assert page["open"] is False, "closed retros take no more answers"
        assert page["respondents"] == len(PEOPLE)
        rows = {d["dimension"]: d for d in page["dimensions"]}
        assert len(rows) == 5
        for row in rows.values():
            assert _side(row, "product")[1] == 3, "the PM and two designers"
            assert _side(row, "engineering")[1] == 4, "tech lead, two engineers and QA"
            assert row["gap"] is not None
        clarity.append(rows["requirements_clarity"])
    assert [(_side(r, "product")[0], _side(r, "engineering")[0], r["gap"]) for r in clarity] == [
        (4.0, 2.0, 2.0),
        (3.3, 1.5, 1.8),
        (3.7, 3.0, 0.7),
    ]
    debt = {d["dimension"]: d for d in pages[1]["dimensions"]}["tech_debt"]
    assert _side(debt, "engineering")[0] < _side(debt, "product")[0]


def test_the_demo_radar_keeps_answers_anonymous(app: FastAPI, demo: DemoResult) -> None:
    """A demo person reads back only their own answers; nobody can change a closed retro's."""
    sam = sign_in(app, PEOPLE[3][0])
    retro = _retros(sam, demo.team_id)[0]["id"]
    mine = sam.ok("GET", f"/api/retros/{retro}/radar/mine")
    assert mine["scores"] == {
        "requirements_clarity": 2,
        "velocity_quality": 3,
        "tech_debt": 2,
        "estimation": 2,
        "communication": 4,
    }
    late = sam.put(f"/api/retros/{retro}/radar/mine", json={"scores": {"estimation": 5}})
    expect_error(late, 409, "wrong_phase")
    assert sam.ok("GET", f"/api/retros/{retro}/radar/mine")["scores"]["estimation"] == 2
    sam.close()


def test_signals_flag_the_hard_sprint_and_the_last_one_improves(
    priya: Client, demo: DemoResult
) -> None:
    defaults = Thresholds()
    pages = [
        priya.ok("GET", f"/api/retros/{r['id']}/signals") for r in _retros(priya, demo.team_id)
    ]
    for page in pages:
        assert page["pulses"]["count"] == len(PEOPLE)
        assert page["pulses"]["average"] is not None, "enough pulses to show satisfaction"
        values = page["signals"]
        for field in (
            "stories_committed",
            "stories_completed",
            "points_committed",
            "points_completed",
            "stories_rejected_in_qa",
            "rework_days",
            "stories_added_after_start",
            "stories_removed_after_start",
            "clarifying_questions",
            "tech_debt_share",
            "shipped_on_time",
            "nps_change",
        ):
            assert values[field] is not None, field
        assert len(values["estimates"]) >= 3
    flagged = [{f["signal"] for f in page["flags"]} for page in pages]
    assert all(flagged), "every sprint has something over a threshold"
    # One sprint over the clarifying-questions threshold, one far below the debt target, and
    # one story that took far longer than estimated.
    questions = [p["signals"]["clarifying_questions"] for p in pages]
    assert sum(q >= defaults.clarifying_questions_below for q in questions) == 1
    assert [("clarifying_questions" in f) for f in flagged] == [
        q >= defaults.clarifying_questions_below for q in questions
    ]
    assert min(p["signals"]["tech_debt_share"] for p in pages) <= defaults.tech_debt_share_min / 2
    assert any(e["actual"] >= 2 * e["estimate"] for p in pages for e in p["signals"]["estimates"])
    # The trend: the last sprint has fewer flags than the one before, and is back on target
    # for debt and questions.
    assert len(flagged[2]) < len(flagged[1])
    assert flagged[2] < flagged[1]
    assert "tech_debt_share" in flagged[1]
    assert "tech_debt_share" not in flagged[2]
    capacity = [
        priya.ok("GET", f"/api/retros/{r['id']}/debt-capacity")
        for r in _retros(priya, demo.team_id)
    ]
    assert [c["status"] for c in capacity] == ["under", "under", "at"]


def test_action_items_are_followed_from_retro_to_retro(priya: Client, demo: DemoResult) -> None:
    retros = _retros(priya, demo.team_id)
    order = {r["id"]: i for i, r in enumerate(retros)}
    items = priya.ok("GET", f"/api/teams/{demo.team_id}/actions")
    assert len(items) >= 10
    for item in items:
        assert item["category"], item["title"]
        assert item["owner_kind"] in {"person", "joint"}, item["title"]
        assert item["due"], item["title"]
        assert item["created_at"][:10] <= item["due"]
    assert {i["category"] for i in items} == {
        "requirements_clarity",
        "velocity_quality",
        "tech_debt",
        "communication_rituals",
    }
    joint = [i for i in items if i["owner_kind"] == "joint"]
    assert joint
    assert all(i["joint_pm_name"] == "Priya Raman" for i in joint)
    assert all(i["joint_tech_lead_name"] == "Marco Silva" for i in joint)

    by_retro: dict[int, list[dict[str, Any]]] = {0: [], 1: [], 2: []}
    for item in items:
        by_retro[order[item["retro_id"]]].append(item)
    first, second, last = by_retro[0], by_retro[1], by_retro[2]
    # Sprint 12's items were reviewed in Sprint 13: some done, one dropped with its reason,
    # one carried over and reviewed again in Sprint 14.
    statuses = Counter(i["status"] for i in first)
    assert statuses["done"] >= 2
    assert statuses["dropped"] == 1
    dropped = next(i for i in first if i["status"] == "dropped")
    assert dropped["drop_reason"]
    assert dropped["last_review_retro_id"] == retros[1]["id"]
    assert dropped["closed_on"] == retros[1]["sprint_end"]
    for done in (i for i in first if i["status"] == "done"):
        assert done["last_review_retro_id"] == retros[1]["id"]
        assert done["last_review_outcome"] == "done"
        assert done["closed_on"] == retros[1]["sprint_end"]
    [carried] = [i for i in first if i["status"] == "open"]
    assert carried["carry_count"] == 2
    assert carried["last_review_retro_id"] == retros[2]["id"]
    assert carried["last_review_outcome"] == "carry_over"
    assert carried["due"] > today().isoformat()
    # Sprint 13's items were reviewed in Sprint 14; Sprint 14's wait for the next retro.
    assert all(i["last_review_retro_id"] == retros[2]["id"] for i in second)
    assert {i["last_review_outcome"] for i in second} == {"done", "carry_over"}
    assert all(i["status"] == "open" and i["last_review_retro_id"] is None for i in last)
    assert any(i["due"] < today().isoformat() for i in last), "one is already late"

    rates = priya.ok("GET", f"/api/teams/{demo.team_id}/follow-through")
    assert 0 < rates["overall"]["rate"] < 1
    assert rates["overall"]["excluded_drops"] == 1


def test_debt_backlog_is_scored_by_both_sides_and_themes_recur(
    priya: Client, demo: DemoResult
) -> None:
    items = priya.ok("GET", f"/api/teams/{demo.team_id}/debt")
    assert 5 <= len(items) <= 7
    assert len({i["status"] for i in items}) >= 4
    from_cards = [i for i in items if any(link["kind"] == "card" for link in i["links"])]
    assert len(from_cards) >= 2
    ranking = priya.ok("GET", f"/api/teams/{demo.team_id}/debt/ranking")
    assert len(ranking["ranked"]) >= 3
    for ranked in ranking["ranked"]:
        assert all(ranked[score] for score in ("impact", "drag_hours", "effort")), ranked
        assert ranked["pm_scored_by"] != ranked["eng_scored_by"], "each side scored its part"
    priorities = [r["priority"] for r in ranking["ranked"]]
    assert priorities == sorted(priorities, reverse=True)
    assert ranking["awaiting_pm"], "an item waits for the PM's impact score"
    assert ranking["awaiting_eng"], "an item waits for engineering's scores"

    themes = priya.ok("GET", f"/api/teams/{demo.team_id}/debt/themes")
    every_retro = [t for t in themes if len(t["retro_ids"]) == len(SPRINTS)]
    labels = " ".join(t["label"] for t in every_retro)
    for word in ("promo", "flaky", "payment"):
        assert word in labels, (word, [t["label"] for t in themes])
    flaky = next(t for t in themes if "flaky" in t["label"])
    assert flaky["offer_escalation"] is True, "recurring debt nobody has put in the backlog"
    linked = [t for t in themes if t["debt_item_ids"]]
    assert linked, "a theme whose card is already in the backlog says so"


def test_rituals_agendas_agreements_and_template(priya: Client, demo: DemoResult) -> None:
    rituals = priya.ok("GET", f"/api/teams/{demo.team_id}/rituals")
    assert {r["kind"] for r in rituals} == {"pm_tech_lead_sync", "tech_debt_review", "retro"}
    open_titles = {
        i["title"]
        for i in priya.ok("GET", f"/api/teams/{demo.team_id}/actions")
        if i["status"] == "open"
    }
    for ritual in rituals:
        assert ritual["next_start"] > today().isoformat()
        agenda = priya.ok("GET", f"/api/rituals/{ritual['id']}/agenda")
        lines = [item["text"] for section in agenda["sections"] for item in section["items"]]
        assert any(title in line for title in open_titles for line in lines), lines
        titles = {s["title"] for s in agenda["sections"]}
        assert any(t.startswith("Signals from “") for t in titles), titles
    sync = next(r for r in rituals if r["kind"] == "pm_tech_lead_sync")
    agenda = priya.ok("GET", f"/api/rituals/{sync['id']}/agenda")
    assert agenda["sections"][0]["items"][0]["text"].startswith("Overdue since")
    retro_ritual = next(r for r in rituals if r["kind"] == "retro")
    latest_end = date.fromisoformat(_retros(priya, demo.team_id)[-1]["sprint_end"])
    assert retro_ritual["next_start"].startswith((latest_end + timedelta(days=14)).isoformat())

    agreements = priya.ok("GET", f"/api/teams/{demo.team_id}/agreements")
    assert "## Edge Cases" in agreements["acceptance_template"]
    assert len(agreements["definition_of_done"]) >= 5
    pairings = priya.ok("GET", f"/api/teams/{demo.team_id}/pairings")
    assert len(pairings) == 2
    assert all(p["points"] > agreements["pairing_points_over"] for p in pairings)

    [template] = priya.ok("GET", f"/api/teams/{demo.team_id}/templates")
    assert template["name"] == TEMPLATE_NAME
    assert [c["title"] for c in template["columns"]] == COLUMNS
    assert template["settings"]["collect_early"] is True


def _row_counts(ctx: Ctx) -> dict[str, int]:
    with ctx.db.read() as tx:
        return {
            t.name: int(tx.scalar(select(func.count()).select_from(t)) or 0)
            for t in Base.metadata.sorted_tables
        }


def test_loading_again_changes_nothing(ctx: Ctx) -> None:
    first = load_demo(ctx)
    counts = _row_counts(ctx)
    assert counts["retros"] == len(SPRINTS)
    assert counts["cards"] == sum(len(s.cards) for s in SPRINTS)
    again = load_demo(ctx)
    assert again.created is False
    assert (again.team_id, again.retro_id) == (first.team_id, first.retro_id)
    assert _row_counts(ctx) == counts


def test_demo_accounts_own_nothing_and_leave_other_teams_alone(app: FastAPI, ctx: Ctx) -> None:
    owner = signup(app, "owner@example.com", "Olive Owner")
    own = owner.ok("POST", "/api/teams", 201, json={"name": "Alpha", "role": "pm"})
    result = load_demo(ctx)
    assert owner.ok("GET", "/api/auth/session")["user"]["is_owner"] is True
    assert [t["name"] for t in owner.ok("GET", "/api/teams")] == ["Alpha"]
    owner.ok("GET", f"/api/teams/{result.team_id}", 404)
    owner.ok("GET", f"/api/retros/{result.retro_id}", 404)
    for email, _, _ in PEOPLE:
        person = sign_in(app, email)
        assert person.ok("GET", "/api/auth/session")["user"]["is_owner"] is False
        assert [t["name"] for t in person.ok("GET", "/api/teams")] == [DEMO_TEAM]
        person.ok("GET", f"/api/teams/{own['id']}", 404)
        person.close()
    owner.close()


def test_loading_again_finds_the_demo_after_its_pm_left_and_it_was_renamed(
    app: FastAPI, ctx: Ctx
) -> None:
    first = load_demo(ctx)
    priya = sign_in(app, PEOPLE[0][0])
    marco = sign_in(app, PEOPLE[1][0])
    me = priya.ok("GET", "/api/auth/session")["user"]["id"]
    marco.ok("PATCH", f"/api/teams/{first.team_id}", json={"name": "Checkout"})
    priya.ok("DELETE", f"/api/teams/{first.team_id}/members/{me}", 204)
    counts = _row_counts(ctx)
    again = load_demo(ctx)
    assert again.created is False
    assert (again.team_id, again.retro_id) == (first.team_id, first.retro_id)
    assert _row_counts(ctx) == counts
    priya.close()
    marco.close()


def test_a_demo_address_already_taken_without_its_team_is_refused_plainly(ctx: Ctx) -> None:
    # As after a load that stopped before the team was made, or someone using the address.
    create_user(ctx, PEOPLE[0][0], "another long password", "Someone Else")
    counts = _row_counts(ctx)
    with pytest.raises(Conflict) as refused:
        load_demo(ctx)
    assert refused.value.code == "demo_accounts_taken"
    assert "fresh data folder" in refused.value.message
    assert _row_counts(ctx) == counts
