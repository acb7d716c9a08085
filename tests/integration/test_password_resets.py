"""The owner's accounts section and one-time password reset links, over the real API on both
databases (mail stays off here; tests/integration/test_mail.py has it on)."""

import hashlib
import hmac
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import FastAPI
from sqlalchemy import select, update

from tests.conftest import PASSWORD, Client, World, expect_error, new_client, user_id
from tests.integration.test_signin_throttle import login
from twofold.domain.mail import MAIL_KIND
from twofold.services import accounts
from twofold.services.context import Ctx
from twofold.store.tables import OutboxRow, PasswordResetRow

NEW_PASSWORD = "a fresh start, finally"


def make_link(owner: Client, uid: str) -> dict[str, Any]:
    return dict(owner.ok("POST", f"/api/admin/accounts/{uid}/password-reset", 201))


def token_of(link: dict[str, Any]) -> str:
    path = str(link["path"])
    assert path.startswith("/reset/")
    return path.removeprefix("/reset/")


def test_the_owner_finds_accounts_by_name_or_email(app: FastAPI, ctx: Ctx, world: World) -> None:
    page = world.owner.ok("GET", "/api/admin/accounts")
    assert page["total"] == 5
    names = [a["display_name"] for a in page["accounts"]]
    assert names == sorted(names, key=str.lower)
    owner = next(a for a in page["accounts"] if a["email"] == "owner@example.com")
    assert owner["is_owner"] is True
    assert owner["reset_link_expires_at"] is None
    assert "password_hash" not in owner

    def found(q: str) -> list[str]:
        answer = world.owner.ok("GET", "/api/admin/accounts", params={"q": q})
        return [a["email"] for a in answer["accounts"]]

    assert found("ENG@") == ["eng@example.com"]
    assert found("otto") == ["outsider@example.com"]  # by display name, any case
    assert found("tech lead") == ["tech_lead@example.com"]
    assert found("%") == []  # wildcards are plain characters
    assert found("_") == ["tech_lead@example.com"]
    assert found("nobody") == []
    # Fifty at a time, with the total.
    for n in range(50):
        accounts.create_user(ctx, f"person{n:02}@example.com", PASSWORD, f"Person {n:02}")
    first = world.owner.ok("GET", "/api/admin/accounts", params={"q": "person"})
    assert (first["total"], len(first["accounts"])) == (50, 50)
    everyone = world.owner.ok("GET", "/api/admin/accounts", params={"offset": 50})
    assert (everyone["total"], len(everyone["accounts"]), everyone["offset"]) == (55, 5, 50)
    for params in ({"offset": -1}, {"q": "x" * 101}, {"q": "nul\u0000"}):
        expect_error(world.owner.get("/api/admin/accounts", params=params), 422)


def test_only_the_owner_looks_after_accounts(app: FastAPI, world: World) -> None:
    eng_id = user_id(world.eng)
    for who in (world.pm, world.eng, world.outsider):
        # 403 before anything is looked up: a real id and a made-up one get the same answer.
        for target in (eng_id, "0" * 32):
            answer = who.post(f"/api/admin/accounts/{target}/password-reset")
            assert expect_error(answer, 403, "forbidden")["message"] == (
                "Only the owner of this Twofold instance can look after accounts."
            )
        expect_error(who.get("/api/admin/accounts"), 403, "forbidden")
        expect_error(who.get("/api/admin/mail"), 403, "forbidden")
    expect_error(world.guest.get("/api/admin/accounts"), 403, "forbidden")
    expect_error(world.guest.post(f"/api/admin/accounts/{eng_id}/password-reset"), 403)
    with new_client(app) as anon:
        expect_error(anon.get("/api/admin/accounts"), 401, "unauthenticated")
        expect_error(anon.post(f"/api/admin/accounts/{eng_id}/password-reset"), 401)
        expect_error(anon.get("/api/admin/mail"), 401, "unauthenticated")
    # The owner gets "not found" for an account that does not exist.
    expect_error(world.owner.post(f"/api/admin/accounts/{'0' * 32}/password-reset"), 404)
    assert (
        world.owner.ok("GET", "/api/admin/accounts")["accounts"][0]["reset_link_expires_at"] is None
    )


