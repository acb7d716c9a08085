"""Single sign-on use cases: leaving for the provider, coming back, and joining a provider
identity to an account that already has a password.

Every outcome, a sign-in, an account made, a link, a refusal, passes through `record_sso`, the
one place to write them to an audit trail.
"""

import contextlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from twofold.domain.audit import UNKNOWN_ACCOUNT, AuditKind
from twofold.domain.entities import User
from twofold.domain.errors import Conflict, Forbidden
from twofold.domain.sso import (
    Decision,
    ProviderClaims,
    SsoRefused,
    check_claims,
    decide,
    display_name_for,
    grants_ownership,
    parse_list,
    safe_return_path,
)
from twofold.integrations.oidc.client import OidcProvider, ProviderConfig
from twofold.services import audit, signin
from twofold.services.access import check_instance_owner
from twofold.services.accounts import NewSession, start_session
from twofold.services.context import Ctx
from twofold.settings import Settings
from twofold.store.database import Tx
from twofold.store.queries import identities as id_q
from twofold.store.queries import users as user_q
from twofold.store.queries.ids import now

log = logging.getLogger("twofold.sso")

ATTEMPT_TTL = timedelta(minutes=10)
"""Time to sign in at the provider, and again to type the password when linking."""


@dataclass(frozen=True)
class SsoRules:
    allowed_domains: tuple[str, ...]
    owner_group: str
    sso_only: bool

    @classmethod
    def from_settings(cls, settings: Settings) -> "SsoRules":
        return cls(
            parse_list(settings.oidc_allowed_domains),
            settings.oidc_owner_group.strip(),
            settings.oidc_sso_only,
        )


def provider_for(settings: Settings) -> OidcProvider | None:
    if not settings.sso_enabled:
        return None
    return OidcProvider(
        ProviderConfig(
            discovery_url=settings.oidc_discovery_url,
            client_id=settings.oidc_client_id,
            client_secret=settings.oidc_client_secret.get_secret_value(),
            scopes=settings.oidc_scopes,
            groups_claim=settings.oidc_groups_claim,
            timeout=settings.oidc_timeout_seconds,
        )
    )


def record_sso(
    outcome: str,
    *,
    user_id: str | None = None,
    issuer: str | None = None,
    subject: str | None = None,
    code: str | None = None,
) -> None:
    """Every single sign-on outcome: `signed_in`, `created`, `linked`, `link_pending` or
    `refused` (with its code), in the log. Those the owner looks back on also go to the
    audit log: `_audit` in the same transaction, `_audit_refused` in one of its own."""
    log.info(
        "sso %s",
        outcome,
        extra={"user_id": user_id, "issuer": issuer, "subject": subject, "code": code},
    )


def _audit(tx: Tx, outcome: str, user: User, issuer: str) -> None:
    kind = AuditKind.SSO_LINKED if outcome == "linked" else AuditKind.SSO_SIGN_IN
    audit.record(tx, kind, user, target=user.id, detail={"issuer": issuer, "outcome": outcome})


def _audit_refused(ctx: Ctx, code: str, user_id: str | None = None) -> None:
    """A refused sign-in names the account only when it is known; what the provider said
    about anyone else is not kept."""
    with ctx.db.write() as tx:
        user = user_q.user_by_id(tx, user_id) if user_id else None
        label = None if user else UNKNOWN_ACCOUNT
        detail = {"reason": code, "via": "sso"}
        audit.record(tx, AuditKind.SIGN_IN_FAILED, user, label=label, detail=detail)


@dataclass(frozen=True)
class Started:
    url: str
    state: str
    """For the browser to keep (a cookie): the callback must come back with it."""


def do_start(
    ctx: Ctx,
    provider: OidcProvider,
    redirect_uri: str,
    return_path: str | None,
    linking_user: User | None = None,
) -> Started:
    state, nonce, verifier = (secrets.token_urlsafe(32) for _ in range(3))
    url = provider.authorization_url(redirect_uri, state, nonce, verifier)
    with ctx.db.write() as tx:
        id_q.insert_attempt(
            tx,
            state,
            nonce,
            verifier,
            safe_return_path(return_path),
            linking_user.id if linking_user else None,
            ATTEMPT_TTL,
        )
    return Started(url, state)


