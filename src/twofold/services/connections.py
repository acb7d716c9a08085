"""A team's connections to the tools it plans in: made, tested and removed by its
facilitators, seen by its members, the secrets sealed before they are stored and never shown.

Testing a connection talks to the vendor, so it goes through the outbox like every other call
out: the request queues the test and marks the connection as being tested; the worker runs it
and keeps what it found on the connection for the page to show.
"""

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from twofold.domain.audit import AuditKind
from twofold.domain.channels import ChannelSettings
from twofold.domain.connections import (
    CheckStatus,
    Connection,
    SealedSecrets,
    VendorSettings,
    masked,
)
from twofold.domain.entities import User
from twofold.domain.errors import Conflict, Invalid, NotFound
from twofold.domain.team_events import ConnectionCheckRequested
from twofold.domain.vendors import VENDORS, VendorSpec, spec_of
from twofold.integrations.vault import Vault, VaultLocked, VaultMismatch
from twofold.services import audit
from twofold.services.access import check_member, check_team_facilitator
from twofold.services.context import Ctx
from twofold.store.queries import connections as conn_q

SECRET_MAX = 2000


@dataclass(frozen=True)
class Secrets:
    """A connection's secrets, opened, for the worker and the webhook check only."""

    token: str
    webhook: str | None


def _locked() -> Conflict:
    return Conflict(
        "This instance has no key to seal connection secrets with; its administrator sets "
        "TWOFOLD_INTEGRATIONS_KEY (see docs/integrations.md).",
        code="integrations_key_missing",
    )


def _settings(spec: VendorSpec, raw: dict[str, Any]) -> VendorSettings:
    try:
        return spec.settings.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "settings"
        message = str(first["msg"]).removeprefix("Value error, ")
        raise Invalid(
            f"{field}: {message}",
            code="validation_error",
            details=[{"field": f"settings.{field}", "message": message}],
        ) from None


def _secret(value: str | None, field: str, *, required: str | None) -> str | None:
    """The secret trimmed; `required` names it for the error when it is missing."""
    cleaned = (value or "").strip()
    if not cleaned:
        if required:
            message = f"Give the {required}."
            raise Invalid(
                message, code="validation_error", details=[{"field": field, "message": message}]
            )
        return None
    if len(cleaned) > SECRET_MAX:
        raise Invalid(f"{field} is too long.", code="validation_error")
    return cleaned


def list_connections(ctx: Ctx, user: User, team_id: str) -> list[Connection]:
    """Members see what the team is connected to (to push items); secrets show only masked."""
    with ctx.db.read() as tx:
        check_member(tx, user, team_id)
        return conn_q.connections_of_team(tx, team_id)


def do_create_connection(
    ctx: Ctx,
    user: User,
    team_id: str,
    vendor: str,
    settings: dict[str, Any],
    token: str,
    webhook_secret: str | None = None,
) -> Connection:
    spec = spec_of(vendor)
    parsed = _settings(spec, settings)
    opened_token = _secret(token, "token", required=spec.token_label)
    assert opened_token is not None
    if isinstance(parsed, ChannelSettings):
        problem = parsed.token_problem(opened_token, ctx.any_vendor_host)
        if problem:
            raise Invalid(
                problem, code="validation_error", details=[{"field": "token", "message": problem}]
            )
    opened_webhook = None
    if spec.webhook_help is not None:
        opened_webhook = _secret(webhook_secret, "webhook_secret", required=None)
    with ctx.recording() as rec:
        check_team_facilitator(rec.tx, user, team_id, "connect the team's tools")
        if not ctx.vault.unlocked:
            raise _locked()
        _check_free(conn_q.connections_of_team(rec.tx, team_id, lock=True), spec)
        sealed = SealedSecrets(
            ctx.vault.seal(opened_token),
            ctx.vault.seal(opened_webhook) if opened_webhook else None,
        )
        made = conn_q.insert_connection(
            rec.tx,
            team_id,
            spec.vendor,
            parsed.model_dump(mode="json"),
            sealed,
            masked(opened_token),
            user.id,
        )
        # Tested straight away, so the page says at once whether it works.
        conn_q.set_check_pending(rec.tx, made.id)
        audit.record(
            rec.tx,
            AuditKind.CONNECTION_CREATED,
            user,
            team_id=team_id,
            target=made.id,
            detail={"vendor": spec.vendor},
        )
        rec.job(ConnectionCheckRequested(team_id, made.id))
        found = conn_q.connection_by_id(rec.tx, made.id)
    assert found is not None
    return found


