"""Hands the caller's address to the audit log for the length of each request, so a service
recording an event need not be passed it (the address a proxy forwarded, when it is trusted,
as `deps.client_address` sees it)."""

from starlette.types import ASGIApp, Receive, Scope, Send

from twofold.services.audit import request_address


class RequestAddress:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        token = request_address.set(client[0] if client else None)
        try:
            await self.app(scope, receive, send)
        finally:
            request_address.reset(token)
