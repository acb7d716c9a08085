"""An OpenID provider that answers with exactly the faults a test asks for: an ID token for
another audience or issuer, with another nonce, expired, or signed by a key it never published.
It speaks the documented protocol (discovery, JWKS, authorization and token endpoints) and signs
with joserfc, so the relying party checks a real token; the happy path is oidc-provider-mock's.
"""

import json
import secrets
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import RSAKey

from tests.local_vendor import LocalVendor


@dataclass
class Faults:
    audience: str | None = None
    issuer: str | None = None
    nonce: str | None = None
    expired: bool = False
    foreign_key: bool = False
    """Sign with a key that is not in the published JWKS."""
    claims: dict[str, Any] = field(default_factory=dict)
    document_issuer: str | None = None
    """The issuer the discovery document names."""


class FaultyProvider(LocalVendor):
    def __init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": "published"}, private=True)
        self.stranger = RSAKey.generate_key(2048, parameters={"kid": "published"}, private=True)
        self.faults = Faults()
        self.codes: dict[str, dict[str, str]] = {}
        self.token_requests: list[dict[str, list[str]]] = []
        self._listen(_handler(self))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def discovery_url(self) -> str:
        return f"{self.url}/.well-known/openid-configuration"

    def metadata(self) -> dict[str, Any]:
        return {
            "issuer": self.faults.document_issuer or self.url,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "jwks_uri": f"{self.url}/jwks",
            "id_token_signing_alg_values_supported": ["RS256"],
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
        }

    def id_token(self, client_id: str, nonce: str) -> str:
        f = self.faults
        at = int(time.time()) - (3600 if f.expired else 0)
        claims = {
            "iss": f.issuer or self.url,
            "sub": "fault-subject",
            "aud": f.audience or client_id,
            "iat": at,
            "exp": at + 300,
            "nonce": f.nonce or nonce,
            "email": "faulty@example.com",
            "email_verified": True,
            **f.claims,
        }
        key = self.stranger if f.foreign_key else self.key
        return jwt.encode({"alg": "RS256", "kid": "published"}, claims, key)


def _handler(provider: FaultyProvider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _json(self, body: dict[str, Any], status: int = 200) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            if url.path == "/.well-known/openid-configuration":
                return self._json(provider.metadata())
            if url.path == "/jwks":
                return self._json({"keys": [provider.key.as_dict(private=False)]})
            if url.path == "/authorize":
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                code = secrets.token_urlsafe(16)
                provider.codes[code] = query
                back = {"code": code, "state": query.get("state", "")}
                self.send_response(302)
                self.send_header("location", f"{query['redirect_uri']}?{urlencode(back)}")
                self.end_headers()
                return None
            return self._json({"error": "not_found"}, 404)

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", "0"))
            form = parse_qs(self.rfile.read(length).decode())
            provider.token_requests.append(form)
            asked = provider.codes.pop(form.get("code", [""])[0], None)
            if asked is None:
                return self._json({"error": "invalid_grant"}, 400)
            token = provider.id_token(asked["client_id"], asked.get("nonce", ""))
            return self._json(
                {"access_token": "at", "token_type": "Bearer", "expires_in": 60, "id_token": token}
            )

    return Handler
