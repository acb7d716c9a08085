"""Team agreements and the PM + tech-lead pairing log over the real API on both databases
(docs/rituals-and-agreements.md): the defaults, replacing them, the Edge Cases rule, recording
pairings, checking which stories still need one, who may do what, and bad input."""

from datetime import date, timedelta
from typing import Any

from tests.conftest import Client, World, expect_error, user_id
from twofold.domain.agreements import DEFAULT_AC_TEMPLATE, DEFAULT_DEFINITION_OF_DONE

FAKE_ID = "0123456789abcdef0123456789abcdef"

TEMPLATE = """## Why
Who asked, and the evidence.

## Acceptance criteria
- Given a cart, when the card is declined, then the order stays open

## Edge Cases
- Expired card
- Two tabs paying at once
"""


def _agreements_url(team_id: str) -> str:
    return f"/api/teams/{team_id}/agreements"


def _pairings_url(team_id: str) -> str:
    return f"/api/teams/{team_id}/pairings"


def _body(**changes: Any) -> dict[str, Any]:
    return {
        "definition_of_done": ["Code reviewed", "Tests pass in CI", "PM accepted it"],
        "acceptance_template": TEMPLATE,
        "pairing_points_over": 5,
        **changes,
    }


def _field_error(answer: Any, field: str) -> str:
    error = expect_error(answer, 422, "validation_error")
    fields = {d["field"]: d["message"] for d in error["details"]}
    assert field in fields, error
    return str(fields[field])


def test_a_team_starts_from_the_defaults_and_facilitators_replace_them(world: World) -> None:
    url = _agreements_url(world.team_id)
    start = world.eng.ok("GET", url)
    assert start["is_default"] is True
    assert start["updated_at"] is None
    assert start["definition_of_done"] == list(DEFAULT_DEFINITION_OF_DONE.items)
    assert start["acceptance_template"] == DEFAULT_AC_TEMPLATE.text
    assert "## Edge Cases" in start["acceptance_template"]
    assert start["pairing_points_over"] == 8
    assert start["may_edit"] is False
    assert world.pm.ok("GET", url)["may_edit"] is True

    saved = world.pm.ok("PUT", url, json=_body())
    assert saved["is_default"] is False
    assert saved["updated_at"] is not None
    assert saved["definition_of_done"] == ["Code reviewed", "Tests pass in CI", "PM accepted it"]
    assert saved["acceptance_template"] == TEMPLATE.strip()
    assert saved["pairing_points_over"] == 5
    seen = world.tech_lead.ok("GET", url)
    assert {**seen, "may_edit": True} == saved

    # Reordering and trimming are edits like any other; the order is kept as given.
    reordered = world.owner.ok(
        "PUT", url, json=_body(definition_of_done=["  PM accepted it ", "Code reviewed"])
    )
    assert reordered["definition_of_done"] == ["PM accepted it", "Code reviewed"]
    assert world.eng.ok("GET", url)["definition_of_done"] == ["PM accepted it", "Code reviewed"]


def test_the_template_must_keep_its_edge_cases_section(world: World) -> None:
    url = _agreements_url(world.team_id)
    without = TEMPLATE.replace("## Edge Cases", "## Risks")
    message = _field_error(
        world.pm.put(url, json=_body(acceptance_template=without)), "acceptance_template"
    )
    assert "Edge Cases" in message
    # Mentioning edge cases in a sentence is not the section.
    in_passing = "## Criteria\nThink about edge cases too.\n"
    _field_error(
        world.pm.put(url, json=_body(acceptance_template=in_passing)), "acceptance_template"
    )
    # Any heading style counts.
    for heading in ("Edge Cases:", "**Edge Cases**", "### edge cases"):
        text = f"## Criteria\n- one\n\n{heading}\n- none yet\n"
        assert world.pm.ok("PUT", url, json=_body(acceptance_template=text))["acceptance_template"]


def test_bad_agreements_are_refused_by_field(world: World) -> None:
    url, pm = _agreements_url(world.team_id), world.pm
    twice = _field_error(
        pm.put(url, json=_body(definition_of_done=["Code reviewed", "code reviewed"])),
        "definition_of_done",
    )
    assert "twice" in twice
    _field_error(pm.put(url, json=_body(definition_of_done=[])), "definition_of_done")
    _field_error(pm.put(url, json=_body(definition_of_done=["ok", " "])), "definition_of_done.1")
    _field_error(pm.put(url, json=_body(definition_of_done=["x"] * 31)), "definition_of_done")
    _field_error(pm.put(url, json=_body(definition_of_done=["x" * 201])), "definition_of_done.0")
    _field_error(pm.put(url, json=_body(acceptance_template="")), "acceptance_template")
    for points in (0, -3, 101, 2.5, "many"):
        _field_error(pm.put(url, json=_body(pairing_points_over=points)), "pairing_points_over")
    body = _body()
    del body["pairing_points_over"]
    _field_error(pm.put(url, json=body), "pairing_points_over")
    _field_error(pm.put(url, json=_body(extra=True)), "extra")
    assert pm.ok("GET", url)["is_default"] is True