def test_a_reset_link_sets_a_new_password_once_and_ends_every_session(
    app: FastAPI, ctx: Ctx, world: World
) -> None:
    eng_id = user_id(world.eng)
    link = make_link(world.owner, eng_id)
    token = token_of(link)
    assert (link["user_id"], link["email"], link["mailed"]) == (eng_id, "eng@example.com", False)
    assert link["url"] == f"https://testserver/reset/{token}"
    assert len(token) >= 43  # 256 bits
    # Stored only as a keyed hash, and for 24 hours.
    with ctx.db.read() as tx:
        row = tx.scalars(select(PasswordResetRow)).one()
        assert (
            row.token_hash
            == hmac.new(b"test-secret-key", token.encode(), hashlib.sha256).hexdigest()
        )
        assert token not in str([getattr(row, c.key) for c in PasswordResetRow.__table__.columns])
        assert row.expires_at - row.created_at == timedelta(hours=24)
        # Mail is off: nothing queued (the team's own events are there, no mail).
        assert MAIL_KIND not in {row.kind for row in tx.scalars(select(OutboxRow))}
    listed = world.owner.ok("GET", "/api/admin/accounts", params={"q": "eng@"})["accounts"][0]
    assert listed["reset_link_expires_at"] == link["expires_at"]

    with new_client(app) as visitor:
        preview = visitor.ok("GET", f"/api/password-resets/{token}")
        assert preview == {
            "email": "eng@example.com",
            "display_name": "Eng",
            "expires_at": link["expires_at"],
        }
        # Until it is used, nothing changes: the old password and sessions still work.
        assert world.eng.ok("GET", "/api/teams")
        short = visitor.post(f"/api/password-resets/{token}", json={"password": "short"})
        assert expect_error(short, 422)["details"][0]["field"] == "password"
        visitor.ok("POST", f"/api/password-resets/{token}", 204, json={"password": NEW_PASSWORD})
        # Used: it never works again.
        again = visitor.post(f"/api/password-resets/{token}", json={"password": "another one!!"})
        assert expect_error(again, 410, "reset_used")["message"].startswith("This link was already")
        expect_error(visitor.get(f"/api/password-resets/{token}"), 410, "reset_used")
    expect_error(world.eng.get("/api/teams"), 401, "unauthenticated")
    with new_client(app) as c:
        expect_error(login(c, "eng@example.com", PASSWORD), 401, "invalid_credentials")
        assert login(c, "eng@example.com", NEW_PASSWORD).status_code == 200
    assert world.pm.ok("GET", "/api/teams")  # nobody else was signed out
    listed = world.owner.ok("GET", "/api/admin/accounts", params={"q": "eng@"})["accounts"][0]
    assert listed["reset_link_expires_at"] is None


def test_bad_replaced_and_expired_links_say_what_is_wrong(
    app: FastAPI, ctx: Ctx, world: World
) -> None:
    eng_id = user_id(world.eng)
    older = token_of(make_link(world.owner, eng_id))
    newer = token_of(make_link(world.owner, eng_id))
    body = {"password": NEW_PASSWORD}
    with new_client(app) as visitor:
        for bad in ("not-a-real-link", "x" * 300, older[:-1]):
            error = expect_error(visitor.get(f"/api/password-resets/{bad}"), 404, "not_found")
            assert error["message"] == "This link is not valid. Check that you copied all of it."
            expect_error(visitor.post(f"/api/password-resets/{bad}", json=body), 404)
        expect_error(visitor.get(f"/api/password-resets/{older}"), 410, "reset_replaced")
        expect_error(visitor.post(f"/api/password-resets/{older}", json=body), 410)
        with ctx.db.engine.begin() as conn:
            conn.execute(
                update(PasswordResetRow).values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
            )
        error = expect_error(visitor.get(f"/api/password-resets/{newer}"), 410, "reset_expired")
        assert "expired" in error["message"]
        expect_error(visitor.post(f"/api/password-resets/{newer}", json=body), 410, "reset_expired")
    # None of it changed the password.
    with new_client(app) as c:
        assert login(c, "eng@example.com", PASSWORD).status_code == 200


def test_two_people_racing_with_one_link_cannot_both_set_a_password(
    app: FastAPI, world: World
) -> None:
    token = token_of(make_link(world.owner, user_id(world.eng)))
    answers: dict[str, int] = {}
    start = threading.Barrier(2)

    def use(password: str) -> None:
        with new_client(app) as c:
            start.wait()
            answers[password] = c.post(
                f"/api/password-resets/{token}", json={"password": password}
            ).status_code

    threads = [
        threading.Thread(target=use, args=(p,)) for p in ("first password!", "second password")
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(answers.values()) == [204, 410], answers
    winner = next(p for p, status in answers.items() if status == 204)
    loser = next(p for p, status in answers.items() if status == 410)
    with new_client(app) as c:
        assert login(c, "eng@example.com", winner).status_code == 200
        expect_error(login(c, "eng@example.com", loser), 401)


def test_reset_links_are_made_at_a_measured_pace(ctx: Ctx, world: World) -> None:
    eng_id = user_id(world.eng)
    for _ in range(10):
        make_link(world.owner, eng_id)
    answer = world.owner.post(f"/api/admin/accounts/{eng_id}/password-reset")
    error = expect_error(answer, 429, "rate_limited")
    assert 1 <= error["details"]["retry_after"] <= 30
    # Only the newest of the ten still works.
    with ctx.db.read() as tx:
        rows = tx.scalars(select(PasswordResetRow)).all()
        assert len(rows) == 10
        assert len([r for r in rows if r.replaced_at is None]) == 1
