"""Configuration from `TWOFOLD_*` environment variables (or a `.env` file in the working folder).

Settings are read when the app or CLI starts, never at import, so tests can build apps with
their own settings side by side.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Literal

from platformdirs import user_data_path
from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DATABASE_FILE = "twofold.db"
"""The SQLite database's name in the data folder, when no database URL is set."""


def default_data_dir() -> Path:
    return user_data_path("twofold", appauthor=False)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="TWOFOLD_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    data_dir: Path = Field(
        default_factory=default_data_dir,
        description="Folder for the SQLite database and the generated secret key.",
    )
    database_url: str = Field(
        default="",
        description="SQLAlchemy URL. Empty means a SQLite file `twofold.db` in the data folder; "
        "use `postgresql://user:pass@host/db` for PostgreSQL.",
    )
    sqlite_busy_timeout_seconds: float = Field(
        default=10.0,
        ge=0,
        le=600,
        description="How long a write waits for a SQLite file locked by another process before "
        "it is answered 503 storage_unavailable.",
    )
    secret_key: str = Field(
        default="",
        description="Keys the hashes of session and API tokens. Empty means one is generated "
        "once and kept in the data folder. Set the same value on every app process.",
    )
    redis_url: str = Field(
        default="",
        description="redis://host:6379/0 to share live board events between several app "
        "processes. Empty: events stay within this process.",
    )
    host: str = Field(default="127.0.0.1", description="Address `twofold serve` listens on.")
    port: int = Field(default=8000, ge=1, le=65535, description="Port `twofold serve` listens on.")
    cookie_secure: bool = Field(
        default=True,
        description="Mark cookies Secure. Browsers accept Secure cookies on http://localhost and "
        "http://127.0.0.1; turn off only to serve plain HTTP on another address.",
    )
    open_signup: bool = Field(
        default=False,
        description="Let anyone create an account. Off: only the first account, and people "
        "holding an invite link, can sign up.",
    )
    public_url: str = Field(
        default="",
        description="The address people reach this instance at (e.g. https://retro.example.com); "
        "used to print full invite links. Empty: links are relative to the page.",
    )
    forwarded_allow_ips: str = Field(
        default="127.0.0.1",
        description="Proxies whose X-Forwarded-For / X-Forwarded-Proto headers are trusted.",
    )
    log_level: str = Field(default="info", description="debug, info, warning or error.")
    log_format: Literal["text", "json"] = Field(
        default="text",
        description="text: one readable line per record. json: one JSON object per line, with "
        "the request id, for a log collector.",
    )
    metrics_token: SecretStr = Field(
        default=SecretStr(""),
        description="Serve Prometheus metrics at /metrics to scrapers sending "
        "`Authorization: Bearer <this token>`. Empty: /metrics is off (404).",
    )
    live_access_check_seconds: float = Field(
        default=10.0,
        ge=0.2,
        le=300,
        description="How often open board sockets are checked against sign-outs and removals.",
    )
    friction_suggestions: bool = Field(
        default=True,
        description="Suggest a friction point while a card is typed (computed in this process). "
        "False: the suggestion endpoint answers an empty list and the model is never loaded.",
    )
    warm_models: bool = Field(
        default=True,
        description="Load the friction suggester and the same-situation odds in the background "
        "when the server starts (a few seconds of one core), so the first person to ask waits "
        "for nothing. False: each loads on first use.",
    )

    smtp_host: str = Field(
        default="",
        description="Mail server to send mail through (password reset links, notices). "
        "Empty: Twofold sends no mail.",
    )
    smtp_port: int = Field(default=587, ge=1, le=65535, description="Mail server port.")
    smtp_security: Literal["starttls", "ssl", "none"] = Field(
        default="starttls",
        description="starttls (usually port 587), ssl (TLS from the start, usually 465) or none "
        "(a relay you trust, usually 25).",
    )
    smtp_username: str = Field(default="", description="Sign-in name at the mail server, if any.")
    smtp_password: SecretStr = Field(
        default=SecretStr(""), description="Password at the mail server, if any."
    )
    smtp_from: str = Field(
        default="Twofold <twofold@localhost>",
        description="The From address of the mail Twofold sends.",
    )
    smtp_timeout_seconds: float = Field(
        default=20.0, gt=0, le=300, description="How long to wait on the mail server."
    )
    worker_in_process: bool = Field(
        default=True,
        description="Run the worker (mail and other background work) inside `twofold serve`. "
        "Turn off when `twofold worker` runs as processes of its own.",
    )
    worker_poll_seconds: float = Field(
        default=1.0, ge=0.05, le=60, description="How often the worker looks for new work."
    )
    worker_max_attempts: int = Field(
        default=8, ge=1, le=100, description="Tries before a piece of work is given up on."
    )
    worker_retry_seconds: float = Field(
        default=30.0,
        ge=0,
        le=3600,
        description="Wait before the first retry; each later retry waits twice as long "
        "(at most an hour).",
    )
    worker_lease_seconds: float = Field(
        default=300.0,
        ge=1,
        le=86400,
        description="How long a worker holds a piece of work it took; if the worker dies, "
        "another takes the work once this has passed.",
    )

    report_dir: Path | None = Field(
        default=None,
        description="Folder the worker keeps Tech Health report files in. Empty means "
        "`reports` in the data folder. Every process that serves or renders reports must "
        "see the same folder.",
    )
    report_max_bytes: int = Field(
        default=20 * 1024 * 1024,
        ge=64 * 1024,
        le=1024 * 1024 * 1024,
        description="The largest report file kept; a larger one fails with its size.",
    )
    report_stalled_minutes: int = Field(
        default=15,
        ge=1,
        le=24 * 60,
        description="A Tech Health report still being drawn after this many minutes is taken "
        "to have stopped (its worker died or was stopped) and is shown as failed, to be tried "
        "again; it no longer counts against the team's reports in progress.",
    )

    integrations_key: SecretStr = Field(
        default=SecretStr(""),
        description="Keys that seal the secrets of connected tools (Jira API tokens, webhook "
        "secrets) in the database: Fernet keys, comma-separated, the first one sealing. Make "
        "one with `twofold integrations new-key`. Empty: teams cannot connect tools.",
    )
    integrations_timeout_seconds: float = Field(
        default=15.0, gt=0, le=120, description="How long to wait on a connected tool's API."
    )
    integrations_private_addresses: bool = Field(
        default=False,
        description="Let the worker call connected tools on private, loopback or link-local "
        "addresses (an on-premises Jira, say). Off: a facilitator cannot point a connection at "
        "a service inside the instance's network.",
    )
    integrations_any_host: bool = Field(
        default=False,
        description="Accept chat webhook and API addresses on any host, not only Slack's and "
        "Microsoft's: for pointing Twofold at a local test server. Never set in production, "
        "where a webhook address on another host is refused.",
    )
    integrations_poll_minutes: int = Field(
        default=5,
        ge=1,
        le=24 * 60,
        description="How often the worker asks each connected tracker what changed, to catch "
        "a webhook that never arrived.",
    )
    audit_retention_days: int = Field(
        default=365,
        ge=1,
        le=3650,
        description="How many days the audit log (sign-ins, role changes, invites, share "
        "links, exports, connections, deletions) keeps an event; the worker forgets older ones.",
    )
    deleted_member_cards: Literal["keep", "remove"] = Field(
        default="keep",
        description="What becomes of a deleted account's cards: keep (they stay, by \"a "
        'former member") or remove (they are deleted from their boards).',
    )

    oidc_discovery_url: str = Field(
        default="",
        description="Single sign-on: the OpenID Connect provider's discovery document, e.g. "
        "https://sso.example.com/realms/acme/.well-known/openid-configuration (docs/sso.md). "
        "Empty: single sign-on is off.",
    )
    oidc_client_id: str = Field(
        default="", description="Single sign-on: the client id registered at the provider."
    )
    oidc_client_secret: SecretStr = Field(
        default=SecretStr(""),
        description="Single sign-on: the client secret registered at the provider.",
    )
    oidc_provider_name: str = Field(
        default="",
        max_length=40,
        description='Shown on the sign-in button, "Sign in with <this>". Empty: "single sign-on".',
    )
    oidc_scopes: str = Field(
        default="openid email profile",
        description="Scopes asked of the provider, space-separated; `openid` and `email` are "
        "needed. Add the scope that carries groups when a group claim is used.",
    )
    oidc_allowed_domains: str = Field(
        default="",
        description="Single sign-on: email domains allowed in, comma-separated (e.g. "
        "`example.com,example.org`). Empty: any domain the provider vouches for.",
    )
    oidc_sso_only: bool = Field(
        default=False,
        description="Sign people in through the provider only: password sign-in and sign-up "
        "are refused, except an owner's password sign-in at /signin?password (the "
        "break-glass path, docs/sso.md).",
    )
    oidc_groups_claim: str = Field(
        default="groups",
        description="The ID token or userinfo claim that lists the person's groups.",
    )
    oidc_owner_group: str = Field(
        default="",
        description="Members of this provider group become owners of the instance when they "
        "sign in (never taken away automatically). Empty: no group grants ownership.",
    )
    oidc_timeout_seconds: float = Field(
        default=10.0, gt=0, le=60, description="How long to wait on the sign-in provider."
    )

    @property
    def report_stalled_after(self) -> timedelta:
        return timedelta(minutes=self.report_stalled_minutes)

    @property
    def reports_path(self) -> Path:
        return self.report_dir or self.data_dir / "reports"

    @property
    def mail_enabled(self) -> bool:
        return bool(self.smtp_host)

    @property
    def sso_enabled(self) -> bool:
        return bool(self.oidc_discovery_url and self.oidc_client_id)

    @model_validator(mode="after")
    def _fill_defaults(self) -> "Settings":
        if not self.database_url:
            self.database_url = f"sqlite:///{self.data_dir / DATABASE_FILE}"
        return self

    def ensure_data_dir(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)

    def resolved_secret_key(self) -> str:
        """The configured key, or one generated once and kept (mode 0600) in the data folder."""
        if self.secret_key:
            return self.secret_key
        self.ensure_data_dir()
        path = self.data_dir / "secret_key"
        if not path.exists():
            # Written aside and renamed into place, so no process ever reads a half-written key.
            tmp = path.with_name(f".secret_key.{secrets.token_hex(4)}")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_urlsafe(48))
            if path.exists():
                tmp.unlink()
            else:
                tmp.replace(path)
        return path.read_text().strip()
