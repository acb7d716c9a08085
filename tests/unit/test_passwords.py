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


def test_an_account_without_a_password_never_verifies() -> None:
    """Accounts made through single sign-on store an empty hash; the timing equaliser's own
    password must not open them."""
    assert not verify_password("", "twofold-timing-equaliser")
    assert not verify_password("", "")
