"""Sessions, CSRF, API tokens, sign-in throttling and emails, over the real API on both
databases."""

from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import FastAPI
from sqlalchemy import update

from tests.conftest import PASSWORD, Client, World, expect_error, invite, new_client, signup
from twofold.services.context import Ctx
from twofold.store.tables import LoginFailureRow


def _cookie_attributes(response: Any) -> tuple[str, dict[str, str]]:
    """The session cookie's value and its attributes (lower-cased names) from Set-Cookie."""
    headers = [
        h for h in response.headers.get_list("set-cookie") if h.startswith("twofold_session=")
    ]
    assert len(headers) == 1, response.headers.get_list("set-cookie")
    first, *rest = (part.strip() for part in headers[0].split(";"))
    attributes = {}
    for part in rest:
        name, _, value = part.partition("=")
        attributes[name.lower()] = value
    return first.split("=", 1)[1], attributes


def test_session_cookie_is_httponly_secure_and_samesite_lax(app: FastAPI, world: World) -> None:
    token = invite(world.owner, world.team_id, world.retro["id"])
    signup_body = {
        "email": "cookie@example.com",
        "password": PASSWORD,
        "display_name": "Cookie",
        "invite_token": token,
    }
    with new_client(app) as a, new_client(app) as b, new_client(app) as c:
        answers = {
            "login": a.post(
                "/api/auth/login", json={"email": "eng@example.com", "password": PASSWORD}
            ),
            "guest": b.post(
                f"/api/invites/{token}/guest", json={"display_name": "Gia", "role": "qa"}
            ),
            "signup": c.post("/api/auth/signup", json=signup_body),
        }
    for how, answer in answers.items():
        assert answer.status_code in (200, 201), (how, answer.text)
        value, attributes = _cookie_attributes(answer)
        assert value, how
        assert "httponly" in attributes, (how, attributes)
        assert "secure" in attributes, (how, attributes)
        assert attributes.get("samesite", "").lower() == "lax", (how, attributes)
        assert attributes.get("path") == "/", (how, attributes)
        # The CSRF token comes in the body, apart from the cookie it protects.
        assert answer.json()["csrf_token"], how
        assert answer.json()["csrf_token"] not in answer.headers.get("set-cookie", ""), how


def test_cookie_writes_need_the_csrf_header(world: World) -> None:
    tid, rid = world.team_id, world.retro["id"]
    eng = world.eng
    card = eng.ok(
        "POST",
        f"/api/retros/{rid}/cards",
        201,
        json={"column_id": world.column_id(0), "text": "Keep me"},
    )
    right = eng.headers["X-CSRF-Token"]
    other_sessions_token = world.pm.headers["X-CSRF-Token"]

    def attempts() -> list[Any]:
        return [
            eng.post("/api/teams", json={"name": "Forged", "role": "eng"}),
            eng.post(f"/api/teams/{tid}/retros", json={"title": "Forged"}),
            eng.patch(f"/api/cards/{card['id']}", json={"text": "Forged"}),
            eng.delete(f"/api/cards/{card['id']}"),
            eng.post("/api/tokens", json={"name": "Forged"}),
            eng.post("/api/auth/logout"),
            eng.post("/api/auth/logout-all"),
        ]

    del eng.headers["X-CSRF-Token"]
    missing = attempts()
    eng.headers["X-CSRF-Token"] = "wrong"
    wrong = attempts()
    eng.headers["X-CSRF-Token"] = other_sessions_token
    borrowed = attempts()
    for answer in missing + wrong + borrowed:
        expect_error(answer, 403, "csrf_failed")

    # Reads need no header, and nothing above changed anything: the session is still alive.
    del eng.headers["X-CSRF-Token"]
    assert [t["name"] for t in eng.ok("GET", "/api/teams")] == ["Alpha"]
    assert [r["title"] for r in eng.ok("GET", f"/api/teams/{tid}/retros")] == ["Sprint 1 retro"]
    assert [c["text"] for c in eng.ok("GET", f"/api/retros/{rid}")["cards"]] == ["Keep me"]
    assert eng.ok("GET", "/api/tokens") == []
    # A guest's cookie follows the same rule.
    guest_token = world.guest.headers.pop("X-CSRF-Token")
    answer = world.guest.post(
        f"/api/retros/{rid}/cards", json={"column_id": world.column_id(0), "text": "Forged"}
    )
    expect_error(answer, 403, "csrf_failed")
    world.guest.headers["X-CSRF-Token"] = guest_token
    # With the right header the same write works.
    eng.headers["X-CSRF-Token"] = right
    eng.ok("PATCH", f"/api/cards/{card['id']}", json={"text": "Changed"})
    assert [c["text"] for c in eng.ok("GET", f"/api/retros/{rid}")["cards"]] == ["Changed"]


