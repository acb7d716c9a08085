"""Who may see and change what, over the real API on both databases.

The rules (docs/api.md): another team's things answer 404 exactly as if they did not exist;
guests act only inside the retro they were invited to; nobody edits another person's card;
only facilitators run the team and the board; signed-out requests get 401; and every refusal
has the one error shape.
"""

from typing import Any

from fastapi import FastAPI

from tests.conftest import Client, World, command, expect_error, invite, new_client, user_id

FAKE_ID = "0123456789abcdef0123456789abcdef"


def _card(c: Client, world: World, text: str, column: int = 0) -> dict[str, Any]:
    body = {"column_id": world.column_id(column), "text": text}
    return dict(c.ok("POST", f"/api/retros/{world.retro['id']}/cards", 201, json=body))


def _snapshot(world: World) -> tuple[Any, ...]:
    """What the owner sees of team Alpha, to prove a refused request changed nothing."""
    o = world.owner
    team = o.ok("GET", f"/api/teams/{world.team_id}")
    return (
        team["name"],
        sorted((m["user_id"], m["role"], m["is_facilitator"]) for m in team["members"]),
        o.ok("GET", f"/api/teams/{world.team_id}/invites"),
        o.ok("GET", f"/api/teams/{world.team_id}/retros"),
        o.ok("GET", f"/api/retros/{world.retro['id']}"),
    )


def test_outsider_gets_404_for_everything_of_another_team(world: World) -> None:
    """A non-member learns nothing: each answer is byte-for-byte the answer for an id that
    does not exist, and nothing changes."""
    tid, rid, cid = world.team_id, world.retro["id"], world.column_id(0)
    card = _card(world.eng, world, "Secret card text")
    inv = world.owner.ok("POST", f"/api/teams/{tid}/invites", 201, json={})
    eng_id = user_id(world.eng)
    before = _snapshot(world)

    # (method, path template, body); `{x}` marks the id swapped for a fake one in the twin.
    requests: list[tuple[str, str, str, Any]] = [
        ("GET", "/api/teams/{x}", tid, None),
        ("PATCH", "/api/teams/{x}", tid, {"name": "Hijacked"}),
        ("PATCH", f"/api/teams/{tid}/members/{{x}}", eng_id, {"role": "qa"}),
        ("PATCH", "/api/teams/{x}/members/" + eng_id, tid, {"role": "qa"}),
        ("DELETE", "/api/teams/{x}/members/" + eng_id, tid, None),
        ("GET", "/api/teams/{x}/invites", tid, None),
        ("POST", "/api/teams/{x}/invites", tid, {}),
        ("DELETE", "/api/teams/{x}/invites/" + inv["id"], tid, None),
        ("GET", "/api/teams/{x}/retros", tid, None),
        ("POST", "/api/teams/{x}/retros", tid, {"title": "Not yours"}),
        ("GET", "/api/retros/{x}", rid, None),
        ("PATCH", "/api/retros/{x}", rid, {"title": "Not yours"}),
        ("DELETE", "/api/retros/{x}", rid, None),
        ("POST", "/api/retros/{x}/columns", rid, {"title": "Not yours"}),
        ("PATCH", "/api/columns/{x}", cid, {"title": "Not yours"}),
        ("DELETE", "/api/columns/{x}", cid, None),
        ("POST", "/api/retros/{x}/cards", rid, {"column_id": cid, "text": "Not yours"}),
        ("GET", "/api/cards/{x}", card["id"], None),
        ("PATCH", "/api/cards/{x}", card["id"], {"text": "Not yours"}),
        ("DELETE", "/api/cards/{x}", card["id"], None),
    ]
    for method, template, real, body in requests:
        kwargs: dict[str, Any] = {} if body is None else {"json": body}
        answer = world.outsider.request(method, template.format(x=real), **kwargs)
        expect_error(answer, 404, "not_found")
        for secret in ("Alpha", "Sprint 1 retro", "Secret card text", "eng@example.com"):
            assert secret not in answer.text, (method, template, answer.text)
        twin = world.outsider.request(method, template.format(x=FAKE_ID), **kwargs)
        assert (twin.status_code, twin.json()) == (answer.status_code, answer.json()), (
            method,
            template,
        )

    assert _snapshot(world) == before
    assert world.outsider.ok("GET", "/api/teams")[0]["name"] == "Beta"


