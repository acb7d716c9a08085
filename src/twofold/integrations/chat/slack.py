"""Slack: posting through an incoming webhook, or as a bot through the Web API.

A webhook answers 200 `ok`, or an error word in the body (`invalid_payload` 400,
`action_prohibited` 403, `no_service` or `channel_not_found` 404, `channel_is_archived` 410).
The Web API answers 200 with `{"ok": false, "error": ...}` for most refusals, so those are read
here: a refused token, a missing scope or channel is given up with Slack's word for it; Slack
being busy (`ratelimited`, `internal_error`, ...) is tried again like a 429 or a 5xx.
"""

from typing import Any

import httpx

from twofold.domain.channels import Posted
from twofold.domain.connections import CheckStatus
from twofold.domain.slack import SlackSettings
from twofold.integrations.vendor_http import (
    VendorError,
    VendorUnavailable,
    client,
    send,
)

NAME = "Slack"
REFUSED = "make a new bot token in the Slack app (OAuth & Permissions) and connect again."
TOKEN_ERRORS = {"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"}
SCOPE_ERRORS = {"missing_scope", "no_permission", "not_allowed_token_type"}
CHANNEL_ERRORS = {"channel_not_found", "not_in_channel", "is_archived", "message_not_found"}
BUSY_ERRORS = {
    "ratelimited",
    "internal_error",
    "fatal_error",
    "service_unavailable",
    "request_timeout",
}
WHAT_TO_DO = {
    "channel_not_found": "check the channel ID, and that the bot can see the channel",
    "not_in_channel": "invite the bot to the channel (/invite @the-bot)",
    "is_archived": "the channel is archived; choose another",
    "missing_scope": "give the bot the chat:write scope and install the app again",
    "invalid_auth": REFUSED,
    "no_service": "the webhook was removed in Slack; make a new one and connect again",
    "invalid_payload": "Slack could not read the message",
    "channel_is_archived": "the webhook's channel is archived",
}


def _said(response: httpx.Response) -> str:
    return response.text.strip()[:200]


def _hook_said(response: httpx.Response) -> str:
    """A webhook answers its error as one word in plain text: that word, and what to do."""
    return _word(_said(response))


def _word(error: str) -> str:
    hint = WHAT_TO_DO.get(error)
    return f"{error} ({hint})" if hint else error


def _status(error: str) -> CheckStatus:
    if error in TOKEN_ERRORS:
        return "bad_token"
    if error in SCOPE_ERRORS:
        return "forbidden"
    if error in CHANNEL_ERRORS:
        return "unknown_project"
    return "error"


class SlackClient:
    def __init__(self, settings: SlackSettings, token: str, timeout: float) -> None:
        self.settings = settings
        self.token = token
        self.http = client(timeout=timeout)

    def close(self) -> None:
        self.http.close()

    def _api(self, method: str, *, get: dict[str, str] | None = None, body: Any = None) -> Any:
        """One Web API method; its `ok: false` turned into the error it amounts to."""
        headers = {"Authorization": f"Bearer {self.token}"}
        url = f"{self.settings.api_url}/{method}"
        # Methods that read take their arguments in the query; those that write, as JSON.
        args: dict[str, Any] = {"params": get} if get is not None else {"json": body}
        response = send(
            self.http,
            NAME,
            "GET" if get is not None else "POST",
            url,
            headers=headers,
            said=_said,
            refused=REFUSED,
            forbidden="Slack refused the bot",
            **args,
        )
        try:
            found: Any = response.json()
        except ValueError:
            raise VendorError(f"Slack answered {method} with no JSON.", "error") from None
        if not isinstance(found, dict):
            raise VendorError(f"Slack answered {method} with no JSON object.", "error")
        if found.get("ok") is True:
            return found
        error = str(found.get("error") or "unknown_error")
        if error in BUSY_ERRORS:
            raise VendorUnavailable(f"Slack could not do {method} now: {error}.")
        raise VendorError(f"Slack refused {method}: {_word(error)}.", _status(error), 200)

    def check(self) -> tuple[CheckStatus, str]:
        if self.settings.mode == "webhook":
            return (
                "ok",
                "The webhook address has Slack's shape. Slack cannot test a webhook without "
                "posting, so the first summary posted tests it; its outcome shows on the "
                "summary page.",
            )
        try:
            who = self._api("auth.test", body={})
            channel = self._api("conversations.info", get={"channel": self.settings.channel})
        except VendorError as exc:
            return exc.status, exc.message
        name = channel.get("channel", {}).get("name") or self.settings.channel
        joined = channel.get("channel", {}).get("is_member")
        note = "" if joined in (None, True) else " Invite the bot to the channel before posting."
        return (
            "ok",
            f"Connected as {who.get('user', 'the bot')} to #{name} in {who.get('team', 'Slack')}.{note}",
        )

    def post(self, message: dict[str, Any], earlier: Posted | None) -> Posted:
        """Post the message; in bot mode, one posted earlier (`earlier.ref`) is updated in
        place instead, and posted afresh should Slack no longer have it."""
        if self.settings.mode == "webhook":
            send(
                self.http,
                NAME,
                "POST",
                self.token,
                json=message,
                said=_hook_said,
                refused="make a new incoming webhook and connect again.",
                forbidden="Slack refused the webhook",
            )
            return Posted()
        body = {"channel": self.settings.channel, "unfurl_links": False, **message}
        if earlier is not None and earlier.ref and earlier.channel:
            try:
                found = self._api(
                    "chat.update", body={**body, "channel": earlier.channel, "ts": earlier.ref}
                )
                return self._posted(str(found["channel"]), str(found["ts"]), earlier.url)
            except VendorError as exc:
                if "message_not_found" not in exc.message:
                    raise
        found = self._api("chat.postMessage", body=body)
        return self._posted(str(found["channel"]), str(found["ts"]), None)

    def _posted(self, channel: str, ts: str, url: str | None) -> Posted:
        if url is None:
            try:
                link = self._api("chat.getPermalink", get={"channel": channel, "message_ts": ts})
                url = str(link.get("permalink") or "") or None
            except VendorError:
                url = None  # the message is there; only its link is missing
        return Posted(ts, channel, url)
