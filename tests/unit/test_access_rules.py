"""The access rules that need no database: the instance owner, a facilitator's rights, and the
key a participant's private things are kept under."""

from datetime import UTC, datetime

import pytest

from twofold.domain.access import Participant
from twofold.domain.entities import Membership, User
from twofold.domain.errors import Forbidden
from twofold.domain.visibility import guest_key, member_key
from twofold.domain.vocab import Role
from twofold.services.access import check_facilitates, check_instance_owner, key_of


def _user(is_owner: bool) -> User:
    return User("u1", "u1@example.com", "Uma", is_owner, "hash")


def _membership(is_facilitator: bool) -> Membership:
    return Membership("t1", "u1", Role.ENG, is_facilitator, datetime(2026, 1, 1, tzinfo=UTC))


def test_only_the_instance_owner_looks_after_accounts() -> None:
    check_instance_owner(_user(is_owner=True))
    with pytest.raises(Forbidden, match="owner of this Twofold instance"):
        check_instance_owner(_user(is_owner=False))


def test_a_member_who_does_not_facilitate_is_told_what_they_may_not_do() -> None:
    check_facilitates(_membership(is_facilitator=True), "change its rituals")
    with pytest.raises(Forbidden) as caught:
        check_facilitates(_membership(is_facilitator=False), "change its rituals")
    assert caught.value.message == "Only a facilitator of this team can change its rituals."


@pytest.mark.parametrize(
    ("kind", "expected"), [("member", member_key("p1")), ("guest", guest_key("p1"))]
)
def test_members_and_guests_keep_private_things_under_different_keys(
    kind: str, expected: str
) -> None:
    who = Participant(kind, "p1", "Pat", Role.ENG, False)  # type: ignore[arg-type]
    assert key_of(who) == expected
    assert key_of(who) != key_of(
        Participant("guest" if kind == "member" else "member", "p1", "Pat", Role.ENG, False)
    )
