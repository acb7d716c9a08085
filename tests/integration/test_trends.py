"""A team's trends, read through the API on both databases: the demo team's three closed
sprints counted as the database holds them, periods asked for by count and by dates, and
nothing for someone outside the team."""

from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import delete, func, select, update

from tests.conftest import Client, expect_error, new_client, signup
from tests.integration.test_demo import sign_in
from twofold.domain.vocab import Friction, Role
from twofold.services.context import Ctx
from twofold.services.demo import PEOPLE, DemoResult, load_demo
from twofold.store.queries import radar as radar_q
from twofold.store.tables import (
    ActionItemRow,
    CardRow,
    RadarAnswerRow,
    RitualRow,
    TeamAgreementsRow,
)


@pytest.fixture
def demo(ctx: Ctx) -> DemoResult:
    return load_demo(ctx)


@pytest.fixture
def priya(app: FastAPI, demo: DemoResult) -> Iterator[Client]:
    c = sign_in(app, PEOPLE[0][0])
    yield c
    c.close()


def _trends(c: Client, team_id: str, query: str = "") -> Any:
    return c.ok("GET", f"/api/teams/{team_id}/trends{query}")


def _each_sprint_carries_what_its_retro_recorded(priya: Client, demo: DemoResult, ctx: Ctx) -> None:
    page = _trends(priya, demo.team_id)
    retros = list(reversed(priya.ok("GET", f"/api/teams/{demo.team_id}/retros")))
    closed = [r["id"] for r in retros if r["phase"] == "closed"]
    assert [s["retro_id"] for s in page["sprints"]] == closed[-6:]
    assert len(page["sprints"]) == 3
    ends = [s["ends"] for s in page["sprints"]]
    assert ends == sorted(ends)
    for sprint in page["sprints"]:
        assert set(sprint["values"]) == set(page["metrics"])
        recorded = priya.ok("GET", f"/api/retros/{sprint['retro_id']}/signals")["signals"]
        for metric in ("clarifying_questions", "rework_days", "stories_rejected_in_qa"):
            assert sprint["values"][metric] == recorded[metric], metric
    ids = [s["retro_id"] for s in page["sprints"]]
    with ctx.db.read() as tx:
        with_friction = tx.scalar(
            select(func.count())
            .select_from(CardRow)
            .where(CardRow.retro_id.in_(ids), CardRow.friction.is_not(None))
        )
        agreed = tx.scalar(
            select(func.count()).select_from(ActionItemRow).where(ActionItemRow.retro_id.in_(ids))
        )
    assert with_friction
    assert sum(f["cards"] for f in page["friction"]) == with_friction
    assert {f["retro_id"] for f in page["friction"]} <= set(ids)
    assert sum(s["actions_agreed"] for s in page["sprints"]) == agreed
    assert page["follow_through"]["agreed"] == agreed
    by_category = page["follow_through_by_category"].values()
    assert sum(f["agreed"] for f in by_category) == agreed
    # Three sprints are enough for a first and a last third; each change is worded.
    for change in page["changes"]:
        assert change["metric"] in page["metrics"]
        assert change["sentence"].endswith(".")
    assert page["thresholds"]["clarifying_questions_below"] == 5


def test_the_demo_teams_trends(app: FastAPI, priya: Client, demo: DemoResult, ctx: Ctx) -> None:
    """On the one demo team (loading it is the slow part): each sprint as its retro recorded
    it, shorter periods, periods that are not one, and people outside the team."""
    _each_sprint_carries_what_its_retro_recorded(priya, demo, ctx)
    _radar_and_equal_voice_per_sprint(priya, demo, ctx)
    _starts_within_the_period(priya, demo, ctx)
    _shorter_period_and_dates(priya, demo)
    _not_a_period(priya, demo)
    _outsiders(app, demo)


def _answer(ctx: Ctx, retro_id: str, people: list[tuple[str, Role, int]]) -> None:
    with ctx.db.write() as tx:
        for key, role, score in people:
            radar_q.replace_answers(tx, retro_id, key, role, {Friction.REQUIREMENTS_CLARITY: score})


