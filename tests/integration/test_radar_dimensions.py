"""A team's own radar dimensions over the API, on both databases: who may read and change
them, what is refused, and that a retro started after one is added asks it and shows it by side
with the same three-answer rule, on the board, in history and on the trends page
(docs/pm-engineering-retro.md#the-teams-own-dimensions)."""

from typing import Any

from fastapi import FastAPI

from tests.conftest import Client, World, command, expect_error, invite, new_client, signup

FAKE_ID = "0123456789abcdef0123456789abcdef"


def _url(team_id: str, dimension_id: str | None = None) -> str:
    base = f"/api/teams/{team_id}/radar-dimensions"
    return f"{base}/{dimension_id}" if dimension_id else base


def _add(c: Client, team_id: str, label: str, status: int = 201) -> Any:
    return c.ok("POST", _url(team_id), status, json={"label": label})


def _labels(page: dict[str, Any], which: str = "in_use") -> list[str]:
    return [d["label"] for d in page[which]]


def test_facilitators_change_the_dimensions_members_read_them(world: World) -> None:
    empty = world.eng.ok("GET", _url(world.team_id))
    assert empty == {"team_id": world.team_id, "in_use": [], "retired": [], "limit": 3}

    page = _add(world.pm, world.team_id, "  On-call   load ")
    [oncall] = page["in_use"]
    assert oncall["label"] == "On-call load"
    assert oncall["retired_at"] is None
    assert world.eng.ok("GET", _url(world.team_id)) == page

    # A member who does not facilitate may read, not change.
    expect_error(world.eng.post(_url(world.team_id), json={"label": "Hand-offs"}), 403, "forbidden")
    did = oncall["id"]
    expect_error(world.eng.patch(_url(world.team_id, did), json={"label": "Pager"}), 403)
    expect_error(world.eng.delete(_url(world.team_id, did)), 403, "forbidden")

    renamed = world.owner.ok("PATCH", _url(world.team_id, did), json={"label": "Pager load"})
    assert _labels(renamed) == ["Pager load"]
    assert renamed["in_use"][0]["id"] == did

    retired = world.pm.ok("DELETE", _url(world.team_id, did))
    assert (retired["in_use"], _labels(retired, "retired")) == ([], ["Pager load"])
    assert retired["retired"][0]["retired_at"] is not None
    expect_error(
        world.pm.patch(_url(world.team_id, did), json={"label": "Paging"}), 409, "dimension_retired"
    )
    expect_error(world.pm.delete(_url(world.team_id, did)), 409, "dimension_retired")
    # The label of a retired dimension is free again.
    assert _labels(_add(world.pm, world.team_id, "Pager load")) == ["Pager load"]


def test_outsiders_and_guests_see_no_team_s_dimensions(app: FastAPI, world: World) -> None:
    did = _add(world.pm, world.team_id, "On-call load")["in_use"][0]["id"]
    _add(world.outsider, world.other_team_id, "Release trains")
    for who in (world.outsider, world.guest):
        expect_error(who.get(_url(world.team_id)), 404, "not_found")
    expect_error(world.outsider.post(_url(world.team_id), json={"label": "Mine now"}), 404)
    expect_error(world.outsider.delete(_url(world.team_id, did)), 404)
    # A guest takes part in one retro and changes nothing of a team.
    expect_error(world.guest.post(_url(world.team_id), json={"label": "Mine now"}), 403)
    expect_error(world.guest.delete(_url(world.team_id, did)), 403)
    # A guest of this team's retro has no way into the other team either.
    expect_error(world.guest.get(_url(world.other_team_id)), 404, "not_found")
    # An id from one team is "not found" under another team's address.
    expect_error(world.outsider.delete(_url(world.other_team_id, did)), 404, "not_found")
    expect_error(world.pm.delete(_url(world.team_id, FAKE_ID)), 404, "not_found")
    assert _labels(world.outsider.ok("GET", _url(world.other_team_id))) == ["Release trains"]
    assert _labels(world.pm.ok("GET", _url(world.team_id))) == ["On-call load"]
    expect_error(new_client(app).get(_url(world.team_id)), 401, "unauthenticated")


def test_bad_labels_are_refused_with_a_code_and_the_field(world: World) -> None:
    _add(world.pm, world.team_id, "On-call load")
    cases = [
        ("x", "dimension_label_length"),
        ("y" * 41, "dimension_label_length"),
        ("On-call\nload", "dimension_label_characters"),
        ("Tech debt", "dimension_label_taken"),
        ("ESTIMATION & predictability", "dimension_label_taken"),
        ("on-call  LOAD", "dimension_label_taken"),
    ]
    for label, code in cases:
        error = expect_error(world.pm.post(_url(world.team_id), json={"label": label}), 422, code)
        assert [d["field"] for d in error["details"]] == ["label"], label
    # NUL never reaches the database, on PostgreSQL as on SQLite.
    expect_error(world.pm.post(_url(world.team_id), json={"label": "On\x00call"}), 422)
    expect_error(world.pm.post(_url(world.team_id), json={"label": "z" * 201}), 422)
    expect_error(world.pm.post(_url(world.team_id), json={}), 422)

    _add(world.pm, world.team_id, "Hand-offs")
    page = _add(world.pm, world.team_id, "Design reviews")
    error = expect_error(
        world.pm.post(_url(world.team_id), json={"label": "One too many"}),
        422,
        "too_many_dimensions",
    )
    assert error["params"] == {"limit": 3}
    # Renaming to another's label is refused; to its own label in other words is fine.
    hand_offs = page["in_use"][1]["id"]
    expect_error(
        world.pm.patch(_url(world.team_id, hand_offs), json={"label": "design REVIEWS"}),
        422,
        "dimension_label_taken",
    )
    renamed = world.pm.ok("PATCH", _url(world.team_id, hand_offs), json={"label": "hand-offs"})
    assert _labels(renamed) == ["On-call load", "hand-offs", "Design reviews"]
    # Retiring one makes room.
    world.pm.ok("DELETE", _url(world.team_id, hand_offs))
    assert len(_add(world.pm, world.team_id, "One more")["in_use"]) == 3


