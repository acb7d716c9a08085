"""Errors raised by rules and use cases; the API turns each kind into one HTTP status.

A "not found" is also what someone gets for a thing they may not see, so that ids of other
teams' data cannot be probed.

Every error carries a stable `code` from `ErrorCode` and the `params` its message was made
from, so a client chooses what to do by code and words the message in its own language; the
English `message` is for scripts and logs. A code not listed here fails as soon as it is raised.
"""

from collections.abc import Mapping
from enum import StrEnum
from typing import Any


class ErrorCode(StrEnum):
    """Every code the API and the board socket answer with. It is published in the OpenAPI
    schema, and the web UI's message catalogue is checked against it."""

    # Kinds of failure, for errors that need nothing more specific.
    BAD_REQUEST = "bad_request"
    UNAUTHENTICATED = "unauthenticated"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"
    GONE = "gone"
    RATE_LIMITED = "rate_limited"
    STORAGE_UNAVAILABLE = "storage_unavailable"
    NOT_READY = "not_ready"
    VALIDATION_ERROR = "validation_error"
    # What HTTP itself refuses.
    METHOD_NOT_ALLOWED = "method_not_allowed"
    PAYLOAD_TOO_LARGE = "payload_too_large"
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
    MALFORMED_JSON = "malformed_json"
    CSRF_FAILED = "csrf_failed"
    INTERNAL_ERROR = "internal_error"
    ERROR = "error"
    # The board socket.
    BAD_FRAME = "bad_frame"
    FRAME_TOO_LARGE = "frame_too_large"
    RETRY_LATER = "retry_later"
    # A board's events read over REST.
    SINCE_NEGATIVE = "since_negative"
    SINCE_AHEAD = "since_ahead"
    SINCE_TOO_OLD = "since_too_old"
    LOG_CHANGED = "log_changed"
    # Accounts and sign-in.
    SIGNUP_CLOSED = "signup_closed"
    EMAIL_TAKEN = "email_taken"
    WRONG_PASSWORD = "wrong_password"  # noqa: S105 - a code, not a secret
    INVALID_CREDENTIALS = "invalid_credentials"
    RESET_USED = "reset_used"
    RESET_EXPIRED = "reset_expired"
    SHARE_REVOKED = "share_revoked"
    SHARE_EXPIRED = "share_expired"
    RESET_REPLACED = "reset_replaced"
    DEMO_ACCOUNTS_TAKEN = "demo_accounts_taken"
    ALREADY_SIGNED_IN = "already_signed_in"
    # Single sign-on (domain/sso.py words each one).
    SSO_NOT_CONFIGURED = "sso_not_configured"
    SSO_PROVIDER_UNREACHABLE = "sso_provider_unreachable"
    SSO_STATE_MISMATCH = "sso_state_mismatch"
    SSO_EXPIRED = "sso_expired"
    SSO_DENIED = "sso_denied"
    SSO_CODE_REFUSED = "sso_code_refused"
    SSO_TOKEN_INVALID = "sso_token_invalid"  # noqa: S105 - a code, not a secret
    SSO_EMAIL_MISSING = "sso_email_missing"
    SSO_EMAIL_UNVERIFIED = "sso_email_unverified"
    SSO_DOMAIN_NOT_ALLOWED = "sso_domain_not_allowed"
    SSO_LINK_NEEDED = "sso_link_needed"
    SSO_IDENTITY_TAKEN = "sso_identity_taken"
    SSO_LINK_EXPIRED = "sso_link_expired"
    PASSWORD_SIGNIN_OFF = "password_signin_off"  # noqa: S105 - a code, not a secret
    LAST_OWNER = "last_owner"
    # Teams and invites.
    LAST_FACILITATOR = "last_facilitator"
    INVITE_REVOKED = "invite_revoked"
    INVITE_EXPIRED = "invite_expired"
    GUESTS_ONLY = "guests_only"
    GUEST_NOT_ALLOWED = "guest_not_allowed"
    # The board.
    WRONG_PHASE = "wrong_phase"
    SAME_PHASE = "same_phase"
    PHASE_SKIPPED = "phase_skipped"
    ANONYMITY_LOCKED = "anonymity_locked"
    TOO_MANY_COLUMNS = "too_many_columns"
    COLUMN_NOT_EMPTY = "column_not_empty"
    UNKNOWN_COLUMN = "unknown_column"
    CARD_NOT_REVEALED = "card_not_revealed"
    NOT_GROUPED = "not_grouped"
    NO_VOTES_LEFT = "no_votes_left"
    TOPIC_VOTE_LIMIT = "topic_vote_limit"
    NO_VOTE = "no_vote"
    ALREADY_REVIEWED = "already_reviewed"
    # Templates, signals, action items, debt, rituals.
    TOO_MANY_TEMPLATES = "too_many_templates"
    TEMPLATE_NAME_TAKEN = "template_name_taken"
    TOO_MANY_PULSES = "too_many_pulses"
    PULSE_ALREADY_GIVEN = "pulse_already_given"
    RADAR_OFF = "radar_off"
    BAD_TRANSITION = "bad_transition"
    SAME_STATUS = "same_status"
    REASON_REQUIRED = "reason_required"
    CARD_IN_BACKLOG = "card_in_backlog"
    THEME_IN_BACKLOG = "theme_in_backlog"
    SCHEDULE_NOT_COMPUTABLE = "schedule_not_computable"
    # A team's deliveries (team events handed to the tools it uses).
    DELIVERY_DONE = "delivery_done"
    DELIVERY_IN_PROGRESS = "delivery_in_progress"
    BAD_PERIOD = "bad_period"
    # A team's grouping of roles into sides.
    SIDE_ROLE_UNKNOWN = "side_role_unknown"
    SIDE_ROLE_MISSING = "side_role_missing"
    SIDE_UNKNOWN = "side_unknown"
    SIDE_EMPTY = "side_empty"
    # A team's own radar dimensions.
    DIMENSION_LABEL_LENGTH = "dimension_label_length"
    DIMENSION_LABEL_CHARACTERS = "dimension_label_characters"
    DIMENSION_LABEL_TAKEN = "dimension_label_taken"
    TOO_MANY_DIMENSIONS = "too_many_dimensions"
    DIMENSION_RETIRED = "dimension_retired"
    # Trends across teams.
    NO_TEAMS = "no_teams"
    TOO_MANY_TEAMS = "too_many_teams"
    # Tech Health reports.
    REPORT_NOT_READY = "report_not_ready"
    REPORT_NOT_FAILED = "report_not_failed"
    TOO_MANY_REPORTS = "too_many_reports"
    # Connections to the tools a team plans in.
    UNKNOWN_VENDOR = "unknown_vendor"
    INTEGRATIONS_KEY_MISSING = "integrations_key_missing"
    INTEGRATIONS_KEY_MISMATCH = "integrations_key_mismatch"
    CONNECTION_EXISTS = "connection_exists"
    TRACKER_EXISTS = "tracker_exists"
    ALREADY_LINKED = "already_linked"
    NOT_CONNECTED = "not_connected"
    BAD_SIGNATURE = "bad_signature"
    UNKNOWN_SPRINT = "unknown_sprint"


