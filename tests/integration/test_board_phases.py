"""The facilitated flow: which phase allows what, and who may move the retro along."""

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.conftest import Client, World, command, expect_error
from tests.integration.boards import add_card, board, send, to_phase


def test_a_new_retro_starts_in_check_in_and_takes_cards_only_in_reflect(world: World) -> None:
    retro = world.owner.ok(
        "POST", f"/api/teams/{world.team_id}/retros", 201, json={"title": "Sprint 2 retro"}
    )
    rid, column_id = retro["id"], retro["columns"][0]["id"]
    assert retro["phase"] == "check_in"
    assert board(world.eng, rid)["phase"] == "check_in"
    expect_error(
        send(world.eng, rid, "early-card-00001", name="add_card", column_id=column_id, text="x"),
        409,
        "wrong_phase",
    )
    command(world.owner, rid, "set_phase", phase="reflect")
    command(world.eng, rid, "add_card", column_id=column_id, text="Now it is reflect")
    command(world.owner, rid, "set_phase", phase="reveal")
    expect_error(
        send(world.eng, rid, "late-card-000001", name="add_card", column_id=column_id, text="x"),
        409,
        "wrong_phase",
    )
    assert [c["text"] for c in board(world.eng, rid)["cards"]] == ["Now it is reflect"]


def test_collecting_early_opens_cards_before_reflect_until_the_deadline(world: World) -> None:
    retro = world.owner.ok(
        "POST", f"/api/teams/{world.team_id}/retros", 201, json={"title": "Sprint 3 retro"}
    )
    rid, column_id = retro["id"], retro["columns"][0]["id"]

    def add(c_id: str) -> int:
        answer = send(world.eng, rid, c_id, name="add_card", column_id=column_id, text=c_id)
        status: int = answer.status_code
        return status

    command(world.owner, rid, "update_settings", collect_early=True)
    assert add("early-open-00001") == 200
    command(world.owner, rid, "set_phase", phase="review")
    future = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    command(world.owner, rid, "update_settings", collect_deadline=future)
    assert add("early-open-00002") == 200
    past = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    command(world.owner, rid, "update_settings", collect_deadline=past)
    expect_error(
        send(world.eng, rid, "early-closed-001", name="add_card", column_id=column_id, text="x"),
        409,
        "wrong_phase",
    )
    # The deadline closes early collection only; reflect itself always takes cards.
    command(world.owner, rid, "set_phase", phase="reflect")
    assert add("reflect-card-001") == 200
    # Early collection never reopens cards after the reflect phase.
    command(world.owner, rid, "update_settings", collect_deadline=None)
    command(world.owner, rid, "set_phase", phase="reveal")
    assert add("after-reveal-001") == 409
    assert len(board(world.eng, rid)["cards"]) == 3


def test_a_deadline_without_a_time_zone_is_understood_as_utc(world: World) -> None:
    retro = world.owner.ok(
        "POST", f"/api/teams/{world.team_id}/retros", 201, json={"title": "Sprint 4 retro"}
    )
    rid, column_id = retro["id"], retro["columns"][0]["id"]
    past = (datetime.now(UTC) - timedelta(hours=1)).replace(tzinfo=None).isoformat()
    command(world.owner, rid, "update_settings", collect_early=True, collect_deadline=past)
    r = send(world.eng, rid, "naive-deadline-1", name="add_card", column_id=column_id, text="x")
    expect_error(r, 409, "wrong_phase")


def test_only_facilitators_steer_the_retro(world: World) -> None:
    rid = world.retro["id"]
    card_id = add_card(world.eng, world, "Standups ran long")
    before = board(world.owner, rid)
    attempts: list[dict[str, Any]] = [
        {"name": "set_phase", "phase": "reveal"},
        {"name": "set_timer", "seconds": 300},
        {"name": "update_settings", "anonymous": True, "votes_per_person": 9},
        {"name": "set_topic", "topic_id": card_id},
    ]
    for who in (world.eng, world.tech_lead, world.guest):
        for i, cmd in enumerate(attempts):
            expect_error(send(who, rid, f"not-facilitator-{i}", **cmd), 403, "forbidden")
    to_phase(world, "discuss")
    expect_error(send(world.eng, rid, "eng-topic-00001", name="set_topic", topic_id=card_id), 403)
    after = board(world.owner, rid)
    assert after["seq"] == before["seq"] + 1  # only the owner's own phase change
    assert after["phase"] == "discuss"
    assert after["settings"] == before["settings"]
    assert after["timer_ends_at"] is None
    assert after["topic_id"] is None
    # The other facilitator may.
    command(world.pm, rid, "set_timer", seconds=120)
    command(world.pm, rid, "set_topic", topic_id=card_id)
    b = board(world.eng, rid)
    assert (b["timer_seconds"], b["topic_id"]) == (120, card_id)


