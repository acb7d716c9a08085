"""What each participant may see of a card."""

from dataclasses import replace
from datetime import UTC, datetime

from twofold.domain.entities import Card, Retro
from twofold.domain.phases import Phase
from twofold.domain.retro_settings import RetroSettings
from twofold.domain.visibility import author_key, public_view, view_for
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
    assert view.author_role is Role.ENG
    no_roles = replace(revealed, settings=RetroSettings(anonymous=True, show_roles=False))
    assert public_view(CARD, no_roles).author_role is None
    # The author always sees their own name.
    assert view_for(CARD, anonymous, "m:u1").author_name == "Eli"


def test_a_guest_with_a_members_id_is_not_its_author() -> None:
    assert view_for(CARD, RETRO, "g:u1").hidden is True
