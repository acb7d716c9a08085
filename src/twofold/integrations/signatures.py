"""The webhook signature GitHub and Jira both send: `sha256=<hex>`, the HMAC-SHA256 of the raw
body under the webhook's secret. Compared as bytes in constant time, so a header carrying
characters outside ASCII is a mismatch rather than an error."""

import hashlib
import hmac


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verified(secret: str, body: bytes, header: str | None) -> bool:
    if not header:
        return False
    return hmac.compare_digest(signature(secret, body).encode(), header.strip().encode())