@dataclass(frozen=True)
class Finished:
    """A provider sign-in that came back verified. `session` is None when the email belongs
    to a password account that must be proven first (the browser is sent to give it)."""

    return_path: str
    user: User | None = None
    session: NewSession | None = None
    pending_email: str | None = None


def _spend(tx: Tx, state: str | None, cookie_state: str | None) -> id_q.Attempt:
    """The attempt this browser started, used up so the same answer cannot be replayed."""
    if not state or not cookie_state or not hmac.compare_digest(state, cookie_state):
        raise SsoRefused("sso_state_mismatch")
    attempt = id_q.attempt_by_state(tx, state)
    if attempt is None or not attempt.nonce:
        raise SsoRefused("sso_state_mismatch")
    if attempt.expires_at <= now():
        id_q.delete_attempt(tx, attempt.id)
        raise SsoRefused("sso_expired")
    id_q.spend_attempt(tx, attempt.id)
    return attempt


def do_callback(
    ctx: Ctx,
    provider: OidcProvider,
    rules: SsoRules,
    *,
    redirect_uri: str,
    state: str | None,
    cookie_state: str | None,
    code: str | None,
    error: str | None,
) -> Finished:
    try:
        if error:
            # Some providers leave the state off their error answers; nothing is signed in
            # either way, so the person is told what the provider said.
            with ctx.db.write() as tx, contextlib.suppress(SsoRefused):
                id_q.delete_attempt(tx, _spend(tx, state, cookie_state).id)
            raise SsoRefused("sso_denied")
        with ctx.db.write() as tx:
            attempt = _spend(tx, state, cookie_state)
        if not code:
            raise SsoRefused("sso_denied")
        claims = provider.finish(code, redirect_uri, attempt.code_verifier, attempt.nonce)
        email = check_claims(claims, rules.allowed_domains)
        try:
            with ctx.db.write() as tx:
                return _settle(tx, attempt, claims, email, rules)
        except Conflict:
            # Two first sign-ins of the same person raced to make the account; the other made
            # it, so this one now finds it and signs in.
            with ctx.db.write() as tx:
                return _settle(tx, attempt, claims, email, rules)
    except SsoRefused as refused:
        record_sso("refused", code=refused.code)
        _audit_refused(ctx, refused.code)
        raise


def _settle(
    tx: Tx, attempt: id_q.Attempt, claims: ProviderClaims, email: str, rules: SsoRules
) -> Finished:
    # The email first: an account made by a sign-in of the same person that commits between
    # the two reads then shows as the identity too (both are written in one transaction), never
    # as a bare email that would ask for a password.
    email_owner = user_q.user_by_email(tx, email)
    identity = id_q.identity_by_subject(tx, claims.issuer, claims.subject)
    decision: Decision = decide(
        identity, email_owner.id if email_owner else None, attempt.linking_user_id
    )
    who = {"issuer": claims.issuer, "subject": claims.subject}
    if decision.kind == "needs_password":
        id_q.hold_for_password(tx, attempt.id, claims.issuer, claims.subject, email, ATTEMPT_TTL)
        record_sso("link_pending", user_id=decision.user_id, **who)
        return Finished(attempt.return_path, pending_email=email)
    id_q.delete_attempt(tx, attempt.id)
    if decision.kind == "create":
        owner = not user_q.owner_exists(tx) or grants_ownership(claims.groups, rules.owner_group)
        # No password: the account signs in through the provider until its owner sets one.
        user = user_q.insert_user(tx, email, display_name_for(claims, email), "", owner)
        id_q.insert_identity(tx, user.id, claims.issuer, claims.subject, email)
        record_sso("created", user_id=user.id, **who)
        _audit(tx, "created", user, claims.issuer)
    else:
        assert decision.user_id is not None
        found = user_q.user_by_id(tx, decision.user_id)
        if found is None:
            raise SsoRefused("sso_state_mismatch")
        user = found
        if decision.kind == "link":
            id_q.insert_identity(tx, user.id, claims.issuer, claims.subject, email)
            record_sso("linked", user_id=user.id, **who)
            _audit(tx, "linked", user, claims.issuer)
        else:
            assert identity is not None
            id_q.touch_identity(tx, identity.id, email)
            record_sso("signed_in", user_id=user.id, **who)
            _audit(tx, "signed_in", user, claims.issuer)
        if not user.is_owner and grants_ownership(claims.groups, rules.owner_group):
            id_q.set_owner(tx, user.id)
            user = user_q.user_by_id(tx, user.id) or user
    return Finished(attempt.return_path, user, start_session(tx, user_id=user.id))


