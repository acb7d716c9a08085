"""Accounts in the browser: one's own settings, the owner's reset link through to signing in
with the new password, the demo before the first account, and sign-in waits told in words."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.flows import create_owner, screenshot
from tests.ports import free_port
from twofold.services.demo_data import PEOPLE

PASSWORD = "a long enough password"


def sign_in(page: Page, email: str, password: str) -> None:
    page.goto("/signin")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_changing_name_email_and_password_in_settings(page: Page) -> None:
    create_owner(page)
    page.goto("/settings")
    expect(page.get_by_role("heading", level=1, name="Settings")).to_be_visible()

    # Display name: saved, and the top bar follows.
    name = page.get_by_label("Display name")
    expect(name).to_have_value("Priya PM")
    name.fill("Priya Raman")
    page.get_by_role("button", name="Save name").click()
    expect(page.get_by_role("navigation", name="Main").get_by_text("Priya Raman")).to_be_visible()

    # Email: the wrong current password is pointed out next to its field.
    email_form = page.get_by_role("form", name="Change email")
    email_form.get_by_label("New email").fill("priya.raman@example.com")
    email_form.get_by_label("Current password").fill("not my password")
    email_form.get_by_role("button", name="Change email").click()
    expect(email_form.get_by_text("That is not your current password.")).to_be_visible()
    expect(email_form.get_by_label("Current password")).to_be_focused()
    email_form.get_by_label("Current password").fill(PASSWORD)
    email_form.get_by_role("button", name="Change email").click()
    expect(page.get_by_test_id("account-email")).to_have_text("priya.raman@example.com")
    expect(email_form.get_by_label("New email")).to_have_value("")

    # Password: typed differently twice is caught before sending; then changed.
    password_form = page.get_by_role("form", name="Change password")
    password_form.get_by_label("Current password").fill(PASSWORD)
    password_form.get_by_label("New password", exact=True).fill("my new passphrase")
    password_form.get_by_label("Repeat new password").fill("my new passfrase")
    password_form.get_by_role("button", name="Change password").click()
    expect(password_form.get_by_text("The two passwords are not the same.")).to_be_visible()
    password_form.get_by_label("Repeat new password").fill("my new passphrase")
    password_form.get_by_role("button", name="Change password").click()
    expect(
        page.get_by_text("Password changed. Every other browser was signed out.")
    ).to_be_visible()
    # This browser stays signed in.
    page.reload()
    expect(page.get_by_test_id("account-email")).to_have_text("priya.raman@example.com")
    expect(page.get_by_test_id("mail-state")).to_contain_text("Mail is off")
    screenshot(page, "settings")

    page.get_by_role("button", name="Sign out", exact=True).click()
    expect(page).to_have_url(re.compile(r"/signin$"))
    sign_in(page, "priya.raman@example.com", PASSWORD)
    expect(page.get_by_text("Wrong email or password.")).to_be_visible()
    sign_in(page, "priya.raman@example.com", "my new passphrase")
    expect(page).to_have_url(re.compile(r"/teams$"))


def test_the_owner_makes_a_reset_link_and_the_person_signs_in_with_a_new_password(
    page: Page, browser: Browser, server: LiveServer
) -> None:
    create_owner(page)
    server.twofold(
        "user", "create", "--email", "lena@example.com", "--name", "Lena Hoffmann",
        "--password", "lena's old password",
    )  # fmt: skip
    server.twofold(
        "user", "create", "--email", "sam@example.com", "--name", "Sam Okafor",
        "--password", "sam's own password",
    )  # fmt: skip
    page.goto("/settings")
    admin = page.get_by_role("region", name="Accounts on this instance")
    expect(admin.get_by_test_id("account-row")).to_have_count(3)
    admin.get_by_label("Find an account").fill("lena")
    expect(admin.get_by_test_id("account-row")).to_have_count(1)
    admin.get_by_label("Find an account").fill("nobody here")
    expect(admin.get_by_test_id("accounts-empty")).to_have_text("No account matches “nobody here”.")
    admin.get_by_label("Find an account").fill("LENA")
    admin.get_by_role("button", name="Reset password of Lena Hoffmann").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("valid for 24 hours")
    dialog.get_by_role("button", name="Make reset link").click()
    made = admin.get_by_test_id("reset-link-made")
    expect(made).to_contain_text("Mail is not set up on this instance")
    link = made.get_by_test_id("reset-link").input_value()
    assert re.fullmatch(rf"{re.escape(server.url)}/reset/[A-Za-z0-9_-]{{43}}", link), link
    expect(admin.get_by_test_id("account-row")).to_contain_text("reset link open")
    screenshot(page, "settings-accounts")

    # Lena opens the link in her own browser.
    context = browser.new_context(base_url=server.url, viewport={"width": 1400, "height": 900})
    context.set_default_timeout(10_000)
    lena = context.new_page()
    lena.goto(link)
    expect(lena.get_by_role("heading", name="Choose a new password")).to_be_visible()
    expect(lena.get_by_text("For Lena Hoffmann (lena@example.com).")).to_be_visible()
    lena.get_by_label("New password", exact=True).fill("short")
    lena.get_by_role("button", name="Set new password").click()
    expect(lena.get_by_text("Use at least 10 characters.")).to_be_visible()
    screenshot(lena, "reset-page")
    lena.get_by_label("New password", exact=True).fill("lena's fresh password")
    lena.get_by_label("Repeat new password").fill("lena's fresh password")
    lena.get_by_role("button", name="Set new password").click()
    expect(lena.get_by_role("heading", name="Password changed")).to_be_visible()
    lena.get_by_role("region", name="Password changed").get_by_role("link", name="Sign in").click()
    lena.get_by_label("Email").fill("lena@example.com")
    lena.get_by_label("Password").fill("lena's old password")
    lena.get_by_role("button", name="Sign in").click()
    expect(lena.get_by_text("Wrong email or password.")).to_be_visible()
    lena.get_by_label("Password").fill("lena's fresh password")
    lena.get_by_role("button", name="Sign in").click()
    expect(lena).to_have_url(re.compile(r"/teams$"))

    # The link worked once.
    lena.goto(link)
    expect(lena.get_by_role("heading", name="This link cannot be used")).to_be_visible()
    expect(lena.get_by_test_id("reset-problem")).to_contain_text("This link was already used.")
    screenshot(lena, "reset-used")
    lena.goto(link[:-3] + "abc")
    expect(lena.get_by_test_id("reset-problem")).to_have_text(
        "This link is not valid. Check that you copied all of it."
    )
    context.close()


def test_the_demo_first_still_lets_the_first_real_account_own_the_instance(
    page: Page, server: LiveServer
) -> None:
    out = server.twofold("demo")
    assert "no owner yet" in out
    # Demo accounts sign in, and the sign-in page says the instance still waits for its owner.
    page.goto("/signin")
    expect(page.get_by_text("This instance has no owner yet")).to_be_visible()
    screenshot(page, "signin-no-owner")
    page.get_by_role("link", name="Create the first account").click()
    expect(page).to_have_url(re.compile(r"/setup$"))
    page.get_by_label("Display name").fill("Real Owner")
    page.get_by_label("Email").fill("owner@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(re.compile(r"/teams$"))
    page.goto("/settings")
    expect(page.get_by_text("Owner of this Twofold instance")).to_be_visible()
    # The demo's people are there to look after, too, besides the owner.
    admin = page.get_by_role("region", name="Accounts on this instance")
    expect(admin.get_by_test_id("account-row")).to_have_count(len(PEOPLE) + 1)
    page.get_by_role("button", name="Sign out", exact=True).click()
    sign_in(page, "priya@demo.twofold.local", "twofold-demo-2026")
    expect(page).to_have_url(re.compile(r"/teams$"))
    expect(page.get_by_text("Checkout Squad (demo)")).to_be_visible()


def test_the_sign_in_form_says_how_long_to_wait(page: Page) -> None:
    create_owner(page)
    page.get_by_role("button", name="Sign out", exact=True).click()
    expect(page).to_have_url(re.compile(r"/signin$"))
    for _ in range(5):
        answer = page.request.post(
            "/api/auth/login", data={"email": "priya@example.com", "password": "a wrong guess"}
        )
        assert answer.status == 401
    sign_in(page, "priya@example.com", PASSWORD)
    # The wait counts down from 30 s; a slow machine may show a second or two less.
    expect(
        page.get_by_text(
            re.compile(r"^Too many failed sign-ins\. Try again in (2\d|30) seconds\.$")
        )
    ).to_be_visible()
    expect(page).to_have_url(re.compile(r"/signin$"))


@pytest.fixture
def failing_mail(monkeypatch: pytest.MonkeyPatch) -> None:
    """Mail set up, to a server that is down; retried at once, given up after two tries.
    (Requested before `page`, so the server starts with these settings.)"""
    for name, value in {
        "TWOFOLD_SMTP_HOST": "127.0.0.1",
        "TWOFOLD_SMTP_PORT": str(free_port()),
        "TWOFOLD_SMTP_SECURITY": "none",
        "TWOFOLD_WORKER_RETRY_SECONDS": "0",
        "TWOFOLD_WORKER_MAX_ATTEMPTS": "2",
        "TWOFOLD_WORKER_POLL_SECONDS": "0.1",
    }.items():
        monkeypatch.setenv(name, value)


def test_the_owner_sees_mail_that_could_not_be_delivered(
    failing_mail: None, page: Page, server: LiveServer
) -> None:
    create_owner(page)
    server.twofold(
        "user", "create", "--email", "lena@example.com", "--name", "Lena Hoffmann",
        "--password", "lena's old password",
    )  # fmt: skip
    page.goto("/settings")
    admin = page.get_by_role("region", name="Accounts on this instance")
    admin.get_by_role("button", name="Reset password of Lena Hoffmann").click()
    page.get_by_role("dialog").get_by_role("button", name="Make reset link").click()
    expect(admin.get_by_test_id("reset-link-made")).to_contain_text(
        "It is also being mailed to lena@example.com."
    )
    admin.screenshot(path=str(server.data_dir.parent / "accounts.png"))
    mail = page.get_by_role("region", name="Mail", exact=True)
    undelivered = mail.get_by_test_id("undelivered-mail")
    for _ in range(100):  # the worker tries twice, a tenth of a second apart
        mail.get_by_role("button", name="Refresh").click()
        expect(mail.get_by_role("button", name="Refresh")).to_be_enabled()
        if undelivered.count():
            break
        page.wait_for_timeout(100)
    expect(undelivered).to_have_count(1)
    expect(undelivered).to_contain_text("Choose a new Twofold password to lena@example.com")
    expect(undelivered).to_contain_text("after 2 tries")
    expect(undelivered).to_contain_text("ConnectionRefusedError")
    expect(mail.get_by_test_id("mail-state")).to_contain_text("Nothing is waiting to be sent.")
    screenshot(page, "settings-mail")
    mail.screenshot(path=str(server.data_dir.parent / "mail.png"))