def test_members_record_pairings_and_the_check_lists_big_unpaired_stories(world: World) -> None:
    pm_id, lead_id = user_id(world.pm), user_id(world.tech_lead)
    url = _pairings_url(world.team_id)
    assert world.eng.ok("GET", url) == []
    first = world.eng.ok(
        "POST",
        url,
        201,
        json={
            "story_title": "Checkout  revamp",
            "points": 13,
            "pm_user_id": pm_id,
            "tech_lead_user_id": lead_id,
            "paired_on": (date.today() - timedelta(days=2)).isoformat(),
        },
    )
    assert first["recorded_by"] == user_id(world.eng)
    assert first["story_ref"] == ""
    second = world.pm.ok(
        "POST",
        url,
        201,
        json={
            "story_ref": "PROJ-42",
            "story_title": "Invoice export",
            "pm_user_id": pm_id,
            "tech_lead_user_id": lead_id,
        },
    )
    assert second["paired_on"] in {
        (date.today() + timedelta(days=d)).isoformat() for d in (-1, 0, 1)
    }
    assert second["points"] is None
    assert [p["id"] for p in world.tech_lead.ok("GET", url)] == [second["id"], first["id"]]

    world.pm.ok("PUT", _agreements_url(world.team_id), json=_body(pairing_points_over=8))
    stories = [
        {"title": "checkout revamp", "points": 13},
        {"title": "Search filters", "points": 8},
        {"title": "Invoice export v2", "points": 13, "ref": "proj-42"},
        {"title": "Data warehouse sync", "points": 21},
        {"title": "Bulk edit", "points": 13, "ref": "PROJ-7"},
        {"title": "Not estimated yet"},
    ]
    check = world.eng.ok("POST", f"{url}/check", json={"stories": stories})
    assert check["points_over"] == 8
    assert [s["title"] for s in check["needing_pairing"]] == ["Data warehouse sync", "Bulk edit"]
    assert check["needing_pairing"][1] == {"title": "Bulk edit", "points": 13, "ref": "PROJ-7"}
    assert [s["title"] for s in check["paired"]] == ["checkout revamp", "Invoice export v2"]
    empty = world.eng.ok("POST", f"{url}/check", json={"stories": []})
    assert empty["needing_pairing"] == []
    assert empty["paired"] == []


def test_bad_pairings_are_refused_by_field(world: World) -> None:
    pm_id, lead_id = user_id(world.pm), user_id(world.tech_lead)
    url = _pairings_url(world.team_id)

    def record(**changes: Any) -> Any:
        body = {
            "story_title": "Checkout",
            "points": 5,
            "pm_user_id": pm_id,
            "tech_lead_user_id": lead_id,
            **changes,
        }
        return world.eng.post(url, json=body)

    _field_error(record(points=-1), "points")
    _field_error(record(story_title=" "), "story_title")
    _field_error(record(story_ref="x" * 65), "story_ref")
    _field_error(record(tech_lead_user_id=pm_id), "tech_lead_user_id")
    _field_error(record(pm_user_id=user_id(world.outsider)), "pm_user_id")
    _field_error(record(tech_lead_user_id=FAKE_ID), "tech_lead_user_id")
    future = (date.today() + timedelta(days=5)).isoformat()
    assert "happened" in _field_error(record(paired_on=future), "paired_on")
    _field_error(record(paired_on="yesterday"), "paired_on")
    assert world.eng.ok("GET", url) == []

    check = f"{url}/check"
    _field_error(
        world.eng.post(check, json={"stories": [{"title": "A", "points": -2}]}), "stories.0.points"
    )
    _field_error(world.eng.post(check, json={"stories": [{"points": 3}]}), "stories.0.title")
    too_many = [{"title": f"S{i}", "points": 1} for i in range(201)]
    _field_error(world.eng.post(check, json={"stories": too_many}), "stories")


def _every_request(team_id: str, pm_id: str, lead_id: str) -> list[tuple[str, str, Any]]:
    pairing = {"story_title": "Secret story", "pm_user_id": pm_id, "tech_lead_user_id": lead_id}
    return [
        ("GET", _agreements_url(team_id), None),
        ("PUT", _agreements_url(team_id), _body()),
        ("GET", _pairings_url(team_id), None),
        ("POST", _pairings_url(team_id), pairing),
        ("POST", f"{_pairings_url(team_id)}/check", {"stories": [{"title": "A", "points": 9}]}),
    ]


def test_outsiders_and_guests_get_404_and_only_facilitators_change_agreements(
    world: World,
) -> None:
    pm_id, lead_id = user_id(world.pm), user_id(world.tech_lead)
    world.pm.ok(
        "PUT", _agreements_url(world.team_id), json=_body(definition_of_done=["Secret DoD"])
    )
    real = _every_request(world.team_id, pm_id, lead_id)
    fake = _every_request(FAKE_ID, pm_id, lead_id)
    for stranger in (world.outsider, world.guest):
        for (method, url, body), (_, fake_url, _) in zip(real, fake, strict=True):
            kwargs = {} if body is None else {"json": body}
            answer = stranger.request(method, url, **kwargs)
            expect_error(answer, 404, "not_found")
            assert "Secret" not in answer.text
            twin = stranger.request(method, fake_url, **kwargs)
            assert (twin.status_code, twin.json()) == (answer.status_code, answer.json())

    eng: Client = world.eng
    expect_error(eng.put(_agreements_url(world.team_id), json=_body()), 403, "forbidden")
    assert eng.ok("GET", _agreements_url(world.team_id))["definition_of_done"] == ["Secret DoD"]
    # Recording a pairing and checking stories are open to every member.
    eng.ok("POST", _pairings_url(world.team_id), 201, json=real[3][2])
    eng.ok("POST", f"{_pairings_url(world.team_id)}/check", json=real[4][2])
    assert len(world.pm.ok("GET", _pairings_url(world.team_id))) == 1
