"""Password hashing with Argon2id (argon2-cffi's defaults follow RFC 9106's recommendations)."""

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """Verified against when the email is unknown, so a miss costs the same time as a wrong
    password. Made on first use: at import it added a hash's cost to every process start, the
    CLI's included."""
    return _hasher.hash("twofold-timing-equaliser")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """An account made through single sign-on has an empty hash: no password opens it, and it
    costs the same time as a wrong one."""
    try:
        return _hasher.verify(password_hash or _dummy_hash(), password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
