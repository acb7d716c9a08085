"""Invite links, sign-up policy and facilitator rules, over the real API on both databases."""

from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import FastAPI
from sqlalchemy import update

from tests.conftest import (
    PASSWORD,
    Client,
    World,
    expect_error,
    invite,
    new_client,
    signup,
    user_id,
)
from twofold.services.context import Ctx
from twofold.store.tables import InviteRow


def _age(ctx: Ctx, token: str) -> None:
    """Make an invite a minute past its expiry, straight in the test database."""
    with ctx.db.engine.begin() as conn:
        changed = conn.execute(
            update(InviteRow)
            .where(InviteRow.token == token)
            .values(expires_at=datetime.now(UTC) - timedelta(minutes=1))
        )
        assert changed.rowcount == 1


def _signup_body(email: str, token: str) -> dict[str, Any]:
    return {"email": email, "password": PASSWORD, "display_name": "Newcomer", "invite_token": token}


def _refused_everywhere(
    app: FastAPI, world: World, team_token: str, retro_token: str, code: str
) -> None:
    """An unusable link fails the same way for preview, accept, guest join and sign-up."""
    for token in (team_token, retro_token):
        expect_error(world.outsider.get(f"/api/invites/{token}"), 410, code)
        answer = world.outsider.post(f"/api/invites/{token}/accept", json={"role": "eng"})
        expect_error(answer, 410, code)
    with new_client(app) as anon:
        answer = anon.post(
            f"/api/invites/{retro_token}/guest", json={"display_name": "Late", "role": "qa"}
        )
        expect_error(answer, 410, code)
        assert anon.ok("GET", "/api/auth/session")["guest"] is None
        answer = anon.post("/api/auth/signup", json=_signup_body("late@example.com", team_token))
        expect_error(answer, 410, code)
        answer = anon.post(
            "/api/auth/login", json={"email": "late@example.com", "password": PASSWORD}
        )
        expect_error(answer, 401, "invalid_credentials")
    # Nobody got in.
    expect_error(world.outsider.get(f"/api/teams/{world.team_id}"), 404, "not_found")
    team = world.owner.ok("GET", f"/api/teams/{world.team_id}")
    assert len(team["members"]) == 4


def test_expired_invite_is_refused_with_410(app: FastAPI, ctx: Ctx, world: World) -> None:
    team_token = invite(world.owner, world.team_id)
    retro_token = invite(world.owner, world.team_id, world.retro["id"])
    # Still valid just before: the preview works.
    assert (
        world.outsider.ok("GET", f"/api/invites/{retro_token}")["retro_title"] == "Sprint 1 retro"
    )
    _age(ctx, team_token)
    _age(ctx, retro_token)
    _refused_everywhere(app, world, team_token, retro_token, "invite_expired")


def test_revoked_invite_is_refused_with_410(app: FastAPI, world: World) -> None:
    tid = world.team_id
    team_inv = world.owner.ok("POST", f"/api/teams/{tid}/invites", 201, json={})
    retro_inv = world.owner.ok(
        "POST", f"/api/teams/{tid}/invites", 201, json={"retro_id": world.retro["id"]}
    )
    for inv in (team_inv, retro_inv):
        world.pm.ok("DELETE", f"/api/teams/{tid}/invites/{inv['id']}", 204)
    listed = {i["id"]: i["revoked"] for i in world.owner.ok("GET", f"/api/teams/{tid}/invites")}
    assert listed[team_inv["id"]] is True
    assert listed[retro_inv["id"]] is True
    _refused_everywhere(app, world, team_inv["token"], retro_inv["token"], "invite_revoked")


def test_revoked_wins_over_expired(ctx: Ctx, world: World) -> None:
    inv = world.owner.ok("POST", f"/api/teams/{world.team_id}/invites", 201, json={})
    world.owner.ok("DELETE", f"/api/teams/{world.team_id}/invites/{inv['id']}", 204)
    _age(ctx, inv["token"])
    expect_error(world.outsider.get(f"/api/invites/{inv['token']}"), 410, "invite_revoked")


def test_unknown_invite_token_is_404(app: FastAPI, world: World) -> None:
    token = "no-such-invite-token"
    expect_error(world.outsider.get(f"/api/invites/{token}"), 404, "not_found")
    answer = world.outsider.post(f"/api/invites/{token}/accept", json={"role": "eng"})
    expect_error(answer, 404, "not_found")
    with new_client(app) as anon:
        answer = anon.post(f"/api/invites/{token}/guest", json={"display_name": "X", "role": "qa"})
        expect_error(answer, 404, "not_found")
        answer = anon.post("/api/auth/signup", json=_signup_body("x@example.com", token))
        expect_error(answer, 404, "not_found")
    # Revoking an invite of another team, or one that does not exist, is 404 too.
    other = world.outsider.ok("POST", f"/api/teams/{world.other_team_id}/invites", 201, json={})
    answer = world.owner.delete(f"/api/teams/{world.team_id}/invites/{other['id']}")
    expect_error(answer, 404, "not_found")
    assert world.outsider.ok("GET", f"/api/invites/{other['token']}")["team_name"] == "Beta"


