"""A retro's summary as a wiki page: a few plain blocks every wiki can draw, and the record of
where each connection published it.

The page is built once (`services.wiki_pages`) from the closing summary and drawn by each
wiki's client in its own format (Confluence's storage XHTML, Notion's blocks), so what is sent
is the same wherever it goes. Every page links back to its retro, and that link's path is the
page's marker: a publication tried again after a crash finds the page it made before it
could record it, by the link in its content.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

WikiPageState = Literal["pending", "published"]


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Link:
    text: str
    url: str


Block = Heading | Paragraph | Bullets | Link


@dataclass(frozen=True)
class PageDoc:
    title: str
    blocks: tuple[Block, ...]
    marker: str
    """A string only this retro's page holds (the path of its link back)."""


@dataclass(frozen=True)
class RemotePage:
    """A page as its wiki has it."""

    id: str
    url: str
    version: int


@dataclass(frozen=True)
class WikiPage:
    """A retro's page on one wiki connection."""

    id: str
    team_id: str
    retro_id: str
    connection_id: str
    state: WikiPageState
    remote_id: str | None
    url: str | None
    version: int | None
    outbox_id: str | None
    published_at: datetime | None
    created_at: datetime


def marker(retro_id: str) -> str:
    return f"/retros/{retro_id}"


def chunks(text: str, size: int) -> list[str]:
    """`text` in pieces of at most `size` characters (for wikis that cap a text run)."""
    return [text[i : i + size] for i in range(0, len(text), size)] or [""]
