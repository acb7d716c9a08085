"""An `Outline` written out as each chat vendor takes it, with every piece of user text
escaped for that format.

Slack's mrkdwn gives `&`, `<` and `>` meaning (links and mentions such as `<!channel>` are
written between angle brackets), so those three become entities; a bare `@channel`, `@here`
or `@everyone` gets an invisible joiner after the `@` so no client reads it as a mention.
Adaptive Cards render a subset of Markdown in text blocks, so its marks are escaped with a
backslash; a card cannot mention anyone without an explicit `msteams.entities` list, which
Twofold never sends.
"""

import re
from typing import Any

from twofold.domain.channels import Outline

SLACK_SECTION_MAX = 2900
"""Slack refuses a section's text past 3000 characters; a section is cut before that."""
SLACK_HEADER_MAX = 150
SLACK_BLOCKS_MAX = 50
TEAMS_LINES_MAX = 40

_MENTION = re.compile(r"@(?=(channel|here|everyone)\b)", re.IGNORECASE)
_TEAMS_MARKS = re.compile(r"([\\`*_\[\]()#~>|-])")


def _fold(text: str) -> str:
    return " ".join(text.split())


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def slack_text(text: str) -> str:
    """User text as literal mrkdwn."""
    escaped = _fold(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MENTION.sub("@\u2060", escaped)


def slack_plain(text: str) -> str:
    """User text in a plain_text object: no markup is read there, mentions still are not."""
    return _MENTION.sub("@\u2060", _fold(text))


def slack_message(outline: Outline) -> dict[str, Any]:
    """Block Kit blocks, and the plain `text` Slack shows in notifications and where blocks
    cannot be drawn."""
    blocks: list[dict[str, Any]] = [
        {
            "type": "header",
            "text": {"type": "plain_text", "text": _cut(slack_plain(outline.title), 150)},
        },
        {"type": "context", "elements": [{"type": "mrkdwn", "text": slack_text(outline.subtitle)}]},
    ]
    for section in outline.sections:
        lines = [f"*{slack_text(section.heading)}*"]
        lines += [f"• {slack_text(line)}" for line in section.lines]
        blocks.append(
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": _cut("\n".join(lines), SLACK_SECTION_MAX)},
            }
        )
    link = slack_text(outline.link)
    blocks.append(
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": f"<{link}|{slack_text(outline.link_label)}>"},
        }
    )
    fallback = f"{slack_plain(outline.title)} — {slack_plain(outline.subtitle)}: {outline.link}"
    return {"text": _cut(fallback, 3000), "blocks": blocks[:SLACK_BLOCKS_MAX]}


def teams_text(text: str) -> str:
    """User text as literal text in an Adaptive Card's Markdown."""
    return _TEAMS_MARKS.sub(r"\\\1", _fold(text))


def teams_message(outline: Outline) -> dict[str, Any]:
    """A message carrying one Adaptive Card, the envelope Teams webhooks and workflows take."""
    body: list[dict[str, Any]] = [
        {
            "type": "TextBlock",
            "text": teams_text(outline.title),
            "size": "Large",
            "weight": "Bolder",
            "wrap": True,
        },
        {"type": "TextBlock", "text": teams_text(outline.subtitle), "isSubtle": True, "wrap": True},
    ]
    for section in outline.sections:
        body.append(
            {
                "type": "TextBlock",
                "text": teams_text(section.heading),
                "weight": "Bolder",
                "spacing": "Medium",
                "wrap": True,
            }
        )
        body += [
            {"type": "TextBlock", "text": "• " + teams_text(line), "wrap": True, "spacing": "Small"}
            for line in section.lines[:TEAMS_LINES_MAX]
        ]
    card = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": body,
        "actions": [{"type": "Action.OpenUrl", "title": outline.link_label, "url": outline.link}],
    }
    return {
        "type": "message",
        "attachments": [
            {
                "contentType": "application/vnd.microsoft.card.adaptive",
                "contentUrl": None,
                "content": card,
            }
        ],
    }
