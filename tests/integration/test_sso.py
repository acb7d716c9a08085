"""Single sign-on end to end against OpenID providers running in the test process:
oidc-provider-mock for the real flow, and a provider that forges exactly one fault for each
check the ID token must pass."""

import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import httpx
import oidc_provider_mock
import pytest
from fastapi import FastAPI

from tests.conftest import PASSWORD, Client, expect_error, new_client, settings_for, signup
from tests.fake_oidc import FaultyProvider
from tests.ports import free_port
from twofold.api.app import create_app
from twofold.services.context import Ctx
from twofold.settings import Settings
from twofold.store.database import Database

CLIENT_ID = "twofold-test"
SQLITE = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    with oidc_provider_mock.run_server_in_thread(port=free_port(), require_nonce=True) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def faulty() -> Iterator[FaultyProvider]:
    fake = FaultyProvider().start()
    yield fake
    fake.stop()


_OPEN: list[Database] = []


@pytest.fixture(autouse=True)
def _dispose_databases() -> Iterator[None]:
    yield
    while _OPEN:
        _OPEN.pop().dispose()


def sso_app(db_url: str, tmp_path: Path, discovery_url: str, **extra: Any) -> FastAPI:
    settings = Settings.model_validate(
        {
            **settings_for(db_url, tmp_path).model_dump(),
            "oidc_discovery_url": discovery_url,
            "oidc_client_id": CLIENT_ID,
            "oidc_client_secret": "s3cret-value",
            "oidc_provider_name": "Acme ID",
            "open_signup": True,
            **extra,
        }
    )
    _OPEN.append(Database(settings.database_url, secret="test-secret-key"))
    return create_app(settings, ctx=Ctx(_OPEN[-1]))


@pytest.fixture
def app_sso(db_url: str, tmp_path: Path, provider: str) -> FastAPI:
    return sso_app(db_url, tmp_path, f"{provider}/.well-known/openid-configuration")


def person(provider: str, sub: str, **claims: Any) -> None:
    body = {
        "email": sub,
        "email_verified": True,
        "name": sub.split("@", maxsplit=1)[0].title(),
        **claims,
    }
    response = httpx.put(f"{provider}/users/{quote(sub)}", json=body)
    assert response.status_code == 204


def leave_for_provider(c: Client, path: str = "/api/auth/sso/start?next=/teams") -> str:
    response = c.get(path, follow_redirects=False)
    assert response.status_code == 303, response.text
    return str(response.headers["location"])


def at_provider(authorize_url: str, sub: str) -> str:
    """Sign in on the provider's own form; its answer sends the browser back with a code."""
    response = httpx.post(authorize_url, data={"sub": sub})
    assert response.status_code == 302, response.text
    return str(response.headers["location"])


def come_back(c: Client, callback_url: str) -> Any:
    response = c.get(callback_url, follow_redirects=False)
    assert response.status_code == 303, response.text
    return response


def sso_sign_in(c: Client, provider: str, sub: str) -> Any:
    return come_back(c, at_provider(leave_for_provider(c), sub))


def refused_with(response: Any) -> str:
    location = urlsplit(response.headers["location"])
    assert location.path == "/signin"
    return str(parse_qs(location.query)["sso_error"][0])


@SQLITE
def test_first_sign_in_makes_the_account_and_the_next_finds_it(
    app_sso: FastAPI, provider: str
) -> None:
    person(provider, "ada@example.com", name="Ada Lovelace")
    c = new_client(app_sso)
    authorize = leave_for_provider(c)
    query = parse_qs(urlsplit(authorize).query)
    assert query["code_challenge_method"] == ["S256"]
    assert query["client_id"] == [CLIENT_ID]
    assert query["nonce"][0]
    assert query["state"][0]
    assert query["redirect_uri"] == ["https://testserver/api/auth/sso/callback"]
    back = come_back(c, at_provider(authorize, "ada@example.com"))
    assert back.headers["location"] == "/teams"
    me = c.ok("GET", "/api/auth/session")["user"]
    assert me["email"] == "ada@example.com"
    assert me["display_name"] == "Ada Lovelace"
    # No password opens an account made through the provider.
    expect_error(
        new_client(app_sso).post(
            "/api/auth/login", json={"email": "ada@example.com", "password": ""}
        ),
        422,
    )
    again = new_client(app_sso)
    sso_sign_in(again, provider, "ada@example.com")
    assert again.ok("GET", "/api/auth/session")["user"]["id"] == me["id"]


