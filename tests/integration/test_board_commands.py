"""Board commands over REST: idempotency, refusals that change nothing, event counting, and
the discussion commands (docs/live.md)."""

from typing import Any

from fastapi import FastAPI

from tests.conftest import World, command, expect_error, invite, new_client, user_id
from tests.integration.boards import add_card, board, card_in, me_key, send, to_phase


def _app(world: World) -> FastAPI:
    """The app the world's clients talk to, for a client of a test's own."""
    app = world.owner.app
    assert isinstance(app, FastAPI)
    return app


def test_a_resent_command_is_applied_once(world: World) -> None:
    rid = world.retro["id"]
    cmd = {"name": "add_card", "column_id": world.column_id(0), "text": "Demo day went well"}
    first = world.eng.ok(
        "POST",
        f"/api/retros/{rid}/commands",
        json={"command_id": "retry-add-card-0001", "command": cmd},
    )
    assert first["duplicate"] is False
    assert first["result"]["card_id"]
    again = world.eng.ok(
        "POST",
        f"/api/retros/{rid}/commands",
        json={"command_id": "retry-add-card-0001", "command": cmd},
    )
    assert again["duplicate"] is True
    assert (again["command_id"], again["seq"]) == ("retry-add-card-0001", first["seq"])
    # The re-send learns the card it made the first time.
    assert again["result"] == first["result"]
    b = board(world.eng, rid)
    assert b["seq"] == first["seq"]
    assert [c["text"] for c in b["cards"]] == ["Demo day went well"]

    # Another participant's command ids are their own: the same string is a new command.
    other = send(world.tech_lead, rid, "retry-add-card-0001", **{**cmd, "text": "Mine too"})
    assert other.status_code == 200, other.text
    assert other.json()["duplicate"] is False
    assert other.json()["seq"] == first["seq"] + 1
    assert len(board(world.owner, rid)["cards"]) == 2


def test_a_refused_command_does_not_use_up_its_command_id(world: World) -> None:
    rid = world.retro["id"]
    bad = send(world.eng, rid, "refused-first-01", name="add_card", column_id="nope", text="x")
    expect_error(bad, 422, "validation_error")
    good = send(
        world.eng,
        rid,
        "refused-first-01",
        name="add_card",
        column_id=world.column_id(0),
        text="Second try",
    )
    assert good.status_code == 200, good.text
    assert good.json()["duplicate"] is False
    assert [c["text"] for c in board(world.eng, rid)["cards"]] == ["Second try"]


def test_malformed_commands_are_refused_with_the_error_shape_and_change_nothing(
    world: World,
) -> None:
    rid = world.retro["id"]
    card_id = add_card(world.eng, world, "Keep me")
    url = f"/api/retros/{rid}/commands"
    col = world.column_id(0)
    bodies: list[Any] = [
        {"command_id": "malformed-000001", "command": {"name": "launch_rocket"}},
        {
            "command_id": "malformed-000002",
            "command": {
                "name": "add_card",
                "column_id": col,
                "text": "x",
                "author_name": "Someone",
            },
        },
        {
            "command_id": "malformed-000003",
            "command": {"name": "add_card", "column_id": col, "text": 42},
        },
        {
            "command_id": "malformed-000004",
            "command": {"name": "add_card", "column_id": col, "text": "   "},
        },
        {
            "command_id": "malformed-000005",
            "command": {"name": "add_card", "column_id": col, "text": "x" * 2001},
        },
        {"command_id": "malformed-000006", "command": {"name": "group_cards", "card_ids": card_id}},
        {
            "command_id": "malformed-000007",
            "command": {"name": "update_settings", "votes_per_person": "many"},
        },
        {
            "command_id": "malformed-000008",
            "command": {"name": "update_settings", "votes_per_person": 21},
        },
        {"command_id": "malformed-000009", "command": {"name": "set_timer", "seconds": 5}},
        {"command_id": "malformed-000010", "command": {"name": "set_phase", "phase": "party"}},
        {
            "command_id": "malformed-000011",
            "command": {"name": "edit_card", "card_id": card_id, "polarity": "meh"},
        },
        {"command_id": "short", "command": {"name": "set_ready", "ready": True}},
        {"command_id": "has spaces in it", "command": {"name": "set_ready", "ready": True}},
        {
            "command_id": "malformed-000012",
            "command": {"name": "set_ready", "ready": True},
            "extra": 1,
        },
        {"command": {"name": "set_ready", "ready": True}},
        {"command_id": "malformed-000013"},
        ["not", "an", "object"],
    ]
    before = board(world.owner, rid)
    for body in bodies:
        error = expect_error(world.owner.post(url, json=body), 422, "validation_error")
        assert error["details"], body
    after = board(world.owner, rid)
    assert after["seq"] == before["seq"]
    assert after["settings"] == before["settings"]
    assert card_in(board(world.eng, rid), card_id)["text"] == "Keep me"


