"""A person's data on both databases: the copy they download holds their things and nobody
else's hidden ones, and once their account is deleted nothing anywhere in the database (board
logs and the outbox included) names them, holds their email or their id."""

from typing import Any

from fastapi import FastAPI
from sqlalchemy import select

from tests.conftest import PASSWORD, Client, World, command, expect_error, invite, signup, user_id
from tests.integration.test_signin_throttle import login
from twofold.domain.audit import FORMER_MEMBER
from twofold.services.context import Ctx
from twofold.store.tables import Base

NAME = "Zephyrine Quillfeather"
EMAIL = "zephyrine.q@example.com"


def _join(app: FastAPI, world: World) -> Client:
    token = invite(world.owner, world.team_id)
    z = signup(app, EMAIL, NAME, token)
    z.ok("POST", f"/api/invites/{token}/accept", json={"role": "eng"})
    return z


def _card(c: Client, retro: dict[str, Any], text: str) -> str:
    column = retro["columns"][0]["id"]
    return str(
        command(c, retro["id"], "add_card", column_id=column, text=text)["result"]["card_id"]
    )


def _leave_traces(world: World, z: Client, zid: str) -> dict[str, str]:
    """Everything a member leaves behind in a sprint: a check-in, radar answers, cards (one in
    an anonymous retro), a vote, a reaction, an action item, a debt item, an API token, a
    facilitator's rights, and a trail in the audit log."""
    owner = world.owner
    retro = owner.ok("POST", f"/api/teams/{world.team_id}/retros", 201, json={"title": "Traces"})
    rid = retro["id"]
    command(z, rid, "check_in", text="Slept well, Zephyrine here")
    z.ok("PUT", f"/api/retros/{rid}/radar/mine", json={"scores": {"requirements_clarity": 4}})
    command(owner, rid, "set_phase", phase="reflect")
    mine = _card(z, retro, "Deploys took the whole Friday")
    hidden = _card(world.eng, retro, "A secret the eng keeps")
    command(owner, rid, "set_phase", phase="reveal")
    command(z, rid, "react", card_id=mine, emoji="👍")
    command(owner, rid, "set_phase", phase="vote")
    command(z, rid, "vote", topic_id=mine)
    command(owner, rid, "set_phase", phase="actions")
    action = command(owner, rid, "create_action", title="Automate deploys", owner_user_id=zid)
    anon = owner.ok("POST", f"/api/teams/{world.team_id}/retros", 201, json={"title": "Anon"})
    command(owner, anon["id"], "update_settings", anonymous=True)
    command(owner, anon["id"], "set_phase", phase="reflect")
    anon_card = _card(z, anon, "Nobody may know I wrote this")
    z.ok(
        "POST",
        f"/api/teams/{world.team_id}/debt",
        201,
        json={"title": "Flaky deploy script", "drag_hours": 6, "effort": 3},
    )
    z.ok("POST", "/api/tokens", 201, json={"name": "Zephyrine's laptop"})
    owner.ok("PATCH", f"/api/teams/{world.team_id}/members/{zid}", json={"is_facilitator": True})
    return {
        "retro": rid,
        "card": mine,
        "hidden": hidden,
        "anon_card": anon_card,
        "action": str(action["result"]["action_id"]),
    }


def _traces_left(ctx: Ctx, *needles: str) -> list[tuple[str, str, str]]:
    """Every (table, column, value) in the database whose text holds one of `needles`."""
    found = []
    with ctx.db.read() as tx:
        for table in Base.metadata.sorted_tables:
            for row in tx.execute(select(table)).all():
                for column, value in row._mapping.items():
                    text = str(value)
                    for needle in needles:
                        if needle.lower() in text.lower():
                            found.append((table.name, str(column), text[:200]))
    return found


