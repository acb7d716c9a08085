"""The access rules that need no database: the instance owner, a facilitator's rights, and the
key a participant's private things are kept under."""

from datetime import UTC, datetime

import pytest

from twofold.domain.access import Participant
from twofold.domain.entities import Guest, Membership, User
from twofold.domain.errors import Conflict, Forbidden
from twofold.domain.visibility import guest_key, member_key
from twofold.domain.vocab import Role
from twofold.services.access import (
    check_facilitates,
    check_instance_owner,
    check_may_change_member,
    check_may_correct_action,
    check_may_delete_debt,
    check_may_record_signals,
    check_may_remove_member,
    check_may_review_action,
    key_of,
)


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


def test_members_change_their_own_role_and_facilitators_anyone() -> None:
    member, facilitator = _membership(False), _membership(True)
    check_may_change_member(member, "u1", "u1")
    with pytest.raises(Forbidden):
        check_may_change_member(member, "u1", "u1", rights=True)
    with pytest.raises(Forbidden):
        check_may_change_member(member, "u1", "u2")
    check_may_change_member(facilitator, "u1", "u2", rights=True)


def test_anyone_may_leave_but_only_a_facilitator_removes_someone_else() -> None:
    check_may_remove_member(_membership(False), "u1", "u1")
    with pytest.raises(Forbidden, match="remove someone else"):
        check_may_remove_member(_membership(False), "u1", "u2")
    check_may_remove_member(_membership(True), "u1", "u2")


GUEST = Participant("guest", "g1", "Gus", Role.DESIGN, False)
OWNER = Participant("member", "u1", "Uma", Role.ENG, False)
FACILITATOR = Participant("member", "u9", "Fay", Role.PM, True)


def test_guests_see_signals_but_only_members_record_them() -> None:
    check_may_record_signals(OWNER)
    with pytest.raises(Forbidden, match="only team members can record signals"):
        check_may_record_signals(GUEST)


def test_an_earlier_item_is_reviewed_by_a_facilitator_or_its_owner() -> None:
    with pytest.raises(Forbidden):
        check_may_review_action(GUEST)  # refused before any item is looked up
    check_may_review_action(OWNER)
    check_may_review_action(OWNER, ("u1",))
    check_may_review_action(FACILITATOR, ("u1",))
    with pytest.raises(Forbidden):
        check_may_review_action(OWNER, ("u2",))
    # A guest sharing an owner's id is still a guest.
    with pytest.raises(Forbidden):
        check_may_review_action(Participant("guest", "u1", "Imp", Role.QA, False), ("u1",))


def test_a_guest_corrects_items_only_while_their_retro_agrees_them() -> None:
    guest = Guest("g1", "r1", "Gus", Role.DESIGN)
    check_may_correct_action(_user(is_owner=False), None, status=True)
    with pytest.raises(Forbidden, match="status"):
        check_may_correct_action(guest, None, status=True)
    with pytest.raises(Conflict) as caught:
        check_may_correct_action(guest, None)
    assert caught.value.code == "wrong_phase"


def test_a_debt_item_is_deleted_by_whoever_added_it_or_a_facilitator() -> None:
    check_may_delete_debt(_membership(False), "u1", "u1")
    check_may_delete_debt(_membership(True), "u1", "u2")
    with pytest.raises(Forbidden, match="won't fix"):
        check_may_delete_debt(_membership(False), "u1", "u2")
    with pytest.raises(Forbidden):
        check_may_delete_debt(None, "u1", "u2")
