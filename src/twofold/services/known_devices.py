"""Browsers that signed in to an account before ("known devices").

After a right password the browser gets a long-lived cookie naming the account and a device id,
signed with the instance's secret over the account's current password hash. Sign-in attempts
from a browser holding a valid one are throttled on that device alone, so strangers failing at
the account elsewhere (or behind the same address) never slow its owner down. The cookie
proves only that this browser knew the password once: it never replaces the password, and any
password change or reset makes every such cookie of the account worthless.
"""

import hmac
from datetime import UTC, datetime, timedelta

from twofold.domain import limits
from twofold.domain.entities import User
from twofold.store.database import Tx
from twofold.store.queries import users as user_q
from twofold.store.queries.ids import new_id, now

DEVICE_TTL = timedelta(days=limits.KNOWN_DEVICE_DAYS)
_VERSION = "d1"
_MAX_LENGTH = 300


def _signature(tx: Tx, user: User, device_id: str, issued: int) -> str:
    return user_q.digest(tx, f"known-device|{user.id}|{device_id}|{issued}|{user.password_hash}")


def issue(tx: Tx, user: User, device_id: str | None = None) -> str:
    """The cookie value for this browser; `device_id` keeps a known browser's own id."""
    device = device_id or new_id()
    issued = int(now().timestamp())
    return f"{_VERSION}.{user.id}.{device}.{issued}.{_signature(tx, user, device, issued)}"


def recognise(tx: Tx, cookie: str | None, user: User | None) -> str | None:
    """The device id, when the cookie was issued by this instance to this account since its
    password last changed, and has not run out; otherwise None."""
    if not cookie or user is None or len(cookie) > _MAX_LENGTH:
        return None
    parts = cookie.split(".")
    if len(parts) != 5 or parts[0] != _VERSION or parts[1] != user.id:
        return None
    if not parts[3].isdigit() or len(parts[3]) > 12:  # a time in seconds, well past 2100
        return None
    _, _, device, issued_text, signature = parts
    issued = int(issued_text)
    if datetime.fromtimestamp(issued, UTC) + DEVICE_TTL < now():
        return None
    expected = _signature(tx, user, device, issued)
    if not hmac.compare_digest(expected.encode(), signature.encode()):
        return None
    return device