def test_api_tokens_work_without_csrf_and_die_when_deleted(app: FastAPI, world: World) -> None:
    tid = world.team_id
    created = world.eng.ok("POST", "/api/tokens", 201, json={"name": "  nightly script  "})
    secret = created["token"]
    assert secret.startswith("tf_")
    assert created["name"] == "nightly script"
    assert created["last_used_at"] is None

    # Shown once: listing never repeats the secret.
    listed = world.eng.ok("GET", "/api/tokens")
    assert [(t["id"], t["name"], t["token"]) for t in listed] == [
        (created["id"], "nightly script", None)
    ]
    assert secret not in world.eng.get("/api/tokens").text

    with new_client(app) as script:
        script.headers["Authorization"] = f"Bearer {secret}"
        assert [t["name"] for t in script.ok("GET", "/api/teams")] == ["Alpha"]
        # Writes with a token need no CSRF header (there is no cookie to ride on).
        assert "X-CSRF-Token" not in script.headers
        retro = script.ok("POST", f"/api/teams/{tid}/retros", 201, json={"title": "From a script"})
        assert retro["me"]["display_name"] == "Eng"
        assert world.eng.ok("GET", "/api/tokens")[0]["last_used_at"] is not None

        # Someone else cannot delete it.
        answer = world.pm.delete(f"/api/tokens/{created['id']}")
        expect_error(answer, 404, "not_found")
        assert [t["name"] for t in script.ok("GET", "/api/teams")] == ["Alpha"]

        world.eng.ok("DELETE", f"/api/tokens/{created['id']}", 204)
        expect_error(script.get("/api/teams"), 401, "unauthenticated")
        expect_error(
            script.post(f"/api/teams/{tid}/retros", json={"title": "x"}), 401, "unauthenticated"
        )
        assert world.eng.ok("GET", "/api/tokens") == []
        expect_error(world.eng.delete(f"/api/tokens/{created['id']}"), 404, "not_found")

        for header in ("Bearer tf_not-a-real-token", "Bearer ", "Basic ZW5nOnB3", "tf_no_scheme"):
            script.headers["Authorization"] = header
            expect_error(script.get("/api/teams"), 401, "unauthenticated")
    titles = [r["title"] for r in world.owner.ok("GET", f"/api/teams/{tid}/retros")]
    assert titles.count("From a script") == 1


def test_wrong_password_and_unknown_email_get_the_same_401(app: FastAPI, world: World) -> None:
    with new_client(app) as c:
        wrong = c.post(
            "/api/auth/login", json={"email": "eng@example.com", "password": "not it at all"}
        )
        unknown = c.post(
            "/api/auth/login", json={"email": "nobody@example.com", "password": PASSWORD}
        )
        for answer in (wrong, unknown):
            expect_error(answer, 401, "invalid_credentials")
            assert "set-cookie" not in answer.headers
        assert wrong.json() == unknown.json()
        assert c.ok("GET", "/api/auth/session")["user"] is None