def _member(app: FastAPI, world: World, email: str, role: str) -> Client:
    token = invite(world.owner, world.team_id)
    c = signup(app, email, email.split("@", maxsplit=1)[0].title(), token)
    c.ok("POST", f"/api/invites/{token}/accept", json={"role": role})
    return c


def _row(radar: dict[str, Any], key: str) -> dict[str, Any]:
    return next(d for d in radar["dimensions"] if d["dimension"] == key)


def test_a_retro_started_after_asks_the_team_dimension_by_side(app: FastAPI, world: World) -> None:
    did = _add(world.pm, world.team_id, "On-call load")["in_use"][0]["id"]
    # The retro already running asks only the five.
    before = world.pm.ok("GET", f"/api/retros/{world.retro['id']}/radar")
    assert [d["dimension"] for d in before["dimensions"]] == [
        "requirements_clarity",
        "velocity_quality",
        "tech_debt",
        "estimation",
        "communication",
    ]
    command(world.owner, world.retro["id"], "set_phase", phase="check_in")
    refused = expect_error(
        world.pm.put(f"/api/retros/{world.retro['id']}/radar/mine", json={"scores": {did: 3}}),
        422,
        "validation_error",
    )
    assert [d["field"] for d in refused["details"]] == [f"scores.{did}"]

    retro = world.owner.ok(
        "POST", f"/api/teams/{world.team_id}/retros", 201, json={"title": "Sprint 2 retro"}
    )
    rid = retro["id"]
    url = f"/api/retros/{rid}/radar"
    guest = new_client(app)
    guest.remember(
        guest.post(
            f"/api/invites/{invite(world.owner, world.team_id, rid)}/guest",
            json={"display_name": "Gus Guest", "role": "design"},
        )
    )
    design = _member(app, world, "dee@example.com", "design")
    qa = _member(app, world, "quinn@example.com", "qa")
    asked = world.pm.ok("GET", url)
    row = _row(asked, did)
    assert (row["label"], row["team_defined"]) == ("On-call load", True)
    assert asked["dimensions"][-1] == row
    assert _row(asked, "tech_debt")["team_defined"] is False

    for c, score in ((world.pm, 4), (guest, 5), (design, 3)):
        mine = c.ok("PUT", f"{url}/mine", json={"scores": {did: score, "tech_debt": 3}})
        assert mine["scores"] == {did: score, "tech_debt": 3}
    for c in (world.eng, world.tech_lead):
        c.ok("PUT", f"{url}/mine", json={"scores": {did: 1}})
    two = _row(world.eng.ok("GET", url), did)
    assert two["product"] == {"shown": True, "average": 4.0, "count": 3}
    assert two["engineering"] == {"shown": False, "average": None, "count": None}
    assert two["gap"] is None
    qa.ok("PUT", f"{url}/mine", json={"scores": {did: 2}})
    three = _row(guest.ok("GET", url), did)
    assert three["engineering"] == {"shown": True, "average": 1.3, "count": 3}
    assert three["gap"] == 2.7

    # Renamed, it keeps its answers; retired, the retro that asked it still shows it,
    # and retros started afterwards no longer ask it.
    world.pm.ok("PATCH", _url(world.team_id, did), json={"label": "Pager load"})
    world.pm.ok("DELETE", _url(world.team_id, did))
    kept = _row(world.pm.ok("GET", url), did)
    assert kept["label"] == "Pager load"
    assert kept["engineering"]["count"] == 3
    after = world.owner.ok(
        "POST", f"/api/teams/{world.team_id}/retros", 201, json={"title": "Sprint 3 retro"}
    )
    assert did not in {
        d["dimension"] for d in world.pm.ok("GET", f"/api/retros/{after['id']}/radar")["dimensions"]
    }
    expect_error(
        world.pm.put(f"/api/retros/{after['id']}/radar/mine", json={"scores": {did: 3}}), 422
    )

    # The trends page carries it in the radar history of the retro that asked it.
    command(world.owner, rid, "set_phase", phase="closed")
    sprints = world.pm.ok("GET", f"/api/teams/{world.team_id}/trends")["sprints"]
    [sprint] = [s for s in sprints if s["retro_id"] == rid]
    assert _row({"dimensions": sprint["radar"]}, did) == kept
    # Teams side by side are compared on the five every team asks: neither the team's own
    # dimension nor its label travels there.
    compared = world.pm.ok("GET", f"/api/insights/teams?team={world.team_id}")["teams"][0]
    [side_by_side] = [s for s in compared["sprints"] if s["ends"] == sprint["ends"]]
    assert len(side_by_side["radar"]) == 5
    assert _row({"dimensions": side_by_side["radar"]}, "tech_debt") == _row(
        {"dimensions": sprint["radar"]}, "tech_debt"
    )
    assert "Pager load" not in str(compared)
