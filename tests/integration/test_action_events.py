"""An action item changed on the team's page reaches every open board that lists it, live: its
own retro's and the next retro's review, on a real server (SQLite and PostgreSQL)."""

from typing import Any

from tests.integration.conftest import Live
from tests.live_server import receive_until


def _changed(ws: Any, action_id: str) -> dict[str, Any]:
    while True:
        frame, _ = receive_until(ws, "event")
        event: dict[str, Any] = frame["event"]
        if event["type"] == "action_changed" and event["action"]["id"] == action_id:
            return event


def test_a_status_change_on_the_team_page_reaches_open_boards(live: Live) -> None:
    live.owner.command(live.rid, "set_phase", phase="discuss")
    created = live.owner.command(live.rid, "create_action", title="Write edge cases into specs")
    action_id = created["result"]["action_id"]
    team_id = live.retro["team_id"]
    later = live.owner.http("POST", f"/api/teams/{team_id}/retros", 201, json={"title": "R2"})
    live.owner.command(later["id"], "set_phase", phase="review")

    with (
        live.owner.socket(live.rid) as own,
        live.guest.socket(live.rid) as guest,
        live.eng.socket(later["id"]) as review,
    ):
        for ws in (own, guest):
            snapshot, _ = receive_until(ws, "snapshot")
            assert [a["id"] for a in snapshot["board"]["actions"]] == [action_id]
        snapshot, _ = receive_until(review, "snapshot")
        assert [a["id"] for a in snapshot["board"]["earlier_actions"]] == [action_id]

        live.eng.http("PATCH", f"/api/actions/{action_id}", json={"status": "in_progress"})
        for ws in (own, guest, review):
            assert _changed(ws, action_id)["action"]["status"] == "in_progress"

        live.eng.http(
            "PATCH",
            f"/api/actions/{action_id}",
            json={"status": "dropped", "reason": "Covered by the new template"},
        )
        event = _changed(review, action_id)
        assert (event["action"]["status"], event["action"]["drop_reason"]) == (
            "dropped",
            "Covered by the new template",
        )

    # A refused change tells no board anything.
    seqs = [live.owner.http("GET", f"/api/retros/{r}")["seq"] for r in (live.rid, later["id"])]
    live.eng.http("PATCH", f"/api/actions/{action_id}", 422, json={"status": "done"})
    assert [live.owner.http("GET", f"/api/retros/{r}")["seq"] for r in (live.rid, later["id"])] == (
        seqs
    )


def _event(ws: Any, kind: str) -> dict[str, Any]:
    while True:
        frame, _ = receive_until(ws, "event")
        event: dict[str, Any] = frame["event"]
        if event["type"] == kind:
            return event


def test_a_correction_and_a_deletion_reach_every_board_that_lists_the_item(live: Live) -> None:
    live.owner.command(live.rid, "set_phase", phase="actions")
    created = live.guest.command(live.rid, "create_action", title="Tset on phones")
    action_id = created["result"]["action_id"]
    team_id = live.retro["team_id"]
    later = live.owner.http("POST", f"/api/teams/{team_id}/retros", 201, json={"title": "R2"})
    live.owner.command(later["id"], "set_phase", phase="review")

    with live.owner.socket(live.rid) as own, live.eng.socket(later["id"]) as review:
        for ws in (own, review):
            receive_until(ws, "snapshot")
        # The guest fixes the typo on their own retro's item; both boards show it.
        live.guest.http("PATCH", f"/api/actions/{action_id}", json={"title": "Test on phones"})
        for ws in (own, review):
            assert _changed(ws, action_id)["action"]["title"] == "Test on phones"

        # A refused deletion (an outsider's) tells nobody anything.
        seqs = [live.owner.http("GET", f"/api/retros/{r}")["seq"] for r in (live.rid, later["id"])]
        live.outsider.http("DELETE", f"/api/actions/{action_id}", 404)
        assert [
            live.owner.http("GET", f"/api/retros/{r}")["seq"] for r in (live.rid, later["id"])
        ] == seqs

        live.eng.http("DELETE", f"/api/actions/{action_id}", 204)
        for ws in (own, review):
            assert _event(ws, "action_removed") == {
                "type": "action_removed",
                "action_id": action_id,
            }
    assert live.owner.http("GET", f"/api/retros/{live.rid}")["actions"] == []
