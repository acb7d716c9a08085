"""Single sign-on in the browser, through oidc-provider-mock's own sign-in page."""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import httpx
import oidc_provider_mock
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LiveServer, serve
from tests.browser.flows import screenshot
from tests.ports import free_port


@pytest.fixture
def provider() -> Iterator[str]:
    with oidc_provider_mock.run_server_in_thread(port=free_port(), require_nonce=True) as server:
        yield f"http://localhost:{server.server_port}"


def person(provider: str, email: str, name: str, **claims: object) -> None:
    body = {"email": email, "email_verified": True, "name": name, **claims}
    assert httpx.put(f"{provider}/users/{quote(email)}", json=body).status_code == 204


@contextmanager
def sso_server(tmp_path: Path, provider: str, **extra: str) -> Iterator[LiveServer]:
    with serve(
        tmp_path,
        TWOFOLD_OIDC_DISCOVERY_URL=f"{provider}/.well-known/openid-configuration",
        TWOFOLD_OIDC_CLIENT_ID="twofold",
        TWOFOLD_OIDC_CLIENT_SECRET="browser-secret",
        TWOFOLD_OIDC_PROVIDER_NAME="Acme ID",
        **extra,
    ) as live:
        yield live


def open_page(browser: Browser, server: LiveServer) -> Page:
    context = browser.new_context(base_url=server.url, viewport={"width": 1200, "height": 860})
    context.set_default_timeout(10_000)
    return context.new_page()


def at_provider(page: Page, sub: str) -> None:
    expect(page.get_by_placeholder("sub")).to_be_visible()
    page.get_by_placeholder("sub").fill(sub)
    page.get_by_role("button", name="Authorize").click()


def test_signing_in_through_the_providers_page_and_out_again(
    browser: Browser, provider: str, tmp_path: Path
) -> None:
    with sso_server(tmp_path, provider) as server:
        page = open_page(browser, server)
        person(provider, "ada@example.com", "Ada Lovelace")
        page.goto("/signin")
        button = page.get_by_role("link", name="Sign in with Acme ID")
        expect(button).to_be_visible()
        expect(page.get_by_label("Password")).to_be_visible()
        screenshot(page, "signin-sso")
        button.click()
        expect(page).to_have_url(re.compile(r"^http://localhost:\d+/oauth2/authorize"))
        at_provider(page, "ada@example.com")
        # The first sign-in made the account (the instance's first: its owner) and signed it in.
        expect(page).to_have_url(re.compile(r"/teams$"))
        expect(page.get_by_text("Ada Lovelace")).to_be_visible()
        page.get_by_role("button", name="Sign out").click()
        # RP-initiated logout: the provider's own sign-out page, then back to ours.
        expect(page).to_have_url(re.compile(r"^http://localhost:\d+/oauth2/end_session"))
        page.get_by_role("button", name="End session").click()
        expect(page).to_have_url(re.compile(r"/signin"))
        session = page.evaluate("fetch('/api/auth/session').then(r => r.json())")
        assert session["user"] is None


