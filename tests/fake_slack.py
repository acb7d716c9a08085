"""Slack in the test process: an incoming webhook and the Web API methods Twofold uses.

The webhook (`POST /services/T0001/B0001/<secret>`) answers `ok`, or as Slack does: 400
`invalid_payload` for a body without `text` or with blocks Slack would refuse, 404
`no_service` once the webhook is removed (`remove_hook`). The Web API (`/api/...`) takes a bot
token as a Bearer header and answers 200 with `ok: true`, or `ok: false` with Slack's error:
`invalid_auth` (wrong token), `channel_not_found`, `not_in_channel` (the bot was not
invited), `message_not_found` (`chat.update` of a message Slack does not have). Methods:
`auth.test`, `conversations.info`, `chat.postMessage`, `chat.update`, `chat.getPermalink`.
Scripted failures come first (see `tests.fake_chat`), e.g. 429 with Retry-After.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tests.fake_chat import Answer, FakeChat, Scripted
from tests.local_vendor import Seen

__all__ = ["FakeSlack", "Scripted", "fake_slack"]

HOOK = "/services/T0001/B0001/hook-secret-4242"
BLOCK_TYPES = {"header", "section", "context", "divider", "actions"}


def block_problems(body: Any) -> list[str]:
    """What Slack would refuse in a message: it needs `text` or `blocks`; each block a known
    type with text objects of `plain_text` or `mrkdwn` within Slack's lengths."""
    if not isinstance(body, dict) or not (body.get("text") or body.get("blocks")):
        return ["no text"]
    blocks = body.get("blocks", [])
    problems = [] if len(blocks) <= 50 else ["more than 50 blocks"]
    for block in blocks:
        if block.get("type") not in BLOCK_TYPES:
            problems.append(f"unknown block {block.get('type')}")
        texts = [block["text"]] if "text" in block else list(block.get("elements", []))
        for text in texts:
            if text.get("type") not in ("plain_text", "mrkdwn") or not isinstance(
                text.get("text"), str
            ):
                problems.append("a text object is plain_text or mrkdwn")
            elif block["type"] == "header" and (
                text["type"] != "plain_text" or len(text["text"]) > 150
            ):
                problems.append("a header is plain_text of at most 150 characters")
            elif len(text["text"]) > 3000:
                problems.append("a text object is at most 3000 characters")
    return problems


class FakeSlack(FakeChat):
    def __init__(self, token: str = "xoxb-1111-2222-abcd") -> None:
        super().__init__()
        self.token = token
        self.hook_alive = True
        self.channels: dict[str, dict[str, Any]] = {
            "C0TEAM0001": {"id": "C0TEAM0001", "name": "retros", "is_member": True}
        }
        self.messages: dict[str, dict[str, Any]] = {}
        """Posted through the Web API, by ts."""
        self.hook_messages: list[dict[str, Any]] = []
        self._ts = 1700000000

    @property
    def hook_url(self) -> str:
        return self.url + HOOK

    @property
    def api_url(self) -> str:
        return self.url + "/api"

    def remove_hook(self) -> None:
        self.hook_alive = False

    def answer(self, seen: Seen) -> Answer:
        if seen.path.startswith("/services/"):
            return self._hook(seen)
        if not seen.path.startswith("/api/"):
            return Answer(404, "not found")
        if seen.headers.get("Authorization") != f"Bearer {self.token}":
            return Answer(200, {"ok": False, "error": "invalid_auth"})
        method = seen.path.removeprefix("/api/")
        args = {k: v[0] for k, v in seen.query.items()}
        if isinstance(seen.body, dict):
            args.update(seen.body)
        found = self._method(method, args)
        return Answer(200, found)

    def _hook(self, seen: Seen) -> Answer:
        if seen.path != HOOK or not self.hook_alive:
            return Answer(404, "no_service")
        if seen.method != "POST" or block_problems(seen.body):
            return Answer(400, "invalid_payload")
        self.hook_messages.append(seen.body)
        return Answer(200, "ok")

    def _method(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {"ok": True, "team": "Acme", "user": "twofold", "url": "https://acme.slack.com/"}
        channel = self.channels.get(str(args.get("channel", "")))
        if channel is None:
            return {"ok": False, "error": "channel_not_found"}
        if method == "conversations.info":
            return {"ok": True, "channel": channel}
        if method == "chat.getPermalink":
            ts = str(args.get("message_ts", ""))
            if ts not in self.messages:
                return {"ok": False, "error": "message_not_found"}
            return {
                "ok": True,
                "permalink": f"https://acme.slack.com/archives/{channel['id']}/p{ts.replace('.', '')}",
            }
        if not channel["is_member"]:
            return {"ok": False, "error": "not_in_channel"}
        if block_problems(args):
            return {"ok": False, "error": "invalid_blocks"}
        if method == "chat.postMessage":
            self._ts += 1
            ts = f"{self._ts}.000100"
            self.messages[ts] = args
            return {"ok": True, "channel": channel["id"], "ts": ts, "message": args}
        if method == "chat.update":
            ts = str(args.get("ts", ""))
            if ts not in self.messages:
                return {"ok": False, "error": "message_not_found"}
            self.messages[ts] = args
            return {"ok": True, "channel": channel["id"], "ts": ts}
        return {"ok": False, "error": "unknown_method"}


@contextmanager
def fake_slack() -> Iterator[FakeSlack]:
    slack = FakeSlack()
    slack.start()
    try:
        yield slack
    finally:
        slack.stop()
