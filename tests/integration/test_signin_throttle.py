"""Sign-in throttling: waits that double per account and address pair and per address, and a
browser that signed in before (a known device) counted on its own, on both databases."""

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx2
from fastapi import FastAPI
from sqlalchemy import func, select, update

from tests.conftest import PASSWORD, Client, expect_error, signup
from twofold.services import accounts
from twofold.services.context import Ctx
from twofold.store.tables import LoginFailureRow

WRONG = "not the password at all"


def client_at(app: FastAPI, address: str) -> Client:
    return Client(
        app, base_url="https://testserver", raise_server_exceptions=False, client=(address, 5000)
    )


def login(c: Client, email: str, password: str) -> Any:
    return c.post("/api/auth/login", json={"email": email, "password": password})


def age_failures(ctx: Ctx, seconds: float) -> None:
    """Move every recorded failure this far into the past (the waits are counted from them)."""
    with ctx.db.engine.begin() as conn:
        conn.execute(
            update(LoginFailureRow).values(at=datetime.now(UTC) - timedelta(seconds=seconds))
        )


def fail_many(ctx: Ctx, c: Client, email: str, times: int) -> None:
    """`times` failed sign-ins, each let in by moving the earlier ones past any wait."""
    for _ in range(times):
        age_failures(ctx, 3601)
        expect_error(login(c, email, WRONG), 401, "invalid_credentials")


def device_cookie(answer: httpx2.Response) -> str:
    values = {
        h.split(";")[0].split("=", 1)[1]
        for h in answer.headers.get_list("set-cookie")
        if h.startswith("twofold_device=")
    }
    assert len(values) == 1, answer.headers.get_list("set-cookie")
    return values.pop()


def waited(error: dict[str, Any]) -> int:
    """The wait a refusal told, rounded to the wait as it stood at the failure: each answer
    checks a password first, which can take a second or two on a loaded machine."""
    assert set(error["details"]) == {"retry_after"}, error
    told = int(error["details"]["retry_after"])
    return told + (-told % 30 if -told % 30 <= 3 else 0)


def test_waits_double_for_one_account_from_one_address(app: FastAPI, ctx: Ctx) -> None:
    signup(app, "victim@example.com", "Victim").close()
    with client_at(app, "198.51.100.7") as c:
        for _ in range(5):
            expect_error(login(c, "victim@example.com", WRONG), 401, "invalid_credentials")
        # Five are free; then even the right password waits 30 s, told in the answer.
        answer = login(c, "victim@example.com", PASSWORD)
        error = expect_error(answer, 429, "rate_limited")
        assert waited(error) == 30
        assert answer.headers["Retry-After"] == str(error["details"]["retry_after"])
        assert "twofold_session" not in answer.headers.get("set-cookie", "")
        # A refused attempt is not counted: waiting it out lets the next one through...
        age_failures(ctx, 31)
        expect_error(login(c, "victim@example.com", WRONG), 401, "invalid_credentials")
        # ...and that failure doubles the wait.
        assert waited(expect_error(login(c, "victim@example.com", PASSWORD), 429)) == 60
        age_failures(ctx, 61)
        assert login(c, "victim@example.com", PASSWORD).status_code == 200
        # A right password forgives this pair's failures: the next mistake is free again.
        expect_error(login(c, "victim@example.com", WRONG), 401, "invalid_credentials")
        expect_error(login(c, "victim@example.com", WRONG), 401, "invalid_credentials")


def test_unknown_emails_are_slowed_the_same_way(app: FastAPI) -> None:
    with client_at(app, "198.51.100.8") as c:
        for _ in range(5):
            expect_error(login(c, "nobody@example.com", WRONG), 401, "invalid_credentials")
        expect_error(login(c, "nobody@example.com", WRONG), 429, "rate_limited")


