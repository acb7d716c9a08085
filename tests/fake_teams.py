"""A Microsoft Teams channel's workflow webhook in the test process.

`POST /workflows/<id>/triggers/manual/paths/invoke` takes what Teams' "Post to a channel when
a webhook request is received" workflow takes: a `message` whose attachments hold one Adaptive
Card (`application/vnd.microsoft.card.adaptive`, `type` AdaptiveCard, a `version`, a `body`
of elements each with a `type`). It answers 202 Accepted with no body, or 400 with the reason
for a malformed envelope; scripted failures come first (see `tests.fake_chat`).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tests.fake_chat import Answer, FakeChat, Scripted
from tests.local_vendor import Seen

__all__ = ["FakeTeams", "Scripted", "fake_teams"]

FLOW = "/workflows/5f0c3b/triggers/manual/paths/invoke"


def envelope_problems(body: Any) -> list[str]:
    if not isinstance(body, dict) or body.get("type") != "message":
        return ["the body is a message"]
    attachments = body.get("attachments")
    if not isinstance(attachments, list) or len(attachments) != 1:
        return ["a message holds one attachment"]
    card = attachments[0]
    if card.get("contentType") != "application/vnd.microsoft.card.adaptive":
        return ["the attachment is an Adaptive Card"]
    content = card.get("content", {})
    problems = []
    if content.get("type") != "AdaptiveCard" or not content.get("version"):
        problems.append("the content is an AdaptiveCard with a version")
    for element in content.get("body", []):
        if element.get("type") != "TextBlock" or not isinstance(element.get("text"), str):
            problems.append("every element is a TextBlock with text")
    for action in content.get("actions", []):
        if action.get("type") != "Action.OpenUrl" or not str(action.get("url", "")).startswith(
            "http"
        ):
            problems.append("an action opens an address")
    return problems


class FakeTeams(FakeChat):
    def __init__(self) -> None:
        super().__init__()
        self.cards: list[dict[str, Any]] = []

    @property
    def flow_url(self) -> str:
        return self.url + FLOW + "?api-version=2016-06-01&sig=flow-secret-9876"

    def answer(self, seen: Seen) -> Answer:
        if seen.path != FLOW or seen.method != "POST":
            return Answer(404, "The workflow was not found.")
        problems = envelope_problems(seen.body)
        if problems:
            return Answer(400, "; ".join(problems))
        self.cards.append(seen.body["attachments"][0]["content"])
        return Answer(202, "")

    def card_text(self, index: int = -1) -> str:
        return "\n".join(e["text"] for e in self.cards[index]["body"])


@contextmanager
def fake_teams() -> Iterator[FakeTeams]:
    teams = FakeTeams()
    teams.start()
    try:
        yield teams
    finally:
        teams.stop()