def test_the_download_holds_the_persons_things_and_nobody_elses_hidden_ones(
    app: FastAPI, world: World
) -> None:
    z = _join(app, world)
    zid = user_id(z)
    traces = _leave_traces(world, z, zid)
    answer = z.get("/api/account/data")
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-disposition"].startswith("attachment")
    data = answer.json()
    assert data["account"]["email"] == EMAIL
    assert data["account"]["display_name"] == NAME
    assert {m["team_id"] for m in data["memberships"]} == {world.team_id}
    texts = {c["text"] for c in data["cards"]}
    # Their anonymous card is theirs; the eng's hidden card is not in it.
    assert texts == {"Deploys took the whole Friday", "Nobody may know I wrote this"}
    assert "A secret the eng keeps" not in answer.text
    assert [v["topic_id"] for v in data["votes"]] == [traces["card"]]
    assert [r["emoji"] for r in data["reactions"]] == ["👍"]
    assert data["radar_answers"][0]["score"] == 4
    assert [a["id"] for a in data["action_items"]] == [traces["action"]]
    assert data["debt_items"][0]["drag_hours"] == 6
    assert data["api_tokens"][0]["name"] == "Zephyrine's laptop"
    assert data["sessions"]
    assert "token" not in str(data["sessions"])
    assert PASSWORD not in answer.text
    assert "argon2" not in answer.text  # no password hash either
    kinds = [e["kind"] for e in data["audit_events"]]
    assert "member_changed" in kinds
    assert "data_exported" in kinds
    # Nobody but the person and the owner may have it.
    expect_error(world.eng.get(f"/api/admin/accounts/{zid}/data"), 403, "forbidden")
    by_owner = world.owner.ok("GET", f"/api/admin/accounts/{zid}/data")
    assert by_owner["account"]["id"] == zid
    expect_error(world.owner.get("/api/admin/accounts/nobody/data"), 404, "not_found")


def test_after_deletion_nothing_names_the_person(app: FastAPI, ctx: Ctx, world: World) -> None:
    z = _join(app, world)
    zid = user_id(z)
    traces = _leave_traces(world, z, zid)
    z.ok("GET", "/api/account/data")
    # A failed sign-in is recorded against the account.
    assert login(world.owner.__class__(app), EMAIL, "not the password").status_code == 401
    assert _traces_left(ctx, NAME, EMAIL, zid)  # the search does find them while they exist

    expect_error(z.request("DELETE", "/api/account", json={}), 422, "validation_error")
    wrong = z.request("DELETE", "/api/account", json={"password": "not it"})
    expect_error(wrong, 403, "wrong_password")
    z.ok("DELETE", "/api/account", 204, json={"password": PASSWORD})

    assert _traces_left(ctx, NAME, EMAIL, zid) == []
    assert z.ok("GET", "/api/auth/session")["user"] is None
    assert login(world.owner.__class__(app), EMAIL, PASSWORD).status_code == 401
    # The card stays, by a former member; the action item has no owner; the vote still counts.
    b = world.owner.ok("GET", f"/api/retros/{traces['retro']}")
    [card] = [c for c in b["cards"] if c["id"] == traces["card"]]
    assert card["text"] == "Deploys took the whole Friday"
    assert card["author_name"] == FORMER_MEMBER
    items = world.owner.ok("GET", f"/api/teams/{world.team_id}/actions")
    [item] = [i for i in _items(items) if i["id"] == traces["action"]]
    assert item["owner_user_id"] is None
    # The audit log says an account was deleted, and no longer who it was.
    log = world.owner.ok("GET", "/api/admin/audit", params={"kind": "account_deleted"})
    assert log["total"] == 1
    assert log["events"][0]["actor"] == FORMER_MEMBER
    assert log["events"][0]["detail"]["cards"] == "kept"
    theirs = world.owner.ok("GET", "/api/admin/audit", params={"actor": FORMER_MEMBER})["events"]
    assert {e["kind"] for e in theirs} >= {"sign_in_failed", "data_exported", "account_deleted"}
    assert {e["ip"] for e in theirs} == {None}  # where they came from goes with them


def _items(page: Any) -> list[dict[str, Any]]:
    return list(page["items"] if isinstance(page, dict) else page)