def test_guest_acts_only_in_the_retro_they_were_invited_to(world: World) -> None:
    tid = world.team_id
    mine = world.retro["id"]
    sibling = world.owner.ok("POST", f"/api/teams/{tid}/retros", 201, json={"title": "Sprint 2"})
    sibling_column = sibling["columns"][0]["id"]
    command(world.owner, sibling["id"], "set_phase", phase="reflect")
    sibling_card = world.owner.ok(
        "POST",
        f"/api/retros/{sibling['id']}/cards",
        201,
        json={"column_id": sibling_column, "text": "Members only"},
    )
    other = world.other_retro
    g = world.guest

    # Its own retro works.
    assert g.ok("GET", f"/api/retros/{mine}")["me"]["kind"] == "guest"
    _card(g, world, "A guest's view")

    # Other retros, of the same team and of another team, do not exist for a guest.
    for retro in (sibling, other):
        rid, column = retro["id"], retro["columns"][0]["id"]
        expect_error(g.get(f"/api/retros/{rid}"), 404, "not_found")
        expect_error(g.patch(f"/api/retros/{rid}", json={"title": "x"}), 404, "not_found")
        expect_error(g.delete(f"/api/retros/{rid}"), 404, "not_found")
        body = {"column_id": column, "text": "Sneaking in"}
        expect_error(g.post(f"/api/retros/{rid}/cards", json=body), 404, "not_found")
        expect_error(g.post(f"/api/retros/{rid}/columns", json={"title": "x"}), 404, "not_found")
        expect_error(g.patch(f"/api/columns/{column}", json={"title": "x"}), 404, "not_found")
    expect_error(g.patch(f"/api/cards/{sibling_card['id']}", json={"text": "x"}), 404, "not_found")
    expect_error(g.delete(f"/api/cards/{sibling_card['id']}"), 404, "not_found")

    # Team and account endpoints are for members: 403 whatever the team.
    for method, path, payload in [
        ("GET", "/api/teams", None),
        ("POST", "/api/teams", {"name": "Guest team", "role": "design"}),
        ("GET", "/api/tokens", None),
        ("POST", "/api/tokens", {"name": "guest script"}),
        ("GET", f"/api/teams/{tid}", None),
        ("GET", f"/api/teams/{world.other_team_id}", None),
        ("GET", f"/api/teams/{tid}/retros", None),
        ("POST", f"/api/teams/{tid}/retros", {"title": "x"}),
        ("POST", f"/api/teams/{tid}/invites", {}),
        ("POST", "/api/auth/logout-all", None),
    ]:
        kwargs: dict[str, Any] = {} if payload is None else {"json": payload}
        expect_error(g.request(method, path, **kwargs), 403, "forbidden")

    # Inside its retro a guest is a participant, not a facilitator.
    expect_error(g.patch(f"/api/retros/{mine}", json={"title": "x"}), 403, "forbidden")
    expect_error(g.delete(f"/api/retros/{mine}"), 403, "forbidden")
    expect_error(g.post(f"/api/retros/{mine}/columns", json={"title": "x"}), 403, "forbidden")
    column = world.column_id(0)
    expect_error(g.patch(f"/api/columns/{column}", json={"title": "x"}), 403, "forbidden")

    assert [c["text"] for c in world.owner.ok("GET", f"/api/retros/{sibling['id']}")["cards"]] == [
        "Members only"
    ]
    assert world.owner.ok("GET", f"/api/retros/{mine}")["title"] == "Sprint 1 retro"
    assert [t["name"] for t in world.owner.ok("GET", "/api/teams")] == ["Alpha"]


