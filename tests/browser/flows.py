"""Steps a person takes in the UI, shared by the browser tests."""

import os
import re
import uuid
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.conftest import LiveServer
from twofold.services.demo import DEMO_PASSWORD, PEOPLE


def api_call(page: Page, method: str, path: str, data: Any = None) -> Any:
    """The API as the signed-in page would call it (its cookies, its CSRF token), for the
    set-up a test does not walk through in the UI."""
    csrf = page.request.get("/api/auth/session").json()["csrf_token"]
    answer = page.request.fetch(path, method=method, data=data, headers={"X-CSRF-Token": csrf})
    assert answer.ok, answer.text()
    return answer.json() if answer.status != 204 else None


def board_command(page: Page, retro_id: str, name: str, **args: Any) -> Any:
    body = {"command_id": uuid.uuid4().hex, "command": {"name": name, **args}}
    return api_call(page, "POST", f"/api/retros/{retro_id}/commands", body)


def create_owner(page: Page, name: str = "Priya PM", email: str = "priya@example.com") -> None:
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/setup$"))
    page.get_by_label("Display name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("a long enough password")
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(re.compile(r"/teams$"))


def sign_in_demo_pm(page: Page, server: LiveServer) -> None:
    """Load the demo into the instance and sign in as its PM, landing on the teams list."""
    server.twofold("demo")
    page.goto("/signin")
    page.get_by_label("Email").fill(PEOPLE[0][0])
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/teams$"))


def create_team(page: Page, name: str, role: str = "pm") -> None:
    page.get_by_label("Team name").fill(name)
    page.get_by_label("Your role").select_option(role)
    page.get_by_role("button", name="Create team").click()
    expect(page.get_by_role("heading", level=1, name=name)).to_be_visible()


def create_retro(page: Page, title: str) -> None:
    page.get_by_role("button", name="New retro").click()
    page.get_by_label("Title").fill(title)
    page.get_by_label("Sprint name").fill("Sprint 7")
    page.get_by_label("Sprint start").fill("2026-11-09")
    page.get_by_label("Sprint end").fill("2026-11-20")
    expect(page.get_by_role("radio", name="PM / Engineering")).to_be_checked()
    page.get_by_role("button", name="Create retro").click()
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()


def connecting_a_tracker(browser: Browser, server: LiveServer, tracker: str) -> tuple[Page, str]:
    """An owner's new team "Payments" on its Integrations page, the connect form of `tracker`
    ("Jira", "Linear", "GitHub") open; returns the page and the team's id."""
    page = browser.new_page(base_url=server.url, viewport={"width": 1400, "height": 1000})
    create_owner(page)
    create_team(page, "Payments")
    team_id = page.url.rstrip("/").split("/")[-1]
    page.get_by_role("link", name="Integrations").click()
    page.get_by_role("button", name=f"Connect {tracker}…").click()
    return page, team_id


def column(page: Page, title: str) -> Locator:
    return page.locator(f'[data-testid="column"][data-column-title="{title}"]')


def add_card(
    page: Page,
    column_title: str,
    text: str,
    polarity: str | None = None,
    friction: str | None = None,
) -> Locator:
    col = column(page, column_title)
    col.get_by_role("button", name="Add card").click()
    col.get_by_label("Card text").fill(text)
    if polarity:
        col.get_by_role("radio", name=polarity).check()
    if friction:
        col.get_by_label("Friction point").select_option(friction)
    col.get_by_label("Card text").press("Control+Enter")
    added = col.get_by_test_id("card").filter(has_text=text)
    expect(added).to_have_count(1)
    # Pin the card by id: while it is being edited its text sits in a textarea, not the page text.
    return col.locator(f'[data-card-id="{added.get_attribute("data-card-id")}"]')


def go_to_phase(page: Page, phase: str) -> None:
    """As a facilitator, jump to a phase with the phase menu, and wait until the board shows it."""
    page.get_by_label("Go to phase").select_option(phase)
    expect(page.get_by_test_id("phase-current")).to_have_attribute("data-phase", phase)


def next_phase(page: Page, phase: str) -> None:
    page.get_by_role("button", name="Next phase").click()
    expect(page.get_by_test_id("phase-current")).to_have_attribute("data-phase", phase)


def open_board_as_it_was(page: Page) -> Locator:
    """On a closed retro, unfold the board kept under the summary (it starts folded, so topics
    and action items are not shown twice) and return the fold."""
    fold = page.get_by_test_id("board-as-it-was")
    if fold.get_attribute("open") is None:
        fold.locator(":scope > summary").click()
    expect(fold).to_have_attribute("open", "")
    return fold


def join_as_guest(page: Page, link: str, name: str, role: str) -> None:
    page.goto(link)
    region = page.get_by_role("region", name="Join this retro as a guest")
    region.get_by_label("Your name").fill(name)
    region.get_by_label("Your role").select_option(role)
    region.get_by_role("button", name="Join as guest").click()


def invite_link(page: Page, guests_only: bool = True) -> str:
    """As a facilitator on a board, get an invite link from the Invite dialog (guests only by
    default, as the dialog itself does)."""
    page.get_by_role("button", name="Invite").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Guests only (no team membership)").set_checked(guests_only)
    field = dialog.get_by_test_id("invite-link")
    expect(field).to_have_value(re.compile(r"/invite/"))
    link = field.input_value()
    dialog.get_by_role("button", name="Done").click()
    return link


def add_tech_lead(page: Page, browser: Browser, server: LiveServer, team_id: str) -> Page:
    """A second person joins the team as its tech lead, signed in in their own browser."""
    csrf = page.request.get("/api/auth/session").json()["csrf_token"]
    token = page.request.post(
        f"/api/teams/{team_id}/invites", data={}, headers={"X-CSRF-Token": csrf}
    ).json()["token"]
    context = browser.new_context(base_url=server.url, viewport={"width": 1400, "height": 900})
    context.set_default_timeout(10_000)
    signup = context.request.post(
        "/api/auth/signup",
        data={
            "email": "tara@example.com",
            "password": "a long enough password",
            "display_name": "Tara Lead",
            "invite_token": token,
        },
    )
    assert signup.status == 201, signup.text()
    accepted = context.request.post(
        f"/api/invites/{token}/accept",
        data={"role": "tech_lead"},
        headers={"X-CSRF-Token": signup.json()["csrf_token"]},
    )
    assert accepted.ok, accepted.text()
    return context.new_page()


def screenshot(page: Page, name: str) -> None:
    """With TWOFOLD_SCREENSHOTS set to a folder, keep a full-page picture of this moment."""
    folder = os.environ.get("TWOFOLD_SCREENSHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


def export_summary(page: Page, prefix: str, expected: dict[str, str]) -> str:
    """Copy the closing summary as Markdown and download each export: every file has the name
    the server gives it (`<prefix>-<name>`) and holds the text expected of it; the PDF is a PDF.
    Returns what was copied."""
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Copy as Markdown").click()
    expect(page.get_by_text("Summary copied as Markdown")).to_be_visible()
    copied: str = page.evaluate("navigator.clipboard.readText()")
    for name, text in expected.items():
        with page.expect_download() as caught:
            page.get_by_test_id(f"export-{name}").click()
        download = caught.value
        assert download.suggested_filename == f"{prefix}-{name}"
        assert text in Path(download.path()).read_text(encoding="utf-8"), name
    with page.expect_download() as caught:
        page.get_by_test_id("export-summary.pdf").click()
    assert caught.value.suggested_filename == f"{prefix}-summary.pdf"
    assert Path(caught.value.path()).read_bytes().startswith(b"%PDF-")
    return copied


def share_then_revoke(
    page: Page, browser: Browser, server: LiveServer, title: str, shown: str, name: str
) -> None:
    """A share link made on the summary opens it in a fresh browser without an account (the
    heading and `shown` text on it), and is refused there once the team turns it off."""
    shares = page.get_by_role("region", name="Share links")
    shares.get_by_role("button", name="Create share link").click()
    link = shares.get_by_test_id("share-link").input_value()
    assert "/shared/" in link
    stranger_context = browser.new_context(base_url=server.url)
    try:
        stranger = stranger_context.new_page()
        stranger.goto(link)
        expect(stranger.get_by_role("heading", name=title, level=1)).to_be_visible()
        expect(stranger.get_by_test_id("closing-summary")).to_contain_text(shown)
        screenshot(stranger, f"{name}-shared")
        shares.get_by_role("button", name="Turn off").click()
        expect(shares.get_by_test_id("share")).to_have_attribute("data-revoked", "true")
        stranger.reload()
        expect(stranger.get_by_text("was turned off by the team")).to_be_visible()
        expect(stranger.get_by_text(shown)).to_have_count(0)
        screenshot(stranger, f"{name}-shared-revoked")
    finally:
        stranger_context.close()