@dataclass(frozen=True)
class PendingLink:
    email: str


def pending_link(ctx: Ctx, cookie_state: str | None) -> PendingLink | None:
    """The identity this browser brought back that waits for a password, if any."""
    if not cookie_state:
        return None
    with ctx.db.read() as tx:
        attempt = id_q.attempt_by_state(tx, cookie_state, lock=False)
    if attempt is None or attempt.pending_email is None or attempt.expires_at <= now():
        return None
    return PendingLink(attempt.pending_email)


def do_finish_link(
    ctx: Ctx,
    cookie_state: str | None,
    password: str,
    address: str,
    device_cookie: str | None,
) -> tuple[signin.SignedIn, str]:
    """Join the waiting provider identity to its email's account once that account's password
    is given: proof of both. The password check is the sign-in's own, throttled alike."""
    waiting = pending_link(ctx, cookie_state)
    if waiting is None or cookie_state is None:
        record_sso("refused", code="sso_link_expired")
        _audit_refused(ctx, "sso_link_expired")
        raise Forbidden(
            "Linking took too long, or was never started here. Start again from the sign-in page.",
            code="sso_link_expired",
        )
    done = signin.do_login(ctx, waiting.email, password, address, device_cookie)
    try:
        with ctx.db.write() as tx:
            attempt = id_q.attempt_by_state(tx, cookie_state)
            if attempt is None or attempt.pending_issuer is None or attempt.pending_subject is None:
                raise Forbidden("Linking was already finished.", code="sso_link_expired")
            id_q.delete_attempt(tx, attempt.id)
            if id_q.identity_by_subject(tx, attempt.pending_issuer, attempt.pending_subject):
                record_sso("refused", user_id=done.user.id, code="sso_identity_taken")
                raise Conflict(
                    "This provider sign-in is already linked to a Twofold account.",
                    code="sso_identity_taken",
                )
            id_q.insert_identity(
                tx, done.user.id, attempt.pending_issuer, attempt.pending_subject, waiting.email
            )
            record_sso(
                "linked",
                user_id=done.user.id,
                issuer=attempt.pending_issuer,
                subject=attempt.pending_subject,
            )
            _audit(tx, "linked", done.user, attempt.pending_issuer)
            return done, attempt.return_path
    except Conflict:
        _audit_refused(ctx, "sso_identity_taken", done.user.id)
        raise


@dataclass(frozen=True)
class SsoSetup:
    """Single sign-on as configured, for the owner's Settings: everything but the secret."""

    enabled: bool
    provider_name: str
    discovery_url: str
    client_id: str
    client_secret_set: bool
    scopes: str
    allowed_domains: tuple[str, ...]
    sso_only: bool
    groups_claim: str
    owner_group: str
    linked_accounts: int


def sso_setup(ctx: Ctx, owner: User, settings: Settings) -> SsoSetup:
    check_instance_owner(owner)
    with ctx.db.read() as tx:
        linked = id_q.count_linked_accounts(tx)
    return SsoSetup(
        enabled=settings.sso_enabled,
        provider_name=settings.oidc_provider_name.strip(),
        discovery_url=settings.oidc_discovery_url,
        client_id=settings.oidc_client_id,
        client_secret_set=bool(settings.oidc_client_secret.get_secret_value()),
        scopes=settings.oidc_scopes,
        allowed_domains=parse_list(settings.oidc_allowed_domains),
        sso_only=settings.oidc_sso_only,
        groups_claim=settings.oidc_groups_claim,
        owner_group=settings.oidc_owner_group.strip(),
        linked_accounts=linked,
    )


def has_identity(ctx: Ctx, user: User) -> bool:
    with ctx.db.read() as tx:
        return bool(id_q.identities_of(tx, user.id))


def check_password_signin(user: User, rules: SsoRules) -> None:
    """In SSO-only mode a password still opens an owner's account: the break-glass path for a
    provider that is down or misconfigured."""
    if rules.sso_only and not user.is_owner:
        raise Forbidden(
            "This instance signs people in through its sign-in provider only.",
            code="password_signin_off",
        )
