"""Password hashing."""

from twofold.services.passwords import hash_password, verify_password


def test_hash_verifies_only_the_right_password() -> None:
    h = hash_password("correct horse battery")
    assert h.startswith("$argon2id$")
    assert verify_password(h, "correct horse battery")
    assert not verify_password(h, "correct horse batterY")


def test_unknown_account_never_verifies() -> None:
    assert not verify_password(None, "twofold-timing-equaliser")
    assert not verify_password("not-a-hash", "anything")
