"""The words the server writes (mail, exports, reports, posts) in the reader's language.

English is written in the code, inside `_()` (or `ngettext()` for a count, `N_()` for data
that is translated later); German and French live in `twofold/locales/<code>/LC_MESSAGES/
twofold.po`, read once per process with Babel. Values go in by name (`{name}`), so a
translation may move them. A message with no translation reads in English rather than
failing: the catalogue test keeps that from reaching a release.

Dates and numbers follow the language through Babel's locale data, never the server's own
locale, so the same mail reads the same on every server.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import cache
from gettext import NullTranslations
from io import BytesIO
from pathlib import Path

from babel.dates import format_skeleton, format_time, get_datetime_format
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

from twofold.domain.vocab import TextLanguage

LOCALES = Path(__file__).resolve().parent.parent / "locales"
"""Where the `.po` files are: `<code>/LC_MESSAGES/twofold.po`."""
DOMAIN = "twofold"


Day = date
"""`date`, named so inside `Words`, whose `date` method hides the type."""
SOURCE = TextLanguage.EN
"""The language messages are written in, in the code."""


def N_(message: str) -> str:  # noqa: N802  (the name gettext tools look for)
    """Marks English kept as data (a template's column title) so the catalogue holds it; the
    data is translated where it is written out."""
    return message


def text_language(*choices: str | None) -> TextLanguage:
    """The first of `choices` the server writes in (`auto`, None and unknown codes are passed
    over), else English: an account's choice first, then its team's."""
    known = {language.value: language for language in TextLanguage}
    for choice in choices:
        if choice is not None and choice in known:
            return known[choice]
    return SOURCE


def po_path(language: TextLanguage) -> Path:
    return LOCALES / language.value / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def _translations(language: TextLanguage) -> NullTranslations:
    if language is SOURCE:
        return NullTranslations()
    with po_path(language).open("rb") as fp:
        catalog = read_po(fp, locale=language.value, domain=DOMAIN)
    compiled = BytesIO()
    # Compiled in memory: no generated file to keep in step with the `.po`.
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


class Words:
    """One language's words, dates and numbers; `words(language)` hands out one per language."""

    def __init__(self, language: TextLanguage) -> None:
        self.language = language
        self._t = _translations(language)

    def _(self, message: str, /, **values: object) -> str:
        said = self._t.gettext(message)
        return said.format(**values) if values else said

    def ngettext(self, singular: str, plural: str, count: float, /, **values: object) -> str:
        """`{count}` is filled in with the count as this language writes numbers. A count
        with a fraction (2.5 days) takes the plural form."""
        whole = int(count) if count == int(count) else 2
        said = self._t.ngettext(singular, plural, whole)
        return said.format(count=self.number(count), **values)

    def known(self, message: str) -> str:
        """Data marked with `N_` in this language; anything else (a team's own words) as it is."""
        return self._t.gettext(message)

    def date(self, day: date) -> str:
        """`Dec 19, 2026`, `19. Dez. 2026`, `19 déc. 2026`: as the web UI writes dates."""
        return format_skeleton("yMMMd", day, locale=self.language.value)

    def day(self, day: Day) -> str:
        """A date with its weekday: `Sat, Jan 31, 2099`, `Sa., 31. Jan. 2099`."""
        return format_skeleton("yMMMEd", day, locale=self.language.value)

    def moment(self, at: datetime) -> str:
        """A date and time in UTC, saying so: `Dec 19, 2026, 14:30 UTC`."""
        at = at.astimezone(UTC) if at.tzinfo else at.replace(tzinfo=UTC)
        joined = str(get_datetime_format("medium", locale=self.language.value))
        time = format_time(at, "HH:mm", tzinfo=UTC, locale=self.language.value)
        return joined.replace("{1}", self.date(at.date())).replace("{0}", time) + " UTC"

    def fixed(self, value: float, places: int) -> str:
        """Always `places` decimals: `2.50`, `2,50`."""
        pattern = "#,##0." + "0" * places if places else "#,##0"
        return format_decimal(value, format=pattern, locale=self.language.value)

    def number(self, value: float) -> str:
        """`2.5`, `2,5`; thousands grouped as the language does."""
        return format_decimal(value, locale=self.language.value)


@cache
def words(language: TextLanguage) -> Words:
    return Words(language)
