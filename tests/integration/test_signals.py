"""Sprint signals, satisfaction pulses and team thresholds over the API, on both databases
(docs/sprint-signals.md)."""

from typing import Any

from fastapi import FastAPI
from sqlalchemy import inspect, select

from tests.conftest import World, expect_error, new_client, user_id
from twofold.services.context import Ctx
from twofold.store.queries import events as event_q
from twofold.store.tables import PulseGiverRow, SprintSignalsRow

FAKE_ID = "0123456789abcdef0123456789abcdef"

FULL = {
    "stories_committed": 10,
    "stories_completed": 8,
    "points_committed": 34.0,
    "points_completed": 29.5,
    "stories_rejected_in_qa": 1,
    "rework_days": 0.5,
    "stories_added_after_start": 1,
    "stories_removed_after_start": 0,
    "clarifying_questions": 3,
    "estimates": [
        {"story": "Checkout retries", "estimate": 5.0, "actual": 5.0},
        {"story": "Invoice export", "estimate": 3.0, "actual": 3.0},
    ],
    "tech_debt_share": 25.0,
    "shipped_on_time": True,
    "nps_change": 4,
}
EMPTY: dict[str, Any] = {
    "stories_committed": None,
    "stories_completed": None,
    "points_committed": None,
    "points_completed": None,
    "stories_rejected_in_qa": None,
    "rework_days": None,
    "stories_added_after_start": None,
    "stories_removed_after_start": None,
    "clarifying_questions": None,
    "estimates": [],
    "tech_debt_share": None,
    "shipped_on_time": None,
    "nps_change": None,
}


def _signals_url(world: World) -> str:
    return f"/api/retros/{world.retro['id']}/signals"


def _thresholds_url(world: World) -> str:
    return f"/api/teams/{world.team_id}/thresholds"


def _flags(answer: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["signal"]: f for f in answer["flags"]}


def test_signals_round_trip(world: World) -> None:
    url = _signals_url(world)
    before = world.pm.ok("GET", url)
    assert before["signals"] == EMPTY
    assert before["flags"] == []
    assert before["pulses"] == {"count": 0, "average": None, "given_by_me": False}
    assert (before["updated_at"], before["updated_by"]) == (None, None)

    saved = world.eng.ok("PUT", url, json=FULL)
    assert saved["signals"] == FULL
    assert saved["flags"] == []
    assert saved["estimate_ratio"] == 1.0
    assert saved["updated_by"] == user_id(world.eng)
    assert saved["updated_at"] is not None
    assert world.pm.ok("GET", url) == saved

    # A PUT replaces: what it leaves out is unknown again.
    partial = world.tech_lead.ok("PUT", url, json={"clarifying_questions": 2})
    assert partial["signals"] == {**EMPTY, "clarifying_questions": 2}
    assert partial["estimate_ratio"] is None
    assert partial["updated_by"] == user_id(world.tech_lead)


def test_a_crossed_threshold_raises_a_flag_with_a_prompt(world: World) -> None:
    url = _signals_url(world)
    answer = world.eng.ok("PUT", url, json={"clarifying_questions": 7})
    flag = _flags(answer)["clarifying_questions"]
    assert flag["value"] == 7
    # The code and the limit it was held against, for a client to word in its own language.
    assert (flag["code"], flag["params"]) == ("clarifying_questions_high", {"ideal": 5})
    assert "7 clarifying questions" in flag["prompt"]
    assert flag["threshold"] == "fewer than 5"
    assert flag["friction"] == "requirements_clarity"
    assert world.owner.ok("GET", url)["flags"] == answer["flags"]

    answer = world.eng.ok(
        "PUT",
        url,
        json={
            "clarifying_questions": 4,
            "tech_debt_share": 10,
            "rework_days": 3,
            "estimates": [{"story": "Search", "estimate": 2, "actual": 5}],
            "stories_added_after_start": 3,
            "shipped_on_time": False,
            "nps_change": -6,
        },
    )
    assert list(_flags(answer)) == [
        "tech_debt_share",
        "rework_days",
        "estimate_ratio",
        "stories_added_after_start",
        "shipped_on_time",
        "nps_change",
    ]
    assert "Only 10% of capacity" in _flags(answer)["tech_debt_share"]["prompt"]
    assert _flags(answer)["estimate_ratio"]["value"] == 2.5
    assert _flags(answer)["shipped_on_time"]["value"] is False
    assert "fell by 6 points" in _flags(answer)["nps_change"]["prompt"]


