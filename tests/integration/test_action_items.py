"""Action items from agreement to follow-through: categories, joint owners, the next retro's
review (done, carried over, dropped), the team's list and its follow-through rate."""

from datetime import timedelta
from typing import Any

from tests.conftest import Client, World, command, expect_error, user_id
from tests.integration.boards import board, send
from twofold.services.actions import today


def _discuss(world: World) -> str:
    rid = str(world.retro["id"])
    command(world.owner, rid, "set_phase", phase="discuss")
    return rid


def _joint(world: World) -> dict[str, str]:
    return {
        "kind": "joint",
        "pm_user_id": user_id(world.pm),
        "tech_lead_user_id": user_id(world.tech_lead),
    }


def _create(c: Client, rid: str, title: str, **fields: Any) -> str:
    return str(command(c, rid, "create_action", title=title, **fields)["result"]["action_id"])


def _next_retro(world: World, title: str = "Sprint 2 retro") -> str:
    """A new retro of the team, in its review phase."""
    retro = world.owner.ok("POST", f"/api/teams/{world.team_id}/retros", 201, json={"title": title})
    command(world.owner, retro["id"], "set_phase", phase="review")
    return str(retro["id"])


def _review(
    c: Client, rid: str, action_id: str, outcome: str, status: int = 200, **extra: Any
) -> Any:
    return command(c, rid, "review_action", status, action_id=action_id, outcome=outcome, **extra)


def _earlier(c: Client, rid: str) -> dict[str, dict[str, Any]]:
    return {a["id"]: a for a in board(c, rid)["earlier_actions"]}


def test_a_jointly_owned_item_names_the_pm_and_the_tech_lead(world: World) -> None:
    rid = _discuss(world)
    due = (today() + timedelta(days=14)).isoformat()
    action_id = _create(
        world.eng,
        rid,
        "Refine stories together before planning",
        category="requirements_clarity",
        owner=_joint(world),
        due=due,
    )
    [action] = board(world.eng, rid)["actions"]
    assert action["id"] == action_id
    assert action["category"] == "requirements_clarity"
    assert action["owner_kind"] == "joint"
    assert (action["joint_pm_user_id"], action["joint_tech_lead_user_id"]) == (
        user_id(world.pm),
        user_id(world.tech_lead),
    )
    assert (action["joint_pm_name"], action["joint_tech_lead_name"]) == ("Pm", "Tech Lead")
    # The two are named apart; putting them together is the reader's wording.
    assert action["owner_name"] is None
    assert (action["due"], action["status"], action["carry_count"]) == (due, "open", 0)

    listed = world.tech_lead.ok("GET", f"/api/teams/{world.team_id}/actions")
    assert [a["id"] for a in listed] == [action_id]
    assert listed[0]["owner_kind"] == "joint"


def test_a_joint_owner_is_the_teams_pm_with_its_tech_lead(world: World) -> None:
    rid = _discuss(world)
    pm, lead, eng = user_id(world.pm), user_id(world.tech_lead), user_id(world.eng)
    cases = [
        ({"kind": "joint", "pm_user_id": eng, "tech_lead_user_id": lead}, "owner.pm_user_id"),
        ({"kind": "joint", "pm_user_id": pm, "tech_lead_user_id": eng}, "owner.tech_lead_user_id"),
        (
            {"kind": "joint", "pm_user_id": pm, "tech_lead_user_id": user_id(world.outsider)},
            "owner.tech_lead_user_id",
        ),
        ({"kind": "person", "user_id": user_id(world.outsider)}, "owner"),
    ]
    for i, (owner, field) in enumerate(cases):
        r = send(world.pm, rid, f"bad-owner-{i}", name="create_action", title="x", owner=owner)
        error = expect_error(r, 422, "validation_error")
        assert error["details"][0]["field"] == field, error
    same = {"kind": "joint", "pm_user_id": pm, "tech_lead_user_id": pm}
    expect_error(
        send(world.pm, rid, "same-owner", name="create_action", title="x", owner=same), 422
    )
    assert board(world.pm, rid)["actions"] == []


def test_bad_action_items_are_refused_with_the_field(world: World) -> None:
    rid = _discuss(world)
    yesterday = (today() - timedelta(days=1)).isoformat()
    r = send(world.pm, rid, "past-due-1", name="create_action", title="x", due=yesterday)
    assert expect_error(r, 422, "validation_error")["details"][0]["field"] == "due"
    r = send(world.pm, rid, "bad-categ", name="create_action", title="x", category="vibes")
    expect_error(r, 422, "validation_error")
    r = send(world.pm, rid, "bad-card-1", name="create_action", title="x", source_card_id="nope")
    expect_error(r, 404)
    r = send(
        world.pm,
        rid,
        "two-owners",
        name="create_action",
        title="x",
        owner={"kind": "person", "user_id": user_id(world.eng)},
        owner_user_id=user_id(world.eng),
    )
    expect_error(r, 422, "validation_error")
    assert board(world.pm, rid)["actions"] == []


