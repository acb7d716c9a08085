"""Talks to one OpenID Connect provider on behalf of the instance.

Authlib's protocol helpers build the authorization request (state, nonce, PKCE S256) and the
code exchange, sent with httpx like every other outbound call here; joserfc checks the ID token's signature against the provider's published keys; Authlib's ID
token claims check the issuer, audience, expiry, nonce and authorised party. Nothing here parses
or checks a JWT by hand.
"""

import threading
import time
from dataclasses import dataclass
from typing import Any

import httpx
from authlib.oauth2.rfc6749.parameters import prepare_grant_uri, prepare_token_request
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry

from twofold.domain.sso import ProviderClaims, SsoRefused

METADATA_TTL_SECONDS = 3600.0
LEEWAY_SECONDS = 60
"""Clock difference tolerated between the provider and this instance when checking expiry."""


@dataclass(frozen=True)
class ProviderConfig:
    discovery_url: str
    client_id: str
    client_secret: str
    scopes: str
    groups_claim: str
    timeout: float


class OidcProvider:
    """One configured provider. Its discovery document and keys are fetched on first use and
    kept for an hour; keys are fetched again at once when a token names a key not yet seen,
    so a provider's key rotation never locks people out."""

    def __init__(self, config: ProviderConfig, transport: httpx.BaseTransport | None = None):
        self.config = config
        self._transport = transport
        self._lock = threading.Lock()
        self._metadata: dict[str, Any] | None = None
        self._fetched_at = 0.0
        self._keys: dict[str, Any] | None = None

    def _http(self) -> httpx.Client:
        return httpx.Client(timeout=self.config.timeout, transport=self._transport)

    def _get_json(self, url: str) -> dict[str, Any]:
        try:
            with self._http() as http:
                response = http.get(url, headers={"accept": "application/json"})
                response.raise_for_status()
                body = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise SsoRefused("sso_provider_unreachable") from exc
        if not isinstance(body, dict):
            raise SsoRefused("sso_provider_unreachable")
        return body

    def metadata(self) -> dict[str, Any]:
        with self._lock:
            fresh = time.monotonic() - self._fetched_at < METADATA_TTL_SECONDS
            if self._metadata is not None and fresh:
                return self._metadata
        found = self._get_json(self.config.discovery_url)
        needed = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
        if not all(isinstance(found.get(k), str) and found[k] for k in needed):
            raise SsoRefused("sso_provider_unreachable")
        # OpenID Connect Discovery 1.0, section 4.3: the document must name the issuer it was
        # fetched from, so a document served elsewhere cannot speak for another issuer.
        expected = found["issuer"].rstrip("/") + "/.well-known/openid-configuration"
        if self.config.discovery_url.rstrip("/") != expected:
            raise SsoRefused("sso_provider_unreachable")
        with self._lock:
            self._metadata, self._fetched_at, self._keys = found, time.monotonic(), None
        return found

    def _key_set(self, force: bool) -> KeySet:
        meta = self.metadata()
        with self._lock:
            keys = None if force else self._keys
        if keys is None:
            keys = self._get_json(meta["jwks_uri"])
            with self._lock:
                self._keys = keys
        try:
            return KeySet.import_key_set(keys)  # type: ignore[arg-type]
        except (JoseError, ValueError, TypeError, KeyError) as exc:
            raise SsoRefused("sso_token_invalid") from exc

    def authorization_url(
        self, redirect_uri: str, state: str, nonce: str, code_verifier: str
    ) -> str:
        return str(
            prepare_grant_uri(
                self.metadata()["authorization_endpoint"],
                self.config.client_id,
                "code",
                redirect_uri=redirect_uri,
                scope=self.config.scopes,
                state=state,
                nonce=nonce,
                code_challenge=create_s256_code_challenge(code_verifier),
                code_challenge_method="S256",
            )
        )

    def finish(
        self, code: str, redirect_uri: str, code_verifier: str, nonce: str
    ) -> ProviderClaims:
        """Exchange the code and verify the ID token it brings; the claims of a token that
        fails any check are never returned."""
        meta = self.metadata()
        body = prepare_token_request(
            "authorization_code", redirect_uri=redirect_uri, code=code, code_verifier=code_verifier
        )
        try:
            with self._http() as http:
                response = http.post(
                    meta["token_endpoint"],
                    content=body,
                    auth=(self.config.client_id, self.config.client_secret),
                    headers={
                        "content-type": "application/x-www-form-urlencoded",
                        "accept": "application/json",
                    },
                )
                token = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise SsoRefused("sso_provider_unreachable") from exc
        if not isinstance(token, dict) or response.status_code >= 500:
            raise SsoRefused("sso_provider_unreachable")
        if response.status_code != 200 or "error" in token:
            # invalid_grant and its kind: a code used twice, expired, or issued to another client.
            raise SsoRefused("sso_code_refused")
        id_token = token.get("id_token")
        if not isinstance(id_token, str):
            raise SsoRefused("sso_token_invalid")
        claims = self._verified(id_token, nonce, str(token.get("access_token", "")), meta)
        if not claims.get("email") and meta.get("userinfo_endpoint"):
            claims = {**self._userinfo(meta["userinfo_endpoint"], token), **claims}
        return self._provider_claims(claims, meta["issuer"])

    def _verified(
        self, id_token: str, nonce: str, access_token: str, meta: dict[str, Any]
    ) -> dict[str, Any]:
        algorithms = meta.get("id_token_signing_alg_values_supported") or ["RS256"]
        registry = JWSRegistry(algorithms=algorithms, strict_check_header=False)
        try:
            try:
                decoded = jwt.decode(id_token, self._key_set(force=False), registry=registry)
            except InvalidKeyIdError:
                decoded = jwt.decode(id_token, self._key_set(force=True), registry=registry)
            options = {
                "iss": {"essential": True, "value": meta["issuer"]},
                "aud": {"essential": True, "value": self.config.client_id},
            }
            params = {"nonce": nonce, "client_id": self.config.client_id}
            if access_token:
                params["access_token"] = access_token
            checked = CodeIDToken(decoded.claims, decoded.header, options, params)
            checked.validate(leeway=LEEWAY_SECONDS)
        except (JoseError, ValueError) as exc:
            raise SsoRefused("sso_token_invalid") from exc
        return dict(checked)

    def _userinfo(self, endpoint: str, token: dict[str, Any]) -> dict[str, Any]:
        """Some providers put the email only in userinfo. Only its profile claims are used;
        the subject and issuer always come from the verified ID token."""
        bearer = {"authorization": f"Bearer {token.get('access_token', '')}"}
        try:
            with self._http() as http:
                response = http.get(endpoint, headers=bearer)
                response.raise_for_status()
                body = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise SsoRefused("sso_provider_unreachable") from exc
        if not isinstance(body, dict):
            return {}
        return {k: body[k] for k in ("email", "email_verified", "name") if k in body}

    def _provider_claims(self, claims: dict[str, Any], issuer: str) -> ProviderClaims:
        email = claims.get("email")
        verified = claims.get("email_verified")
        name = claims.get("name")
        raw_groups = claims.get(self.config.groups_claim) or []
        groups = tuple(str(g) for g in raw_groups) if isinstance(raw_groups, list) else ()
        return ProviderClaims(
            issuer=issuer,
            subject=str(claims["sub"]),
            email=email if isinstance(email, str) else None,
            email_verified=verified is True or verified == "true",
            name=name if isinstance(name, str) else None,
            groups=groups,
        )

    def end_session_url(self, post_logout_redirect_uri: str) -> str | None:
        """Where to send the browser so the provider ends its own session too (RP-initiated
        logout), or None when the provider does not offer it."""
        try:
            endpoint = self.metadata().get("end_session_endpoint")
        except SsoRefused:
            return None
        if not isinstance(endpoint, str) or not endpoint:
            return None
        query = httpx.QueryParams(
            client_id=self.config.client_id, post_logout_redirect_uri=post_logout_redirect_uri
        )
        return str(httpx.URL(endpoint).copy_merge_params(query))