def test_commitment_and_qa_rejections_raise_flags_by_the_teams_thresholds(world: World) -> None:
    url, thresholds = _signals_url(world), _thresholds_url(world)
    figures = {
        "stories_committed": 10,
        "stories_completed": 6,
        "points_committed": 40,
        "points_completed": 26,
        "stories_rejected_in_qa": 3,
    }
    answer = world.eng.ok("PUT", url, json=figures)
    assert {k: answer["signals"][k] for k in figures} == figures
    assert answer["completion"] == {"percent": 65.0, "counted_in": "points"}
    flags = _flags(answer)
    assert list(flags) == ["stories_rejected_in_qa", "completion"]
    assert flags["completion"]["value"] == 65
    assert flags["completion"]["threshold"] == "at least 80% of the committed points"
    assert flags["completion"]["prompt"].startswith(
        "65% of the committed points were completed (target 80%)"
    )
    assert flags["completion"]["friction"] == "estimation"
    assert flags["stories_rejected_in_qa"]["value"] == 3
    assert flags["stories_rejected_in_qa"]["friction"] == "velocity_quality"
    # Guests see the flags, not the figures behind them.
    guest = world.guest.ok("GET", url)
    assert (guest["signals"], list(_flags(guest))) == (None, list(flags))

    defaults = world.eng.ok("GET", thresholds)["defaults"]
    assert (defaults["completion_min"], defaults["qa_rejections_max"]) == (80, 1)
    changed = world.pm.ok("PUT", thresholds, json={"completion_min": 60, "qa_rejections_max": 3})
    assert changed["thresholds"]["completion_min"] == 60
    assert _flags(world.eng.ok("GET", url)) == {}
    # Stories alone count when no points are recorded.
    stories_only = {"stories_committed": 10, "stories_completed": 5}
    answer = world.eng.ok("PUT", url, json=stories_only)
    assert answer["completion"] == {"percent": 50.0, "counted_in": "stories"}
    assert _flags(answer)["completion"]["threshold"] == "at least 60% of the committed stories"
    assert world.eng.ok("PUT", url, json={})["completion"] is None


def test_team_thresholds_change_the_flags(world: World) -> None:
    url, thresholds = _signals_url(world), _thresholds_url(world)
    world.eng.ok("PUT", url, json={"clarifying_questions": 7, "rework_days": 2})
    assert list(_flags(world.eng.ok("GET", url))) == ["clarifying_questions", "rework_days"]

    defaults = world.eng.ok("GET", thresholds)
    assert defaults["thresholds"] == defaults["defaults"]
    assert defaults["thresholds"]["clarifying_questions_below"] == 5
    assert defaults["updated_at"] is None

    changed = world.pm.ok("PUT", thresholds, json={"clarifying_questions_below": 10})
    assert changed["thresholds"]["clarifying_questions_below"] == 10
    assert changed["thresholds"]["rework_days_max"] == changed["defaults"]["rework_days_max"]
    assert changed["updated_at"] is not None
    assert world.eng.ok("GET", thresholds) == changed
    assert list(_flags(world.eng.ok("GET", url))) == ["rework_days"]

    # A PUT replaces the team's thresholds: the one left out goes back to its default.
    world.owner.ok("PUT", thresholds, json={"rework_days_max": 3})
    flags = _flags(world.guest.ok("GET", url))
    assert list(flags) == ["clarifying_questions"]
    assert flags["clarifying_questions"]["threshold"] == "fewer than 5"

    # Another team's thresholds are its own.
    other = world.outsider.ok("GET", f"/api/teams/{world.other_team_id}/thresholds")
    assert other["thresholds"] == other["defaults"]