def test_nobody_edits_another_persons_card(world: World) -> None:
    card = _card(world.eng, world, "Eng wrote this")
    guest_card = _card(world.guest, world, "Guest wrote this")

    for editor in (world.owner, world.pm, world.tech_lead, world.guest):
        for change in ({"text": "Put words in their mouth"}, {"column_id": world.column_id(1)}):
            answer = editor.patch(f"/api/cards/{card['id']}", json=change)
            expect_error(answer, 403, "forbidden")
    for editor in (world.owner, world.eng):
        answer = editor.patch(f"/api/cards/{guest_card['id']}", json={"text": "Rewritten"})
        expect_error(answer, 403, "forbidden")

    # Cards are still hidden (reflect), so each author checks their own.
    rid = world.retro["id"]
    cards = {c["id"]: c for c in world.eng.ok("GET", f"/api/retros/{rid}")["cards"]}
    assert cards[card["id"]]["text"] == "Eng wrote this"
    assert cards[card["id"]]["column_id"] == world.column_id(0)
    guest_view = {c["id"]: c for c in world.guest.ok("GET", f"/api/retros/{rid}")["cards"]}
    assert guest_view[guest_card["id"]]["text"] == "Guest wrote this"

    # Each author may edit their own.
    assert (
        world.eng.ok("PATCH", f"/api/cards/{card['id']}", json={"text": "Mine"})["text"] == "Mine"
    )
    edited = world.guest.ok("PATCH", f"/api/cards/{guest_card['id']}", json={"text": "Also mine"})
    assert edited["text"] == "Also mine"


def test_only_authors_and_facilitators_delete_cards(world: World) -> None:
    rid = world.retro["id"]
    by_eng = _card(world.eng, world, "First")
    by_guest = _card(world.guest, world, "Second")
    by_tech_lead = _card(world.tech_lead, world, "Third")

    # Members who are not facilitators, and guests, may not delete other people's cards.
    expect_error(world.tech_lead.delete(f"/api/cards/{by_eng['id']}"), 403, "forbidden")
    expect_error(world.eng.delete(f"/api/cards/{by_guest['id']}"), 403, "forbidden")
    expect_error(world.guest.delete(f"/api/cards/{by_eng['id']}"), 403, "forbidden")
    remaining = {c["id"] for c in world.owner.ok("GET", f"/api/retros/{rid}")["cards"]}
    assert remaining == {by_eng["id"], by_guest["id"], by_tech_lead["id"]}

    # Facilitators may remove anyone's card; authors their own.
    world.pm.ok("DELETE", f"/api/cards/{by_eng['id']}", 204)
    world.owner.ok("DELETE", f"/api/cards/{by_guest['id']}", 204)
    world.tech_lead.ok("DELETE", f"/api/cards/{by_tech_lead['id']}", 204)
    assert world.owner.ok("GET", f"/api/retros/{rid}")["cards"] == []


