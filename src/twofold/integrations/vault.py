"""Secrets of the tools teams connect (API tokens, webhook secrets), sealed at rest.

Sealed with Fernet (AES-128-CBC with an HMAC-SHA256, from `cryptography`) under the keys in
`TWOFOLD_INTEGRATIONS_KEY`: a comma-separated list, the first key sealing, every key opening.
Rotation is putting a new key first, running `twofold integrations rekey` (or leaving old
secrets to be re-sealed as they are saved again), then dropping the old key. Without a key
the vault refuses to seal anything, rather than keep a token readable to whoever copies the
database.
"""

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class VaultLocked(Exception):
    """No key is configured, so no secret can be sealed or opened."""


class VaultMismatch(Exception):
    """A sealed secret that none of the configured keys opens (its key was dropped)."""


class Vault:
    def __init__(self, keys: str = "") -> None:
        parsed = [k.strip() for k in keys.split(",") if k.strip()]
        try:
            self._fernet = MultiFernet([Fernet(k) for k in parsed]) if parsed else None
        except ValueError as exc:  # not 32 url-safe base64-encoded bytes
            raise ValueError(
                "TWOFOLD_INTEGRATIONS_KEY holds a key that is not a Fernet key; make one with "
                "`twofold integrations new-key`"
            ) from exc

    @property
    def unlocked(self) -> bool:
        return self._fernet is not None

    def _keys(self) -> MultiFernet:
        if self._fernet is None:
            raise VaultLocked("no integrations key is configured (TWOFOLD_INTEGRATIONS_KEY)")
        return self._fernet

    def seal(self, secret: str) -> str:
        return self._keys().encrypt(secret.encode()).decode("ascii")

    def open(self, sealed: str) -> str:
        try:
            return self._keys().decrypt(sealed.encode("ascii")).decode()
        except InvalidToken:
            raise VaultMismatch("no configured integrations key opens this secret") from None

    def reseal(self, sealed: str) -> str:
        """The secret sealed again under the first key (rotation)."""
        try:
            return self._keys().rotate(sealed.encode("ascii")).decode("ascii")
        except InvalidToken:
            raise VaultMismatch("no configured integrations key opens this secret") from None


def new_key() -> str:
    return Fernet.generate_key().decode("ascii")