def _check_free(existing: list[Connection], spec: VendorSpec) -> None:
    """One connection per vendor, and one tracker: items pushed "to the team's tracker" must
    have one place to go."""
    for found in existing:
        if found.vendor == spec.vendor:
            raise Conflict(
                f"The team is already connected to {spec.name}; remove that connection first.",
                code="connection_exists",
                params={"vendor": spec.vendor},
            )
        if spec.kind == "tracker" and VENDORS[found.vendor].kind == "tracker":
            other = VENDORS[found.vendor].name
            raise Conflict(
                f"The team's items already go to {other}; a team has one tracker. Remove the "
                f"{other} connection first.",
                code="tracker_exists",
                params={"vendor": found.vendor},
            )


def _facilitated(ctx: Ctx, user: User, team_id: str, connection_id: str) -> Connection:
    with ctx.db.read() as tx:
        check_team_facilitator(tx, user, team_id, "manage the team's connections")
        found = conn_q.connection_by_id(tx, connection_id)
    if found is None or found.team_id != team_id:
        raise NotFound("Connection not found.")
    return found


def do_test_connection(ctx: Ctx, user: User, team_id: str, connection_id: str) -> Connection:
    _facilitated(ctx, user, team_id, connection_id)
    with ctx.recording() as rec:
        conn_q.set_check_pending(rec.tx, connection_id)
        rec.job(ConnectionCheckRequested(team_id, connection_id))
        found = conn_q.connection_by_id(rec.tx, connection_id)
    if found is None:
        raise NotFound("Connection not found.")
    return found


def do_remove_connection(ctx: Ctx, user: User, team_id: str, connection_id: str) -> None:
    """Forget the connection and its secrets; tickets already made stay in the tracker, and
    the items no longer follow them."""
    found = _facilitated(ctx, user, team_id, connection_id)
    with ctx.db.write() as tx:
        conn_q.delete_connection(tx, connection_id)
        audit.record(
            tx,
            AuditKind.CONNECTION_REMOVED,
            user,
            team_id=team_id,
            target=connection_id,
            detail={"vendor": found.vendor},
        )


def opened(ctx: Ctx, connection_id: str) -> tuple[Connection, Secrets] | None:
    """The connection with its secrets opened (worker and webhook only); None once removed."""
    with ctx.db.read() as tx:
        found = conn_q.connection_by_id(tx, connection_id)
        sealed = conn_q.sealed_secrets(tx, connection_id)
    if found is None or sealed is None:
        return None
    try:
        return found, Secrets(
            ctx.vault.open(sealed.token),
            ctx.vault.open(sealed.webhook) if sealed.webhook else None,
        )
    except VaultLocked:
        raise _locked() from None
    except VaultMismatch:
        raise Conflict(
            "This connection's secrets were sealed with a key this instance no longer has: "
            "add that key back to TWOFOLD_INTEGRATIONS_KEY, or remove the connection and "
            "connect again.",
            code="integrations_key_mismatch",
        ) from None


def do_record_check(ctx: Ctx, connection_id: str, status: CheckStatus, message: str) -> None:
    with ctx.db.write() as tx:
        conn_q.record_check(tx, connection_id, status, message)


def do_reseal(vault: Vault, ctx: Ctx) -> tuple[int, int]:
    """Seal every stored secret again under the first key, for rotation: (resealed, not
    opened by any key)."""
    done = failed = 0
    with ctx.db.write() as tx:
        for connection in conn_q.all_connections(tx):
            sealed = conn_q.sealed_secrets(tx, connection.id)
            assert sealed is not None
            try:
                fresh = SealedSecrets(
                    vault.reseal(sealed.token),
                    vault.reseal(sealed.webhook) if sealed.webhook else None,
                )
            except VaultMismatch:
                failed += 1
                continue
            except VaultLocked:
                raise _locked() from None
            conn_q.replace_sealed(tx, connection.id, fresh)
            done += 1
        detail = {"resealed": done, "not_opened": failed}
        audit.record(tx, AuditKind.INTEGRATION_KEY_ROTATED, None, detail=detail)
    return done, failed