def test_sixth_sign_in_after_five_failures_is_rate_limited(
    app: FastAPI, ctx: Ctx, client: Client
) -> None:
    signup(app, "victim@example.com", "Victim").close()
    login = {"email": "victim@example.com", "password": PASSWORD}
    for _ in range(5):
        answer = client.post("/api/auth/login", json={**login, "password": "guess guess guess"})
        expect_error(answer, 401, "invalid_credentials")

    # Even the right password is refused now.
    answer = client.post("/api/auth/login", json=login)
    error = expect_error(answer, 429, "rate_limited")
    retry_after = error["details"]["retry_after"]
    assert isinstance(retry_after, int)
    assert 1 <= retry_after <= 15 * 60
    assert answer.headers["Retry-After"] == str(retry_after)
    assert "set-cookie" not in answer.headers

    # Once the failures are older than the 15-minute window, the right password works again.
    with ctx.db.engine.begin() as conn:
        conn.execute(update(LoginFailureRow).values(at=datetime.now(UTC) - timedelta(minutes=16)))
    assert client.ok("POST", "/api/auth/login", json=login)["user"]["email"] == "victim@example.com"


def test_logout_all_ends_every_session_of_that_user_only(app: FastAPI, world: World) -> None:
    laptop = world.eng
    phone = new_client(app)
    tablet = new_client(app)
    try:
        for c in (phone, tablet):
            c.remember(
                c.post("/api/auth/login", json={"email": "eng@example.com", "password": PASSWORD})
            )
        secret = laptop.ok("POST", "/api/tokens", 201, json={"name": "script"})["token"]

        # Logging out ends this browser's session only.
        tablet.ok("POST", "/api/auth/logout", 204)
        expect_error(tablet.get("/api/teams"), 401, "unauthenticated")
        for c in (laptop, phone):
            assert [t["name"] for t in c.ok("GET", "/api/teams")] == ["Alpha"]

        phone.ok("POST", "/api/auth/logout-all", 204)
        for c in (laptop, phone):
            expect_error(c.get("/api/teams"), 401, "unauthenticated")
            expect_error(
                c.post("/api/teams", json={"name": "x", "role": "eng"}), 401, "unauthenticated"
            )
            assert c.ok("GET", "/api/auth/session")["user"] is None

        # Other people stay signed in; API tokens are not browser sessions and keep working.
        for c in (world.owner, world.pm, world.tech_lead):
            assert [t["name"] for t in c.ok("GET", "/api/teams")] == ["Alpha"]
        assert world.guest.ok("GET", f"/api/retros/{world.retro['id']}")["me"]["kind"] == "guest"
        with new_client(app) as script:
            script.headers["Authorization"] = f"Bearer {secret}"
            assert [t["name"] for t in script.ok("GET", "/api/teams")] == ["Alpha"]
    finally:
        phone.close()
        tablet.close()


def test_email_is_case_insensitive_and_unique(app: FastAPI, world: World) -> None:
    with new_client(app) as c:
        session = c.ok(
            "POST", "/api/auth/login", json={"email": "  ENG@Example.COM ", "password": PASSWORD}
        )
        assert session["user"]["email"] == "eng@example.com"

    token = invite(world.owner, world.team_id)
    with new_client(app) as c:
        body = {"password": PASSWORD, "display_name": "Mixed", "invite_token": token}
        created = c.ok(
            "POST", "/api/auth/signup", 201, json={**body, "email": "Mixed.Case@EXAMPLE.com"}
        )
        assert created["user"]["email"] == "mixed.case@example.com"
        for email in ("mixed.case@example.com", "MIXED.CASE@example.com", "OWNER@example.com"):
            answer = c.post("/api/auth/signup", json={**body, "email": email})
            expect_error(answer, 409, "email_taken")
    with new_client(app) as c:
        login = {"email": "mixed.case@example.com", "password": PASSWORD}
        assert c.ok("POST", "/api/auth/login", json=login)["user"]["display_name"] == "Mixed"
    emails = [m["email"] for m in world.owner.ok("GET", f"/api/teams/{world.team_id}")["members"]]
    assert "mixed.case@example.com" not in emails  # signing up is not joining
