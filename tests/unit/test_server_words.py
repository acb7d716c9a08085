"""The server's own words: every English message in the code has German and French, with the
same values, and the catalogue holds nothing the code no longer says."""

from datetime import date, datetime
from functools import cache
from pathlib import Path
from string import Formatter

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

import twofold
from twofold.domain.flag_words import prompt, threshold
from twofold.domain.flags import Flag, FlagCode, Signal
from twofold.domain.vocab import Friction, TextLanguage
from twofold.domain.words import N_, SOURCE, po_path, text_language, words

KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
"""The functions that mark a message (`domain.words`): `ngettext` takes two."""
TRANSLATED = tuple(language for language in TextLanguage if language is not SOURCE)
"""Every language the server writes but English, which the code itself is written in."""


@cache
def _in_code() -> dict[str, tuple[str, ...]]:
    """Each message in the server's code, by its English (singular) text, with all its forms."""
    root = Path(twofold.__file__).parent
    found: dict[str, tuple[str, ...]] = {}
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(root), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        forms = message if isinstance(message, tuple) else (message,)
        found[forms[0]] = tuple(forms)
    return found


def _catalogue(language: TextLanguage) -> Catalog:
    with po_path(language).open("rb") as fp:
        return read_po(fp, locale=language.value)


def _values(text: str) -> set[str]:
    return {field for _, field, _, _ in Formatter().parse(text) if field is not None}


def test_the_code_has_messages_to_check() -> None:
    found = _in_code()
    assert "Choose a new Twofold password" in found
    # The extractor sees marked data, and a count's two forms.
    assert all(isinstance(forms, tuple) and forms for forms in found.values())


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_has_a_translation_with_the_same_values(language: TextLanguage) -> None:
    catalogue = _catalogue(language)
    problems: list[str] = []
    for english, forms in _in_code().items():
        entry = catalogue.get(english)
        if entry is None or entry.fuzzy:
            problems.append(f"missing: {english!r}")
            continue
        said = tuple(entry.string) if isinstance(entry.string, (tuple, list)) else (entry.string,)
        if len(forms) > 1 and len(said) != catalogue.num_plurals:
            problems.append(f"needs {catalogue.num_plurals} plural forms: {english!r}")
        expected = set().union(*(_values(f) for f in forms))
        for text in said:
            if not isinstance(text, str) or not text.strip():
                problems.append(f"empty: {english!r}")
            elif _values(text) - expected or (len(forms) == 1 and _values(text) != expected):
                problems.append(f"values differ: {english!r} -> {text!r}")
    assert problems == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_catalogue_keeps_nothing_the_code_no_longer_says(language: TextLanguage) -> None:
    in_code = set(_in_code())
    ids = [m.id if isinstance(m.id, str) else m.id[0] for m in _catalogue(language)]
    left_over = [i for i in ids if i and i not in in_code]
    assert left_over == []


def test_french_counts_zero_as_one_and_german_does_not() -> None:
    assert _catalogue(TextLanguage.FR).plural_expr == "(n > 1)"
    assert _catalogue(TextLanguage.DE).num_plurals == 2


def test_a_message_reads_in_the_language_with_its_values_filled_in() -> None:
    assert words(TextLanguage.DE)._("Hello {name},", name="Ana") == "Hallo Ana,"
    assert words(TextLanguage.FR)._("Hello {name},", name="Ana") == "Bonjour Ana,"
    assert words(TextLanguage.EN)._("Hello {name},", name="Ana") == "Hello Ana,"
    # Marked data passes through `N_` unchanged; text nobody marked stays as written.
    assert N_("Hello {name},") == "Hello {name},"
    assert words(TextLanguage.DE).known("Our own words") == "Our own words"


def test_dates_and_numbers_follow_the_language() -> None:
    day = date(2026, 12, 19)
    assert words(TextLanguage.EN).date(day) == "Dec 19, 2026"
    assert words(TextLanguage.DE).date(day) == "19. Dez. 2026"
    assert words(TextLanguage.FR).date(day) == "19 déc. 2026"
    assert words(TextLanguage.DE).moment(datetime(2026, 12, 19, 14, 5)) == (
        "19. Dez. 2026, 14:05 UTC"
    )
    assert words(TextLanguage.DE).number(2.5) == "2,5"
    assert words(TextLanguage.EN).number(12345) == "12,345"


def test_the_language_is_the_first_choice_the_server_writes_in() -> None:
    assert text_language("de", "fr") is TextLanguage.DE
    assert text_language("auto", "fr") is TextLanguage.FR
    assert text_language("auto", None) is TextLanguage.EN
    assert text_language("xx") is TextLanguage.EN


def test_flags_are_worded_with_the_languages_plurals_and_numbers() -> None:
    rework = Flag(
        Signal.REWORK_DAYS, FlagCode.REWORK_DAYS_HIGH, 2.5, Friction.VELOCITY_QUALITY, {"ideal": 1}
    )
    assert prompt(rework).startswith("2.5 days of rework this sprint — ")
    assert threshold(rework) == "at most 1 day"
    assert prompt(rework, TextLanguage.DE).startswith("2,5 Tage Nacharbeit")
    assert threshold(rework, TextLanguage.DE) == "höchstens 1 Tag"
    completion = Flag(
        Signal.COMPLETION,
        FlagCode.COMPLETION_LOW,
        62.5,
        Friction.ESTIMATION,
        {"ideal": 80, "unit": "points"},
    )
    assert threshold(completion, TextLanguage.FR).endswith("points engagés")
    assert prompt(completion, TextLanguage.FR).startswith("62,5")