def test_removing_cards_takes_their_text_out_of_the_board_log(
    app: FastAPI, ctx: Ctx, world: World
) -> None:
    app.state.settings.deleted_member_cards = "remove"
    z = _join(app, world)
    zid = user_id(z)
    traces = _leave_traces(world, z, zid)
    email = EMAIL
    world.owner.ok("DELETE", f"/api/admin/accounts/{zid}", 204, json={"confirm": email})
    assert _traces_left(ctx, NAME, EMAIL, zid, "Deploys took the whole Friday") == []
    b = world.owner.ok("GET", f"/api/retros/{traces['retro']}")
    assert traces["card"] not in {c["id"] for c in b["cards"]}
    # Other people's cards stay as they were.
    assert traces["hidden"] in {c["id"] for c in b["cards"]}
    log = world.owner.ok("GET", "/api/admin/audit", params={"kind": "account_deleted"})
    assert log["events"][0]["actor"].startswith("Olive Owner")
    assert log["events"][0]["detail"]["cards"] == "removed"


def test_only_the_person_or_the_owner_deletes_and_the_only_owner_cannot(
    app: FastAPI, world: World
) -> None:
    z = _join(app, world)
    zid = user_id(z)
    for c in (world.eng, world.pm, world.outsider):
        r = c.request("DELETE", f"/api/admin/accounts/{zid}", json={"confirm": EMAIL})
        expect_error(r, 403, "forbidden")
    expect_error(world.guest.request("DELETE", "/api/account", json={}), 403)
    # The owner must type the account's email.
    r = world.owner.request("DELETE", f"/api/admin/accounts/{zid}", json={"confirm": "yes"})
    assert expect_error(r, 422, "validation_error")["details"][0]["field"] == "confirm"
    assert user_id(z) == zid
    r = world.owner.request("DELETE", "/api/account", json={"password": PASSWORD})
    expect_error(r, 409, "last_owner")
    oid = user_id(world.owner)
    r = world.owner.request(
        "DELETE", f"/api/admin/accounts/{oid}", json={"confirm": "owner@example.com"}
    )
    expect_error(r, 409, "last_owner")
    assert user_id(world.owner) == oid


def test_someone_of_the_same_name_keeps_theirs(app: FastAPI, ctx: Ctx, world: World) -> None:
    z = _join(app, world)
    token = invite(world.owner, world.team_id)
    namesake = signup(app, "the.other.zephyrine@example.com", NAME, token)
    namesake.ok("POST", f"/api/invites/{token}/accept", json={"role": "pm"})
    retro = world.owner.ok("POST", f"/api/teams/{world.team_id}/retros", 201, json={"title": "R"})
    command(world.owner, retro["id"], "set_phase", phase="reflect")
    _card(z, retro, "Mine, to go with me")
    theirs = _card(namesake, retro, "The namesake's card")
    z.ok("DELETE", "/api/account", 204, json={"password": PASSWORD})
    assert namesake.ok("GET", "/api/auth/session")["user"]["display_name"] == NAME
    command(world.owner, retro["id"], "set_phase", phase="reveal")
    cards = {c["id"]: c for c in world.owner.ok("GET", f"/api/retros/{retro['id']}")["cards"]}
    assert cards[theirs]["author_name"] == NAME
    assert sorted(c["author_name"] for c in cards.values()) == sorted([NAME, FORMER_MEMBER])
    # What names someone is the namesake's alone.
    left = {table for table, _, _ in _traces_left(ctx, NAME)}
    assert left <= {"users", "cards", "participant_states", "board_events", "memberships"}


def test_a_team_its_only_facilitator_leaves_passes_to_its_longest_member(
    app: FastAPI, world: World
) -> None:
    z = _join(app, world)
    team = z.ok("POST", "/api/teams", 201, json={"name": "Gamma", "role": "eng"})
    for c, role in ((world.eng, "eng"), (world.pm, "pm")):
        token = invite(z, team["id"])
        c.ok("POST", f"/api/invites/{token}/accept", json={"role": role})
    z.ok("DELETE", "/api/account", 204, json={"password": PASSWORD})
    members = world.eng.ok("GET", f"/api/teams/{team['id']}")["members"]
    facilitating = {m["display_name"] for m in members if m["is_facilitator"]}
    assert facilitating == {"Eng"}  # joined first
    [event] = world.owner.ok("GET", "/api/admin/audit", params={"kind": "member_changed"})[
        "events"
    ][:1]
    assert (event["target"], event["actor"]) == (user_id(world.eng), "Twofold")
    assert event["detail"]["reason"] == "last_facilitator_left"
