"""Each wiki's client against its local site with pages larger than a request may carry:
Notion's 2,000-character text objects and 100-block requests, Confluence's storage format
for text full of markup. No database: the clients alone, over HTTP."""

import html

from tests.fake_confluence import fake_confluence
from tests.fake_notion import fake_notion, text_of
from twofold.domain.confluence import ConfluenceSettings
from twofold.domain.notion import NotionSettings, page_id
from twofold.domain.wiki_pages import Bullets, Heading, Link, PageDoc, Paragraph
from twofold.integrations.wikis import open_wiki

LONG = "".join(chr(ord("a") + i % 26) for i in range(4500))
MANY = tuple(f"Item {i}" for i in range(150))


def _doc(title: str = "Retro: long · Alpha · 2026-12-01") -> PageDoc:
    return PageDoc(
        title,
        (Link("Open this retro in Twofold", "https://retro.example.com/retros/r1"),
         Heading("Top topics"), Paragraph(LONG), Bullets(MANY)),
        "/retros/r1",
    )  # fmt: skip


def test_notion_takes_long_text_in_pieces_and_many_blocks_in_batches() -> None:
    with fake_notion() as site:
        settings = NotionSettings(parent_page=site.parent_id, api_url=site.url)
        with open_wiki("notion", settings, site.token, 2.0) as wiki:
            made = wiki.create(_doc())
        blocks = site.content(made.id)
        assert len(blocks) == 3 + 150
        long = blocks[2]["paragraph"]["rich_text"]
        assert [len(t["text"]["content"]) for t in long] == [2000, 2000, 500]
        assert text_of(blocks[2]) == LONG
        assert [text_of(b) for b in blocks[3:]] == list(MANY)
        posted = site.requests_to("POST", "/pages")[0].body
        assert len(posted["children"]) == 100
        assert len(site.requests_to("PATCH", f"/blocks/{made.id}/children")) == 1
        # Found again by title and marker; a page of the same title without it is not ours.
        with open_wiki("notion", settings, site.token, 2.0) as wiki:
            other = wiki.create(PageDoc(_doc().title, (Paragraph("someone else's"),), "x"))
            found = wiki.find(_doc())
        assert found is not None
        assert found.id == made.id != other.id


def test_confluence_keeps_markup_as_text() -> None:
    hostile = '<ac:structured-macro ac:name="html"><ac:plain-text-body><![CDATA[<b>'
    with fake_confluence() as site:
        settings = ConfluenceSettings(site_url=site.url, email=site.email, space="ENG")
        doc = PageDoc("Retro: <b>bold</b> & co", (Paragraph(hostile), Bullets((hostile,))), "m")
        with open_wiki("confluence", settings, site.token, 2.0) as wiki:
            made = wiki.create(doc)
        body = site.pages[made.id]["body"]
        assert "<ac:" not in body
        assert body.count(html.escape(hostile)) == 2
        assert site.pages[made.id]["title"] == "Retro: <b>bold</b> & co"


def test_a_notion_page_is_named_by_its_address_or_its_id() -> None:
    raw = "0123456789abcdef0123456789abcdef"
    dashed = "01234567-89ab-cdef-0123-456789abcdef"
    assert page_id(f"https://www.notion.so/acme/Team-retros-{raw}?pvs=4") == dashed
    assert page_id(dashed.upper()) == dashed
    assert page_id(raw) == dashed
