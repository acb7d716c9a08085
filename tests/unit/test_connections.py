"""The rules of connections without a database: sealing and rotating secrets, masking them,
Jira's webhook signatures, the settings a facilitator gives and which statuses mean done."""

from collections.abc import Iterator

import pytest
from pydantic import ValidationError

from twofold.domain.connections import JiraSettings, Outgoing, masked
from twofold.integrations import vendor_http
from twofold.integrations.jira.issues import changed_since, description, fields
from twofold.integrations.jira.webhook import signature, status_change, verified
from twofold.integrations.vault import Vault, VaultLocked, VaultMismatch, new_key
from twofold.integrations.vendor_http import (
    VendorError,
    allow_private_addresses,
    check_address,
    client,
)


def test_a_secret_sealed_under_an_old_key_opens_after_rotation_and_reseals_under_the_new() -> None:
    old, new = new_key(), new_key()
    sealed = Vault(old).seal("jira-token-1234")
    assert "jira-token-1234" not in sealed
    rotating = Vault(f"{new},{old}")
    assert rotating.open(sealed) == "jira-token-1234"
    resealed = rotating.reseal(sealed)
    assert Vault(new).open(resealed) == "jira-token-1234"
    with pytest.raises(VaultMismatch):
        Vault(new).open(sealed)


def test_without_a_key_nothing_is_sealed() -> None:
    with pytest.raises(VaultLocked):
        Vault("").seal("token")
    with pytest.raises(ValueError, match="not a Fernet key"):
        Vault("not-a-key")


def test_masking_shows_the_last_four_characters_of_a_long_secret_only() -> None:
    assert masked("ATATT3xFfGF0abcd") == "••••••••abcd"
    assert masked("short") == "••••••••"


def test_webhook_signature_is_hmac_sha256_of_the_raw_body() -> None:
    body = b'{"webhookEvent":"jira:issue_updated"}'
    good = signature("s3cret", body)
    assert good.startswith("sha256=")
    assert len(good) == 7 + 64
    assert verified("s3cret", body, good)
    assert not verified("s3cret", body + b" ", good)
    assert not verified("other", body, good)
    assert not verified("s3cret", body, None)


def test_a_webhook_about_something_else_changes_nothing() -> None:
    assert status_change(b'{"webhookEvent":"project_created"}') is None
    assert status_change(b"not json") is None


def test_settings_are_cleaned_and_checked() -> None:
    s = JiraSettings(site_url="https://acme.atlassian.net/", email="a@b.c", project_key=" ops ")
    assert (s.site_url, s.project_key) == ("https://acme.atlassian.net", "OPS")
    with pytest.raises(ValidationError):
        JiraSettings(site_url="acme", email="a@b.c", project_key="OPS")
    with pytest.raises(ValidationError):
        JiraSettings(site_url="https://a.b", email="a@b.c", project_key="1X")


def test_done_is_jiras_done_category_unless_the_team_names_statuses() -> None:
    plain = JiraSettings(site_url="https://a.b", email="a@b.c", project_key="OPS")
    assert plain.is_done("Closed", "done")
    assert not plain.is_done("In Review", "indeterminate")
    named = plain.model_copy(update={"done_statuses": ("Shipped",)})
    assert named.is_done("shipped", "indeterminate")
    assert not named.is_done("Done", "done")


def test_an_issue_carries_labels_without_spaces_and_an_adf_description() -> None:
    s = JiraSettings(site_url="https://a.b", email="a@b.c", project_key="OPS")
    item = Outgoing("Title", "Line one\n\nLine two", "https://t/x", ("unclear requirements",), None)
    out = fields(s, item, "twofold-action-1")
    assert out["labels"] == ["twofold", "twofold-action-1", "unclear-requirements"]
    assert "duedate" not in out
    doc = description(item)
    assert [b["content"][0]["text"] for b in doc["content"]] == [
        "Line one",
        "Line two",
        "From Twofold: ",
    ]
    assert "updated >= -7m" in changed_since(s, 7)


@pytest.fixture
def public_only() -> Iterator[None]:
    """Vendor calls limited to public addresses, as on an instance left at its defaults."""
    before = vendor_http._private_allowed
    allow_private_addresses(False)
    yield
    allow_private_addresses(before)


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1", "10.1.2.3", "192.168.0.9", "169.254.169.254", "::1", "[fd00::1]", "0.0.0.0"],
)
def test_private_and_local_addresses_are_refused_unless_allowed(
    public_only: None, host: str
) -> None:
    with pytest.raises(VendorError, match="private or local address"):
        check_address(host)
    allow_private_addresses(True)
    check_address(host)  # allowed now: nothing raised


def test_public_addresses_pass_the_check(public_only: None) -> None:
    for host in ("8.8.8.8", "2606:4700:4700::1111", "no-such-host.invalid"):
        check_address(host)


def test_a_vendor_client_refuses_a_private_address_before_connecting(public_only: None) -> None:
    with client(timeout=1) as http, pytest.raises(VendorError) as refused:
        http.get("http://127.0.0.1:9/never")
    assert refused.value.status == "unreachable"
    assert "TWOFOLD_INTEGRATIONS_PRIVATE_ADDRESSES" in refused.value.message