def test_commands_reach_only_retros_you_take_part_in(world: World) -> None:
    rid, other_rid = world.retro["id"], world.other_retro["id"]
    other_before = board(world.outsider, other_rid)
    column = world.other_retro["columns"][0]["id"]
    for who in (world.owner, world.eng, world.guest):
        r = send(who, other_rid, "wrong-team-00001", name="add_card", column_id=column, text="x")
        expect_error(r, 404, "not_found")
        r = send(who, other_rid, "wrong-team-00002", name="set_phase", phase="reveal")
        expect_error(r, 404, "not_found")
    expect_error(send(world.outsider, rid, "outsider-000001", name="set_ready", ready=True), 404)
    expect_error(
        send(world.eng, "no-such-retro", "missing-retro-01", name="set_ready", ready=True), 404
    )
    # A guest of one retro is nobody on the team's next retro.
    sprint2 = world.owner.ok(
        "POST", f"/api/teams/{world.team_id}/retros", 201, json={"title": "Sprint 2 retro"}
    )
    expect_error(
        send(world.guest, sprint2["id"], "guest-elsewhere-1", name="set_ready", ready=True), 404
    )
    expect_error(world.guest.get(f"/api/retros/{sprint2['id']}"), 404)
    assert board(world.outsider, other_rid)["seq"] == other_before["seq"]
    # Nobody has taken part in the new retro yet: the refused guest did not become one.
    assert board(world.owner, sprint2["id"])["participants"] == []
    # Without a session at all, nothing is applied either.
    with new_client(_app(world)) as anonymous:
        r = anonymous.post(
            f"/api/retros/{rid}/commands",
            json={
                "command_id": "anonymous-000001",
                "command": {"name": "set_ready", "ready": True},
            },
        )
        assert r.status_code in (401, 403), r.text


def test_seq_counts_exactly_the_events_each_command_produced(world: World) -> None:
    rid = world.retro["id"]
    start = board(world.guest, rid)["seq"]
    steps: list[tuple[Any, dict[str, Any], int]] = [
        (world.eng, {"name": "add_card", "column_id": world.column_id(0), "text": "a"}, 1),
        (world.guest, {"name": "add_card", "column_id": world.column_id(1), "text": "b"}, 1),
        (world.owner, {"name": "set_timer", "seconds": 60}, 1),
        (world.pm, {"name": "set_ready", "ready": True}, 1),
        (world.owner, {"name": "set_phase", "phase": "reveal"}, 2),  # phase, and timer stopped
        (world.owner, {"name": "update_settings", "hide_tallies": True}, 1),
        (world.owner, {"name": "set_phase", "phase": "group"}, 1),
    ]
    expected = start
    for i, (who, cmd, produced) in enumerate(steps):
        ack = who.ok(
            "POST",
            f"/api/retros/{rid}/commands",
            json={"command_id": f"counting-{i:04}", "command": cmd},
        )
        expected += produced
        assert ack["seq"] == expected, cmd
        assert board(world.tech_lead, rid)["seq"] == expected, cmd
    cards = [c["id"] for c in board(world.eng, rid)["cards"]]
    ack = command(world.eng, rid, "group_cards", card_ids=cards)
    assert ack["seq"] == expected + 1
    # A refused command produces nothing.
    expect_error(send(world.eng, rid, "counting-refused", name="vote", topic_id=cards[0]), 409)
    assert board(world.eng, rid)["seq"] == expected + 1