Param = str | int | float | bool | None


class DomainError(Exception):
    code: str = ErrorCode.BAD_REQUEST

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        details: Any = None,
        params: Mapping[str, Param] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = ErrorCode(code)
        self.details = details
        self.params: dict[str, Param] = dict(params or {})


class Invalid(DomainError):
    code = ErrorCode.BAD_REQUEST


class Unauthenticated(DomainError):
    code = ErrorCode.UNAUTHENTICATED


class Forbidden(DomainError):
    code = ErrorCode.FORBIDDEN


class NotFound(DomainError):
    code = ErrorCode.NOT_FOUND


class Conflict(DomainError):
    code = ErrorCode.CONFLICT


class Gone(DomainError):
    code = ErrorCode.GONE


class RateLimited(DomainError):
    code = ErrorCode.RATE_LIMITED


class StorageUnavailable(DomainError):
    """The database cannot take this now (locked, out of space, read-only, unreachable); nothing
    was changed and the same request may simply be sent again after `retry_after` seconds.

    Kept apart from other errors so the API can answer 503 with `Retry-After` and the board
    socket can keep the command in the client's outbox instead of dropping the connection."""

    code = ErrorCode.STORAGE_UNAVAILABLE

    def __init__(self, message: str, *, reason: str, retry_after: int, transient: bool) -> None:
        super().__init__(
            message,
            details={"reason": reason, "retry_after": retry_after},
            params={"retry_after": retry_after},
        )
        self.reason = reason
        self.retry_after = retry_after
        self.transient = transient
        """A dropped connection: a fresh one may well work at once, so a read is tried again."""
        self.cause = ""
        """What the database driver said, in one line, for the operator's log."""


def invalid_at(field: str, message: str) -> Invalid:
    """One field's problem, with the message exactly as worded (no field name in front)."""
    return Invalid(message, code="validation_error", details=[{"field": field, "message": message}])