def test_an_item_remembers_the_card_it_came_from(world: World) -> None:
    rid = str(world.retro["id"])
    card = command(world.eng, rid, "add_card", column_id=world.column_id(), text="Flaky CI")
    _discuss(world)
    card_id = card["result"]["card_id"]
    _create(world.eng, rid, "Quarantine flaky tests", category="tech_debt", source_card_id=card_id)
    [action] = board(world.eng, rid)["actions"]
    assert action["source_card_id"] == card_id


def test_the_next_retro_reviews_items_done_carried_over_or_dropped(world: World) -> None:
    rid = _discuss(world)
    eng = {"kind": "person", "user_id": user_id(world.eng)}
    done = _create(
        world.pm, rid, "Write the edge cases", category="requirements_clarity", owner=eng
    )
    carried = _create(world.pm, rid, "Pair on estimates", category="velocity_quality", owner=eng)
    dropped = _create(world.pm, rid, "Weekly demo", category="communication_rituals")

    second = _next_retro(world)
    assert set(_earlier(world.eng, second)) == {done, carried, dropped}

    # Outside the review phase nothing can be decided.
    command(world.owner, second, "set_phase", phase="reflect")
    _review(world.owner, second, done, "done", 409)
    command(world.owner, second, "set_phase", phase="review")

    # The owner may close their own item; a member who owns nothing may not.
    _review(world.tech_lead, second, done, "done", 403)
    _review(world.eng, second, done, "done")
    _review(world.eng, second, carried, "carry_over")
    # Dropping is a decision: it needs a reason.
    _review(world.owner, second, dropped, "drop", 422)
    _review(world.owner, second, dropped, "drop", reason="   ", status=422)
    _review(world.owner, second, dropped, "drop", reason="The team demos in the sprint review.")
    # One decision per item and retro.
    _review(world.owner, second, carried, "carry_over", 409)

    after = _earlier(world.pm, second)
    assert (after[done]["status"], after[done]["closed_on"]) == ("done", today().isoformat())
    assert (after[carried]["status"], after[carried]["carry_count"]) == ("open", 1)
    assert after[dropped]["status"] == "dropped"
    assert after[dropped]["drop_reason"] == "The team demos in the sprint review."
    assert {a["last_review_outcome"] for a in after.values()} == {"done", "carry_over", "drop"}
    assert {a["last_review_retro_id"] for a in after.values()} == {second}

    # The carried-over item comes back in the retro after, carried once; the others are closed.
    third = _next_retro(world, "Sprint 3 retro")
    again = _earlier(world.eng, third)
    assert list(again) == [carried]
    assert again[carried]["carry_count"] == 1
    assert again[carried]["last_review_outcome"] == "carry_over"
    new_due = (today() + timedelta(days=7)).isoformat()
    _review(world.owner, third, carried, "carry_over", new_due=new_due)
    assert _earlier(world.eng, third)[carried]["carry_count"] == 2
    assert _earlier(world.eng, third)[carried]["due"] == new_due


def test_review_refuses_items_it_should_not_decide(world: World) -> None:
    rid = _discuss(world)
    mine = _create(world.pm, rid, "Agreed in this retro", category="tech_debt")
    command(world.owner, rid, "set_phase", phase="review")
    # An item is reviewed by the next retro, not by the one that agreed it.
    _review(world.owner, rid, mine, "done", 404)
    second = _next_retro(world)
    _review(world.owner, second, "nope", "done", 404)
    # Another team's retro cannot see this team's items.
    other = str(world.other_retro["id"])
    command(world.outsider, other, "set_phase", phase="review")
    _review(world.outsider, other, mine, "done", 404)
    # A reason goes with a drop only; a new due date with a carry-over only.
    _review(world.owner, second, mine, "done", 422, reason="because")
    _review(world.owner, second, mine, "done", 422, new_due=today().isoformat())
    yesterday = (today() - timedelta(days=1)).isoformat()
    _review(world.owner, second, mine, "carry_over", 422, new_due=yesterday)
    assert _earlier(world.pm, second)[mine]["carry_count"] == 0


def test_team_list_filters_and_status_changes(world: World) -> None:
    rid = _discuss(world)
    first = _create(world.pm, rid, "First", category="tech_debt")
    second = _create(world.pm, rid, "Second", category="communication_rituals", owner=_joint(world))
    url = f"/api/teams/{world.team_id}/actions"
    assert [a["id"] for a in world.eng.ok("GET", url)] == [second, first]
    assert [a["id"] for a in world.eng.ok("GET", f"{url}?category=tech_debt")] == [first]

    changed = world.eng.ok("PATCH", f"/api/actions/{first}", json={"status": "in_progress"})
    assert changed["status"] == "in_progress"
    assert [a["id"] for a in world.eng.ok("GET", f"{url}?status=in_progress")] == [first]

    r = world.eng.patch(f"/api/actions/{first}", json={"status": "dropped"})
    assert expect_error(r, 422, "reason_required")
    dropped = world.eng.ok(
        "PATCH", f"/api/actions/{first}", json={"status": "dropped", "reason": "Superseded."}
    )
    assert (dropped["status"], dropped["drop_reason"]) == ("dropped", "Superseded.")
    expect_error(world.eng.patch(f"/api/actions/{first}", json={"status": "done"}), 422)
    reopened = world.eng.ok("PATCH", f"/api/actions/{first}", json={"status": "open"})
    assert (reopened["status"], reopened["drop_reason"], reopened["closed_on"]) == (
        "open",
        None,
        None,
    )

    later = (today() + timedelta(days=3)).isoformat()
    eng = {"kind": "person", "user_id": user_id(world.eng)}
    updated = world.pm.ok("PATCH", f"/api/actions/{second}", json={"due": later, "owner": eng})
    assert (updated["due"], updated["owner_kind"], updated["owner_name"]) == (
        later,
        "person",
        "Eng",
    )
    cleared = world.pm.ok("PATCH", f"/api/actions/{second}", json={"due": None})
    assert (cleared["due"], cleared["owner_user_id"]) == (None, user_id(world.eng))