def _clarity(sprint: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = next(
        d for d in sprint["radar"] if d["dimension"] == "requirements_clarity"
    )
    return found


def _radar_and_equal_voice_per_sprint(priya: Client, demo: DemoResult, ctx: Ctx) -> None:
    """Each sprint's radar holds a side only once three of it answered, as a retro's own radar
    does, and its equal voice is the one its closing summary shows."""
    seeded = _trends(priya, demo.team_id)["sprints"]
    # The demo's own answers: both sides shown in every sprint, the gap narrowing.
    assert [_clarity(s)["gap"] for s in seeded] == [2.0, 1.8, 0.7]
    for sprint in seeded:
        radar = priya.ok("GET", f"/api/retros/{sprint['retro_id']}/radar")
        assert sprint["radar"] == radar["dimensions"]
    first, second, third = [s["retro_id"] for s in seeded]
    # Answers of the test's own, on retros cleared of the demo's.
    with ctx.db.write() as tx:
        tx.execute(
            delete(RadarAnswerRow).where(RadarAnswerRow.retro_id.in_([first, second, third]))
        )
    pms = [(f"m:pm{i}", Role.PM, 4) for i in range(3)]
    _answer(ctx, first, [*pms, ("m:eng0", Role.ENG, 2), ("m:eng1", Role.ENG, 2)])
    _answer(ctx, second, [*pms, *[(f"m:eng{i}", Role.QA, 1) for i in range(3)]])
    _answer(ctx, second, [("m:em0", Role.EM, 5)])
    sprints = _trends(priya, demo.team_id)["sprints"]
    clarity = [_clarity(s) for s in sprints]
    assert clarity[0]["product"] == {"shown": True, "average": 4.0, "count": 3}
    assert clarity[0]["engineering"] == {"shown": False, "average": None, "count": None}
    assert clarity[0]["gap"] is None
    assert clarity[1]["engineering"]["average"] == 1.0
    assert clarity[1]["gap"] == 3.0
    assert clarity[2]["product"]["shown"] is False
    for sprint in sprints:
        radar = priya.ok("GET", f"/api/retros/{sprint['retro_id']}/radar")
        assert sprint["radar"] == radar["dimensions"]
        summary = priya.ok("GET", f"/api/retros/{sprint['retro_id']}/summary")
        assert sprint["equal_voice"] == summary["equal_voice"]
    assert any(s["equal_voice"]["cards"]["product"] for s in sprints)


def _starts_within_the_period(priya: Client, demo: DemoResult, ctx: Ctx) -> None:
    """A ritual created and the working agreements changed within the period are both marked,
    with their days; what happened after the last sprint is not."""
    first, second, last = [s["ends"] for s in _trends(priya, demo.team_id)["sprints"]]
    with ctx.db.write() as tx:
        ritual = tx.scalars(select(RitualRow.id).where(RitualRow.team_id == demo.team_id)).first()
        tx.execute(
            update(RitualRow)
            .where(RitualRow.id == ritual)
            .values(created_at=datetime.combine(date.fromisoformat(second), time(9, tzinfo=UTC)))
        )
        tx.execute(
            update(TeamAgreementsRow)
            .where(TeamAgreementsRow.team_id == demo.team_id)
            .values(updated_at=datetime.combine(date.fromisoformat(first), time(9, tzinfo=UTC)))
        )
    started = _trends(priya, demo.team_id)["started"]
    assert {"on": first, "kind": "agreement", "title": "team's working agreements"} in started
    assert [s["on"] for s in started if s["kind"] == "ritual"] == [second]
    assert all(s["on"] <= last for s in started)
    assert _trends(priya, demo.team_id, "?last=1")["started"] == []


def _shorter_period_and_dates(priya: Client, demo: DemoResult) -> None:
    every = _trends(priya, demo.team_id)["sprints"]
    latest_two = _trends(priya, demo.team_id, "?last=2")["sprints"]
    assert [s["retro_id"] for s in latest_two] == [s["retro_id"] for s in every[-2:]]
    first_end = every[0]["ends"]
    only_first = _trends(priya, demo.team_id, f"?from={first_end}&to={first_end}")["sprints"]
    assert [s["retro_id"] for s in only_first] == [every[0]["retro_id"]]
    # Fewer than three sprints: nothing to compare, and nothing is made up.
    assert _trends(priya, demo.team_id, "?last=2")["changes"] == []


def _not_a_period(priya: Client, demo: DemoResult) -> None:
    for query in ["?last=0", "?last=53", "?from=2026-05-02&to=2026-05-01"]:
        response = priya.get(f"/api/teams/{demo.team_id}/trends{query}")
        assert "period" in expect_error(response, 422, "bad_period")["message"]


def _outsiders(app: FastAPI, demo: DemoResult) -> None:
    outsider = signup(app, "outsider@example.com", "Outsider")
    expect_error(outsider.get(f"/api/teams/{demo.team_id}/trends"), 404)
    expect_error(new_client(app).get(f"/api/teams/{demo.team_id}/trends"), 401)


def test_a_team_without_closed_retros_has_empty_trends(app: FastAPI) -> None:
    lead = signup(app, "lead@example.com", "Lead")
    team = lead.ok("POST", "/api/teams", 201, json={"name": "New team", "role": "tech_lead"})
    page = _trends(lead, team["id"])
    assert page["sprints"] == []
    assert page["changes"] == []
    assert page["friction"] == []
    assert page["follow_through"]["rate"] is None
    assert page["median_days_to_done"] is None
