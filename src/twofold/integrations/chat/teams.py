"""Microsoft Teams: a message with an Adaptive Card posted to a channel's workflow (or classic
incoming) webhook. A workflow answers 202 Accepted; a classic webhook 200 with `1`. Teams
gives no id back, so nothing can be updated later and no link to the message is known."""

from typing import Any

import httpx

from twofold.domain.channels import Posted
from twofold.domain.connections import CheckStatus
from twofold.integrations.vendor_http import client, send

NAME = "Microsoft Teams"


def _said(response: httpx.Response) -> str:
    return response.text.strip()[:200]


class TeamsClient:
    def __init__(self, token: str, timeout: float) -> None:
        self.token = token
        self.http = client(timeout=timeout)

    def close(self) -> None:
        self.http.close()

    def check(self) -> tuple[CheckStatus, str]:
        return (
            "ok",
            "The workflow address has Teams' shape. A workflow cannot be tested without "
            "posting, so the first summary posted tests it; its outcome shows on the summary "
            "page.",
        )

    def post(self, message: dict[str, Any], earlier: Posted | None) -> Posted:
        send(
            self.http,
            NAME,
            "POST",
            self.token,
            json=message,
            said=_said,
            refused="make the workflow again and connect with its new address.",
            forbidden="Teams refused the workflow",
        )
        return Posted()
