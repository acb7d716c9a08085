"""Every validation message is written for people: a walk over every request body the API
takes, sending bad values for each field (wrong types, out of range, too long or short, not a
date, email, time zone or allowed value, missing, unknown), checks that no answer carries
pydantic's own phrasing, and that each problem still names its field.

The bodies come from the app's own OpenAPI schema, so a new endpoint or field is walked
without editing this test. Path ids point at real objects, so the checks services make after
merging a change with what is stored (a ritual's recurrence, say) are reached too.

It walks SQLite only: a message is worded by the API and the services before any query, the
same on either engine, and the walk sends a few thousand requests. What PostgreSQL refuses that
SQLite stores (NUL above all) is the API fuzz test's part, on both engines."""

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from tests.conftest import Client, World, new_client, with_full_budgets
from tests.databases import sqlite_copy
from twofold.api.app import create_app
from twofold.services.context import Ctx
from twofold.settings import Settings

# How pydantic words its errors. None of it may reach a person.
RAW = (
    "Value error,",
    "Assertion failed,",
    "value is not a valid",
    "Input should be",
    "Input should have",
    "String should have",
    "String should match",
    "List should have",
    "Tuple should have",
    "Dictionary should have",
    "Field required",
    "Extra inputs are not permitted",
    "unable to parse",
    "Unable to extract tag",
    "Input tag",
    "should be a valid",
    "Object has no attribute",
)


@pytest.fixture
def db_url(tmp_path: Path, sqlite_template: Path) -> str:
    return sqlite_copy(sqlite_template, tmp_path)


REQUESTS_PER_APP = 60
"""The app keeps a write budget per client; filling it again every so many requests keeps the
walk clear of 429s without changing the budget."""


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = spec["components"]["schemas"][name]
    return schema