def test_outsiders_get_404_for_another_teams_signals(world: World) -> None:
    world.eng.ok("PUT", _signals_url(world), json={"clarifying_questions": 7})
    world.pm.ok("PUT", _thresholds_url(world), json={"rework_days_max": 2})
    rid, tid = world.retro["id"], world.team_id
    requests: list[tuple[str, str, str, Any]] = [
        ("GET", "/api/retros/{x}/signals", rid, None),
        ("PUT", "/api/retros/{x}/signals", rid, {"clarifying_questions": 1}),
        ("POST", "/api/retros/{x}/signals/pulse", rid, {"score": 1}),
        ("GET", "/api/teams/{x}/thresholds", tid, None),
        ("PUT", "/api/teams/{x}/thresholds", tid, {"rework_days_max": 9}),
    ]
    for method, template, real, body in requests:
        kwargs = {} if body is None else {"json": body}
        answer = world.outsider.request(method, template.format(x=real), **kwargs)
        expect_error(answer, 404, "not_found")
        assert "clarifying" not in answer.text
        twin = world.outsider.request(method, template.format(x=FAKE_ID), **kwargs)
        assert (twin.status_code, twin.json()) == (answer.status_code, answer.json())

    seen = world.eng.ok("GET", _signals_url(world))
    assert seen["signals"]["clarifying_questions"] == 7
    assert seen["pulses"]["count"] == 0
    assert world.eng.ok("GET", _thresholds_url(world))["thresholds"]["rework_days_max"] == 2


def test_guests_see_flags_only_and_cannot_record(world: World) -> None:
    url = _signals_url(world)
    world.eng.ok("PUT", url, json={"clarifying_questions": 7, "stories_committed": 9})
    seen = world.guest.ok("GET", url)
    assert seen["signals"] is None
    assert seen["estimate_ratio"] is None
    assert list(_flags(seen)) == ["clarifying_questions"]

    expect_error(world.guest.put(url, json={"clarifying_questions": 0}), 403, "forbidden")
    assert world.eng.ok("GET", url)["signals"]["clarifying_questions"] == 7
    # Thresholds belong to the team, which a guest is not part of.
    expect_error(world.guest.get(_thresholds_url(world)), 403, "forbidden")
    expect_error(world.guest.put(_thresholds_url(world), json={}), 403, "forbidden")
    # Another retro's signals do not exist for a guest.
    expect_error(world.guest.get(f"/api/retros/{world.other_retro['id']}/signals"), 404)


def test_only_facilitators_change_thresholds(world: World) -> None:
    url = _thresholds_url(world)
    for member in (world.eng, world.tech_lead):
        answer = member.put(url, json={"clarifying_questions_below": 50})
        assert "facilitator" in expect_error(answer, 403, "forbidden")["message"]
    assert world.eng.ok("GET", url)["updated_at"] is None
    world.pm.ok("PUT", url, json={"clarifying_questions_below": 50})


def test_signed_out_and_cross_site_requests_are_refused(world: World, app: FastAPI) -> None:
    url = _signals_url(world)
    with new_client(app) as anon:
        expect_error(anon.get(url), 401, "unauthenticated")
        expect_error(anon.get(_thresholds_url(world)), 401, "unauthenticated")
    token = world.eng.headers.pop("X-CSRF-Token")
    try:
        expect_error(world.eng.put(url, json={}), 403, "csrf_failed")
        expect_error(world.eng.post(f"{url}/pulse", json={"score": 3}), 403, "csrf_failed")
    finally:
        world.eng.headers["X-CSRF-Token"] = token


def _field_error(answer: Any, field: str) -> str:
    error = expect_error(answer, 422, "validation_error")
    fields = {d["field"]: d["message"] for d in error["details"]}
    assert field in fields, error
    return str(fields[field])


