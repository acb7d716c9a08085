"""Text made safe for files that leave Twofold: exports people open elsewhere.

A CSV cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return, which some
programs skip before reading one of those) is run as a formula by Excel, LibreOffice and
Google Sheets. A card's text is whatever a participant typed, so every exported cell that
starts that way gets a leading apostrophe: spreadsheets show it as text and hide the mark.
"""

import re

from twofold.domain.events import ActionView
from twofold.domain.vocab import TextLanguage
from twofold.domain.words import words

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def file_name(title: str, fallback: str, extension: str) -> str:
    """An ASCII file name from a title, safe in a Content-Disposition header on any OS."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-")[:60].strip("-")
    return f"{slug or fallback}.{extension}"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def markdown_inline(text: str) -> str:
    """User text as literal Markdown inside a line the export starts itself (a list item, a
    table cell): emphasis, code, links, images, HTML and table pipes are escaped and line
    breaks folded, so a card cannot add markup or a heading to a summary."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def owner_of(action: ActionView, language: TextLanguage = TextLanguage.EN) -> str:
    """Who owns an action item, in words: a joint item names its PM and its tech lead."""
    w = words(language)
    if action.owner_kind == "joint":
        pm = action.joint_pm_name or "PM"
        lead = action.joint_tech_lead_name or w._("tech lead")
        return w._("{pm} (PM) + {lead} (tech lead)", pm=pm, lead=lead)
    return action.owner_name or w._("No owner")
