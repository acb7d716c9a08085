"""A page drawn in Confluence's storage format (XHTML). Every piece of text is escaped here,
so nothing a card or an action item says can become markup or a macro in the wiki."""

from html import escape

from twofold.domain.wiki_pages import Block, Heading, Link, PageDoc, Paragraph


def _block(block: Block) -> str:
    if isinstance(block, Heading):
        return f"<h2>{escape(block.text)}</h2>"
    if isinstance(block, Paragraph):
        return f"<p>{escape(block.text)}</p>"
    if isinstance(block, Link):
        return f'<p><a href="{escape(block.url, quote=True)}">{escape(block.text)}</a></p>'
    items = "".join(f"<li>{escape(item)}</li>" for item in block.items)
    return f"<ul>{items}</ul>"


def storage(doc: PageDoc) -> str:
    return "".join(_block(b) for b in doc.blocks)
