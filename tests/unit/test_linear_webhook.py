"""Reading Linear's webhooks and what people paste to name an issue: a signature is the hex
HMAC-SHA256 of the exact body under the signing secret, and nothing else passes."""

import hashlib
import hmac
import json

import pytest

from twofold.domain.linear import LinearSettings
from twofold.integrations.linear.tracker import identifier
from twofold.integrations.linear.webhook import signature, state_change, verified
from twofold.integrations.webhooks import read_webhook

SECRET = "lin_wh_0123456789abcdef"
BODY = json.dumps(
    {
        "action": "update",
        "type": "Issue",
        "actor": {"id": "u1", "name": "Ada Admin", "type": "user"},
        "data": {
            "id": "4c1e",
            "identifier": "ENG-12",
            "url": "https://linear.app/acme/issue/ENG-12/x",
            "updatedAt": "2026-12-06T10:15:30.250Z",
            "state": {"id": "s1", "name": "Done", "type": "completed"},
        },
        "updatedFrom": {"stateId": "s0"},
        "webhookTimestamp": 1796551000000,
    }
).encode()


def test_the_signature_is_the_hex_hmac_of_the_raw_body() -> None:
    expected = hmac.new(SECRET.encode(), BODY, hashlib.sha256).hexdigest()
    assert signature(SECRET, BODY) == expected
    assert verified(SECRET, BODY, expected)
    assert verified(SECRET, BODY, expected.upper())  # hex is hex, whatever its case


@pytest.mark.parametrize(
    "header",
    [None, "", "sha256=" + signature(SECRET, BODY), signature("another", BODY), "zz"],
)
def test_anything_else_is_refused(header: str | None) -> None:
    assert not verified(SECRET, BODY, header)


def test_a_changed_body_or_an_empty_secret_fails() -> None:
    good = signature(SECRET, BODY)
    assert not verified(SECRET, BODY + b" ", good)
    assert not verified("", BODY, signature("", BODY))


def test_an_issue_update_reads_as_its_state_and_who_changed_it() -> None:
    seen = state_change(BODY)
    assert seen is not None
    assert (seen.key, seen.state, seen.state_type, seen.by) == (
        "ENG-12",
        "Done",
        "completed",
        "Ada Admin",
    )
    assert seen.at is not None
    assert seen.at.isoformat() == "2026-12-06T10:15:30.250000+00:00"
    settings = LinearSettings(team_key="ENG")
    read = read_webhook(
        "linear", settings, SECRET, BODY, {"linear-signature": signature(SECRET, BODY)}
    )
    assert read is not None
    [status] = read
    assert (status.key, status.status, status.done) == ("ENG-12", "Done", True)
    assert read_webhook("linear", settings, SECRET, BODY, {"linear-signature": "0" * 64}) is None


def test_canceled_is_not_done_unless_the_team_says_so() -> None:
    assert not LinearSettings(team_key="ENG").is_done("Canceled", "canceled")
    assert LinearSettings(team_key="ENG", done_states=("canceled",)).is_done("Canceled", "canceled")
    assert not LinearSettings(team_key="ENG", done_states=("Shipped",)).is_done("Done", "completed")


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b'{"type": "Comment", "action": "update", "data": {}}',
        b'{"type": "Issue", "action": "remove", "data": {"identifier": "ENG-1"}}',
        b'{"type": "Issue", "action": "update", "data": {"identifier": "ENG-1"}}',
    ],
)
def test_other_events_report_nothing(body: bytes) -> None:
    assert state_change(body) is None


@pytest.mark.parametrize(
    ("ref", "key"),
    [
        ("ENG-12", "ENG-12"),
        (" eng-12 ", "ENG-12"),
        ("https://linear.app/acme/issue/ENG-12/fix-release-2-in-v-3", "ENG-12"),
        ("https://linear.app/acme/issue/eng-7", "ENG-7"),
        ("no issue here", None),
        ("ENG-1 and ENG-2", None),
    ],
)
def test_an_issue_is_named_by_identifier_or_address(ref: str, key: str | None) -> None:
    assert identifier(ref) == key