def test_bad_figures_are_refused_with_a_clear_message(world: World) -> None:
    url, c = _signals_url(world), world.eng

    assert _field_error(c.put(url, json={"clarifying_questions": -1}), "clarifying_questions") == (
        "A count cannot be negative (got -1)."
    )
    message = _field_error(c.put(url, json={"tech_debt_share": 120}), "tech_debt_share")
    assert message == "A percentage must be between 0 and 100 (got 120)."
    message = _field_error(c.put(url, json={"rework_days": -0.5}), "rework_days")
    assert "between 0 and 365" in message
    message = _field_error(c.put(url, json={"stories_committed": 10**30}), "stories_committed")
    assert "cannot be more than 10000" in message
    message = _field_error(
        c.put(url, json={"estimates": [{"story": "A", "estimate": 0, "actual": 1}]}),
        "estimates.0.estimate",
    )
    assert message

    # A rule across two figures is shown under the one to fix, in words.
    both = {"stories_committed": 3, "stories_completed": 5}
    assert _field_error(c.put(url, json=both), "stories_completed").startswith(
        "Stories completed (5) cannot be more than were committed (3)"
    )
    points = {"points_committed": 8, "points_completed": 13.5}
    assert _field_error(c.put(url, json=points), "points_completed").startswith(
        "Points completed (13.5) cannot be more than were committed (8)"
    )
    message = _field_error(
        c.put(url, json={"stories_rejected_in_qa": -2}), "stories_rejected_in_qa"
    )
    assert message == "A count cannot be negative (got -2)."

    # Pulses are given one per person, never written in bulk.
    error = expect_error(c.put(url, json={"satisfaction_pulses": [5, 5]}), 422, "validation_error")
    assert "each participant gives their own pulse" in error["message"]
    _field_error(c.put(url, json={"clarifying_question": 1}), "clarifying_question")
    answer = c.put(
        url, content=b'{"points_committed": Infinity}', headers={"content-type": "application/json"}
    )
    expect_error(answer, 422, "validation_error")

    assert c.ok("GET", url)["signals"] == EMPTY


def test_bad_pulses_and_thresholds_are_refused(world: World) -> None:
    pulse = f"{_signals_url(world)}/pulse"
    for score in (0, 6, -1, 2.5):
        message = _field_error(world.eng.post(pulse, json={"score": score}), "score")
        assert message
    assert _field_error(world.eng.post(pulse, json={"score": 6}), "score") == (
        "A satisfaction pulse is a score from 1 to 5 (got 6)."
    )
    _field_error(world.eng.post(pulse, json={}), "score")

    url, pm = _thresholds_url(world), world.pm
    answer = pm.put(url, json={"estimate_ratio_min": 1.5, "estimate_ratio_max": 1.2})
    assert _field_error(answer, "estimate_ratio_min") == (
        "The lowest healthy estimate ratio (1.5) cannot be above the highest (1.2)."
    )
    _field_error(pm.put(url, json={"completion_min": 120}), "completion_min")
    _field_error(pm.put(url, json={"qa_rejections_max": -1}), "qa_rejections_max")
    _field_error(pm.put(url, json={"qa_rejections_max": 1.5}), "qa_rejections_max")
    # Against the default maximum (1.25) too.
    expect_error(pm.put(url, json={"estimate_ratio_min": 2}), 422, "validation_error")
    _field_error(pm.put(url, json={"clarifying_questions_below": 0}), "clarifying_questions_below")
    _field_error(pm.put(url, json={"satisfaction_min": 6}), "satisfaction_min")
    _field_error(pm.put(url, json={"tech_debt_share_min": -5}), "tech_debt_share_min")
    _field_error(pm.put(url, json={"rework_days": 2}), "rework_days")
    assert pm.ok("GET", url)["updated_at"] is None
    assert pm.ok("GET", f"{_signals_url(world)}")["pulses"]["count"] == 0


