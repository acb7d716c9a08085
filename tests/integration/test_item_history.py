"""What became of an action item or debt item, change by change: by a person on the team's
pages, by a retro's review, by the tracker (see test_jira_sync); read by the item's team only,
gone with the item, and scrubbed of a deleted account's name."""

from datetime import timedelta
from typing import Any

from tests.conftest import Client, World, command, expect_error, user_id
from twofold.services.actions import today


def _history(c: Client, path: str) -> list[tuple[Any, ...]]:
    return [
        (h["field"], h["before"], h["after"], h["via"], h["by"], h["note"])
        for h in c.ok("GET", f"{path}/history")
    ]


def _action(world: World, title: str = "Write the edge cases down") -> str:
    rid = str(world.retro["id"])
    command(world.owner, rid, "set_phase", phase="discuss")
    answer = command(
        world.pm,
        rid,
        "create_action",
        title=title,
        category="requirements_clarity",
        owner={"kind": "person", "user_id": user_id(world.eng)},
    )
    return str(answer["result"]["action_id"])


def test_each_change_of_an_action_item_is_kept_with_who_made_it(world: World) -> None:
    action_id = _action(world)
    path = f"/api/actions/{action_id}"
    assert world.pm.ok("GET", f"{path}/history") == []

    due = (today() + timedelta(days=10)).isoformat()
    world.pm.ok("PATCH", path, json={"title": "Write every edge case down", "due": due})
    world.eng.ok("PATCH", path, json={"owner": {"kind": "person", "user_id": user_id(world.pm)}})
    world.eng.ok("PATCH", path, json={"status": "dropped", "reason": "Covered by the template."})
    world.tech_lead.ok("PATCH", path, json={"status": "open"})
    # A correction that changes nothing leaves nothing.
    world.tech_lead.ok("PATCH", path, json={"title": "Write every edge case down"})

    assert _history(world.eng, path) == [
        ("status", "dropped", "open", "person", "Tech Lead", None),
        ("status", "open", "dropped", "person", "Eng", "Covered by the template."),
        ("owner", "Eng", "Pm", "person", "Eng", None),
        ("due", None, due, "person", "Pm", None),
        ("title", "Write the edge cases down", "Write every edge case down", "person", "Pm", None),
    ]
    newest = world.eng.ok("GET", f"{path}/history")[0]
    assert (newest["tracker"], newest["ticket"]) == (None, None)
    assert newest["at"]


def test_a_retros_review_is_kept_as_such(world: World) -> None:
    action_id = _action(world)
    second = world.owner.ok(
        "POST", f"/api/teams/{world.team_id}/retros", 201, json={"title": "Sprint 2 retro"}
    )
    command(world.owner, second["id"], "set_phase", phase="review")
    command(
        world.owner,
        second["id"],
        "review_action",
        action_id=action_id,
        outcome="drop",
        reason="Nobody needed it.",
    )
    assert _history(world.pm, f"/api/actions/{action_id}") == [
        ("status", "open", "dropped", "review", "Olive Owner", "Nobody needed it.")
    ]


def test_a_debt_items_status_and_title_are_kept(world: World) -> None:
    item = world.eng.ok(
        "POST", f"/api/teams/{world.team_id}/debt", 201, json={"title": "Flaky checkout tests"}
    )
    path = f"/api/debt/{item['id']}"
    world.eng.ok("PATCH", path, json={"impact": 4})  # scores are not part of the history
    world.pm.ok("PATCH", path, json={"status": "in_progress", "title": "Flaky checkout suite"})
    history = _history(world.eng, path)
    assert sorted(history) == sorted(
        [
            ("status", "open", "in_progress", "person", "Pm", None),
            ("title", "Flaky checkout tests", "Flaky checkout suite", "person", "Pm", None),
        ]
    )


def test_only_the_items_team_reads_its_history_and_it_goes_with_the_item(world: World) -> None:
    action_id = _action(world)
    world.pm.ok("PATCH", f"/api/actions/{action_id}", json={"status": "done"})
    path = f"/api/actions/{action_id}/history"
    expect_error(world.outsider.get(path), 404)
    # A guest of the retro sees the item on its board, not who in the team moved it.
    assert world.guest.get(path).status_code in (401, 403, 404)
    expect_error(world.pm.get("/api/actions/nope/history"), 404)
    expect_error(world.pm.get("/api/debt/nope/history"), 404)

    world.pm.ok("DELETE", f"/api/actions/{action_id}", 204)
    expect_error(world.pm.get(path), 404)
    # Made again with the same id it could not inherit anything: nothing is left behind.
    rows = world.pm.ok("GET", f"/api/teams/{world.team_id}/actions")
    assert all(a["id"] != action_id for a in rows)


def test_deleting_an_account_leaves_no_name_in_a_history(world: World, ctx: Any) -> None:
    action_id = _action(world)
    world.tech_lead.ok("PATCH", f"/api/actions/{action_id}", json={"status": "done"})
    me = world.tech_lead.ok("GET", "/api/auth/session")["user"]
    world.tech_lead.ok("DELETE", "/api/account", 204, json={"password": _password()})
    [entry] = world.pm.ok("GET", f"/api/actions/{action_id}/history")
    assert entry["by"] != me["display_name"]
    assert entry["by"]  # still says a change was made, by a former member


def _password() -> str:
    from tests.conftest import PASSWORD

    return PASSWORD