def test_skipped_phases_cannot_be_entered_and_reflect_and_closed_cannot_be_skipped(
    world: World,
) -> None:
    rid = world.retro["id"]
    command(world.owner, rid, "update_settings", skipped_phases=["group", "review"])
    assert board(world.eng, rid)["settings"]["skipped_phases"] == ["review", "group"]
    for i, phase in enumerate(("group", "review")):
        r = send(world.owner, rid, f"into-skipped-{i}", name="set_phase", phase=phase)
        expect_error(r, 422, "phase_skipped")
    for i, spine in enumerate((["reflect"], ["closed"], ["vote", "closed"])):
        r = send(world.pm, rid, f"skip-spine-000{i}", name="update_settings", skipped_phases=spine)
        expect_error(r, 422)
    # Nor the phase the retro is in right now (reflect is also the spine; try another).
    to_phase(world, "vote")
    expect_error(
        send(world.owner, rid, "skip-current-001", name="update_settings", skipped_phases=["vote"]),
        422,
    )
    expect_error(send(world.owner, rid, "same-phase-0001", name="set_phase", phase="vote"), 422)
    b = board(world.eng, rid)
    assert b["phase"] == "vote"
    assert b["settings"]["skipped_phases"] == ["review", "group"]
    # Moving on to a phase that is not skipped still works, backwards too.
    to_phase(world, "reveal")
    assert board(world.eng, rid)["phase"] == "reveal"


def test_a_closed_retro_refuses_card_changes_until_reopened(world: World) -> None:
    rid = world.retro["id"]
    a = add_card(world.eng, world, "Release went smoothly")
    b_ = add_card(world.eng, world, "Flaky CI")
    to_phase(world, "closed")
    refused: list[tuple[Client, dict[str, Any]]] = [
        (world.eng, {"name": "add_card", "column_id": world.column_id(0), "text": "late"}),
        (world.eng, {"name": "edit_card", "card_id": a, "text": "changed"}),
        (world.eng, {"name": "delete_card", "card_id": a}),
        (world.owner, {"name": "delete_card", "card_id": a}),
        (world.eng, {"name": "group_cards", "card_ids": [a, b_]}),
        (world.owner, {"name": "set_timer", "seconds": 60}),
        (world.eng, {"name": "set_ready", "ready": True}),
    ]
    before = board(world.owner, rid)
    for i, (who, cmd) in enumerate(refused):
        expect_error(send(who, rid, f"closed-retro-{i:04}", **cmd), 409, "wrong_phase")
    after = board(world.owner, rid)
    assert after["seq"] == before["seq"]
    assert {c["id"]: c["text"] for c in after["cards"]} == {
        a: "Release went smoothly",
        b_: "Flaky CI",
    }
    # Closing is not final: a facilitator reopens and the facilitator may clean up again.
    to_phase(world, "actions")
    command(world.owner, rid, "delete_card", card_id=b_)
    assert [c["id"] for c in board(world.eng, rid)["cards"]] == [a]


def test_set_phase_stops_the_timer(world: World) -> None:
    rid = world.retro["id"]
    command(world.owner, rid, "set_timer", seconds=600)
    b = board(world.eng, rid)
    assert b["timer_seconds"] == 600
    assert b["timer_ends_at"] is not None
    start = b["seq"]
    ack = command(world.owner, rid, "set_phase", phase="reveal")
    # phase_changed, then timer_set(null): two events.
    assert ack["seq"] == start + 2
    b = board(world.eng, rid)
    assert (b["seq"], b["timer_seconds"], b["timer_ends_at"]) == (start + 2, None, None)