def test_non_facilitators_cannot_run_the_team_or_the_board(world: World) -> None:
    tid, rid, column = world.team_id, world.retro["id"], world.column_id(0)
    inv = world.owner.ok("POST", f"/api/teams/{tid}/invites", 201, json={})
    tech_lead_id = user_id(world.tech_lead)
    eng_id = user_id(world.eng)
    before = _snapshot(world)

    for method, path, body in [
        ("PATCH", f"/api/teams/{tid}", {"name": "Renamed"}),
        ("GET", f"/api/teams/{tid}/invites", None),
        ("POST", f"/api/teams/{tid}/invites", {}),
        ("POST", f"/api/teams/{tid}/invites", {"retro_id": rid}),
        ("DELETE", f"/api/teams/{tid}/invites/{inv['id']}", None),
        ("PATCH", f"/api/teams/{tid}/members/{tech_lead_id}", {"role": "qa"}),
        ("PATCH", f"/api/teams/{tid}/members/{eng_id}", {"is_facilitator": True}),
        ("DELETE", f"/api/teams/{tid}/members/{tech_lead_id}", None),
        ("PATCH", f"/api/retros/{rid}", {"title": "Renamed"}),
        ("DELETE", f"/api/retros/{rid}", None),
        ("POST", f"/api/retros/{rid}/columns", {"title": "Extra"}),
        ("PATCH", f"/api/columns/{column}", {"title": "Renamed"}),
        ("PATCH", f"/api/columns/{column}", {"position": 2}),
        ("DELETE", f"/api/columns/{column}", None),
    ]:
        kwargs: dict[str, Any] = {} if body is None else {"json": body}
        expect_error(world.eng.request(method, path, **kwargs), 403, "forbidden")

    assert _snapshot(world) == before
    # What a member may do: change their own role, and start a retro.
    page = world.eng.ok("PATCH", f"/api/teams/{tid}/members/{eng_id}", json={"role": "qa"})
    assert page["me"] == {"user_id": eng_id, "role": "qa", "is_facilitator": False}
    world.eng.ok("POST", f"/api/teams/{tid}/retros", 201, json={"title": "Eng's retro"})


def test_signed_out_requests_get_401(app: FastAPI, world: World) -> None:
    tid, rid, column = world.team_id, world.retro["id"], world.column_id(0)
    card = _card(world.eng, world, "Still here")
    token = invite(world.owner, tid)
    requests: list[tuple[str, str, Any]] = [
        ("GET", "/api/teams", None),
        ("POST", "/api/teams", {"name": "Anon", "role": "pm"}),
        ("GET", f"/api/teams/{tid}", None),
        ("PATCH", f"/api/teams/{tid}", {"name": "Anon"}),
        ("GET", f"/api/teams/{tid}/invites", None),
        ("POST", f"/api/teams/{tid}/invites", {}),
        ("GET", f"/api/teams/{tid}/retros", None),
        ("POST", f"/api/teams/{tid}/retros", {"title": "Anon"}),
        ("GET", f"/api/retros/{rid}", None),
        ("PATCH", f"/api/retros/{rid}", {"title": "Anon"}),
        ("DELETE", f"/api/retros/{rid}", None),
        ("POST", f"/api/retros/{rid}/columns", {"title": "Anon"}),
        ("PATCH", f"/api/columns/{column}", {"title": "Anon"}),
        ("DELETE", f"/api/columns/{column}", None),
        ("POST", f"/api/retros/{rid}/cards", {"column_id": column, "text": "Anon"}),
        ("PATCH", f"/api/cards/{card['id']}", {"text": "Anon"}),
        ("DELETE", f"/api/cards/{card['id']}", None),
        ("GET", "/api/tokens", None),
        ("POST", "/api/tokens", {"name": "Anon"}),
        ("DELETE", f"/api/tokens/{FAKE_ID}", None),
        ("POST", f"/api/invites/{token}/accept", {"role": "eng"}),
        ("POST", "/api/auth/logout", None),
        ("POST", "/api/auth/logout-all", None),
    ]
    with new_client(app) as anon:
        for method, path, body in requests:
            kwargs: dict[str, Any] = {} if body is None else {"json": body}
            expect_error(anon.request(method, path, **kwargs), 401, "unauthenticated")
        # A forged or stale cookie is no better than none.
        forged = {"Cookie": "twofold_session=forged"}
        expect_error(anon.get("/api/teams", headers=forged), 401, "unauthenticated")
        assert anon.ok("GET", "/api/auth/session") == {
            "user": None,
            "guest": None,
            "csrf_token": None,
        }
        # Public pages stay public.
        assert anon.ok("GET", "/api/setup")["needs_owner"] is False
        assert anon.ok("GET", f"/api/invites/{token}")["team_name"] == "Alpha"
    assert world.eng.ok("GET", f"/api/retros/{rid}")["cards"][0]["text"] == "Still here"