@SQLITE
def test_the_setup_info_names_the_provider_and_never_the_secret(app_sso: FastAPI) -> None:
    info = new_client(app_sso).ok("GET", "/api/setup")
    assert info["sso"] == {"provider_name": "Acme ID", "sso_only": False}
    assert "s3cret-value" not in str(info)


@SQLITE
def test_a_callback_with_another_state_is_refused(app_sso: FastAPI, provider: str) -> None:
    person(provider, "bob@example.com")
    c = new_client(app_sso)
    callback = at_provider(leave_for_provider(c), "bob@example.com")
    forged = callback.replace("state=", "state=x")
    assert refused_with(come_back(c, forged)) == "sso_state_mismatch"
    assert c.ok("GET", "/api/auth/session")["user"] is None


@SQLITE
def test_a_callback_in_another_browser_is_refused(app_sso: FastAPI, provider: str) -> None:
    """Login CSRF: an attacker's own code, planted in someone else's browser, signs no one in."""
    person(provider, "mallory@example.com")
    attacker = new_client(app_sso)
    callback = at_provider(leave_for_provider(attacker), "mallory@example.com")
    victim = new_client(app_sso)
    assert refused_with(come_back(victim, callback)) == "sso_state_mismatch"
    assert victim.ok("GET", "/api/auth/session")["user"] is None


@SQLITE
def test_a_callback_cannot_be_replayed(app_sso: FastAPI, provider: str) -> None:
    person(provider, "cy@example.com")
    c = new_client(app_sso)
    callback = at_provider(leave_for_provider(c), "cy@example.com")
    come_back(c, callback)
    c.cookies.set("twofold_sso", parse_qs(urlsplit(callback).query)["state"][0])
    assert refused_with(come_back(c, callback)) == "sso_state_mismatch"


@SQLITE
def test_cancelling_at_the_provider_is_said_so(app_sso: FastAPI, provider: str) -> None:
    c = new_client(app_sso)
    denied = httpx.post(leave_for_provider(c), data={"action": "deny"})
    assert denied.status_code == 302
    assert refused_with(come_back(c, denied.headers["location"])) == "sso_denied"


@SQLITE
def test_an_unverified_email_or_another_domain_is_refused(
    db_url: str, tmp_path: Path, provider: str
) -> None:
    app = sso_app(
        db_url,
        tmp_path,
        f"{provider}/.well-known/openid-configuration",
        oidc_allowed_domains="example.com",
    )
    person(provider, "unverified@example.com", email_verified=False)
    c = new_client(app)
    assert refused_with(sso_sign_in(c, provider, "unverified@example.com")) == (
        "sso_email_unverified"
    )
    person(provider, "eve@elsewhere.org")
    assert refused_with(sso_sign_in(c, provider, "eve@elsewhere.org")) == "sso_domain_not_allowed"
    person(provider, "dee@example.com")
    sso_sign_in(c, provider, "dee@example.com")
    assert c.ok("GET", "/api/auth/session")["user"]["email"] == "dee@example.com"


@SQLITE
def test_an_expired_id_token_is_refused(db_url: str, tmp_path: Path) -> None:
    with oidc_provider_mock.run_server_in_thread(
        port=free_port(), access_token_max_age=timedelta(minutes=-10)
    ) as server:
        url = f"http://localhost:{server.server_port}"
        app = sso_app(db_url, tmp_path, f"{url}/.well-known/openid-configuration")
        person(url, "old@example.com")
        c = new_client(app)
        assert refused_with(sso_sign_in(c, url, "old@example.com")) == "sso_token_invalid"
        assert c.ok("GET", "/api/auth/session")["user"] is None


