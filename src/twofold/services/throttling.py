"""Slowing password guessing (rules in domain/throttle): failures are counted per key in the
database, so every app process sees the same counts, and an attempt that comes too soon after
them is refused with how long to wait."""

import hashlib
from dataclasses import dataclass

from twofold.domain import throttle
from twofold.domain.errors import RateLimited
from twofold.store.database import Tx
from twofold.store.queries import login_failures as failure_q
from twofold.store.queries.ids import now


@dataclass(frozen=True)
class Key:
    name: str
    rule: throttle.Rule


def pair_key(email: str, address: str) -> Key:
    # Hashed: the key stays short whatever was typed, and the table keeps no typed emails.
    joined = hashlib.sha256(f"{email}\n{address}".encode()).hexdigest()
    return Key(f"pair:{joined}", throttle.PAIR)


def address_key(address: str) -> Key:
    return Key(f"addr:{address[:200]}", throttle.ADDRESS)


def device_key(device_id: str) -> Key:
    return Key(f"device:{device_id}", throttle.DEVICE)


def account_check_key(user_id: str) -> Key:
    return Key(f"check:{user_id}", throttle.ACCOUNT_CHECK)


def check(tx: Tx, keys: list[Key], message: str) -> None:
    at = now()
    since = at - throttle.MEMORY
    wait = 0
    for key in keys:
        count, latest = failure_q.tally(tx, key.name, since)
        wait = max(wait, key.rule.seconds_left(count, latest, at))
    if wait:
        raise RateLimited(message, details={"retry_after": wait}, params={"retry_after": wait})


def begin_attempt(tx: Tx, keys: list[Key]) -> list[int]:
    """Count the attempt as a failure before the (slow) password check, so parallel guesses
    cannot all slip in before the first is counted; a success takes it back (`forgive`)."""
    at = now()
    failure_q.purge(tx, at - throttle.MEMORY)
    return failure_q.record(tx, [k.name for k in keys], at)


def forgive(tx: Tx, attempt: list[int], clear: list[Key]) -> None:
    """After a right password: take back this attempt's failures, and forget the earlier ones
    of the keys in `clear`, which only the person now proven right could have failed on (their
    own account from their own address, or their own known browser). An address keeps the
    failures others behind it made."""
    failure_q.forget(tx, attempt)
    for key in clear:
        failure_q.clear(tx, key.name)
