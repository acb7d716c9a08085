"""The health radar over the API, on both databases: answering in check-in, anonymity, who may
read it, and its history across a team's retros (docs/pm-engineering-retro.md#health-radar)."""

import json
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from tests.conftest import (
    Client,
    World,
    command,
    expect_error,
    invite,
    new_client,
    signup,
    user_id,
)
from twofold.domain.errors import NotFound
from twofold.domain.vocab import Friction
from twofold.services import radar
from twofold.services.context import Ctx
from twofold.store.queries import users as user_q
from twofold.store.tables import RadarAnswerRow

CLARITY = "requirements_clarity"
FAKE_ID = "0123456789abcdef0123456789abcdef"


def _member(app: FastAPI, world: World, email: str, role: str) -> Client:
    token = invite(world.owner, world.team_id)
    c = signup(app, email, email.split("@", maxsplit=1)[0].title(), token)
    c.ok("POST", f"/api/invites/{token}/accept", json={"role": role})
    return c


def _url(world: World, rid: str | None = None) -> str:
    return f"/api/retros/{rid or world.retro['id']}/radar"


def _check_in(world: World, rid: str | None = None) -> None:
    command(world.owner, rid or world.retro["id"], "set_phase", phase="check_in")


def _dims(radar_json: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {d["dimension"]: d for d in radar_json["dimensions"]}


def _answer(c: Client, world: World, scores: dict[str, int]) -> Any:
    return c.ok("PUT", f"{_url(world)}/mine", json={"scores": scores})


@pytest.fixture
def crowd(app: FastAPI, world: World) -> dict[str, Client]:
    """Three on each side (the guest is a designer), and the team's EM (the owner)."""
    _check_in(world)
    return {
        "pm": world.pm,
        "guest": world.guest,
        "design": _member(app, world, "dee@example.com", "design"),
        "eng": world.eng,
        "tech_lead": world.tech_lead,
        "qa": _member(app, world, "quinn@example.com", "qa"),
        "em": world.owner,
    }


def test_sides_shown_from_three_answers_with_the_gap_and_the_em_apart(
    world: World, crowd: dict[str, Client]
) -> None:
    for who, score in (("pm", 4), ("guest", 5), ("design", 4)):
        _answer(crowd[who], world, {CLARITY: score, "tech_debt": 3})
    for who, score in (("eng", 2), ("tech_lead", 2)):
        _answer(crowd[who], world, {CLARITY: score, "tech_debt": 1})
    two_engineers = _dims(world.pm.ok("GET", _url(world)))
    assert two_engineers[CLARITY]["product"] == {"shown": True, "average": 4.3, "count": 3}
    assert two_engineers[CLARITY]["engineering"] == {"shown": False, "average": None, "count": None}
    assert two_engineers[CLARITY]["gap"] is None

    _answer(crowd["qa"], world, {CLARITY: 3})
    # The EM's low scores count for neither side.
    _answer(crowd["em"], world, {CLARITY: 1, "tech_debt": 1})
    page = world.guest.ok("GET", _url(world))
    assert (page["enabled"], page["open"], page["respondents"]) == (True, True, 7)
    dims = _dims(page)
    assert dims[CLARITY]["label"] == "Requirements clarity"
    assert dims[CLARITY]["engineering"] == {"shown": True, "average": 2.3, "count": 3}
    assert dims[CLARITY]["gap"] == 2.0
    # QA left tech debt out: two engineering answers there.
    assert dims["tech_debt"]["engineering"]["shown"] is False
    assert dims["tech_debt"]["product"]["average"] == 3.0
    assert dims["communication"]["product"]["shown"] is False


def test_no_answer_leaves_the_server_with_who_gave_it(
    world: World, crowd: dict[str, Client], ctx: Ctx
) -> None:
    seq = world.pm.ok("GET", f"/api/retros/{world.retro['id']}")["seq"]
    for who in ("pm", "guest", "design", "eng", "tech_lead", "qa"):
        _answer(crowd[who], world, {CLARITY: 2 if who == "pm" else 4})
    ids = [user_id(crowd[w]) for w in ("pm", "design", "eng", "tech_lead", "qa")]
    names = ["Pm", "Gus Guest", "Dee", "Eng", "Tech Lead", "Quinn"]
    seen = [
        world.eng.get(_url(world)).text,
        world.eng.get(f"/api/retros/{world.retro['id']}").text,
        world.eng.get(f"/api/retros/{world.retro['id']}/events", params={"since": seq}).text,
    ]
    events = json.loads(seen[2])["events"]
    assert [e["event"] for e in events] == [{"type": "radar_changed"}] * 6
    for text in (seen[0], seen[2]):
        for token in (*ids, *names, "m:", "g:"):
            assert token not in text
    # What a person reads back is their own set, and only theirs.
    assert world.pm.ok("GET", f"{_url(world)}/mine")["scores"] == {CLARITY: 2}
    assert world.eng.ok("GET", f"{_url(world)}/mine")["scores"] == {CLARITY: 4}
    assert world.owner.ok("GET", f"{_url(world)}/mine")["scores"] == {}


def test_changing_an_answer_replaces_the_set(world: World, ctx: Ctx) -> None:
    _check_in(world)
    first = _answer(world.pm, world, {CLARITY: 5, "tech_debt": 2})
    assert first["scores"] == {CLARITY: 5, "tech_debt": 2}
    again = _answer(world.pm, world, {CLARITY: 1})
    assert again["scores"] == {CLARITY: 1}
    assert world.pm.ok("GET", f"{_url(world)}/mine") == again
    with ctx.db.read() as tx:
        rows = tx.execute(
            select(func.count())
            .select_from(RadarAnswerRow)
            .where(RadarAnswerRow.retro_id == world.retro["id"])
        ).scalar_one()
    assert rows == 1
    assert world.pm.ok("GET", _url(world))["respondents"] == 1


def test_a_guest_answers_and_reads_aggregates_only(world: World, ctx: Ctx) -> None:
    _check_in(world)
    assert _answer(world.guest, world, {"communication": 2})["scores"] == {"communication": 2}
    assert world.guest.ok("GET", f"{_url(world)}/mine")["scores"] == {"communication": 2}
    page = world.guest.ok("GET", _url(world))
    assert page["respondents"] == 1
    assert _dims(page)["communication"]["product"]["shown"] is False
    # A guest has no team: its history is not theirs to read.
    expect_error(world.guest.get(f"/api/retros/{world.other_retro['id']}/radar"), 404)


def test_outsiders_read_not_found(app: FastAPI, world: World) -> None:
    _check_in(world)
    for method, path, body in (
        ("GET", _url(world), None),
        ("GET", f"{_url(world)}/mine", None),
        ("PUT", f"{_url(world)}/mine", {"scores": {CLARITY: 3}}),
    ):
        answer = world.outsider.request(method, path, json=body)
        expect_error(answer, 404, "not_found")
        # Exactly the answer for a retro that does not exist, so ids cannot be probed.
        twin = world.outsider.request(method, path.replace(world.retro["id"], FAKE_ID), json=body)
        assert (twin.status_code, twin.json()) == (answer.status_code, answer.json())
    expect_error(world.pm.get(_url(world, world.other_retro["id"])), 404, "not_found")
    with new_client(app) as anon:
        expect_error(anon.get(_url(world)), 401, "unauthenticated")
        expect_error(anon.put(f"{_url(world)}/mine", json={"scores": {CLARITY: 3}}), 401)


def test_answers_are_taken_only_in_check_in_with_the_radar_on(world: World) -> None:
    rid = world.retro["id"]
    # The fixture's retro is in reflect.
    refused = expect_error(
        world.pm.put(f"{_url(world)}/mine", json={"scores": {CLARITY: 3}}), 409, "wrong_phase"
    )
    assert "during check-in" in refused["message"]
    assert world.pm.ok("GET", _url(world))["open"] is False

    _check_in(world)
    command(world.pm, rid, "update_settings", health_radar=False)
    refused = expect_error(
        world.pm.put(f"{_url(world)}/mine", json={"scores": {CLARITY: 3}}), 409, "radar_off"
    )
    assert "switch it on" in refused["message"]
    assert world.pm.ok("GET", _url(world))["enabled"] is False
    assert world.pm.ok("GET", f"{_url(world)}/mine")["scores"] == {}
    # Only a facilitator switches it.
    command(world.eng, rid, "update_settings", 403, health_radar=True)
    assert world.pm.ok("GET", _url(world))["enabled"] is False
    command(world.pm, rid, "update_settings", health_radar=True)
    assert _answer(world.pm, world, {CLARITY: 3})["scores"] == {CLARITY: 3}


def test_bad_ratings_are_refused_and_nothing_is_kept(world: World) -> None:
    _check_in(world)
    _answer(world.pm, world, {CLARITY: 4})
    for scores in ({CLARITY: 0}, {CLARITY: 6}, {CLARITY: "4"}, {"morale": 3}, {}):
        expect_error(world.pm.put(f"{_url(world)}/mine", json={"scores": scores}), 422)
    assert world.pm.ok("GET", f"{_url(world)}/mine")["scores"] == {CLARITY: 4}


def test_only_templates_for_the_partnership_start_with_the_radar_on(world: World) -> None:
    made = world.pm.ok(
        "POST",
        f"/api/teams/{world.team_id}/retros",
        201,
        json={"title": "Plain", "template": "start_stop_continue"},
    )
    assert made["settings"]["health_radar"] is False
    assert world.retro["settings"]["health_radar"] is True


def test_radar_history_per_retro_per_side(
    app: FastAPI, world: World, crowd: dict[str, Client], ctx: Ctx
) -> None:
    for who in ("pm", "guest", "design"):
        _answer(crowd[who], world, {CLARITY: 5})
    for who in ("eng", "tech_lead", "qa"):
        _answer(crowd[who], world, {CLARITY: 2})
    later = world.owner.ok(
        "POST", f"/api/teams/{world.team_id}/retros", 201, json={"title": "Sprint 2 retro"}
    )
    for who in ("pm", "eng"):
        crowd[who].ok("PUT", f"/api/retros/{later['id']}/radar/mine", json={"scores": {CLARITY: 3}})

    with ctx.db.read() as tx:
        pm = user_q.user_by_id(tx, user_id(world.pm))
        outsider = user_q.user_by_id(tx, user_id(world.outsider))
    assert pm is not None
    assert outsider is not None
    history = radar.radar_history(ctx, pm, world.team_id, [later["id"], world.retro["id"]])
    assert list(history) == [later["id"], world.retro["id"]]
    first = history[world.retro["id"]].dimensions[0]
    assert first.dimension == Friction.REQUIREMENTS_CLARITY
    assert (first.product.average, first.engineering.average, first.gap) == (5.0, 2.0, 3.0)
    assert not history[later["id"]].has_shape
    assert radar.radar_history(ctx, pm, world.team_id, []) == {}

    with pytest.raises(NotFound):
        radar.radar_history(ctx, pm, world.team_id, [world.retro["id"], world.other_retro["id"]])
    with pytest.raises(NotFound):
        radar.radar_history(ctx, outsider, world.team_id, [world.retro["id"]])
