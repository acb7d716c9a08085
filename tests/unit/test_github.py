"""GitHub's webhook signatures, the issue references people paste, the repository a facilitator
names, which closings count as done, and how GitHub's ways of limiting requests are read."""

import json
import time

import httpx
import pytest
from pydantic import ValidationError

from twofold.domain.github import GitHubSettings, is_done, status_name
from twofold.integrations.github.client import rate_limited
from twofold.integrations.github.issues import BadRef, label, parse_ref
from twofold.integrations.github.webhook import signature, status_change, verified

REPO = "octo-org/web"


def test_the_signature_is_githubs_own_example() -> None:
    # The example in GitHub's "Validating webhook deliveries".
    secret = "It's a Secret to Everybody"
    expected = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
    assert signature(secret, b"Hello, World!") == expected
    assert verified(secret, b"Hello, World!", expected)
    assert verified(secret, b"Hello, World!", f" {expected} ")
    assert not verified(secret, b"Hello, World!!", expected)
    assert not verified("another secret", b"Hello, World!", expected)
    assert not verified(secret, b"Hello, World!", expected.replace("sha256=", "sha1="))
    assert not verified(secret, b"Hello, World!", None)
    assert not verified(secret, b"Hello, World!", "")
    assert not verified(secret, b"Hello, World!", "sha256=é")


def _event(action: str, state: str, reason: str | None, repo: str = REPO) -> bytes:
    return json.dumps(
        {
            "action": action,
            "issue": {
                "number": 12,
                "state": state,
                "state_reason": reason,
                "updated_at": "2026-03-01T10:00:00Z",
            },
            "repository": {"full_name": repo},
            "sender": {"login": "mona"},
        }
    ).encode()


def test_closing_and_reopening_are_read_and_nothing_else() -> None:
    closed = status_change("issues", _event("closed", "closed", "completed"), REPO)
    assert closed is not None
    assert (closed.key, closed.status, closed.done, closed.by) == ("#12", "Closed", True, "mona")
    assert closed.at is not None
    assert closed.at.isoformat() == "2026-03-01T10:00:00+00:00"
    skipped = status_change("issues", _event("closed", "closed", "not_planned"), REPO)
    assert skipped is not None
    assert skipped.done is False
    reopened = status_change("issues", _event("reopened", "open", "reopened"), "Octo-Org/Web")
    assert reopened is not None
    assert (reopened.status, reopened.done) == ("Open", False)
    assert status_change("issues", _event("labeled", "closed", "completed"), REPO) is None
    assert status_change("ping", _event("closed", "closed", "completed"), REPO) is None
    assert status_change(None, _event("closed", "closed", "completed"), REPO) is None
    other = _event("closed", "closed", "completed", repo="octo-org/api")
    assert status_change("issues", other, REPO) is None
    assert status_change("issues", b"not json", REPO) is None
    assert status_change("issues", b"[1, 2]", REPO) is None


@pytest.mark.parametrize(
    ("state", "reason", "done", "name"),
    [
        ("closed", "completed", True, "Closed"),
        ("closed", None, True, "Closed"),
        ("closed", "not_planned", False, "Closed as not planned"),
        ("closed", "duplicate", False, "Closed as duplicate"),
        ("open", "reopened", False, "Open"),
        ("open", None, False, "Open"),
    ],
)
def test_done_is_closed_as_completed(state: str, reason: str | None, done: bool, name: str) -> None:
    assert (is_done(state, reason), status_name(state, reason)) == (done, name)


@pytest.mark.parametrize(
    ("ref", "number"),
    [
        ("12", 12),
        ("#12", 12),
        (" #12 ", 12),
        ("octo-org/web#12", 12),
        ("Octo-Org/Web#12", 12),
        ("https://github.com/octo-org/web/issues/12", 12),
        ("https://github.com/octo-org/web/issues/12#issuecomment-1", 12),
        ("https://ghe.example.com/octo-org/web/issues/7/", 7),
    ],
)
def test_an_issue_is_named_by_number_or_address(ref: str, number: int) -> None:
    assert parse_ref(ref, REPO) == number


@pytest.mark.parametrize(
    ("ref", "says"),
    [
        ("https://github.com/octo-org/web/pull/12", "pull request"),
        ("octo-org/api#12", "is in octo-org/api"),
        ("https://github.com/octo-org/api/issues/12", "is in octo-org/api"),
        ("OPS-12", "names no GitHub issue"),
        ("#", "names no GitHub issue"),
        ("#1234567890", "names no GitHub issue"),
        ("", "names no GitHub issue"),
    ],
)
def test_anything_else_is_refused_with_the_reason(ref: str, says: str) -> None:
    with pytest.raises(BadRef, match=says):
        parse_ref(ref, REPO)


def test_the_repository_is_owner_and_name() -> None:
    plain = GitHubSettings(repository=" octo-org/web ")
    assert (plain.repository, plain.owner, plain.name) == ("octo-org/web", "octo-org", "web")
    assert plain.api_url == "https://api.github.com"
    assert plain.where() == "octo-org/web on GitHub"
    pasted = GitHubSettings(repository="https://github.com/octo-org/web.git")
    assert pasted.repository == "octo-org/web"
    server = GitHubSettings(repository="a/b.c", api_url="https://ghe.example.com/api/v3/")
    assert server.api_url == "https://ghe.example.com/api/v3"
    assert server.where() == "a/b.c on https://ghe.example.com/api/v3"
    for bad in ("web", "a/b/c", "-octo/web", "octo/..", "octo/we b", "o" * 40 + "/web"):
        with pytest.raises(ValidationError, match="owner/name"):
            GitHubSettings(repository=bad)
    with pytest.raises(ValidationError):
        GitHubSettings(repository="a/b", api_url="api.github.com")
    with pytest.raises(ValidationError):
        GitHubSettings(repository="a/b", project_key="OPS")  # type: ignore[call-arg]


def test_labels_fit_githubs_limit() -> None:
    assert label("  unclear   requirements ") == "unclear requirements"
    assert len(label("x" * 80)) == 50


def _answer(status: int, headers: dict[str, str], message: str = "") -> httpx.Response:
    return httpx.Response(status, headers=headers, json={"message": message})


def test_each_way_github_limits_requests_gives_its_wait() -> None:
    reset = int(time.time()) + 300
    primary = _answer(403, {"x-ratelimit-remaining": "0", "x-ratelimit-reset": str(reset)})
    wait = rate_limited(primary)
    assert wait is not None
    assert 290 <= wait <= 301
    assert rate_limited(_answer(429, {"retry-after": "120"})) == 120
    assert rate_limited(_answer(403, {"retry-after": "45", "x-ratelimit-remaining": "0"})) == 45
    assert rate_limited(_answer(403, {}, "You have exceeded a secondary rate limit.")) == 60
    assert rate_limited(_answer(429, {})) == 60
    past = _answer(403, {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "1000"})
    assert rate_limited(past) == 0
    # A 403 that is not about rate is a missing permission: not a wait.
    missing = _answer(403, {"x-ratelimit-remaining": "4999"}, "Resource not accessible")
    assert rate_limited(missing) is None
