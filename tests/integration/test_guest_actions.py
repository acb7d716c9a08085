"""What a guest sees of the team's action items: what their own retro agreed, and the items it
reviews (open ones from retros held before it, and those it decided on), without the ids of
other retros, their cards or topics. Nothing else of the team's (docs/api.md, "Action items")."""

from typing import Any

from fastapi import FastAPI

from tests.conftest import Client, World, command, expect_error, invite, new_client
from tests.integration.boards import add_card, board, to_phase

OTHER_RETROS_IDS = ("retro_id", "topic_id", "source_card_id")


def _guest_of(app: FastAPI, world: World, retro_id: str) -> Client:
    guest = new_client(app)
    token = invite(world.owner, world.team_id, retro_id)
    guest.remember(
        guest.post(f"/api/invites/{token}/guest", json={"display_name": "Gia", "role": "qa"})
    )
    return guest


def _retro(world: World, title: str) -> str:
    made = world.owner.ok("POST", f"/api/teams/{world.team_id}/retros", 201, json={"title": title})
    return str(made["id"])


def _action(world: World, retro_id: str, title: str, **fields: Any) -> str:
    ack = command(world.pm, retro_id, "create_action", title=title, **fields)
    return str(ack["result"]["action_id"])


def _by_id(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {a["id"]: a for a in items}


def test_a_guest_sees_only_what_their_retro_agreed_and_reviews(app: FastAPI, world: World) -> None:
    first = world.retro["id"]
    card = add_card(world.eng, world, "Specs arrive late")
    to_phase(world, "discuss")
    carried = _action(world, first, "Specs two days before planning", source_card_id=card,
                      topic_id=card)  # fmt: skip
    finished = _action(world, first, "Pair on the release checklist")
    world.eng.ok("PATCH", f"/api/actions/{finished}", json={"status": "done"})

    second = _retro(world, "Sprint 2 retro")
    guest = _guest_of(app, world, second)
    third = _retro(world, "Sprint 3 retro")
    command(world.owner, third, "set_phase", phase="discuss")
    later = _action(world, third, "Agreed after the guest's retro")

    # Members of the second retro see every open item of the team, as before.
    members = _by_id(board(world.eng, second)["earlier_actions"])
    assert set(members) == {carried, later}
    assert members[carried]["source_card_id"] == card

    # Its guest sees the one its review is about, without the first retro's ids.
    seen = board(guest, second)
    assert [a["id"] for a in seen["earlier_actions"]] == [carried]
    shown = seen["earlier_actions"][0]
    assert (shown["title"], shown["owner_name"], shown["status"]) == (
        "Specs two days before planning",
        None,
        "open",
    )
    assert all(shown[field] is None for field in OTHER_RETROS_IDS)
    assert seen["actions"] == []

    # Decided in its review, the item stays the guest's to see, marked as decided here.
    command(world.owner, second, "set_phase", phase="review")
    command(world.owner, second, "review_action", action_id=carried, outcome="carry_over")
    world.eng.ok("PATCH", f"/api/actions/{carried}", json={"status": "done"})
    to_close = board(guest, second)["earlier_actions"]
    assert [(a["id"], a["status"], a["last_review_retro_id"]) for a in to_close] == [
        (carried, "done", second)
    ]
    # A closed retro reviews nothing more: its guest keeps what it decided, nothing new.
    command(world.owner, second, "set_phase", phase="closed")
    world.pm.ok("PATCH", f"/api/actions/{later}", json={"status": "in_progress"})
    assert [a["id"] for a in board(guest, second)["earlier_actions"]] == [carried]

    # The first retro's guest sees its own items in full, and nothing agreed after it.
    own = board(world.guest, first)
    assert set(_by_id(own["actions"])) == {carried, finished}
    assert _by_id(own["actions"])[carried]["source_card_id"] == card
    assert own["earlier_actions"] == []
    guest.close()


def test_guests_cannot_review_nor_probe_action_items(app: FastAPI, world: World) -> None:
    first = world.retro["id"]
    to_phase(world, "discuss")
    item = _action(world, first, "Write the runbook")
    second = _retro(world, "Sprint 2 retro")
    guest = _guest_of(app, world, second)
    command(world.owner, second, "set_phase", phase="review")
    # The same answer for an item of the team and for an id that is nobody's.
    for action_id in (item, "no-such-item"):
        body = {"command_id": f"guest-review-{action_id}", "command": {
            "name": "review_action", "action_id": action_id, "outcome": "done"}}  # fmt: skip
        error = expect_error(guest.post(f"/api/retros/{second}/commands", json=body), 403)
        assert error["code"] == "forbidden"
    # The team's own pages stay closed to guests.
    expect_error(guest.get(f"/api/teams/{world.team_id}/actions"), 403)
    assert board(world.eng, second)["earlier_actions"][0]["status"] == "open"
    guest.close()
