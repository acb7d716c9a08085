"""The demo team's texts in the language it is loaded in. The story is written once, in English,
in `demo_data` and `demo_sprints`; each other language's translations are keyed by those English
words in `twofold/locales/<code>/demo.json`, beside the server's catalogue, so the story's shape
(who wrote what, votes, figures) stays one, and a test holds every text translated in every
language."""

import json
from collections.abc import Callable
from functools import cache

from twofold.domain.vocab import TextLanguage
from twofold.domain.words import LOCALES
from twofold.services import demo_data as data
from twofold.services.demo_sprints import SPRINTS

RETRO_TITLE = "Sprint {number} retro"

Said = Callable[[str], str]


def english_texts() -> list[str]:
    """Every text the demo writes, in English, once each."""
    found: list[str] = [RETRO_TITLE]
    for sprint in SPRINTS:
        found += [text for _, text in sprint.check_ins]
        found += [card.text for card in sprint.cards]
        found += [group.title for group in sprint.groups]
        found += [text for _, text in sprint.notes]
        found += [action.title for action in sprint.actions]
        found += [review.reason for review in sprint.reviews if review.reason]
    for item in data.DEBT_ITEMS:
        found += [item.title, item.area, item.description]
    found += [ritual.title for ritual in data.RITUALS]
    found += [*data.DEFINITION_OF_DONE, data.ACCEPTANCE_TEMPLATE]
    found += [title for _, title, *_ in data.PAIRINGS]
    found += [data.TEMPLATE_NAME, data.TEMPLATE_DESCRIPTION]
    return list(dict.fromkeys(found))


@cache
def translations(language: TextLanguage) -> dict[str, str]:
    """English text -> its translation; empty for English, which is written in the code."""
    path = LOCALES / language.value / "demo.json"
    if language is TextLanguage.EN or not path.is_file():
        return {}
    loaded: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def said_in(language: TextLanguage) -> Said:
    """The demo's words in `language`; English as written (a text without a translation, which
    the test keeps from happening, stays English too)."""
    known = translations(language)
    return lambda text: known.get(text, text)
