"""Bad input is refused with the right 4xx and the one error shape, never a 5xx, on both
databases."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi import FastAPI

from tests.conftest import Client, command, expect_error, new_client, signup

JSON = {"content-type": "application/json"}


@dataclass
class Board:
    """Lighter than the `world`: one facilitator (`owner`) with teams Alpha and Beta, a retro
    in each, and a signed-out client (`anon`)."""

    owner: Client
    anon: Client
    team_id: str
    other_team_id: str
    retro: dict[str, Any]
    other_retro: dict[str, Any]

    def column_id(self, index: int = 0) -> str:
        return str(self.retro["columns"][index]["id"])


@pytest.fixture
def board(app: FastAPI) -> Iterator[Board]:
    owner = signup(app, "owner@example.com", "Olive Owner")
    team = owner.ok("POST", "/api/teams", 201, json={"name": "Alpha", "role": "em"})
    retro = owner.ok(
        "POST", f"/api/teams/{team['id']}/retros", 201, json={"title": "Sprint 1 retro"}
    )
    other = owner.ok("POST", "/api/teams", 201, json={"name": "Beta", "role": "pm"})
    other_retro = owner.ok(
        "POST", f"/api/teams/{other['id']}/retros", 201, json={"title": "Beta retro"}
    )
    for r in (retro, other_retro):
        command(owner, r["id"], "set_phase", phase="reflect")
    with new_client(app) as anon:
        yield Board(owner, anon, team["id"], other["id"], retro, other_retro)
    owner.close()


def _field_errors(answer: Any) -> list[str]:
    error = expect_error(answer, 422, "validation_error")
    assert isinstance(error["details"], list), error
    assert all(set(d) == {"field", "message"} for d in error["details"]), error
    return [d["field"] for d in error["details"]]


def _teams(c: Client) -> list[str]:
    return sorted(t["name"] for t in c.ok("GET", "/api/teams"))


def test_oversized_text_is_422_and_the_limit_itself_is_fine(board: Board) -> None:
    o, rid = board.owner, board.retro["id"]
    column = board.column_id(0)

    answer = o.post(f"/api/retros/{rid}/cards", json={"column_id": column, "text": "x" * 2001})
    assert _field_errors(answer) == ["text"]
    card = o.ok(
        "POST", f"/api/retros/{rid}/cards", 201, json={"column_id": column, "text": "y" * 2000}
    )
    assert _field_errors(o.patch(f"/api/cards/{card['id']}", json={"text": "z" * 2001})) == ["text"]

    assert _field_errors(o.post("/api/teams", json={"name": "n" * 81, "role": "pm"})) == ["name"]
    patch = o.patch(f"/api/teams/{board.team_id}", json={"name": "n" * 81})
    assert _field_errors(patch) == ["name"]
    o.ok("POST", "/api/teams", 201, json={"name": "m" * 80, "role": "pm"})

    too_long = [
        ("POST", f"/api/teams/{board.team_id}/retros", {"title": "t" * 121}, "title"),
        ("PATCH", f"/api/retros/{rid}", {"sprint_name": "s" * 81}, "sprint_name"),
        ("POST", f"/api/retros/{rid}/columns", {"title": "c" * 61}, "title"),
        ("POST", "/api/tokens", {"name": "k" * 81}, "name"),
    ]
    for method, path, body, field in too_long:
        assert _field_errors(o.request(method, path, json=body)) == [field], path
    # Blank after trimming is as invalid as empty.
    answer = o.post(f"/api/retros/{rid}/cards", json={"column_id": column, "text": "   "})
    assert _field_errors(answer) == ["text"]

    cards = o.ok("GET", f"/api/retros/{rid}")["cards"]
    assert [len(c["text"]) for c in cards] == [2000]
    assert _teams(o) == sorted(["Alpha", "Beta", "m" * 80])


def test_unknown_enum_values_are_422(board: Board) -> None:
    o, rid, tid = board.owner, board.retro["id"], board.team_id
    column = board.column_id(0)
    owner_id = o.ok("GET", "/api/auth/session")["user"]["id"]
    token = o.ok("POST", f"/api/teams/{tid}/invites", 201, json={"retro_id": rid})["token"]
    cases = [
        (o, "POST", "/api/teams", {"name": "Gamma", "role": "ceo"}, "role"),
        (o, "PATCH", f"/api/teams/{tid}/members/{owner_id}", {"role": "boss"}, "role"),
        (o, "POST", f"/api/invites/{token}/accept", {"role": "intern"}, "role"),
        (
            o,
            "POST",
            f"/api/retros/{rid}/cards",
            {"column_id": column, "text": "x", "polarity": "meh"},
            "polarity",
        ),
        (
            o,
            "POST",
            f"/api/retros/{rid}/cards",
            {"column_id": column, "text": "x", "friction": "bugs"},
            "friction",
        ),
        (o, "POST", f"/api/teams/{tid}/retros", {"title": "x", "template": "kanban"}, "template"),
        (
            o,
            "POST",
            f"/api/retros/{rid}/columns",
            {"title": "x", "polarities": ["sideways"]},
            "polarities.0",
        ),
        (
            board.anon,
            "POST",
            f"/api/invites/{token}/guest",
            {"display_name": "G", "role": "ceo"},
            "role",
        ),
    ]
    for c, method, path, body, field in cases:
        assert _field_errors(c.request(method, path, json=body)) == [field], (path, body)
    # Enum values are exact: no other casing.
    assert _field_errors(o.post("/api/teams", json={"name": "Gamma", "role": "PM"})) == ["role"]
    assert _teams(o) == ["Alpha", "Beta"]
    assert o.ok("GET", f"/api/retros/{rid}")["cards"] == []


def test_malformed_json_is_400(board: Board) -> None:
    o, rid = board.owner, board.retro["id"]
    card = o.ok(
        "POST", f"/api/retros/{rid}/cards", 201, json={"column_id": board.column_id(0), "text": "x"}
    )
    for path, method in [
        ("/api/teams", "POST"),
        (f"/api/cards/{card['id']}", "PATCH"),
        ("/api/auth/login", "POST"),
        (f"/api/teams/{board.team_id}/invites", "POST"),
    ]:
        for raw in (b'{"name": "Gamma", "role": "pm"', b"{'name': 'x'}", b"{,}", b"nul"):
            answer = o.request(method, path, content=raw, headers=JSON)
            expect_error(answer, 400, "malformed_json")
    # Bytes that are not even text, and nesting deeper than any parser goes, are 400 too.
    for raw in (b"\xff\xfe\x00{", b"[" * 50_000):
        answer = o.post("/api/teams", content=raw, headers=JSON)
        assert expect_error(answer, 400)["code"] in ("malformed_json", "bad_request")
    # Valid JSON of the wrong shape is a validation error, not a parse error.
    for raw in (b"[]", b"null", b'"Gamma"', b"42"):
        answer = o.post("/api/teams", content=raw, headers=JSON)
        assert _field_errors(answer) == ["body"], raw
    assert _field_errors(o.post("/api/teams", json={"name": 7, "role": "pm"})) == ["name"]
    assert sorted(_field_errors(o.post("/api/teams", headers=JSON))) == ["body"]
    assert _teams(o) == ["Alpha", "Beta"]


def test_bodies_in_other_formats_are_415(board: Board) -> None:
    o = board.owner
    attempts = [
        o.post(
            "/api/teams",
            content=b'{"name": "Gamma", "role": "pm"}',
            headers={"content-type": "text/plain"},
        ),
        o.post("/api/teams", data={"name": "Gamma", "role": "pm"}),
        o.post("/api/teams", files={"name": ("name.txt", b"Gamma")}),
        o.post("/api/teams", content=b'{"name": "Gamma", "role": "pm"}'),  # no content type at all
        o.patch(
            f"/api/teams/{board.team_id}",
            content=b"name=Gamma",
            headers={"content-type": "application/x-www-form-urlencoded"},
        ),
        o.post("/api/auth/login", content=b"<login/>", headers={"content-type": "application/xml"}),
    ]
    for answer in attempts:
        expect_error(answer, 415, "unsupported_media_type")
    assert _teams(o) == ["Alpha", "Beta"]
    # JSON with a charset parameter is still JSON.
    o.ok(
        "POST",
        "/api/teams",
        201,
        content=b'{"name": "Gamma", "role": "pm"}',
        headers={"content-type": "application/json; charset=utf-8"},
    )
    assert _teams(o) == ["Alpha", "Beta", "Gamma"]


def test_bodies_over_64_kib_are_413(board: Board) -> None:
    o = board.owner
    limit = 64 * 1024
    base = b'{"name": "Gamma", "role": "pm"}'

    # Exactly at the limit is accepted...
    o.ok("POST", "/api/teams", 201, content=base + b" " * (limit - len(base)), headers=JSON)
    # ...one byte over is not, whether the length is declared up front or the body streams in.
    over = base + b" " * (limit + 1 - len(base))
    expect_error(o.post("/api/teams", content=over, headers=JSON), 413, "payload_too_large")

    def streamed() -> Iterator[bytes]:
        yield base
        for _ in range(70):
            yield b" " * 1024

    answer = o.post("/api/teams", content=streamed(), headers=JSON)
    assert "content-length" not in answer.request.headers
    expect_error(answer, 413, "payload_too_large")
    # A big card: 2,000 characters is nowhere near the limit, but a 100,000-character one is.
    rid = board.retro["id"]
    answer = o.post(
        f"/api/retros/{rid}/cards", json={"column_id": board.column_id(0), "text": "x" * 100_000}
    )
    expect_error(answer, 413, "payload_too_large")

    # A streamed body under the limit goes through.
    def small() -> Iterator[bytes]:
        yield b'{"name": "Delta",'
        yield b' "role": "qa"}'

    o.ok("POST", "/api/teams", 201, content=small(), headers=JSON)
    assert _teams(o) == ["Alpha", "Beta", "Delta", "Gamma"]
    assert o.ok("GET", f"/api/retros/{rid}")["cards"] == []


def test_unknown_ids_are_404(board: Board) -> None:
    o, tid = board.owner, board.team_id
    nope = "does-not-exist"
    requests: list[tuple[str, str, Any]] = [
        ("GET", f"/api/teams/{nope}", None),
        ("PATCH", f"/api/teams/{nope}", {"name": "x"}),
        ("GET", f"/api/teams/{nope}/retros", None),
        ("POST", f"/api/teams/{nope}/retros", {"title": "x"}),
        ("PATCH", f"/api/teams/{tid}/members/{nope}", {"role": "qa"}),
        ("DELETE", f"/api/teams/{tid}/members/{nope}", None),
        ("DELETE", f"/api/teams/{tid}/invites/{nope}", None),
        ("GET", f"/api/invites/{nope}", None),
        ("GET", f"/api/retros/{nope}", None),
        ("PATCH", f"/api/retros/{nope}", {"title": "x"}),
        ("DELETE", f"/api/retros/{nope}", None),
        ("POST", f"/api/retros/{nope}/columns", {"title": "x"}),
        ("POST", f"/api/retros/{nope}/cards", {"column_id": board.column_id(0), "text": "x"}),
        ("PATCH", f"/api/columns/{nope}", {"title": "x"}),
        ("DELETE", f"/api/columns/{nope}", None),
        ("PATCH", f"/api/cards/{nope}", {"text": "x"}),
        ("DELETE", f"/api/cards/{nope}", None),
        ("DELETE", f"/api/tokens/{nope}", None),
        # Odd ids: very long, percent-encoded NUL (PostgreSQL cannot even compare it), unicode.
        ("GET", f"/api/teams/{'a' * 5000}", None),
        ("GET", "/api/teams/%00", None),
        ("GET", f"/api/retros/{board.retro['id']}%00", None),
        ("PATCH", "/api/cards/x%00y", {"text": "x"}),
        ("POST", "/api/invites/%00/accept", {"role": "eng"}),
        ("GET", "/api/retros/%E2%9C%93", None),
        # Paths that are not in the API at all.
        ("GET", "/api/nothing-here", None),
        ("GET", "/retros/%00", None),
    ]
    for method, path, body in requests:
        kwargs = {} if body is None else {"json": body}
        expect_error(o.request(method, path, **kwargs), 404, "not_found")
    # A NUL in a query's id is refused naming the field, before any query.
    error = expect_error(o.get("/api/insights/teams?team=%00"), 422, "validation_error")
    assert [d["field"] for d in error["details"]] == ["team"], error
    # A card's column must be on the same board: that is a field error, not a missing page.
    answer = o.post(
        f"/api/retros/{board.retro['id']}/cards",
        json={"column_id": board.other_retro["columns"][0]["id"], "text": "x"},
    )
    assert _field_errors(answer) == ["column_id"]
    answer = o.post(f"/api/teams/{tid}/invites", json={"retro_id": board.other_retro["id"]})
    assert _field_errors(answer) == ["retro_id"]
    # A method the path does not have is 405, in the same shape.
    expect_error(o.put(f"/api/teams/{tid}", json={"name": "x"}), 405, "method_not_allowed")


def test_unknown_fields_are_422(board: Board) -> None:
    o, rid, tid = board.owner, board.retro["id"], board.team_id
    card = o.ok(
        "POST", f"/api/retros/{rid}/cards", 201, json={"column_id": board.column_id(0), "text": "x"}
    )
    cases = [
        ("POST", "/api/teams", {"name": "Gamma", "role": "pm", "is_admin": True}, "is_admin"),
        ("PATCH", f"/api/teams/{tid}", {"name": "Gamma", "nmae": "typo"}, "nmae"),
        ("PATCH", f"/api/cards/{card['id']}", {"txt": "typo"}, "txt"),
        (
            "POST",
            f"/api/retros/{rid}/cards",
            {"column_id": board.column_id(0), "text": "x", "author": "pm"},
            "author",
        ),
        ("PATCH", f"/api/retros/{rid}", {"team_id": board.other_team_id}, "team_id"),
        ("POST", "/api/tokens", {"name": "x", "scopes": ["all"]}, "scopes"),
        (
            "POST",
            "/api/auth/login",
            {"email": "owner@example.com", "password": "x", "remember": True},
            "remember",
        ),
    ]
    for method, path, body, field in cases:
        assert field in _field_errors(o.request(method, path, json=body)), path
    assert _teams(o) == ["Alpha", "Beta"]
    assert o.ok("GET", f"/api/retros/{rid}")["cards"][0]["text"] == "x"


def test_sprint_cannot_end_before_it_starts(board: Board) -> None:
    o, tid = board.owner, board.team_id
    backwards = {"title": "Backwards", "sprint_start": "2026-11-20", "sprint_end": "2026-11-06"}
    assert _field_errors(o.post(f"/api/teams/{tid}/retros", json=backwards)) == ["sprint_end"]
    retro = o.ok(
        "POST",
        f"/api/teams/{tid}/retros",
        201,
        json={"title": "One day", "sprint_start": "2026-11-20", "sprint_end": "2026-11-20"},
    )
    # Moving only one end past the other is caught too, and changes nothing.
    for change in ({"sprint_end": "2026-11-19"}, {"sprint_start": "2026-11-21"}):
        field = next(iter(change))
        errors = _field_errors(o.patch(f"/api/retros/{retro['id']}", json=change))
        assert errors == ["sprint_end"], (field, errors)
    for not_a_date in ("2026-13-01", "2026-02-30", "next week", 20261120):
        body = {"title": "x", "sprint_start": not_a_date}
        assert _field_errors(o.post(f"/api/teams/{tid}/retros", json=body)) == ["sprint_start"]
    again = o.ok("GET", f"/api/retros/{retro['id']}")
    assert (again["sprint_start"], again["sprint_end"]) == ("2026-11-20", "2026-11-20")
    titles = [r["title"] for r in o.ok("GET", f"/api/teams/{tid}/retros")]
    assert sorted(titles) == ["One day", "Sprint 1 retro"]


def test_text_postgresql_cannot_store_is_422_everywhere(board: Board) -> None:
    """NUL characters, and lone surrogates that are not Unicode text at all, are refused as
    field errors on both databases (PostgreSQL would otherwise fail with a server error)."""
    o, rid, tid = board.owner, board.retro["id"], board.team_id
    token = o.ok("POST", f"/api/teams/{tid}/invites", 201, json={"retro_id": rid})["token"]
    column = board.column_id(0)
    for bad in ("nul\x00inside", "\x00"):
        cases = [
            (o, "POST", "/api/teams", {"name": bad, "role": "pm"}, "name"),
            (o, "PATCH", f"/api/teams/{tid}", {"name": bad}, "name"),
            (o, "POST", f"/api/retros/{rid}/cards", {"column_id": column, "text": bad}, "text"),
            (o, "POST", f"/api/retros/{rid}/cards", {"column_id": bad, "text": "x"}, "column_id"),
            (o, "POST", f"/api/retros/{rid}/columns", {"title": bad}, "title"),
            (o, "PATCH", f"/api/retros/{rid}", {"sprint_name": bad}, "sprint_name"),
            (o, "POST", f"/api/teams/{tid}/invites", {"retro_id": bad}, "retro_id"),
            (o, "POST", "/api/tokens", {"name": bad}, "name"),
            (o, "POST", "/api/auth/login", {"email": bad, "password": "x" * 12}, "email"),
            (
                o,
                "POST",
                "/api/auth/signup",
                {
                    "email": "a@example.com",
                    "password": "p" * 12,
                    "display_name": "A",
                    "invite_token": bad,
                },
                "invite_token",
            ),
            (
                board.anon,
                "POST",
                f"/api/invites/{token}/guest",
                {"display_name": bad, "role": "qa"},
                "display_name",
            ),
        ]
        for c, method, path, body, field in cases:
            assert _field_errors(c.request(method, path, json=body)) == [field], (path, body)
        # Board commands, as the socket sends them too: one field named, nothing applied.
        for board_command in (
            {"name": "add_card", "column_id": column, "text": bad},
            {"name": "add_card", "column_id": bad, "text": "x"},
            {"name": "group_cards", "card_ids": ["fine", bad]},
        ):
            answer = o.post(
                f"/api/retros/{rid}/commands",
                json={"command_id": "nul-check-0001", "command": board_command},
            )
            [field] = _field_errors(answer)
            named = next(k for k, v in board_command.items() if v == bad or bad in v)
            assert named in field, (field, board_command)
    surrogate = b'{"name": "half \\ud800 a character", "role": "pm"}'
    assert _field_errors(o.post("/api/teams", content=surrogate, headers=JSON)) == ["name"]
    assert _teams(o) == ["Alpha", "Beta"]
    assert o.ok("GET", f"/api/retros/{rid}")["cards"] == []
    # Everything else Unicode has to offer is fine.
    name = "Équipe 🚀 — 東京"
    assert o.ok("POST", "/api/teams", 201, json={"name": name, "role": "pm"})["name"] == name