def test_team_endpoints_refuse_bad_input(world: World) -> None:
    rid = _discuss(world)
    action_id = _create(world.pm, rid, "Item", category="tech_debt")
    url = f"/api/actions/{action_id}"
    yesterday = (today() - timedelta(days=1)).isoformat()
    assert (
        expect_error(world.pm.patch(url, json={"due": yesterday}), 422)["details"][0]["field"]
        == "due"
    )
    expect_error(world.pm.patch(url, json={"category": "vibes"}), 422, "validation_error")
    expect_error(world.pm.patch(url, json={"status": "finished"}), 422, "validation_error")
    expect_error(world.pm.patch(url, json={"reason": "no drop"}), 422)
    expect_error(world.pm.patch(url, json={"status": "open"}), 422, "same_status")
    outsider = {"kind": "person", "user_id": user_id(world.outsider)}
    r = world.pm.patch(url, json={"owner": outsider})
    assert expect_error(r, 422, "validation_error")["details"][0]["field"] == "owner"
    wrong = {
        "kind": "joint",
        "pm_user_id": user_id(world.eng),
        "tech_lead_user_id": user_id(world.tech_lead),
    }
    expect_error(world.pm.patch(url, json={"owner": wrong}), 422, "validation_error")
    expect_error(world.pm.get(f"/api/teams/{world.team_id}/actions?status=nope"), 422)
    expect_error(world.pm.get(f"/api/teams/{world.team_id}/actions?category=nope"), 422)
    assert world.pm.ok("GET", f"/api/teams/{world.team_id}/actions")[0]["status"] == "open"


def test_outsiders_and_guests_see_no_action_items(world: World) -> None:
    rid = _discuss(world)
    action_id = _create(world.pm, rid, "Item", category="tech_debt")
    for path in (
        f"/api/teams/{world.team_id}/actions",
        f"/api/teams/{world.team_id}/follow-through",
    ):
        expect_error(world.outsider.get(path), 404)
        assert world.guest.get(path).status_code in (401, 403, 404)
    expect_error(world.outsider.patch(f"/api/actions/{action_id}", json={"status": "done"}), 404)
    r = world.guest.patch(f"/api/actions/{action_id}", json={"status": "done"})
    assert r.status_code in (401, 403, 404)
    expect_error(world.pm.patch("/api/actions/nope", json={"status": "done"}), 404)
    expect_error(world.outsider.get("/api/teams/nope/follow-through"), 404)
    assert world.pm.ok("GET", f"/api/teams/{world.team_id}/actions")[0]["status"] == "open"


def test_follow_through_counts_done_against_due(world: World) -> None:
    url = f"/api/teams/{world.team_id}/follow-through"
    empty = world.eng.ok("GET", url)
    assert empty["as_of"] == today().isoformat()
    assert empty["overall"] == {"due": 0, "done": 0, "excluded_drops": 0, "rate": None}
    assert [c["category"] for c in empty["categories"]] == [
        "requirements_clarity",
        "velocity_quality",
        "tech_debt",
        "communication_rituals",
    ]

    rid = _discuss(world)
    due_today = today().isoformat()
    done = _create(world.pm, rid, "Done early", category="tech_debt")
    _create(world.pm, rid, "Due today, open", category="tech_debt", due=due_today)
    _create(world.pm, rid, "Open, not yet due", category="velocity_quality")
    dropped = _create(world.pm, rid, "Dropped on time", category="communication_rituals")
    _create(world.pm, rid, "Old-style item without a category", due=due_today)
    world.eng.ok("PATCH", f"/api/actions/{done}", json={"status": "done"})
    world.eng.ok("PATCH", f"/api/actions/{dropped}", json={"status": "dropped", "reason": "No."})

    report = world.eng.ok("GET", url)
    # Due: the finished item, the one due today, the uncategorised one due today.
    assert report["overall"] == {"due": 3, "done": 1, "excluded_drops": 1, "rate": 1 / 3}
    by = {c["category"]: c for c in report["categories"]}
    assert (by["tech_debt"]["due"], by["tech_debt"]["done"], by["tech_debt"]["rate"]) == (2, 1, 0.5)
    assert by["velocity_quality"]["rate"] is None
    assert by["communication_rituals"]["excluded_drops"] == 1
    assert by["requirements_clarity"]["due"] == 0
