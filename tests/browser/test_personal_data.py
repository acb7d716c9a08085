"""A person's data and the audit log in the browser: someone downloads their data and deletes
their account from Settings, and the owner reads, filters and downloads the audit log."""

import csv
import io
import json
import re

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.flows import create_owner, screenshot

PASSWORD = "lena's own password"


def test_deleting_ones_account_and_the_owner_reading_the_audit_log(
    page: Page, browser: Browser, server: LiveServer
) -> None:
    create_owner(page)
    server.twofold(
        "user", "create", "--email", "lena@example.com", "--name", "Lena Hoffmann",
        "--password", PASSWORD,
    )  # fmt: skip
    # The owner cannot delete their own account: Settings says why instead of offering it.
    page.goto("/settings")
    expect(page.get_by_test_id("owner-cannot-delete")).to_be_visible()

    context = browser.new_context(base_url=server.url, viewport={"width": 1400, "height": 900})
    context.set_default_timeout(10_000)
    lena = context.new_page()
    lena.goto("/signin")
    lena.get_by_label("Email").fill("lena@example.com")
    lena.get_by_label("Password").fill("a wrong guess at it")
    lena.get_by_role("button", name="Sign in").click()
    expect(lena.get_by_text("Wrong email or password.")).to_be_visible()
    lena.get_by_label("Password").fill(PASSWORD)
    lena.get_by_role("button", name="Sign in").click()
    expect(lena).to_have_url(re.compile(r"/teams$"))

    # Her data, as one JSON file.
    lena.goto("/settings")
    data = lena.get_by_role("region", name="Your data")
    with lena.expect_download() as got:
        data.get_by_test_id("my-data").click()
    held = json.loads(got.value.path().read_text())
    assert held["account"]["email"] == "lena@example.com"
    assert PASSWORD not in json.dumps(held)
    assert "argon2" not in json.dumps(held)  # no password hash either

    # Deleting asks for the password, and a wrong one is said so by the field.
    data.get_by_role("button", name="Delete my account…").click()
    dialog = lena.get_by_role("dialog", name="Delete your account?")
    dialog.get_by_role("button", name="Delete my account").click()
    expect(dialog.get_by_text("Enter your password to delete your account.")).to_be_visible()
    # An account made by single sign-on has no password: it types a phrase instead.
    no_password = dialog.get_by_role("checkbox", name="I have no password")
    no_password.check()
    expect(dialog.get_by_label("Confirmation")).to_be_visible()
    expect(dialog.get_by_text("type delete my account to confirm")).to_be_visible()
    no_password.uncheck()
    dialog.get_by_label("Password", exact=True).fill("not my password")
    dialog.get_by_role("button", name="Delete my account").click()
    expect(dialog.get_by_text("That is not your current password.")).to_be_visible()
    screenshot(lena, "account-delete")
    dialog.get_by_label("Password", exact=True).fill(PASSWORD)
    dialog.get_by_role("button", name="Delete my account").click()
    expect(lena).to_have_url(re.compile(r"/signin$"))
    expect(lena.get_by_text("Your account was deleted.")).to_be_visible()
    lena.get_by_label("Email").fill("lena@example.com")
    lena.get_by_label("Password").fill(PASSWORD)
    lena.get_by_role("button", name="Sign in").click()
    expect(lena.get_by_text("Wrong email or password.")).to_be_visible()
    context.close()

    # The owner's audit log: newest first, the deleted account named as a former member.
    page.reload()
    log = page.get_by_role("region", name="Audit log")
    rows = log.get_by_test_id("audit-row")
    expect(rows.first).to_have_attribute("data-kind", "sign_in_failed")
    deleted = log.locator("[data-kind=account_deleted]")
    expect(deleted).to_contain_text("a former member")
    expect(log).not_to_contain_text("Lena Hoffmann")
    expect(log).not_to_contain_text("lena@example.com")
    expect(log.locator("[data-kind=data_exported]")).to_have_count(1)
    screenshot(page, "audit-log")

    log.get_by_label("What").select_option("sign_in_failed")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Sign-in failed")
    log.get_by_label("Who").fill("nobody at all")
    expect(log.get_by_test_id("audit-empty")).to_contain_text("No event matches these filters")
    log.get_by_role("button", name="Clear the filters").click()
    expect(rows.first).to_have_attribute("data-kind", "sign_in_failed")
    with page.expect_download() as got:
        log.get_by_test_id("audit-csv").click()
    exported = list(csv.DictReader(io.StringIO(got.value.path().read_text())))
    kinds = [r["kind"] for r in exported]
    assert kinds[:2] == ["sign_in_failed", "sign_in"]  # oldest first
    assert "account_deleted" in kinds
    assert "lena@example.com" not in json.dumps(exported)
