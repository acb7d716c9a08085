"""Rules for single sign-on through an OpenID Connect provider: who may come in, which account
a provider's identity is, and where the browser may be sent back to.

The provider proves who someone is; these rules decide what that proof is worth here. An
identity is keyed by (issuer, subject), never by email, because an email can change hands at
the provider while the subject cannot. An email only ever *creates* an account; it never joins
a provider identity to an account that already has a password, since whoever controls the
provider could then take over that account. Joining needs proof of both sides.
"""

from dataclasses import dataclass
from typing import Literal

RETURN_MAX = 500


@dataclass(frozen=True)
class Identity:
    id: str
    user_id: str
    issuer: str
    subject: str
    email: str


@dataclass(frozen=True)
class ProviderClaims:
    """What a verified ID token (and the userinfo answer) says about the person."""

    issuer: str
    subject: str
    email: str | None
    email_verified: bool
    name: str | None
    groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class Decision:
    """What a completed provider sign-in leads to.

    sign_in: the identity is known; sign its account in.
    link: someone signed in with a password asked to join this identity to their account.
    create: nobody has this email; make an account for it.
    needs_password: an account already has this email; its password must be given to join.
    """

    kind: Literal["sign_in", "link", "create", "needs_password"]
    user_id: str | None = None


class SsoRefused(Exception):
    """A provider sign-in that must not go through, with the code the sign-in page explains."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


PROBLEMS: dict[str, str] = {
    "sso_not_configured": "Single sign-on is not set up on this instance.",
    "sso_provider_unreachable": "The sign-in provider could not be reached. Try again in a "
    "moment; if it keeps happening, tell the owner of this Twofold instance.",
    "sso_state_mismatch": "This sign-in did not start from this browser, or it was already "
    "used. Start again from the sign-in page.",
    "sso_expired": "The sign-in took too long. Start again from the sign-in page.",
    "sso_denied": "The sign-in provider did not let you in (you may have cancelled).",
    "sso_token_invalid": "The sign-in provider's answer could not be verified, so it was not "
    "trusted. Tell the owner of this Twofold instance.",
    "sso_code_refused": "The sign-in provider refused to complete this sign-in. Start again "
    "from the sign-in page.",
    "sso_email_missing": "The sign-in provider did not share your email address, which "
    "Twofold needs.",
    "sso_email_unverified": "The sign-in provider has not verified your email address. "
    "Verify it there, then try again.",
    "sso_domain_not_allowed": "Accounts with this email domain may not sign in here.",
    "sso_link_needed": "An account with this email already exists. Enter its password to "
    "link it to your sign-in provider.",
    "sso_identity_taken": "This provider sign-in is already linked to another Twofold account.",
    "sso_link_expired": "Linking took too long. Start again from the sign-in page.",
    "password_signin_off": "This instance signs people in through its sign-in provider only.",
}


def parse_list(raw: str) -> tuple[str, ...]:
    """A comma-separated setting as its items, trimmed and lower-cased, empty ones dropped."""
    return tuple(item.strip().lower() for item in raw.split(",") if item.strip())


def email_domain(email: str) -> str:
    return email.rpartition("@")[2].strip().lower()


def domain_allowed(email: str, allowed: tuple[str, ...]) -> bool:
    """No list means every domain. A listed domain admits itself only, not its subdomains: an
    organisation that wants `eu.example.com` too lists it."""
    return not allowed or email_domain(email) in allowed


def check_claims(claims: ProviderClaims, allowed_domains: tuple[str, ...]) -> str:
    """The email the claims may be used with, or SsoRefused. Applied on every sign-in, so a
    domain taken off the list stops its people at their next sign-in."""
    if not claims.email:
        raise SsoRefused("sso_email_missing")
    if not claims.email_verified:
        raise SsoRefused("sso_email_unverified")
    email = claims.email.strip().lower()
    if not domain_allowed(email, allowed_domains):
        raise SsoRefused("sso_domain_not_allowed")
    return email


def decide(
    identity: Identity | None, email_owner_id: str | None, linking_user_id: str | None
) -> Decision:
    """Which account a verified provider identity is.

    identity: the identity already stored for (issuer, subject), if any.
    email_owner_id: the account that already has the identity's email, if any.
    linking_user_id: the account whose password sign-in started this flow to link, if any.
    """
    if identity is not None:
        if linking_user_id is not None and identity.user_id != linking_user_id:
            raise SsoRefused("sso_identity_taken")
        return Decision("sign_in", identity.user_id)
    if linking_user_id is not None:
        return Decision("link", linking_user_id)
    if email_owner_id is not None:
        return Decision("needs_password", email_owner_id)
    return Decision("create")


def grants_ownership(groups: tuple[str, ...], owner_group: str) -> bool:
    """Membership of the configured group makes an account an owner. It only ever grants:
    taking ownership away is left to a person, so a provider outage or a renamed group cannot
    lock the instance out of its owners."""
    return bool(owner_group) and owner_group in groups


def safe_return_path(path: str | None) -> str:
    """Where to send the browser after sign-in: a path on this site, else the home page. Refuses
    `//host` and `/\\host` (another site to a browser) and anything with a scheme."""
    if not path or len(path) > RETURN_MAX or not path.startswith("/"):
        return "/"
    if path.startswith(("//", "/\\")) or any(c in path for c in "\r\n\t\\"):
        return "/"
    return path


def display_name_for(claims: ProviderClaims, email: str) -> str:
    name = (claims.name or "").strip()
    return (name or email.partition("@")[0] or "New member")[:80]