def test_one_pulse_per_participant(world: World) -> None:
    url = _signals_url(world)
    pulse = f"{url}/pulse"

    first = world.eng.ok("POST", pulse, json={"score": 2})
    assert first["pulses"] == {"count": 1, "average": None, "given_by_me": True}
    again = world.eng.post(pulse, json={"score": 5})
    expect_error(again, 409, "pulse_already_given")
    assert world.pm.ok("GET", url)["pulses"] == {"count": 1, "average": None, "given_by_me": False}

    world.pm.ok("POST", pulse, json={"score": 1})
    # Below three scores the average would give away who said what.
    assert world.pm.ok("GET", url)["pulses"]["average"] is None
    assert world.pm.ok("GET", url)["flags"] == []
    guest = world.guest.ok("POST", pulse, json={"score": 3})
    assert guest["pulses"] == {"count": 3, "average": None, "given_by_me": True}
    expect_error(world.guest.post(pulse, json={"score": 3}), 409, "pulse_already_given")

    seen = world.tech_lead.ok("GET", url)
    assert seen["pulses"] == {"count": 3, "average": 2.0, "given_by_me": False}
    flag = _flags(seen)["satisfaction"]
    assert flag["value"] == 2.0
    assert "averaged 2 of 5" in flag["prompt"]

    # Recording the figures keeps the pulses, and pulsing leaves who recorded them alone.
    saved = world.tech_lead.ok("PUT", url, json={"clarifying_questions": 1})
    assert saved["pulses"]["count"] == 3
    world.tech_lead.ok("POST", pulse, json={"score": 4})
    after = world.owner.ok("GET", url)
    assert after["pulses"] == {"count": 4, "average": 2.5, "given_by_me": False}
    assert (after["updated_at"], after["updated_by"]) == (saved["updated_at"], saved["updated_by"])


def test_pulses_cannot_be_traced_to_anyone(world: World, ctx: Ctx) -> None:
    url = _signals_url(world)
    pulse = f"{url}/pulse"
    givers = [(world.pm, 5), (world.eng, 1), (world.guest, 4), (world.owner, 2)]
    names = ("Pm", "Eng", "Gus Guest", "Olive Owner")
    ids = [user_id(c) for c in (world.pm, world.eng, world.owner)]
    for c, score in givers:
        c.ok("POST", pulse, json={"score": score})

    for c, _ in givers:
        answer = c.get(url)
        assert set(answer.json()["pulses"]) == {"count", "average", "given_by_me"}
        for secret in (*names, *ids):
            assert secret not in answer.text
        assert "satisfaction_pulses" not in answer.text
    assert world.eng.ok("GET", url)["updated_by"] is None

    # What is stored: the scores in sorted order, with no time or author; and, apart, who has
    # pulsed, with nothing to line them up by.
    with ctx.db.read() as tx:
        row = tx.scalar(select(SprintSignalsRow))
        assert row is not None
        assert row.data["satisfaction_pulses"] == [1, 2, 4, 5]
        assert (row.updated_at, row.updated_by) == (None, None)
        assert len(tx.scalars(select(PulseGiverRow)).all()) == 4
    columns = {c.name for c in inspect(PulseGiverRow).columns}
    assert columns == {"retro_id", "participant"}


def test_deleting_a_retro_deletes_its_signals(world: World, ctx: Ctx) -> None:
    url = _signals_url(world)
    world.eng.ok("PUT", url, json={"clarifying_questions": 7})
    world.eng.ok("POST", f"{url}/pulse", json={"score": 4})
    world.owner.ok("DELETE", f"/api/retros/{world.retro['id']}", 204)
    expect_error(world.eng.get(url), 404, "not_found")
    with ctx.db.read() as tx:
        assert tx.scalars(select(SprintSignalsRow)).all() == []
        assert tx.scalars(select(PulseGiverRow)).all() == []


def test_saving_signals_or_a_pulse_tells_the_board(world: World, ctx: Ctx) -> None:
    url, rid = _signals_url(world), world.retro["id"]

    def events_since(seq: int) -> list[str]:
        with ctx.db.read() as tx:
            return [e.event.type for e in event_q.since(tx, rid, seq)]

    seq = world.eng.ok("GET", f"/api/retros/{rid}")["seq"]
    world.eng.ok("PUT", url, json={"clarifying_questions": 7})
    assert events_since(seq) == ["signals_changed"]

    seq = world.eng.ok("GET", f"/api/retros/{rid}")["seq"]
    world.guest.ok("POST", f"{url}/pulse", json={"score": 4})
    assert events_since(seq) == ["signals_changed"]

    # A refused change tells nobody anything.
    seq = world.eng.ok("GET", f"/api/retros/{rid}")["seq"]
    expect_error(world.guest.put(url, json={"clarifying_questions": 1}), 403, "forbidden")
    expect_error(world.guest.post(f"{url}/pulse", json={"score": 2}), 409)
    assert events_since(seq) == []
