"""Guests-only invite links, and open action items coming back in the next retro's review."""

from datetime import UTC, datetime, timedelta

from fastapi import FastAPI

from tests.conftest import PASSWORD, World, command, expect_error, new_client


def in_two_weeks() -> str:
    """A due date the server accepts whatever day the suite runs (it refuses past dates)."""
    return (datetime.now(UTC).date() + timedelta(days=14)).isoformat()


def test_a_guests_only_link_never_makes_a_team_member(app: FastAPI, world: World) -> None:
    link = world.owner.ok(
        "POST",
        f"/api/teams/{world.team_id}/invites",
        201,
        json={"retro_id": world.retro["id"], "guests_only": True},
    )
    assert link["guests_only"] is True
    token = link["token"]
    assert world.owner.ok("GET", f"/api/invites/{token}")["guests_only"] is True

    with new_client(app) as stranger:
        body = {"email": "s@example.com", "password": PASSWORD, "display_name": "S",
                "invite_token": token}  # fmt: skip
        expect_error(stranger.post("/api/auth/signup", json=body), 409, "guests_only")
        joined = stranger.post(
            f"/api/invites/{token}/guest", json={"display_name": "Stakeholder", "role": "pm"}
        )
        assert joined.status_code == 201
    # Someone who already has an account still cannot use it to join the team.
    expect_error(world.outsider.post(f"/api/invites/{token}/accept", json={"role": "eng"}), 409,
                 "guests_only")  # fmt: skip
    members = world.owner.ok("GET", f"/api/teams/{world.team_id}")["members"]
    assert "outsider@example.com" not in [m["email"] for m in members]
    # A guests-only link must name a retro.
    expect_error(
        world.owner.post(f"/api/teams/{world.team_id}/invites", json={"guests_only": True}),
        422,
        "validation_error",
    )


def test_open_action_items_of_earlier_retros_are_in_the_next_review(world: World) -> None:
    rid = world.retro["id"]
    command(world.owner, rid, "set_phase", phase="discuss")
    eng_id = world.eng.ok("GET", "/api/auth/session")["user"]["id"]
    ack = command(world.pm, rid, "create_action", title="Edge cases in every story",
                  owner_user_id=eng_id, due=in_two_weeks())  # fmt: skip
    nxt = world.owner.ok("POST", f"/api/teams/{world.team_id}/retros", 201, json={"title": "Next"})
    review = [(a["id"], a["title"], a["owner_name"]) for a in nxt["earlier_actions"]]
    assert review == [(ack["result"]["action_id"], "Edge cases in every story", "Eng")]
    # The retro an item came from does not list it as "earlier".
    assert world.owner.ok("GET", f"/api/retros/{rid}")["earlier_actions"] == []