def test_discussion_topic_notes_actions_and_reactions(world: World) -> None:
    rid = world.retro["id"]
    a = add_card(world.eng, world, "Estimates were off")
    b_ = add_card(world.guest, world, "Design review was late")
    to_phase(world, "vote")
    expect_error(
        send(world.owner, rid, "topic-too-early1", name="set_topic", topic_id=a), 409, "wrong_phase"
    )
    expect_error(
        send(world.eng, rid, "notes-too-early1", name="save_notes", topic_id=a, text="x"),
        409,
        "wrong_phase",
    )
    to_phase(world, "discuss")

    command(world.owner, rid, "set_topic", topic_id=a)
    assert board(world.guest, rid)["topic_id"] == a
    expect_error(send(world.owner, rid, "topic-unknown-01", name="set_topic", topic_id="nope"), 404)
    assert board(world.guest, rid)["topic_id"] == a
    command(world.pm, rid, "set_topic", topic_id=None)
    assert board(world.guest, rid)["topic_id"] is None

    command(world.tech_lead, rid, "save_notes", topic_id=a, text="Split stories smaller")
    command(world.guest, rid, "save_notes", topic_id=b_, text="Book design review earlier")
    expect_error(
        send(world.eng, rid, "notes-unknown-01", name="save_notes", topic_id="nope", text="x"), 404
    )
    assert board(world.eng, rid)["notes"] == {
        a: "Split stories smaller",
        b_: "Book design review earlier",
    }

    eng_id = user_id(world.eng)
    ack = command(
        world.guest,
        rid,
        "create_action",
        title="Story-splitting workshop",
        owner_user_id=eng_id,
        due="2030-01-31",
        topic_id=a,
    )
    action_id = ack["result"]["action_id"]
    [action] = board(world.pm, rid)["actions"]
    assert action["id"] == action_id
    assert (action["title"], action["owner_user_id"], action["owner_name"]) == (
        "Story-splitting workshop",
        eng_id,
        "Eng",
    )
    assert (action["due"], action["topic_id"]) == ("2030-01-31", a)
    r = send(
        world.pm,
        rid,
        "action-outsider1",
        name="create_action",
        title="Nope",
        owner_user_id=user_id(world.outsider),
    )
    error = expect_error(r, 422, "validation_error")
    assert error["details"][0]["field"] == "owner_user_id"
    expect_error(
        send(world.pm, rid, "action-badtopic", name="create_action", title="Nope", topic_id="nope"),
        404,
    )
    assert len(board(world.pm, rid)["actions"]) == 1

    guest = me_key(world.guest, rid)
    command(world.guest, rid, "react", card_id=a, emoji="👍")
    command(world.eng, rid, "react", card_id=a, emoji="👍")
    assert board(world.pm, rid)["reactions"] == {a: {"👍": sorted([guest, me_key(world.eng, rid)])}}
    command(world.guest, rid, "react", card_id=a, emoji="👍")  # toggles off
    assert board(world.pm, rid)["reactions"] == {a: {"👍": [me_key(world.eng, rid)]}}
    before = board(world.pm, rid)["seq"]
    expect_error(
        send(world.guest, rid, "react-unknown-01", name="react", card_id=a, emoji="🍕"), 422
    )
    expect_error(
        send(world.guest, rid, "react-nocard-001", name="react", card_id="nope", emoji="👍"), 404
    )
    assert board(world.pm, rid)["seq"] == before
    to_phase(world, "closed")
    expect_error(
        send(world.guest, rid, "react-closed-001", name="react", card_id=b_, emoji="🎉"),
        409,
        "wrong_phase",
    )


def test_reactions_wait_for_the_reveal(world: World) -> None:
    rid = world.retro["id"]
    a = add_card(world.eng, world, "Hidden still")
    expect_error(
        send(world.pm, rid, "react-hidden-001", name="react", card_id=a, emoji="🤔"),
        409,
        "wrong_phase",
    )
    to_phase(world, "reveal")
    command(world.pm, rid, "react", card_id=a, emoji="🤔")
    assert board(world.eng, rid)["reactions"] == {a: {"🤔": [me_key(world.pm, rid)]}}


def test_guests_invited_to_a_retro_can_send_commands_there(world: World) -> None:
    # A second guest, from a fresh link, is a participant of this retro only.
    token = invite(world.owner, world.team_id, world.retro["id"])
    with new_client(_app(world)) as g:
        g.remember(
            g.post(f"/api/invites/{token}/guest", json={"display_name": "Quinn QA", "role": "qa"})
        )
        card_id = add_card(g, world, "Test plan came late")
        assert card_in(board(g, world.retro["id"]), card_id)["author_role"] == "qa"