def through_faulty(c: Client) -> Any:
    """The faulty provider signs in without a form: its authorize endpoint answers at once."""
    answer = httpx.get(leave_for_provider(c, "/api/auth/sso/start"), follow_redirects=False)
    assert answer.status_code == 302
    return come_back(c, answer.headers["location"])


@SQLITE
@pytest.mark.parametrize(
    "fault",
    [
        {"audience": "someone-else"},
        {"nonce": "not-the-one-sent"},
        {"issuer": "https://impostor.example"},
        {"expired": True},
        {"foreign_key": True},
        {"claims": {"azp": "someone-else", "aud": [CLIENT_ID, "someone-else"]}},
    ],
)
def test_an_id_token_failing_any_check_is_refused(
    db_url: str, tmp_path: Path, faulty: FaultyProvider, fault: dict[str, Any]
) -> None:
    app = sso_app(db_url, tmp_path, faulty.discovery_url)
    c = new_client(app)
    for key, value in fault.items():
        setattr(faulty.faults, key, value)
    assert refused_with(through_faulty(c)) == "sso_token_invalid"
    assert faulty.token_requests, "the code was exchanged before the token was judged"
    assert faulty.token_requests[-1]["code_verifier"][0]
    assert c.ok("GET", "/api/auth/session")["user"] is None


@SQLITE
def test_the_faulty_provider_without_a_fault_signs_in(
    db_url: str, tmp_path: Path, faulty: FaultyProvider
) -> None:
    """The checks above fail for their fault alone: the same provider, honest, gets in."""
    app = sso_app(db_url, tmp_path, faulty.discovery_url)
    c = new_client(app)
    assert through_faulty(c).headers["location"] == "/"
    assert c.ok("GET", "/api/auth/session")["user"]["email"] == "faulty@example.com"


@SQLITE
def test_a_discovery_document_for_another_issuer_is_not_trusted(
    db_url: str, tmp_path: Path, faulty: FaultyProvider
) -> None:
    faulty.faults.document_issuer = "https://impostor.example"
    app = sso_app(db_url, tmp_path, faulty.discovery_url)
    response = new_client(app).get("/api/auth/sso/start", follow_redirects=False)
    assert refused_with(response) == "sso_provider_unreachable"


@SQLITE
def test_an_unreachable_provider_is_said_so(db_url: str, tmp_path: Path) -> None:
    app = sso_app(db_url, tmp_path, f"http://127.0.0.1:{free_port()}/.well-known/x")
    response = new_client(app).get("/api/auth/sso/start", follow_redirects=False)
    assert refused_with(response) == "sso_provider_unreachable"


@SQLITE
def test_a_password_account_is_not_taken_over_by_its_email(app_sso: FastAPI, provider: str) -> None:
    """The provider says the email is theirs; that alone never opens the password account."""
    owner = signup(app_sso, "pat@example.com", "Pat")
    person(provider, "pat@example.com")
    c = new_client(app_sso)
    back = sso_sign_in(c, provider, "pat@example.com")
    assert back.headers["location"] == "/signin/link"
    assert c.ok("GET", "/api/auth/session")["user"] is None
    assert c.ok("GET", "/api/auth/sso/pending") == {"email": "pat@example.com"}
    wrong = c.post("/api/auth/sso/pending", json={"password": "not the password"})
    expect_error(wrong, 401, "invalid_credentials")
    assert c.ok("GET", "/api/auth/session")["user"] is None
    # Another browser holds nothing waiting.
    expect_error(
        new_client(app_sso).post("/api/auth/sso/pending", json={"password": PASSWORD}),
        403,
        "sso_link_expired",
    )
    linked = c.ok("POST", "/api/auth/sso/pending", json={"password": PASSWORD})
    assert linked["user"]["id"] == owner.ok("GET", "/api/auth/session")["user"]["id"]
    assert linked["next"] == "/teams"
    # From now on the provider alone signs the account in.
    later = new_client(app_sso)
    sso_sign_in(later, provider, "pat@example.com")
    assert later.ok("GET", "/api/auth/session")["user"]["email"] == "pat@example.com"


