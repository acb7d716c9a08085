"""The UI's language: chosen in Settings it is kept on the account and the page turns to it at
once; signed out, the sign-in page speaks the browser's preferred language, or the one chosen
there."""

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager

from playwright.sync_api import Browser, Page, Route, expect

from tests.browser.conftest import LiveServer
from tests.browser.flows import create_owner, screenshot
from twofold.api.web import WEB_DIR


def html_lang(page: Page) -> str:
    return str(page.evaluate("document.documentElement.lang"))


@contextmanager
def visitor_speaking(
    browser: Browser, server: LiveServer, locale: str, refuse: str = ""
) -> Iterator[tuple[Page, list[str], list[str]]]:
    """A signed-out visitor whose browser prefers `locale`, with the page's errors collected;
    requests for `refuse` (a glob) fail as if the network were down, and are listed."""
    context = browser.new_context(base_url=server.url, locale=locale)
    context.set_default_timeout(10_000)
    refused: list[str] = []

    def abort(route: Route) -> None:
        refused.append(route.request.url)
        route.abort("internetdisconnected")

    if refuse:
        context.route(refuse, abort)
    visitor = context.new_page()
    errors: list[str] = []
    visitor.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield visitor, errors, refused
    finally:
        context.close()


def test_the_language_chosen_in_settings_follows_the_account(page: Page) -> None:
    create_owner(page)
    page.goto("/settings")
    expect(page.get_by_role("heading", level=1, name="Settings")).to_be_visible()
    choice = page.get_by_test_id("language-choice")
    expect(choice.get_by_role("radio", name=re.compile("^Same as this browser"))).to_be_checked()

    with page.expect_response(
        lambda r: r.url.endswith("/api/account/language") and r.request.method == "PUT"
    ) as saved:
        choice.get_by_role("radio", name="Deutsch").check()
    assert saved.value.ok
    # The page turns German at once, its frame included.
    expect(page.get_by_role("heading", level=1, name="Einstellungen")).to_be_visible()
    expect(
        page.get_by_role("navigation", name="Hauptmenü").get_by_role("link", name="Teams")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Abmelden", exact=True)).to_be_visible()
    assert html_lang(page) == "de"
    assert page.request.get("/api/auth/session").json()["user"]["language"] == "de"

    # A reload starts in German.
    page.reload()
    expect(page.get_by_role("heading", level=1, name="Einstellungen")).to_be_visible()
    expect(page.get_by_role("heading", name="Profil")).to_be_visible()
    assert html_lang(page) == "de"
    screenshot(page, "settings-de")


def test_a_signed_out_visitor_sees_the_browsers_language(
    page: Page, browser: Browser, server: LiveServer
) -> None:
    create_owner(page)
    with visitor_speaking(browser, server, "fr-FR") as (visitor, errors, _):
        _sees_french_sign_in(visitor)
        assert errors == []


def _sees_french_sign_in(visitor: Page) -> None:
    visitor.goto("/signin")
    expect(visitor.get_by_role("heading", level=1, name="Connexion")).to_be_visible()
    expect(visitor.get_by_label("Mot de passe")).to_be_visible()
    expect(visitor.get_by_role("button", name="Se connecter", exact=True)).to_be_visible()
    assert html_lang(visitor) == "fr"
    # The choice of language names each language in itself, and which one is spoken now.
    languages = visitor.get_by_role("group", name="Langue")
    expect(languages.get_by_role("button", name="Français")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(languages.get_by_role("button", name="Deutsch")).to_have_attribute("lang", "de")
    screenshot(visitor, "signin-fr")


def test_a_signed_out_visitor_chooses_a_language_on_the_sign_in_page(
    page: Page, browser: Browser, server: LiveServer
) -> None:
    create_owner(page)
    with visitor_speaking(browser, server, "en-US") as (visitor, _, _):
        _chooses_german_on_sign_in(visitor)


def _chooses_german_on_sign_in(visitor: Page) -> None:
    visitor.goto("/signin")
    expect(visitor.get_by_role("heading", level=1, name="Sign in")).to_be_visible()
    languages = visitor.get_by_role("group", name="Language")
    expect(languages.get_by_role("button", name="English")).to_have_attribute(
        "aria-pressed", "true"
    )

    # Reached from the keyboard like any button.
    deutsch = languages.get_by_role("button", name="Deutsch")
    deutsch.focus()
    visitor.keyboard.press("Enter")
    expect(visitor.get_by_role("heading", level=1, name="Anmelden")).to_be_visible()
    expect(visitor.get_by_label("Passwort")).to_be_visible()
    expect(
        visitor.get_by_role("group", name="Sprache").get_by_role("button", name="Deutsch")
    ).to_have_attribute("aria-pressed", "true")
    assert html_lang(visitor) == "de"

    # This browser keeps the choice for the next visit.
    visitor.reload()
    expect(visitor.get_by_role("heading", level=1, name="Anmelden")).to_be_visible()
    assert html_lang(visitor) == "de"


def _language_chunk(language: str) -> str:
    """The built file that holds a language's words, as the build's manifest names it."""
    manifest = json.loads((WEB_DIR / ".vite" / "manifest.json").read_text())
    return str(manifest[f"src/locales/{language}/index.ts"]["file"])


def test_a_language_whose_words_cannot_be_fetched_falls_back_to_english(
    page: Page, browser: Browser, server: LiveServer
) -> None:
    create_owner(page)
    chunk = _language_chunk("de")
    with visitor_speaking(browser, server, "de-DE", refuse=f"**/{chunk}") as (
        visitor,
        errors,
        refused,
    ):
        visitor.goto("/signin")
        # The page still comes, in English, and says so to screen readers.
        expect(visitor.get_by_role("heading", level=1, name="Sign in")).to_be_visible()
        expect(visitor.get_by_label("Password")).to_be_visible()
        assert refused, "the German words were never asked for"
        assert html_lang(visitor) == "en"
        visitor.get_by_label("Email").fill("nobody@example.com")
        visitor.get_by_label("Password").fill("wrong password here")
        visitor.get_by_role("button", name="Sign in", exact=True).click()
        expect(visitor.get_by_role("alert")).to_be_visible()
        assert errors == []
