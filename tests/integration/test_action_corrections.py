"""Correcting and deleting action items: their title, owner, due date and category; who may do
it (members always, guests only for their own retro while it agrees its items); bad input; and
the owners a retro may choose from."""

from datetime import timedelta
from typing import Any

from tests.conftest import Client, World, command, expect_error, user_id
from tests.integration.boards import board, seq
from twofold.services.actions import today


def _in_phase(world: World, phase: str) -> str:
    rid = str(world.retro["id"])
    command(world.owner, rid, "set_phase", phase=phase)
    return rid


def _create(c: Client, rid: str, title: str, **fields: Any) -> str:
    return str(command(c, rid, "create_action", title=title, **fields)["result"]["action_id"])


def _listed(c: Client, rid: str) -> dict[str, dict[str, Any]]:
    return {a["id"]: a for a in board(c, rid)["actions"]}


def test_a_member_corrects_title_owner_due_and_category(world: World) -> None:
    rid = _in_phase(world, "actions")
    action_id = _create(world.pm, rid, "Wrtie edge cases", category="tech_debt")
    due = (today() + timedelta(days=7)).isoformat()
    changed = world.eng.ok(
        "PATCH",
        f"/api/actions/{action_id}",
        json={
            "title": "  Write edge cases into every story  ",
            "owner": {"kind": "person", "user_id": user_id(world.tech_lead)},
            "due": due,
            "category": "requirements_clarity",
        },
    )
    assert (changed["title"], changed["owner_name"], changed["due"], changed["category"]) == (
        "Write edge cases into every story",
        "Tech Lead",
        due,
        "requirements_clarity",
    )
    assert changed["status"] == "open"
    assert _listed(world.guest, rid)[action_id]["title"] == "Write edge cases into every story"

    # A guest of the retro owns it by name; choosing a member again replaces the name.
    named = world.pm.ok("PATCH", f"/api/actions/{action_id}", json={"owner_name": "Gus Guest"})
    assert (named["owner_name"], named["owner_user_id"], named["owner_kind"]) == (
        "Gus Guest",
        None,
        None,
    )
    joint = {
        "kind": "joint",
        "pm_user_id": user_id(world.pm),
        "tech_lead_user_id": user_id(world.tech_lead),
    }
    both = world.pm.ok("PATCH", f"/api/actions/{action_id}", json={"owner": joint})
    assert (both["owner_kind"], both["owner_name"], both["joint_tech_lead_name"]) == (
        "joint",
        None,
        "Tech Lead",
    )
    cleared = world.pm.ok("PATCH", f"/api/actions/{action_id}", json={"owner": None, "due": None})
    assert (cleared["owner_name"], cleared["owner_kind"], cleared["due"]) == (None, None, None)
    # The item is the team's: closing the retro does not stop a member correcting it.
    _in_phase(world, "closed")
    late = world.eng.ok("PATCH", f"/api/actions/{action_id}", json={"title": "Edge cases"})
    assert late["title"] == "Edge cases"


def test_bad_corrections_are_refused_and_change_nothing(world: World) -> None:
    rid = _in_phase(world, "actions")
    action_id = _create(world.pm, rid, "Keep me", category="tech_debt")
    url = f"/api/actions/{action_id}"
    before = seq(world.pm, rid)
    yesterday = (today() - timedelta(days=1)).isoformat()
    bad: list[dict[str, Any]] = [
        {"title": "   "},
        {"title": "x" * 201},
        {"owner_name": "x" * 81},
        {"title": "No NUL\u0000 here"},
        {"category": "vibes"},
        {"due": "not a date"},
        {"owner": {"kind": "person", "user_id": user_id(world.outsider)}},
        {"owner": {"kind": "person", "user_id": user_id(world.eng)}, "owner_name": "Marco"},
        {"due": yesterday},
        {"colour": "red"},
    ]
    for body in bad:
        error = expect_error(world.pm.patch(url, json=body), 422)
        assert error["message"], body
    error = expect_error(world.pm.patch(url, json={"due": yesterday}), 422, "validation_error")
    assert error["details"][0]["field"] == "due"
    error = expect_error(
        world.pm.patch(
            url,
            json={"owner": {"kind": "person", "user_id": user_id(world.eng)}, "owner_name": "M"},
        ),
        422,
        "validation_error",
    )
    assert error["details"][0]["field"] == "owner_name"
    expect_error(world.pm.patch("/api/actions/nope", json={"title": "x"}), 404)
    assert _listed(world.pm, rid)[action_id]["title"] == "Keep me"
    # A refused change tells no board anything.
    assert seq(world.pm, rid) == before