def test_an_attacker_elsewhere_slows_only_their_own_pair_and_address(
    app: FastAPI, ctx: Ctx
) -> None:
    signup(app, "owner@example.com", "Olive Owner").close()
    with client_at(app, "203.0.113.66") as attacker:
        fail_many(ctx, attacker, "owner@example.com", 25)
        age_failures(ctx, 0)
        # The attacker's own attempts wait, right password or not...
        expect_error(login(attacker, "owner@example.com", PASSWORD), 429, "rate_limited")
        # ...and so does any account tried from their address, once it has failed 20 times.
        expect_error(login(attacker, "someone@example.com", WRONG), 429, "rate_limited")
    # The owner, from anywhere else, is not slowed at all, even on a browser never seen before.
    with client_at(app, "192.0.2.10") as owner:
        assert login(owner, "owner@example.com", PASSWORD).json()["user"]["is_owner"] is True
    with ctx.db.read() as tx:
        failures = tx.scalar(select(func.count()).select_from(LoginFailureRow))
    assert failures is not None
    assert failures >= 25


def test_a_known_device_gets_in_while_its_own_address_is_under_attack(
    app: FastAPI, ctx: Ctx
) -> None:
    signup(app, "owner@example.com", "Olive Owner").close()
    office = "198.51.100.20"
    with client_at(app, office) as laptop, client_at(app, office) as stranger:
        known = device_cookie(login(laptop, "owner@example.com", PASSWORD))
        # Someone behind the same office address guesses at the owner's account.
        fail_many(ctx, stranger, "owner@example.com", 25)
        age_failures(ctx, 0)
        expect_error(login(stranger, "owner@example.com", PASSWORD), 429, "rate_limited")
        # The owner's own browser still gets in with the right password.
        again = login(laptop, "owner@example.com", PASSWORD)
        assert again.status_code == 200, again.text
        assert device_cookie(again).split(".")[2] == known.split(".")[2]  # the same device
        # Copying the cookie into the stranger's browser with a changed signature does nothing.
        forged = known[:-4] + ("0000" if not known.endswith("0000") else "1111")
        stranger.cookies.set("twofold_device", forged, domain="testserver", path="/api/auth/login")
        expect_error(login(stranger, "owner@example.com", PASSWORD), 429, "rate_limited")
        # Nor does a valid one for another account.
        accounts.create_user(ctx, "pat@example.com", PASSWORD, "Pat")
        with client_at(app, "192.0.2.77") as pats:
            pat_cookie = device_cookie(login(pats, "pat@example.com", PASSWORD))
        stranger.cookies.clear()
        stranger.cookies.set(
            "twofold_device", pat_cookie, domain="testserver", path="/api/auth/login"
        )
        expect_error(login(stranger, "owner@example.com", PASSWORD), 429, "rate_limited")


def test_a_known_device_has_its_own_limit(app: FastAPI, ctx: Ctx) -> None:
    signup(app, "owner@example.com", "Olive Owner").close()
    with client_at(app, "198.51.100.30") as laptop:
        login(laptop, "owner@example.com", PASSWORD)
        for _ in range(5):
            expect_error(login(laptop, "owner@example.com", WRONG), 401, "invalid_credentials")
        # Wrong passwords from the known device itself slow it down like anyone else.
        assert waited(expect_error(login(laptop, "owner@example.com", PASSWORD), 429)) == 30
        age_failures(ctx, 31)
        assert login(laptop, "owner@example.com", PASSWORD).status_code == 200


def test_the_device_cookie_is_httponly_secure_strict_and_sent_only_where_it_is_read(
    app: FastAPI,
) -> None:
    signup(app, "owner@example.com", "Olive Owner").close()
    with client_at(app, "198.51.100.40") as c:
        answer = login(c, "owner@example.com", PASSWORD)
    headers = [h for h in answer.headers.get_list("set-cookie") if h.startswith("twofold_device=")]
    paths = set()
    for header in headers:
        attributes = {p.strip().split("=")[0].lower(): p.strip() for p in header.split(";")[1:]}
        assert "httponly" in attributes
        assert "secure" in attributes
        assert attributes["samesite"].lower() == "samesite=strict"
        assert int(attributes["max-age"].split("=")[1]) == 365 * 24 * 3600
        paths.add(attributes["path"].split("=")[1])
    assert paths == {"/api/auth/login", "/api/account/password"}
