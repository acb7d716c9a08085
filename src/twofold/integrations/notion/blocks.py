"""A page drawn as Notion blocks. Notion takes text as data (rich text objects), never as
markup, so user text needs no escaping; it does cap each text object at 2,000 characters and
each block's rich text at 100 objects, so long text is split and a block holding more starts
another."""

from typing import Any

from twofold.domain.wiki_pages import Block, Bullets, Heading, Link, PageDoc, Paragraph, chunks

TEXT_MAX = 2000
RICH_TEXT_ITEMS = 100


def rich_text(text: str, url: str | None = None) -> list[dict[str, Any]]:
    out = []
    for piece in chunks(text, TEXT_MAX):
        content: dict[str, Any] = {"content": piece}
        if url is not None:
            content["link"] = {"url": url}
        out.append({"type": "text", "text": content})
    return out


def _blocks_of(kind: str, text: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"object": "block", "type": kind, kind: {"rich_text": text[i : i + RICH_TEXT_ITEMS]}}
        for i in range(0, len(text), RICH_TEXT_ITEMS)
    ]


def _block(block: Block) -> list[dict[str, Any]]:
    if isinstance(block, Heading):
        return _blocks_of("heading_2", rich_text(block.text))
    if isinstance(block, Paragraph):
        return _blocks_of("paragraph", rich_text(block.text))
    if isinstance(block, Link):
        return _blocks_of("paragraph", rich_text(block.text, block.url))
    assert isinstance(block, Bullets)
    return [b for item in block.items for b in _blocks_of("bulleted_list_item", rich_text(item))]


def blocks(doc: PageDoc) -> list[dict[str, Any]]:
    return [b for block in doc.blocks for b in _block(block)]


def title(doc: PageDoc) -> dict[str, Any]:
    return {"title": {"title": rich_text(doc.title)}}
