"""Pure rules behind sign-in throttling, outbox retries and the mail Twofold writes."""

from datetime import UTC, datetime, timedelta

import pytest

from twofold.domain import mail, throttle
from twofold.domain.accounts import ResetLink
from twofold.domain.outbox import REMOVED, RetryPolicy, error_text, redacted

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def test_a_few_failures_are_free_then_each_one_doubles_the_wait_up_to_a_ceiling() -> None:
    rule = throttle.Rule(free=5, first_wait=30, longest_wait=3600)
    assert [rule.wait_after(n) for n in range(5)] == [0, 0, 0, 0, 0]
    assert [rule.wait_after(n) for n in range(5, 11)] == [30, 60, 120, 240, 480, 960]
    assert rule.wait_after(12) == 3600
    assert rule.wait_after(10_000) == 3600  # no overflow however many


def test_the_wait_counts_from_the_latest_failure() -> None:
    rule = throttle.PAIR
    assert rule.seconds_left(4, T0, T0) == 0
    assert rule.seconds_left(5, T0, T0) == 30
    assert rule.seconds_left(5, T0, T0 + timedelta(seconds=29.2)) == 1  # rounded up
    assert rule.seconds_left(5, T0, T0 + timedelta(seconds=30)) == 0
    assert rule.seconds_left(6, T0, T0 + timedelta(seconds=30)) == 30
    assert rule.seconds_left(0, None, T0) == 0


def test_an_address_allows_more_failures_than_one_account_from_it() -> None:
    assert throttle.ADDRESS.free > throttle.PAIR.free
    assert throttle.ADDRESS.wait_after(throttle.PAIR.free) == 0


def test_retries_double_and_give_up_after_the_last_attempt() -> None:
    policy = RetryPolicy(max_attempts=4, first_delay=10, longest_delay=25)
    assert [policy.delay_after(n) for n in (1, 2, 3, 4)] == [10, 20, 25, 25]
    assert [policy.gives_up_after(n) for n in (1, 3, 4, 5)] == [False, False, True, True]
    assert RetryPolicy(first_delay=0).delay_after(3) == 0


def test_a_far_end_asking_for_a_longer_wait_gets_it_within_the_longest_delay() -> None:
    policy = RetryPolicy(first_delay=10, longest_delay=300)
    assert policy.delay_after(1, at_least=120) == 120
    assert policy.delay_after(1, at_least=5) == 10
    assert policy.delay_after(1, at_least=None) == 10
    assert policy.delay_after(1, at_least=9000) == 300


def test_sensitive_values_do_not_outlive_the_work() -> None:
    payload = {"to": "a@example.com", "text": "link: /reset/s3cret", "sensitive": ["text"]}
    kept = redacted(payload)
    assert kept == {"to": "a@example.com", "text": REMOVED, "redacted": True}
    assert "s3cret" not in str(kept)
    # Nothing sensitive: left as it is.
    plain = {"to": "a@example.com", "text": "hello"}
    assert redacted(plain) == plain
    assert redacted({**plain, "sensitive": []}) == {**plain, "sensitive": []}


def test_error_text_is_short_and_names_the_kind() -> None:
    assert error_text(ConnectionRefusedError(111, "Connection refused")) == (
        "ConnectionRefusedError: [Errno 111] Connection refused"
    )
    long = error_text(RuntimeError("x" * 2000))
    assert len(long) == 500
    assert long.endswith("…")


def test_reset_mail_holds_the_link_on_plain_lines_and_is_marked_sensitive() -> None:
    message = mail.password_reset(
        "lena@example.com",
        "Lena\r\nBcc: evil@example.com",
        "https://retro.example.com/reset/abc",
        T0,
        "Olive\nOwner",
    )
    assert message.to == "lena@example.com"
    assert message.sensitive
    assert "https://retro.example.com/reset/abc" in message.text
    assert "Mar 1, 2026, 12:00 UTC" in message.text
    # A display name cannot start a line of its own in the mail.
    assert "\nBcc:" not in message.text
    assert "Hello Lena  Bcc: evil@example.com," in message.text
    assert message.payload()["sensitive"] == ["text"]
    notice = mail.email_changed("old@example.com", "new@example.com", "Lena", "https://x.test")
    assert notice.to == "old@example.com"
    assert "sensitive" not in notice.payload()


@pytest.mark.parametrize(
    ("used", "replaced", "expires", "problem"),
    [
        (None, None, T0 + timedelta(seconds=1), None),
        (T0, None, T0 + timedelta(hours=1), "reset_used"),
        (None, T0, T0 + timedelta(hours=1), "reset_replaced"),
        (None, None, T0, "reset_expired"),
    ],
)
def test_a_reset_link_works_once_while_it_is_the_latest_and_not_expired(
    used: datetime | None, replaced: datetime | None, expires: datetime, problem: str | None
) -> None:
    link = ResetLink("l1", "u1", T0 - timedelta(hours=1), expires, used, replaced)
    assert link.problem(T0) == problem