@SQLITE
def test_a_signed_in_account_links_its_provider_sign_in(app_sso: FastAPI, provider: str) -> None:
    c = signup(app_sso, "quinn@example.com", "Quinn")
    person(provider, "q.work@corp.example.com")
    started = c.ok("POST", "/api/auth/sso/link")
    back = come_back(c, at_provider(started["url"], "q.work@corp.example.com"))
    assert back.headers["location"] == "/settings"
    fresh = new_client(app_sso)
    sso_sign_in(fresh, provider, "q.work@corp.example.com")
    assert fresh.ok("GET", "/api/auth/session")["user"]["email"] == "quinn@example.com"
    # Without the session's CSRF token the link cannot be started from another site.
    bare = new_client(app_sso)
    bare.cookies = c.cookies
    expect_error(bare.post("/api/auth/sso/link"), 403, "csrf_failed")


@SQLITE
def test_an_identity_linked_to_one_account_is_refused_to_another(
    app_sso: FastAPI, provider: str
) -> None:
    person(provider, "shared@example.com")
    sso_sign_in(new_client(app_sso), provider, "shared@example.com")
    other = signup(app_sso, "other@example.com", "Other")
    started = other.ok("POST", "/api/auth/sso/link")
    back = come_back(other, at_provider(started["url"], "shared@example.com"))
    assert refused_with(back) == "sso_identity_taken"


@SQLITE
def test_sso_only_refuses_passwords_but_the_owners(
    db_url: str, tmp_path: Path, provider: str
) -> None:
    app = sso_app(
        db_url, tmp_path, f"{provider}/.well-known/openid-configuration", oidc_sso_only=True
    )
    owner = signup(app, "root@example.com", "Root")  # the first account: set-up stays open
    assert owner.ok("GET", "/api/setup")["sso"]["sso_only"] is True
    expect_error(
        new_client(app).post(
            "/api/auth/signup",
            json={"email": "late@example.com", "password": PASSWORD, "display_name": "Late"},
        ),
        403,
        "password_signin_off",
    )
    person(provider, "member@example.com")
    member = new_client(app)
    sso_sign_in(member, provider, "member@example.com")
    assert member.ok("GET", "/api/auth/session")["user"]["is_owner"] is False
    # Break-glass: the owner's password still works.
    glass = new_client(app)
    glass.remember(
        glass.post("/api/auth/login", json={"email": "root@example.com", "password": PASSWORD})
    )
    assert glass.ok("GET", "/api/auth/session")["user"]["is_owner"] is True


@SQLITE
def test_sso_only_refuses_a_members_password(db_url: str, tmp_path: Path, provider: str) -> None:
    plain = sso_app(db_url, tmp_path, f"{provider}/.well-known/openid-configuration")
    signup(plain, "root@example.com", "Root")
    signup(plain, "old-member@example.com", "Old")  # open while no owner... then closed
    app = sso_app(
        db_url, tmp_path, f"{provider}/.well-known/openid-configuration", oidc_sso_only=True
    )
    c = new_client(app)
    body = {"email": "old-member@example.com", "password": PASSWORD}
    expect_error(c.post("/api/auth/login", json=body), 403, "password_signin_off")
    assert c.ok("GET", "/api/auth/session")["user"] is None


@SQLITE
def test_an_owner_group_grants_ownership(db_url: str, tmp_path: Path, provider: str) -> None:
    app = sso_app(
        db_url,
        tmp_path,
        f"{provider}/.well-known/openid-configuration",
        oidc_owner_group="twofold-admins",
    )
    signup(app, "first@example.com", "First")
    person(provider, "plain@example.com", groups=["staff"])
    person(provider, "admin@example.com", groups=["staff", "twofold-admins"])
    plain, admin = new_client(app), new_client(app)
    sso_sign_in(plain, provider, "plain@example.com")
    sso_sign_in(admin, provider, "admin@example.com")
    assert plain.ok("GET", "/api/auth/session")["user"]["is_owner"] is False
    assert admin.ok("GET", "/api/auth/session")["user"]["is_owner"] is True


