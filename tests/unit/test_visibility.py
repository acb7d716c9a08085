"""What each participant may see of a card, a reaction and an action item."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from twofold.domain.entities import Card, Retro
from twofold.domain.events import ANONYMOUS, MEMBERS, ActionView, gets_full_form
from twofold.domain.phases import Phase
from twofold.domain.retro_settings import RetroSettings
from twofold.domain.visibility import (
    action_forms,
    author_key,
    guest_action_view,
    guest_sees_action,
    public_view,
    reactor_for,
    view_for,
)
from twofold.domain.vocab import Friction, Polarity, Role, TemplateKey

NOW = datetime(2026, 11, 1, tzinfo=UTC)
CARD = Card("c1", "r1", "k1", "Specs moved", Polarity.DIDNT_GO_WELL, Friction.REQUIREMENTS_CLARITY,
            Role.ENG, "u1", None, "Eli", NOW, NOW)  # fmt: skip
RETRO = Retro("r1", "t1", "R", None, None, None, TemplateKey.PM_ENGINEERING, NOW, 0, Phase.REFLECT)


def test_before_the_reveal_others_learn_only_that_a_card_exists() -> None:
    view = public_view(CARD, RETRO)
    assert view.model_dump(exclude_none=True) == {
        "id": "c1",
        "column_id": "k1",
        "hidden": True,
    }
    assert view_for(CARD, RETRO, author_key(CARD)).text == "Specs moved"
    assert view_for(CARD, RETRO, "m:someone-else").text is None


def test_after_the_reveal_everyone_sees_everything_unless_anonymous() -> None:
    revealed = replace(RETRO, phase=Phase.REVEAL)
    assert public_view(CARD, revealed).author_name == "Eli"
    anonymous = replace(revealed, settings=RetroSettings(anonymous=True))
    view = public_view(CARD, anonymous)
    assert (view.text, view.author_name, view.author_id, view.author_kind) == (
        "Specs moved",
        None,
        None,
        None,
    )
    # Anonymous means no role either, unless the retro chose to show roles.
    assert view.author_role is None
    roles = replace(revealed, settings=RetroSettings(anonymous=True, show_roles=True))
    assert public_view(CARD, roles).author_role is Role.ENG
    # The author always sees their own name.
    assert view_for(CARD, anonymous, "m:u1").author_name == "Eli"


def test_a_guest_with_a_members_id_is_not_its_author() -> None:
    assert view_for(CARD, RETRO, "g:u1").hidden is True


def test_in_an_anonymous_retro_only_the_reactor_is_named_to_themselves() -> None:
    named = replace(RETRO, phase=Phase.REVEAL)
    anonymous = replace(named, settings=RetroSettings(anonymous=True))
    assert reactor_for(named, "m:u1", "g:g1") == "m:u1"
    assert reactor_for(anonymous, "m:u1", "m:u1") == "m:u1"
    assert reactor_for(anonymous, "m:u1", "m:u2") == ANONYMOUS
    assert reactor_for(anonymous, "m:u1", "") == ANONYMOUS


@pytest.mark.parametrize(
    ("audience", "viewer", "full"),
    [
        ("all", "g:g1", True),
        ("m:u1", "m:u1", True),
        ("m:u1", "m:u2", False),
        (MEMBERS, "m:u2", True),
        (MEMBERS, MEMBERS, True),
        (MEMBERS, "g:g1", False),
        (MEMBERS, "", False),
        # A guest whose id happens to look like a member's key is still a guest.
        (MEMBERS, "g:m:u1", False),
    ],
)
def test_who_gets_an_event_s_full_form(audience: str, viewer: str, full: bool) -> None:
    assert gets_full_form(audience, viewer) is full


LATER = replace(RETRO, id="r2", created_at=NOW + timedelta(days=14), phase=Phase.REVIEW)


def _action(**fields: object) -> ActionView:
    base: dict[str, object] = {
        "id": "a1",
        "title": "Specs two days before planning",
        "owner_user_id": "u1",
        "owner_name": "Eli",
        "due": None,
        "status": "open",
        "topic_id": "k9",
        "created_at": NOW + timedelta(hours=1),
        "retro_id": "r1",
        "source_card_id": "c1",
    }
    return ActionView.model_validate({**base, **fields})


def test_a_guest_sees_the_items_their_retro_agreed_or_reviews() -> None:
    item = _action()
    # Its own retro's item, in full.
    assert guest_sees_action(item, RETRO, reviewed_here=False)
    assert guest_action_view(item, "r1") == item
    assert action_forms(item, RETRO, reviewed_here=False) == ("all", None)
    # Open, from a retro held before: under review in the later retro, without r1's ids.
    assert guest_sees_action(item, LATER, reviewed_here=False)
    shown = guest_action_view(item, "r2")
    assert (shown.retro_id, shown.topic_id, shown.source_card_id) == (None, None, None)
    assert (shown.title, shown.owner_name) == (item.title, item.owner_name)
    assert action_forms(item, LATER, reviewed_here=False) == (MEMBERS, shown)
    # Done and never reviewed there: not the later retro's business, unless it was open
    # when it changed (a guest who saw it open sees it close).
    done = _action(status="done")
    assert not guest_sees_action(done, LATER, reviewed_here=False)
    assert guest_sees_action(done, LATER, reviewed_here=False, was_active=True)
    assert action_forms(done, LATER, reviewed_here=False) == (MEMBERS, None)
    # Decided there: the guest keeps seeing it, marked as decided there.
    reviewed = _action(status="done", last_review_retro_id="r2", last_review_outcome="done")
    assert guest_sees_action(reviewed, replace(LATER, phase=Phase.CLOSED), reviewed_here=True)
    kept = guest_action_view(reviewed, "r2")
    assert (kept.last_review_retro_id, kept.last_review_outcome) == ("r2", "done")
    elsewhere = guest_action_view(
        _action(last_review_retro_id="r7", last_review_outcome="carry_over"), "r2"
    )
    assert (elsewhere.last_review_retro_id, elsewhere.last_review_outcome) == (None, None)


def test_a_guest_sees_nothing_of_later_retros_or_from_a_closed_retro() -> None:
    later_item = _action(created_at=LATER.created_at + timedelta(days=1), retro_id="r3")
    assert not guest_sees_action(later_item, LATER, reviewed_here=False, was_active=True)
    closed = replace(LATER, phase=Phase.CLOSED)
    assert not guest_sees_action(_action(), closed, reviewed_here=False, was_active=True)
    assert action_forms(later_item, LATER, reviewed_here=False) == (MEMBERS, None)
