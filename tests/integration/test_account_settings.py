"""Changing one's own display name, theme, email and password, over the real API on both databases."""

from typing import Any

from fastapi import FastAPI

from tests.conftest import PASSWORD, Client, World, expect_error, new_client
from tests.integration.test_signin_throttle import age_failures, client_at, device_cookie, login
from twofold.services.context import Ctx

NEW_PASSWORD = "a brand new passphrase"


def session_user(c: Client) -> Any:
    return c.ok("GET", "/api/auth/session")["user"]


def test_display_name_changes_everywhere_it_shows(world: World) -> None:
    changed = world.eng.ok("PATCH", "/api/account", json={"display_name": "  Eli Engineer  "})
    assert changed["display_name"] == "Eli Engineer"
    assert session_user(world.eng)["display_name"] == "Eli Engineer"
    members = world.owner.ok("GET", f"/api/teams/{world.team_id}")["members"]
    assert "Eli Engineer" in [m["display_name"] for m in members]
    for bad in ("", "   ", "x" * 81, "nul\u0000"):
        answer = world.eng.patch("/api/account", json={"display_name": bad})
        assert expect_error(answer, 422, "validation_error")["details"][0]["field"] == (
            "display_name"
        )
    expect_error(world.eng.patch("/api/account", json={"email": "x@example.com"}), 422)
    assert session_user(world.eng)["display_name"] == "Eli Engineer"


def test_email_change_needs_the_current_password_and_a_free_address(
    app: FastAPI, world: World
) -> None:
    eng = world.eng
    wrong = eng.put(
        "/api/account/email", json={"email": "eli@example.com", "current_password": "nope nope"}
    )
    error = expect_error(wrong, 403, "wrong_password")
    assert error["details"] == [
        {"field": "current_password", "message": "That is not your current password."}
    ]
    taken = eng.put(
        "/api/account/email", json={"email": " PM@Example.com ", "current_password": PASSWORD}
    )
    assert expect_error(taken, 409, "email_taken")["message"] == (
        "Another account already uses that email address."
    )
    bad = eng.put(
        "/api/account/email", json={"email": "not-an-email", "current_password": PASSWORD}
    )
    assert expect_error(bad, 422, "validation_error")["details"][0]["field"] == "email"
    assert session_user(eng)["email"] == "eng@example.com"

    changed = eng.ok(
        "PUT", "/api/account/email", json={"email": "Eli@Example.com", "current_password": PASSWORD}
    )
    assert changed["email"] == "eli@example.com"
    assert session_user(eng)["email"] == "eli@example.com"
    # The new address signs in; the old one no longer does.
    with new_client(app) as c:
        expect_error(login(c, "eng@example.com", PASSWORD), 401, "invalid_credentials")
        assert login(c, "eli@example.com", PASSWORD).status_code == 200
    # Changing to the address it already has is fine and changes nothing.
    same = eng.ok(
        "PUT", "/api/account/email", json={"email": "eli@example.com", "current_password": PASSWORD}
    )
    assert same["email"] == "eli@example.com"


def test_password_change_ends_other_sessions_and_keeps_this_one(app: FastAPI, world: World) -> None:
    laptop = world.eng
    phone = new_client(app)
    try:
        phone.remember(login(phone, "eng@example.com", PASSWORD))
        token = laptop.ok("POST", "/api/tokens", 201, json={"name": "script"})["token"]
        wrong = laptop.put(
            "/api/account/password",
            json={"current_password": "guess guess", "new_password": NEW_PASSWORD},
        )
        expect_error(wrong, 403, "wrong_password")
        short = laptop.put(
            "/api/account/password", json={"current_password": PASSWORD, "new_password": "short"}
        )
        assert expect_error(short, 422)["details"][0]["field"] == "new_password"
        assert phone.ok("GET", "/api/teams")  # nothing changed yet

        laptop.ok(
            "PUT",
            "/api/account/password",
            204,
            json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        )
        assert [t["name"] for t in laptop.ok("GET", "/api/teams")] == ["Alpha"]
        laptop.ok("POST", "/api/teams", 201, json={"name": "Still writing", "role": "eng"})
        expect_error(phone.get("/api/teams"), 401, "unauthenticated")
        with new_client(app) as c:
            expect_error(login(c, "eng@example.com", PASSWORD), 401, "invalid_credentials")
            assert login(c, "eng@example.com", NEW_PASSWORD).status_code == 200
        with new_client(app) as script:  # API tokens are not sessions and keep working
            script.headers["Authorization"] = f"Bearer {token}"
            assert script.ok("GET", "/api/teams")
        # Other people are not signed out.
        assert world.pm.ok("GET", "/api/teams")
    finally:
        phone.close()


def test_wrong_current_passwords_are_throttled_per_account(
    app: FastAPI, ctx: Ctx, world: World
) -> None:
    body = {"current_password": "guess guess", "new_password": NEW_PASSWORD}
    for _ in range(5):
        expect_error(world.eng.put("/api/account/password", json=body), 403, "wrong_password")
    # A stolen session is not a way to guess the password: even the right one waits now.
    right = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    answer = world.eng.put("/api/account/password", json=right)
    assert expect_error(answer, 429, "rate_limited")["details"]["retry_after"] == 30
    email = {"email": "eli@example.com", "current_password": PASSWORD}
    expect_error(world.eng.put("/api/account/email", json=email), 429, "rate_limited")
    # Someone else's checks are not slowed.
    world.pm.ok(
        "PUT", "/api/account/email", json={"email": "pam@example.com", "current_password": PASSWORD}
    )
    age_failures(ctx, 31)
    world.eng.ok("PUT", "/api/account/password", 204, json=right)