def _alternatives(spec: dict[str, Any], schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The schemas a value may follow, nulls left out."""
    schema = _resolve(spec, schema)
    options = schema.get("anyOf") or schema.get("oneOf")
    if not options:
        return [schema]
    out = []
    for option in options:
        out += _alternatives(spec, option)
    return [o for o in out if o.get("type") != "null"]


def _bad_values(spec: dict[str, Any], schema: dict[str, Any], depth: int) -> Iterator[Any]:
    """Values a field of this schema must refuse, nested objects walked a little way in."""
    yield {"not": "this"} if schema.get("type") != "object" else "text"
    for s in _alternatives(spec, schema):
        kind = s.get("type")
        if "enum" in s or "const" in s:
            yield "certainly-not-an-option"
        if kind == "string":
            yield 12345
            fmt = s.get("format")
            if fmt in ("date", "date-time", "time", "email"):
                yield "2026-13-45 not" if fmt != "email" else "someone@nowhere"
                yield "not-even-close"
            if "maxLength" in s:
                yield "x" * (s["maxLength"] + 1)
            if s.get("minLength", 0) >= 1:
                yield ""
            if "pattern" in s:
                yield "!!! no !!!"
            yield "nul\u0000inside"
        elif kind in ("integer", "number"):
            yield "twelve"
            yield True
            if kind == "integer":
                yield 1.5
                yield 10**40
            for low in ("minimum", "exclusiveMinimum"):
                if low in s:
                    yield s[low] - 1
            for high in ("maximum", "exclusiveMaximum"):
                if high in s:
                    yield s[high] + 1
        elif kind == "boolean":
            yield "perhaps"
        elif kind == "array":
            yield "one, two"
            if s.get("minItems", 0) >= 1:
                yield []
            items = s.get("items", {})
            if "maxItems" in s:
                yield [_plausible(spec, items)] * (s["maxItems"] + 1)
            if depth < 2:
                for bad in _bad_values(spec, items, depth + 1):
                    yield [bad]
        elif kind == "object" and depth < 2:
            yield from _bad_bodies(spec, s, depth + 1)


def _plausible(spec: dict[str, Any], schema: dict[str, Any]) -> Any:
    s = _alternatives(spec, schema)[0]
    return {"string": "x", "integer": 1, "number": 1, "boolean": True}.get(s.get("type", ""), {})


def _bad_bodies(spec: dict[str, Any], schema: dict[str, Any], depth: int = 0) -> Iterator[Any]:
    """Whole bodies, each with one thing wrong (plus whatever required fields it lacks)."""
    yield {}
    yield {"surely_not_a_field": 1}
    for alt in _alternatives(spec, schema):
        props = alt.get("properties", {})
        # A member of a tagged union: keep its tag, so its own fields are reached.
        tags = {k: v["const"] for k, v in props.items() if "const" in _resolve(spec, v)}
        for name, prop in props.items():
            if name in tags:
                continue
            for bad in _bad_values(spec, prop, depth):
                yield {**tags, name: bad}


def _operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            body = op.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                yield method.upper(), path, body["schema"]


def _ids(world: World) -> dict[str, str]:
    o, tid = world.owner, world.team_id
    ritual = o.ok("POST", f"/api/teams/{tid}/rituals", 201, json={"kind": "pm_tech_lead_sync"})
    debt = o.ok("POST", f"/api/teams/{tid}/debt", 201, json={"title": "Slow build"})
    template = o.ok(
        "POST",
        f"/api/teams/{tid}/templates",
        201,
        json={"name": "Ours", "columns": [{"title": "Wins", "polarities": ["went_well"]}]},
    )
    invite = o.ok("POST", f"/api/teams/{tid}/invites", 201, json={})
    token = o.ok("POST", "/api/tokens", 201, json={"name": "walk"})
    card = o.ok(
        "POST",
        f"/api/retros/{world.retro['id']}/cards",
        201,
        json={"column_id": world.column_id(), "text": "A card"},
    )
    return {
        "team_id": tid,
        "retro_id": world.retro["id"],
        "column_id": world.column_id(),
        "card_id": card["id"],
        "ritual_id": ritual["id"],
        "debt_id": debt["id"],
        "template_id": template["id"],
        "invite_id": invite["id"],
        "token": invite["token"],
        "token_id": token["id"],
        "user_id": o.ok("GET", "/api/auth/session")["user"]["id"],
        "action_id": "no-such-action",
    }


def _as_owner(app: FastAPI, owner: Client) -> Client:
    c = new_client(app)
    c.cookies = owner.cookies
    c.headers["X-CSRF-Token"] = owner.headers["X-CSRF-Token"]
    return c


def test_no_validation_message_carries_pydantic_wording(
    world: World, settings: Settings, ctx: Ctx, app: FastAPI
) -> None:
    spec = app.openapi()
    ids = _ids(world)
    leaks: list[tuple[str, str, Any, str]] = []
    unnamed: list[tuple[str, str, Any]] = []
    answered = 0
    seen: dict[str, set[str]] = {}
    sent = 0
    walker = create_app(settings, ctx=ctx)
    client = _as_owner(walker, world.owner)
    for method, template, schema in _operations(spec):
        path = re.sub(r"{(\w+)}", lambda m: ids.get(m.group(1), "none"), template)
        for body in [*_bad_bodies(spec, schema), [], "just text", 7]:
            if sent and sent % REQUESTS_PER_APP == 0:
                with_full_budgets(walker)
            sent += 1
            answer = client.request(method, path, json=body)
            if answer.status_code != 422:
                continue
            answered += 1
            error = answer.json()["error"]
            for text in [error["message"], *(d["message"] for d in error["details"] or [])]:
                if any(raw in text for raw in RAW):
                    leaks.append((method, template, body, text))
            for detail in error["details"] or []:
                if not detail["field"] or not detail["message"]:
                    unnamed.append((method, template, body))
                seen.setdefault(detail["field"], set()).add(detail["message"])
    client.close()
    assert not leaks, "\n".join(f"{m} {p} {b!r}: {t}" for m, p, b, t in leaks[:40])
    assert not unnamed, unnamed[:10]
    # The walk got through: hundreds of refusals, over fields of many bodies.
    assert answered > 500, answered
    assert {"email", "name", "title", "recurrence.timezone", "points_committed"} <= set(seen)
    # The people's wording, under the field it is about.
    assert any(m.startswith("Enter an email address") for m in seen["email"]), seen["email"]
    assert any("is not a time zone we know" in m for m in seen["recurrence.timezone"])
    assert "Enter a date such as 2026-12-19." in seen["sprint_start"]
    assert "This is required." in seen["title"]
    assert any(m.startswith("Use at most") for m in seen["title"])
    assert any(m.startswith("Choose one of: pm, eng") for m in seen["role"])