@SQLITE
def test_sign_out_ends_the_session_and_names_the_providers_page(
    app_sso: FastAPI, provider: str
) -> None:
    person(provider, "leaver@example.com")
    c = new_client(app_sso)
    sso_sign_in(c, provider, "leaver@example.com")
    c.remember(c.get("/api/auth/session"))
    out = c.ok("POST", "/api/auth/sso/logout")
    url = urlsplit(out["end_session_url"])
    assert f"{url.scheme}://{url.netloc}" == provider
    assert parse_qs(url.query)["post_logout_redirect_uri"] == ["https://testserver/signin"]
    assert parse_qs(url.query)["client_id"] == [CLIENT_ID]
    assert c.ok("GET", "/api/auth/session")["user"] is None
    password_user = signup(app_sso, "pw@example.com", "Pw")
    assert password_user.ok("POST", "/api/auth/sso/logout") == {"end_session_url": None}


def test_sso_is_off_without_settings(client: Client) -> None:
    assert client.ok("GET", "/api/setup")["sso"] is None
    response = client.get("/api/auth/sso/start", follow_redirects=False)
    assert refused_with(response) == "sso_not_configured"


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_just_in_time_accounts_on_postgresql(app_sso: FastAPI, provider: str) -> None:
    """Two first sign-ins of one person at the same moment make one account, and both sign in."""
    person(provider, "pg@example.com")
    clients = [new_client(app_sso) for _ in range(2)]
    callbacks = [at_provider(leave_for_provider(c), "pg@example.com") for c in clients]
    start = threading.Barrier(2)
    answers: list[int] = []

    def finish(c: Client, callback: str) -> None:
        start.wait()
        answers.append(c.get(callback, follow_redirects=False).status_code)

    threads = [
        threading.Thread(target=finish, args=pair) for pair in zip(clients, callbacks, strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert answers == [303, 303]
    users = [c.ok("GET", "/api/auth/session")["user"] for c in clients]
    assert users[0]["id"] == users[1]["id"]
    assert users[0]["email"] == "pg@example.com"
    again = new_client(app_sso)
    sso_sign_in(again, provider, "pg@example.com")
    assert again.ok("GET", "/api/auth/session")["user"]["id"] == users[0]["id"]


@SQLITE
def test_the_owner_sees_the_setup_but_never_the_secret(app_sso: FastAPI, provider: str) -> None:
    owner = signup(app_sso, "boss@example.com", "Boss")
    person(provider, "member@example.com")
    member = new_client(app_sso)
    sso_sign_in(member, provider, "member@example.com")
    setup = owner.ok("GET", "/api/admin/sso")
    assert setup["enabled"] is True
    assert setup["client_id"] == CLIENT_ID
    assert setup["client_secret_set"] is True
    assert setup["linked_accounts"] == 1
    assert "s3cret-value" not in owner.get("/api/admin/sso").text
    assert "s3cret-value" not in owner.get("/api/openapi.json").text
    expect_error(member.get("/api/admin/sso"), 403)
    expect_error(new_client(app_sso).get("/api/admin/sso"), 401)


@SQLITE
def test_break_glass_an_owner_made_by_the_provider_is_given_a_password(
    db_url: str, tmp_path: Path, provider: str
) -> None:
    """docs/sso.md: another owner's reset link gives a provider-made owner a password, which
    then opens the account at /signin?password even in SSO-only mode."""
    app = sso_app(
        db_url,
        tmp_path,
        f"{provider}/.well-known/openid-configuration",
        oidc_sso_only=True,
        oidc_owner_group="admins",
    )
    first = signup(app, "first@example.com", "First")
    person(provider, "second@example.com", groups=["admins"])
    second = new_client(app)
    sso_sign_in(second, provider, "second@example.com")
    second_id = second.ok("GET", "/api/auth/session")["user"]["id"]
    made = first.ok("POST", f"/api/admin/accounts/{second_id}/password-reset", 201)
    token = made["path"].rsplit("/", 1)[-1]
    c = new_client(app)
    c.ok("POST", f"/api/password-resets/{token}", 204, json={"password": "break the glass!"})
    signed = c.post(
        "/api/auth/login", json={"email": "second@example.com", "password": "break the glass!"}
    )
    assert signed.status_code == 200, signed.text
    assert signed.json()["user"]["is_owner"] is True
