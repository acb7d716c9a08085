"""A team's grouping of roles into sides, over the API on both databases: who may change it,
what it refuses, and that equal voice, the radar and trends follow it
(docs/running-a-retro.md, "Equal voice")."""

from typing import Any

from fastapi import FastAPI

from tests.conftest import World, expect_error, invite, signup
from tests.integration.boards import add_card, to_phase
from tests.integration.test_summary import run_retro
from twofold.domain.vocab import Friction, Role
from twofold.services.context import Ctx
from twofold.store.queries import radar as radar_q

DEFAULT = {
    "pm": "product",
    "design": "product",
    "eng": "engineering",
    "tech_lead": "engineering",
    "qa": "engineering",
    "em": "apart",
}


def _url(world: World) -> str:
    return f"/api/teams/{world.team_id}/sides"


def test_the_default_grouping_and_who_may_change_it(world: World) -> None:
    page = world.pm.ok("GET", _url(world))
    assert page == {"team_id": world.team_id, "sides": DEFAULT, "customised": False}
    moved = {**DEFAULT, "qa": "product", "design": "apart"}
    expect_error(world.eng.put(_url(world), json={"sides": moved}), 403, "forbidden")
    expect_error(world.outsider.get(_url(world)), 404, "not_found")
    expect_error(world.outsider.put(_url(world), json={"sides": moved}), 404, "not_found")
    assert world.pm.ok("GET", _url(world))["customised"] is False

    saved = world.pm.ok("PUT", _url(world), json={"sides": moved})
    assert saved == {"team_id": world.team_id, "sides": moved, "customised": True}
    assert world.eng.ok("GET", _url(world))["sides"] == moved
    # The other team keeps the default.
    other = world.outsider.ok("GET", f"/api/teams/{world.other_team_id}/sides")
    assert other["sides"] == DEFAULT
    # Going back to the default clears the setting.
    back = world.owner.ok("PUT", _url(world), json={"sides": DEFAULT})
    assert back["customised"] is False


def test_a_bad_grouping_is_refused_with_the_role_or_side_named(world: World) -> None:
    cases: list[tuple[dict[str, Any], str, str]] = [
        ({**DEFAULT, "ceo": "product"}, "side_role_unknown", "sides.ceo"),
        ({k: v for k, v in DEFAULT.items() if k != "qa"}, "side_role_missing", "sides.qa"),
        ({**DEFAULT, "qa": "testing"}, "side_unknown", "sides.qa"),
        (
            {**DEFAULT, "eng": "product", "tech_lead": "apart", "qa": "product"},
            "side_empty",
            "sides.engineering",
        ),
        ({**DEFAULT, "pm": "apart", "design": "engineering"}, "side_empty", "sides.product"),
    ]
    for sides, code, field in cases:
        error = expect_error(world.owner.put(_url(world), json={"sides": sides}), 422, code)
        assert [d["field"] for d in error["details"]] == [field], sides
    expect_error(world.owner.put(_url(world), json={"sides": {**DEFAULT, "qa": 3}}), 422)
    assert world.owner.ok("GET", _url(world))["customised"] is False


def _voice(world: World, rid: str) -> Any:
    return world.eng.ok("GET", f"/api/retros/{rid}/summary")["equal_voice"]


def _clarity(dimensions: list[dict[str, Any]]) -> dict[str, Any]:
    return next(d for d in dimensions if d["dimension"] == Friction.REQUIREMENTS_CLARITY.value)


def test_moving_qa_to_product_moves_equal_voice_the_radar_and_trends(
    app: FastAPI, world: World, ctx: Ctx
) -> None:
    rid = world.retro["id"]
    qa = signup(app, "quinn@example.com", "Quinn", invite(world.owner, world.team_id))
    qa.ok("POST", f"/api/invites/{invite(world.owner, world.team_id)}/accept", json={"role": "qa"})
    add_card(qa, world, "Release checks skipped", 1)
    add_card(qa, world, "Test data missing", 1)
    run_retro(world)
    to_phase(world, "closed")
    with ctx.db.write() as tx:
        clarity = Friction.REQUIREMENTS_CLARITY
        for i in range(3):
            radar_q.replace_answers(tx, rid, f"m:pm{i}", Role.PM, {clarity: 4})
            radar_q.replace_answers(tx, rid, f"m:qa{i}", Role.QA, {clarity: 1})
            radar_q.replace_answers(tx, rid, f"m:eng{i}", Role.ENG, {clarity: 2})

    before = _voice(world, rid)
    assert (before["cards"]["product"], before["cards"]["engineering"]) == (2, 4)
    assert (before["people"]["product"], before["people"]["engineering"]) == (2, 3)
    radar = _clarity(world.pm.ok("GET", f"/api/retros/{rid}/radar")["dimensions"])
    assert (radar["product"]["average"], radar["engineering"]["average"]) == (4.0, 1.5)
    assert radar["engineering"]["count"] == 6
    assert _company_gap(world) == 2.5

    world.owner.ok("PUT", _url(world), json={"sides": {**DEFAULT, "qa": "product"}})
    after = _voice(world, rid)
    assert (after["cards"]["product"], after["cards"]["engineering"]) == (4, 2)
    assert (after["people"]["product"], after["people"]["engineering"]) == (3, 2)
    assert after["cards"]["product_share"] == 4 / 6
    radar = _clarity(world.pm.ok("GET", f"/api/retros/{rid}/radar")["dimensions"])
    assert radar["product"] == {"shown": True, "average": 2.5, "count": 6}
    assert radar["engineering"] == {"shown": True, "average": 2.0, "count": 3}
    assert radar["gap"] == 0.5

    sprints = world.pm.ok("GET", f"/api/teams/{world.team_id}/trends")["sprints"]
    [sprint] = [s for s in sprints if s["retro_id"] == rid]
    assert sprint["equal_voice"] == after
    assert _clarity(sprint["radar"]) == radar

    # Side by side and in the company view, the team is counted by its own grouping too.
    compared = world.pm.ok("GET", f"/api/insights/teams?team={world.team_id}")["teams"][0]
    [side_by_side] = [s for s in compared["sprints"] if s["ends"] == sprint["ends"]]
    assert side_by_side["equal_voice"] == after
    assert _clarity(side_by_side["radar"]) == radar
    assert _company_gap(world) == 0.5


def _company_gap(world: World) -> Any:
    teams = world.owner.ok("GET", "/api/insights/company")["teams"]
    [team] = [t for t in teams if t["team_id"] == world.team_id]
    return _clarity(team["radar_gaps"])["gap"]