def test_a_password_change_forgets_other_known_devices_but_not_this_one(
    app: FastAPI, ctx: Ctx
) -> None:
    owner_address, other_address = "198.51.100.50", "198.51.100.51"
    with client_at(app, "192.0.2.1") as first:
        first.remember(
            first.post(
                "/api/auth/signup",
                json={"email": "own@example.com", "password": PASSWORD, "display_name": "Own"},
            )
        )
    with client_at(app, owner_address) as laptop, client_at(app, other_address) as old_pc:
        laptop.remember(login(laptop, "own@example.com", PASSWORD))
        old_pc.remember(login(old_pc, "own@example.com", PASSWORD))
        changed = laptop.put(
            "/api/account/password",
            json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        )
        assert changed.status_code == 204, changed.text
        renewed = device_cookie(changed)  # the laptop stays a known device
        assert renewed
        # Strangers guess at the account from both addresses until both are slowed down.
        for address in (owner_address, other_address):
            with client_at(app, address) as stranger:
                for _ in range(25):
                    age_failures(ctx, 3601)
                    login(stranger, "own@example.com", "wrong wrong wrong")
        age_failures(ctx, 0)
        # The laptop's renewed cookie gets it in; the old PC's cookie, signed over the old
        # password, no longer counts.
        assert login(laptop, "own@example.com", NEW_PASSWORD).status_code == 200
        expect_error(login(old_pc, "own@example.com", NEW_PASSWORD), 429, "rate_limited")


def test_account_changes_need_a_signed_in_member(app: FastAPI, world: World) -> None:
    with new_client(app) as anon:
        expect_error(anon.patch("/api/account", json={"display_name": "X"}), 401)
        body = {"email": "x@example.com", "current_password": PASSWORD}
        expect_error(anon.put("/api/account/email", json=body), 401)
    expect_error(world.guest.patch("/api/account", json={"display_name": "X"}), 403, "forbidden")
    # Cookie writes need the CSRF header here too.
    del world.eng.headers["X-CSRF-Token"]
    answer = world.eng.patch("/api/account", json={"display_name": "Forged"})
    expect_error(answer, 403, "csrf_failed")


def test_theme_choice_is_kept_on_the_account_for_every_device(app: FastAPI, world: World) -> None:
    assert session_user(world.eng)["theme"] == "system"
    chosen = world.eng.ok("PUT", "/api/account/theme", json={"theme": "dark"})
    assert chosen["theme"] == "dark"
    with new_client(app) as laptop:
        laptop.remember(login(laptop, "eng@example.com", PASSWORD))
        assert session_user(laptop)["theme"] == "dark"
        assert laptop.ok("PUT", "/api/account/theme", json={"theme": "light"})["theme"] == "light"
    assert session_user(world.eng)["theme"] == "light"
    # Someone else's choice is theirs alone.
    assert session_user(world.pm)["theme"] == "system"
    for bad in ("sepia", "", None, 3):
        answer = world.eng.put("/api/account/theme", json={"theme": bad})
        assert expect_error(answer, 422, "validation_error")["details"][0]["field"] == "theme"
    expect_error(world.eng.put("/api/account/theme", json={}), 422, "validation_error")
    assert session_user(world.eng)["theme"] == "light"
    with new_client(app) as nobody:
        expect_error(nobody.put("/api/account/theme", json={"theme": "dark"}), 401)
    # A guest has no account to keep a choice on.
    expect_error(world.guest.put("/api/account/theme", json={"theme": "dark"}), 403)


def test_language_choice_is_kept_on_the_account_for_every_device(
    app: FastAPI, world: World
) -> None:
    assert session_user(world.eng)["language"] == "auto"
    assert world.eng.ok("PUT", "/api/account/language", json={"language": "de"})["language"] == "de"
    with new_client(app) as laptop:
        laptop.remember(login(laptop, "eng@example.com", PASSWORD))
        assert session_user(laptop)["language"] == "de"
        assert (
            laptop.ok("PUT", "/api/account/language", json={"language": "fr"})["language"] == "fr"
        )
    assert session_user(world.eng)["language"] == "fr"
    assert session_user(world.pm)["language"] == "auto"
    for bad in ("klingon", "EN", "", None, 3):
        answer = world.eng.put("/api/account/language", json={"language": bad})
        assert expect_error(answer, 422, "validation_error")["details"][0]["field"] == "language"
    assert session_user(world.eng)["language"] == "fr"
    assert world.eng.ok("GET", "/api/account/data")["account"]["language"] == "fr"
    with new_client(app) as nobody:
        expect_error(nobody.put("/api/account/language", json={"language": "de"}), 401)
    expect_error(world.guest.put("/api/account/language", json={"language": "de"}), 403)
