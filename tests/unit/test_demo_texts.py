"""The demo in every language the server writes: each text the demo loads has a translation,
none is left in English by accident, and nothing translated is no longer in the story."""

import re

import pytest

from twofold.domain.agreements import has_edge_cases
from twofold.domain.vocab import TextLanguage
from twofold.services.demo_data import ACCEPTANCE_TEMPLATE
from twofold.services.demo_texts import english_texts, said_in, translations

OTHERS = [language for language in TextLanguage if language is not TextLanguage.EN]
# Names that read the same in every language: areas and product names.
SAME_EVERYWHERE = {"Checkout", "Notifications"}


@pytest.mark.parametrize("language", OTHERS, ids=lambda lang: lang.value)
def test_every_demo_text_is_translated_and_nothing_else(language: TextLanguage) -> None:
    texts = english_texts()
    known = translations(language)
    assert [t for t in texts if t not in known] == []
    assert [t for t in known if t not in texts] == []
    unchanged = [t for t in texts if known[t] == t and t not in SAME_EVERYWHERE]
    assert unchanged == []
    for english, said in known.items():
        assert re.findall(r"\{\w+\}", said) == re.findall(r"\{\w+\}", english), english


@pytest.mark.parametrize("language", OTHERS, ids=lambda lang: lang.value)
def test_the_translated_acceptance_template_still_has_its_edge_cases(
    language: TextLanguage,
) -> None:
    assert has_edge_cases(said_in(language)(ACCEPTANCE_TEMPLATE))


def test_english_is_the_story_as_written() -> None:
    say = said_in(TextLanguage.EN)
    assert all(say(t) == t for t in english_texts())