def test_a_refusal_is_explained_and_a_password_account_links_with_its_password(
    browser: Browser, provider: str, tmp_path: Path
) -> None:
    with sso_server(tmp_path, provider, TWOFOLD_OIDC_ALLOWED_DOMAINS="example.com") as server:
        page = open_page(browser, server)
        page.goto("/setup")
        page.get_by_label("Display name").fill("Pat Owner")
        page.get_by_label("Email").fill("pat@example.com")
        page.get_by_label("Password").fill("a long enough password")
        page.get_by_role("button", name="Create account").click()
        expect(page).to_have_url(re.compile(r"/teams$"))
        page.context.clear_cookies()

        person(provider, "eve@elsewhere.org", "Eve")
        page.goto("/signin")
        page.get_by_role("link", name="Sign in with Acme ID").click()
        at_provider(page, "eve@elsewhere.org")
        expect(page.get_by_test_id("sso-error")).to_have_text(
            "Accounts with this email domain may not sign in here."
        )
        screenshot(page, "signin-sso-refused")

        person(provider, "pat@example.com", "Pat at Acme")
        page.get_by_role("link", name="Sign in with Acme ID").click()
        at_provider(page, "pat@example.com")
        expect(page).to_have_url(re.compile(r"/signin/link$"))
        expect(
            page.get_by_text("An account with pat@example.com already exists here.")
        ).to_be_visible()
        page.get_by_label("Password").fill("not the password")
        page.get_by_role("button", name="Link and sign in").click()
        expect(page.get_by_text("That is not the password of this account.")).to_be_visible()
        screenshot(page, "signin-sso-link")
        page.get_by_label("Password").fill("a long enough password")
        page.get_by_role("button", name="Link and sign in").click()
        expect(page).to_have_url(re.compile(r"/teams$"))
        expect(page.get_by_text("Pat Owner")).to_be_visible()


def test_sso_only_hides_the_password_form_but_keeps_the_owners_way_in(
    browser: Browser, provider: str, tmp_path: Path
) -> None:
    with sso_server(tmp_path, provider, TWOFOLD_OIDC_SSO_ONLY="true") as server:
        page = open_page(browser, server)
        page.goto("/setup")
        page.get_by_label("Display name").fill("Root Owner")
        page.get_by_label("Email").fill("root@example.com")
        page.get_by_label("Password").fill("a long enough password")
        page.get_by_role("button", name="Create account").click()
        expect(page).to_have_url(re.compile(r"/teams$"))
        page.context.clear_cookies()

        page.goto("/signin")
        expect(page.get_by_role("link", name="Sign in with Acme ID")).to_be_visible()
        expect(page.get_by_label("Password")).to_have_count(0)
        expect(page.get_by_text("signs people in through Acme ID only")).to_be_visible()
        expect(page.get_by_text("your account is made the first time")).to_be_visible()
        screenshot(page, "signin-sso-only")
        page.goto("/signin?password")
        page.get_by_label("Email").fill("root@example.com")
        page.get_by_label("Password").fill("a long enough password")
        page.get_by_role("button", name="Sign in", exact=True).click()
        expect(page).to_have_url(re.compile(r"/teams$"))


def test_linking_from_settings_and_the_owners_view_of_the_setup(
    browser: Browser, provider: str, tmp_path: Path
) -> None:
    with sso_server(tmp_path, provider) as server:
        page = open_page(browser, server)
        page.goto("/setup")
        page.get_by_label("Display name").fill("Pat Owner")
        page.get_by_label("Email").fill("pat@example.com")
        page.get_by_label("Password").fill("a long enough password")
        page.get_by_role("button", name="Create account").click()
        expect(page).to_have_url(re.compile(r"/teams$"))

        page.goto("/settings")
        expect(page.get_by_test_id("sso-state")).to_have_text(
            "On, as “Acme ID”. 0 accounts sign in through it."
        )
        expect(page.get_by_text("Set (never shown)")).to_be_visible()
        expect(page.get_by_text("browser-secret")).to_have_count(0)
        screenshot(page, "settings-sso")
        person(provider, "p.owner@corp.example.com", "Pat at Corp")
        page.get_by_role("button", name="Link to Acme ID").click()
        at_provider(page, "p.owner@corp.example.com")
        expect(page).to_have_url(re.compile(r"/settings$"))
        expect(page.get_by_test_id("sso-state")).to_have_text(
            "On, as “Acme ID”. 1 account signs in through it."
        )

        page.context.clear_cookies()
        page.goto("/signin")
        page.get_by_role("link", name="Sign in with Acme ID").click()
        at_provider(page, "p.owner@corp.example.com")
        expect(page).to_have_url(re.compile(r"/teams$"))
        expect(page.get_by_text("Pat Owner")).to_be_visible()