def test_guests_need_a_link_made_from_a_retro(app: FastAPI, world: World) -> None:
    team_token = invite(world.owner, world.team_id)
    with new_client(app) as anon:
        answer = anon.post(
            f"/api/invites/{team_token}/guest", json={"display_name": "Gus", "role": "qa"}
        )
        expect_error(answer, 409, "guest_not_allowed")
        assert anon.ok("GET", "/api/auth/session") == {
            "user": None,
            "guest": None,
            "csrf_token": None,
        }
    # Someone signed in joins with their account, not as a guest.
    retro_token = invite(world.owner, world.team_id, world.retro["id"])
    answer = world.outsider.post(
        f"/api/invites/{retro_token}/guest", json={"display_name": "Otto", "role": "qa"}
    )
    expect_error(answer, 409, "already_signed_in")


def test_first_account_is_the_owner_and_then_sign_up_closes(app: FastAPI, client: Client) -> None:
    assert client.ok("GET", "/api/setup") == {
        "needs_owner": True,
        "open_signup": False,
        "sso": None,
    }
    first = client.ok(
        "POST",
        "/api/auth/signup",
        201,
        json={"email": "first@example.com", "password": PASSWORD, "display_name": "First"},
    )
    assert first["user"]["is_owner"] is True
    assert first["csrf_token"]
    assert client.ok("GET", "/api/setup") == {
        "needs_owner": False,
        "open_signup": False,
        "sso": None,
    }

    with new_client(app) as second:
        answer = second.post(
            "/api/auth/signup",
            json={"email": "second@example.com", "password": PASSWORD, "display_name": "Second"},
        )
        expect_error(answer, 403, "signup_closed")
        answer = second.post(
            "/api/auth/login", json={"email": "second@example.com", "password": PASSWORD}
        )
        expect_error(answer, 401, "invalid_credentials")


def test_only_the_first_account_is_owner(world: World) -> None:
    assert world.owner.ok("GET", "/api/auth/session")["user"]["is_owner"] is True
    for c in (world.pm, world.eng, world.tech_lead, world.outsider):
        assert c.ok("GET", "/api/auth/session")["user"]["is_owner"] is False


def test_accepting_twice_is_harmless(world: World) -> None:
    tid = world.team_id
    token = invite(world.owner, tid)
    assert world.outsider.ok("POST", f"/api/invites/{token}/accept", json={"role": "qa"}) == {
        "team_id": tid
    }
    again = world.outsider.ok("POST", f"/api/invites/{token}/accept", json={"role": "pm"})
    assert again == {"team_id": tid}
    # An existing member accepting keeps their role and facilitator flag.
    assert world.pm.ok("POST", f"/api/invites/{token}/accept", json={"role": "eng"}) == {
        "team_id": tid
    }
    members = {m["email"]: m for m in world.owner.ok("GET", f"/api/teams/{tid}")["members"]}
    assert len(members) == 5
    assert members["outsider@example.com"]["role"] == "qa"
    assert members["outsider@example.com"]["is_facilitator"] is False
    assert (members["pm@example.com"]["role"], members["pm@example.com"]["is_facilitator"]) == (
        "pm",
        True,
    )
    teams = {t["name"]: t for t in world.outsider.ok("GET", "/api/teams")}
    assert set(teams) == {"Alpha", "Beta"}
    assert teams["Alpha"]["member_count"] == 5


def test_last_facilitator_cannot_leave_or_step_down(world: World) -> None:
    tid = world.team_id
    owner_id, pm_id, eng_id = user_id(world.owner), user_id(world.pm), user_id(world.eng)

    # Two facilitators: one may step down.
    page = world.pm.ok(
        "PATCH", f"/api/teams/{tid}/members/{owner_id}", json={"is_facilitator": False}
    )
    facilitators = [m["user_id"] for m in page["members"] if m["is_facilitator"]]
    assert facilitators == [pm_id]

    # Now pm is the last one.
    answer = world.pm.patch(f"/api/teams/{tid}/members/{pm_id}", json={"is_facilitator": False})
    expect_error(answer, 409, "last_facilitator")
    expect_error(world.pm.delete(f"/api/teams/{tid}/members/{pm_id}"), 409, "last_facilitator")
    page = world.pm.ok("GET", f"/api/teams/{tid}")
    assert page["me"] == {"user_id": pm_id, "role": "pm", "is_facilitator": True}
    assert len(page["members"]) == 4

    # Everyone else may still leave, or be removed by the facilitator.
    world.owner.ok("DELETE", f"/api/teams/{tid}/members/{owner_id}", 204)
    world.pm.ok("DELETE", f"/api/teams/{tid}/members/{eng_id}", 204)
    expect_error(world.owner.get(f"/api/teams/{tid}"), 404, "not_found")
    expect_error(world.eng.get(f"/api/teams/{tid}"), 404, "not_found")

    # A team with a single facilitator from the start: Beta.
    outsider_id = user_id(world.outsider)
    answer = world.outsider.delete(f"/api/teams/{world.other_team_id}/members/{outsider_id}")
    expect_error(answer, 409, "last_facilitator")
    assert [t["name"] for t in world.outsider.ok("GET", "/api/teams")] == ["Beta"]


def test_invite_signup_then_accept_joins_the_team(app: FastAPI, world: World) -> None:
    """The happy path the refusals above are measured against."""
    token = invite(world.owner, world.team_id, world.retro["id"])
    newcomer = signup(app, "newcomer@example.com", "Newcomer", token)
    try:
        newcomer.ok("POST", f"/api/invites/{token}/accept", json={"role": "design"})
        board = newcomer.ok("GET", f"/api/retros/{world.retro['id']}")
        assert board["me"]["kind"] == "member"
        assert board["me"]["role"] == "design"
    finally:
        newcomer.close()