def test_a_member_deletes_an_item_and_it_is_gone_everywhere(world: World) -> None:
    rid = _in_phase(world, "discuss")
    keep = _create(world.pm, rid, "Keep this one", category="tech_debt")
    gone = _create(world.pm, rid, "Agreed twice by mistake", category="tech_debt")
    _in_phase(world, "closed")
    # Reviewed by the next retro first: the decision goes with the item.
    later = world.owner.ok("POST", f"/api/teams/{world.team_id}/retros", 201, json={"title": "R2"})
    command(world.owner, later["id"], "set_phase", phase="review")
    command(world.owner, later["id"], "review_action", action_id=gone, outcome="carry_over")

    expect_error(world.outsider.delete(f"/api/actions/{gone}"), 404)
    r = world.eng.delete(f"/api/actions/{gone}")
    assert r.status_code == 204, r.text
    assert list(_listed(world.pm, rid)) == [keep]
    assert [a["id"] for a in board(world.pm, later["id"])["earlier_actions"]] == [keep]
    listed = world.pm.ok("GET", f"/api/teams/{world.team_id}/actions")
    assert [a["id"] for a in listed] == [keep]
    expect_error(world.eng.delete(f"/api/actions/{gone}"), 404)
    expect_error(world.eng.patch(f"/api/actions/{gone}", json={"title": "x"}), 404)
    expect_error(world.eng.delete("/api/actions/nope"), 404)


def test_guests_correct_their_own_retros_items_while_it_agrees_them(world: World) -> None:
    rid = _in_phase(world, "actions")
    mine = _create(world.guest, rid, "Test on real phones", owner_name="Marco")
    url = f"/api/actions/{mine}"
    # The owner is a member, chosen rather than typed.
    fixed = world.guest.ok(
        "PATCH",
        url,
        json={"owner": {"kind": "person", "user_id": user_id(world.eng)}, "category": "tech_debt"},
    )
    assert (fixed["owner_name"], fixed["owner_user_id"]) == ("Eng", user_id(world.eng))
    assert world.guest.ok("PATCH", url, json={"title": "Test on two phones"})["title"] == (
        "Test on two phones"
    )
    # What became of an item is the team's record: a guest never moves one along.
    expect_error(world.guest.patch(url, json={"status": "done"}), 403, "forbidden")
    assert _listed(world.pm, rid)[mine]["status"] == "open"

    # Another retro's items do not exist for the guest.
    other = world.owner.ok("POST", f"/api/teams/{world.team_id}/retros", 201, json={"title": "R2"})
    command(world.owner, other["id"], "set_phase", phase="discuss")
    elsewhere = _create(world.pm, other["id"], "Not the guest's", category="tech_debt")
    expect_error(world.guest.patch(f"/api/actions/{elsewhere}", json={"title": "x"}), 404)
    expect_error(world.guest.delete(f"/api/actions/{elsewhere}"), 404)

    # Once the retro is closed the guest may no longer change or delete anything.
    second = _create(world.pm, rid, "Second item", category="tech_debt")
    _in_phase(world, "closed")
    expect_error(world.guest.patch(url, json={"title": "Later"}), 409, "wrong_phase")
    expect_error(world.guest.delete(url), 409, "wrong_phase")
    assert set(_listed(world.pm, rid)) == {mine, second}

    _in_phase(world, "discuss")
    r = world.guest.delete(f"/api/actions/{second}")
    assert r.status_code == 204, r.text
    assert set(_listed(world.pm, rid)) == {mine}


def test_everyone_in_a_retro_may_choose_its_owners_from_the_team(world: World) -> None:
    rid = str(world.retro["id"])
    for person in (world.guest, world.eng):
        owners = person.ok("GET", f"/api/retros/{rid}/owners")
        assert [(o["display_name"], o["role"]) for o in owners] == [
            ("Eng", "eng"),
            ("Olive Owner", "em"),
            ("Pm", "pm"),
            ("Tech Lead", "tech_lead"),
        ]
        # Names and roles only: no email addresses leave the team.
        assert all(set(o) == {"user_id", "display_name", "role"} for o in owners)
    expect_error(world.outsider.get(f"/api/retros/{rid}/owners"), 404)
    expect_error(world.guest.get(f"/api/retros/{world.other_retro['id']}/owners"), 404)
    expect_error(world.pm.get("/api/retros/nope/owners"), 404)
    assert new_anonymous(world).get(f"/api/retros/{rid}/owners").status_code == 401


def new_anonymous(world: World) -> Client:
    """A browser with no session, on the same app."""
    return Client(world.pm.app, base_url="https://testserver", raise_server_exceptions=False)


def test_outsiders_and_strangers_learn_nothing(world: World) -> None:
    rid = _in_phase(world, "actions")
    action_id = _create(world.pm, rid, "Secret plan", category="tech_debt")
    fake = "0" * 32
    requests: list[tuple[str, str, str, Any]] = [
        ("PATCH", "/api/actions/{x}", action_id, {"title": "Mine now"}),
        ("DELETE", "/api/actions/{x}", action_id, None),
        ("GET", "/api/retros/{x}/owners", rid, None),
    ]
    anonymous = new_anonymous(world)
    for method, template, real, body in requests:
        kwargs = {} if body is None else {"json": body}
        answer = world.outsider.request(method, template.format(x=real), **kwargs)
        expect_error(answer, 404, "not_found")
        assert "Secret plan" not in answer.text
        assert "Olive Owner" not in answer.text
        twin = world.outsider.request(method, template.format(x=fake), **kwargs)
        assert (twin.status_code, twin.json()) == (answer.status_code, answer.json())
        stranger = anonymous.request(method, template.format(x=real), **kwargs)
        expect_error(stranger, 401, "unauthenticated")
    assert _listed(world.pm, rid)[action_id]["title"] == "Secret plan"
