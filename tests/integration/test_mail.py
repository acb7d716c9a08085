"""Mail through the outbox and the worker, delivered to a real SMTP server (aiosmtpd) running
in the test process, on both databases."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import pytest
from fastapi import FastAPI
from sqlalchemy import select

from tests.conftest import PASSWORD, Client, new_client, signup
from tests.integration.test_signin_throttle import login
from tests.mail_server import mail_server, make_certificate
from tests.ports import free_port
from twofold.api.app import create_app
from twofold.domain.entities import User
from twofold.domain.mail import MAIL_KIND
from twofold.domain.outbox import REMOVED
from twofold.domain.vocab import Role, TextLanguage, UiLanguage
from twofold.services import account_settings, accounts, teams
from twofold.services.context import Ctx
from twofold.settings import Settings
from twofold.store.tables import OutboxRow
from twofold.worker.runner import Worker
from twofold.worker.setup import worker_for


def mail_settings(settings: Settings, port: int, **more: Any) -> Settings:
    """The test's settings with a mail server on `port`, retries at once and three tries."""
    return Settings(
        _env_file=None,
        **{
            **settings.model_dump(),
            "smtp_host": "127.0.0.1",
            "smtp_port": port,
            "smtp_security": "none",
            "smtp_from": "Twofold <twofold@retro.example.com>",
            "smtp_timeout_seconds": 5.0,
            "worker_retry_seconds": 0.0,
            "worker_max_attempts": 3,
            **more,
        },
    )


def outbox_rows(ctx: Ctx) -> list[Any]:
    """The outbox as stored, oldest first (plain rows, readable after the transaction)."""
    table = OutboxRow.__table__
    with ctx.db.read() as tx:
        return list(tx.execute(select(table).order_by(table.c.created_at, table.c.id)).all())


@pytest.fixture
def smtp_port() -> int:
    return free_port()


@pytest.fixture
def mail_app(settings: Settings, ctx: Ctx, smtp_port: int) -> FastAPI:
    return create_app(mail_settings(settings, smtp_port), ctx=ctx)


@pytest.fixture
def people(mail_app: FastAPI, ctx: Ctx) -> Iterator[tuple[Client, str]]:
    owner = signup(mail_app, "owner@example.com", "Olive Owner")
    lena = accounts.create_user(ctx, "lena@example.com", PASSWORD, "Lena Hoffmann")
    yield owner, lena.id
    owner.close()


def test_a_reset_link_is_mailed_by_the_worker_and_its_secret_then_removed(
    mail_app: FastAPI, ctx: Ctx, smtp_port: int, people: tuple[Client, str]
) -> None:
    owner, lena = people
    link = owner.ok("POST", f"/api/admin/accounts/{lena}/password-reset", 201)
    assert link["mailed"] is True
    # The answer came before any attempt to send: the request never waits on mail.
    [row] = outbox_rows(ctx)
    assert (row.kind, row.attempts, row.done_at) == ("mail", 0, None)
    assert link["url"] in row.payload["text"]

    with mail_server(port=smtp_port) as server:
        report = worker_for(ctx, mail_app.state.settings).run_once()
        assert (report.done, report.retrying, report.failed) == (1, 0, 0)
        [received] = server.wait_for(1)
    assert received.rcpt_tos == ["lena@example.com"]
    assert received.message["To"] == "lena@example.com"
    assert received.message["From"] == "Twofold <twofold@retro.example.com>"
    assert received.message["Subject"] == "Choose a new Twofold password"
    assert received.message["Message-ID"].endswith("@retro.example.com>")
    assert "Hello Lena Hoffmann," in received.text
    assert "Olive Owner, who looks after this Twofold instance" in received.text
    assert f"\n{link['url']}\n" in received.text

    # Sent: the row is done, and the one-time link is no longer in the table.
    [row] = outbox_rows(ctx)
    assert row.done_at is not None
    assert row.payload["text"] == REMOVED
    token = link["path"].removeprefix("/reset/")
    assert token not in str(row.payload)
    # The mailed link works.
    mailed_path = next(w for w in received.text.split() if "/reset/" in w).split("testserver")[1]
    with new_client(mail_app) as visitor:
        visitor.ok(
            "POST",
            f"/api/password-resets/{mailed_path.split('/')[-1]}",
            204,
            json={"password": "chosen from the mail"},
        )
        assert login(visitor, "lena@example.com", "chosen from the mail").status_code == 200
    # Nothing is left to do.
    assert worker_for(ctx, mail_app.state.settings).run_once().handled == 0


def test_mail_waits_while_the_server_is_down_and_goes_out_when_it_is_back(
    mail_app: FastAPI, ctx: Ctx, smtp_port: int, people: tuple[Client, str]
) -> None:
    owner, lena = people
    link = owner.ok("POST", f"/api/admin/accounts/{lena}/password-reset", 201)
    worker = worker_for(ctx, mail_app.state.settings)
    # Nobody listens on the port: the attempt fails and is kept for later, link and all.
    report = worker.run_once()
    assert (report.done, report.retrying, report.failed) == (0, 1, 0)
    [row] = outbox_rows(ctx)
    assert (row.attempts, row.done_at, row.failed_at, row.claimed_by) == (1, None, None, None)
    assert row.last_error is not None
    assert "ConnectionRefusedError" in row.last_error
    assert link["url"] in row.payload["text"]
    status = owner.ok("GET", "/api/admin/mail")
    assert (status["enabled"], status["waiting"], status["failed"]) == (True, 1, [])

    with mail_server(port=smtp_port) as server:
        assert worker.run_once().done == 1
        [received] = server.wait_for(1)
    assert link["url"] in received.text
    [row] = outbox_rows(ctx)
    assert (row.attempts, row.last_error, row.failed_at) == (2, None, None)
    assert owner.ok("GET", "/api/admin/mail")["waiting"] == 0


def test_mail_that_cannot_be_sent_is_given_up_on_and_shown_to_the_owner(
    mail_app: FastAPI, ctx: Ctx, people: tuple[Client, str]
) -> None:
    owner, lena = people
    link = owner.ok("POST", f"/api/admin/accounts/{lena}/password-reset", 201)
    worker = worker_for(ctx, mail_app.state.settings)
    reports = [worker.run_once() for _ in range(4)]
    assert [(r.retrying, r.failed) for r in reports] == [(1, 0), (1, 0), (0, 1), (0, 0)]
    [row] = outbox_rows(ctx)
    assert row.attempts == 3
    assert row.failed_at is not None
    assert "ConnectionRefusedError" in (row.last_error or "")
    # Given up on: the row stays with its error, but not with the one-time link.
    assert link["path"] not in str(row.payload)
    assert row.payload["to"] == "lena@example.com"

    status = owner.ok("GET", "/api/admin/mail")
    assert (status["waiting"], status["failed_total"]) == (0, 1)
    [failed] = status["failed"]
    assert failed["to"] == "lena@example.com"
    assert failed["subject"] == "Choose a new Twofold password"
    assert failed["attempts"] == 3
    assert "ConnectionRefusedError" in failed["last_error"]
    # The link itself still works: the owner has it and can pass it on.
    with new_client(mail_app) as visitor:
        token = link["path"].removeprefix("/reset/")
        visitor.ok("POST", f"/api/password-resets/{token}", 204, json={"password": "handed over"})


def test_an_email_change_is_told_to_the_old_address(
    mail_app: FastAPI, ctx: Ctx, smtp_port: int, people: tuple[Client, str]
) -> None:
    owner, _ = people
    changed = owner.ok(
        "PUT",
        "/api/account/email",
        json={"email": "olive@example.com", "current_password": PASSWORD},
    )
    assert changed["email"] == "olive@example.com"
    with mail_server(port=smtp_port) as server:
        assert worker_for(ctx, mail_app.state.settings).run_once().done == 1
        [received] = server.wait_for(1)
    assert received.rcpt_tos == ["owner@example.com"]
    assert "from owner@example.com to olive@example.com" in received.text
    # A refused change sends nothing.
    owner.put("/api/account/email", json={"email": "x@example.com", "current_password": "no!"})
    assert len(outbox_rows(ctx)) == 1


def test_without_a_mail_server_set_nothing_is_queued(
    app: FastAPI, ctx: Ctx, settings: Settings
) -> None:
    owner = signup(app, "owner@example.com", "Olive Owner")
    lena = accounts.create_user(ctx, "lena@example.com", PASSWORD, "Lena")
    assert owner.ok("POST", f"/api/admin/accounts/{lena.id}/password-reset", 201)["mailed"] is False
    owner.ok(
        "PUT", "/api/account/email", json={"email": "o@example.com", "current_password": PASSWORD}
    )
    assert outbox_rows(ctx) == []
    status = owner.ok("GET", "/api/admin/mail")
    assert status == {"enabled": False, "waiting": 0, "failed_total": 0, "failed": []}
    assert MAIL_KIND not in worker_for(ctx, settings).handlers
    owner.close()


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_mail_goes_over_tls_with_a_password(
    ctx: Ctx,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    smtp_port: int,
    security: Literal["starttls", "ssl"],
) -> None:
    certificate = make_certificate(tmp_path)
    # The test's own authority, trusted the way an operator would trust a private one.
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate))
    configured = mail_settings(
        settings,
        smtp_port,
        smtp_security=security,
        smtp_username="twofold",
        smtp_password="mail-secret",
    )
    with ctx.db.write() as tx:
        from twofold.domain.mail import Mail
        from twofold.services import mail_queue

        mail_queue.queue(tx, Mail("lena@example.com", "Over TLS", "Hello"))
    with mail_server(
        port=smtp_port, security=security, certificate=certificate, login=("twofold", "mail-secret")
    ) as server:
        assert worker_for(ctx, configured).run_once().done == 1
        [received] = server.wait_for(1)
    assert received.message["Subject"] == "Over TLS"


def test_starttls_is_never_skipped_and_a_wrong_password_is_an_error(
    ctx: Ctx, settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, smtp_port: int
) -> None:
    from twofold.domain.mail import Mail
    from twofold.services import mail_queue

    with ctx.db.write() as tx:
        mail_queue.queue(tx, Mail("lena@example.com", "Careful", "Hello"))
    # A server that offers no STARTTLS: nothing is sent in the clear, the mail waits.
    configured = mail_settings(
        settings, smtp_port, smtp_security="starttls", smtp_username="u", smtp_password="p"
    )
    with mail_server(port=smtp_port) as server:
        assert worker_for(ctx, configured).run_once().retrying == 1
        assert server.received == []
    assert "STARTTLS" in (outbox_rows(ctx)[0].last_error or "")
    # A TLS server that refuses the password: an error too, and still nothing sent.
    certificate = make_certificate(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate))
    with mail_server(
        port=smtp_port, security="starttls", certificate=certificate, login=("u", "other")
    ) as server:
        assert worker_for(ctx, configured).run_once().retrying == 1
        assert server.received == []
    assert "SMTPAuthenticationError" in (outbox_rows(ctx)[0].last_error or "")


def test_a_worker_leaves_kinds_it_cannot_handle(ctx: Ctx, settings: Settings) -> None:
    from twofold.services import outbox

    item = outbox.enqueue(ctx, "from_a_newer_version", {"x": 1})
    done: list[dict[str, Any]] = []
    assert Worker(ctx, {"something_else": done.append}).run_once().handled == 0
    [row] = outbox_rows(ctx)
    assert (row.id, row.attempts, row.claimed_by) == (item, 0, None)
    assert done == []


def test_serve_sends_mail_from_its_own_worker(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.live_server import Server
    from tests.live_server import signup as live_signup

    port = free_port()
    for name, value in {
        "TWOFOLD_SMTP_HOST": "127.0.0.1",
        "TWOFOLD_SMTP_PORT": str(port),
        "TWOFOLD_SMTP_SECURITY": "none",
        "TWOFOLD_WORKER_POLL_SECONDS": "0.1",
    }.items():
        monkeypatch.setenv(name, value)
    with mail_server(port=port) as mail:
        server = Server(tmp_path, db_url).start()
        try:
            owner = live_signup(server, "owner@example.com", "Olive Owner")
            me = owner.http("GET", "/api/auth/session")["user"]["id"]
            link = owner.http("POST", f"/api/admin/accounts/{me}/password-reset", 201)
            [received] = mail.wait_for(1)
        finally:
            server.stop()
    assert received.rcpt_tos == ["owner@example.com"]
    assert link["url"] == f"{server.url}{link['path']}"
    assert link["url"] in received.text


# Mail in the reader's language: an account's own language first, an account on `auto` in its
# team's, else English; and the team's language as a setting facilitators keep.


@pytest.fixture
def owner_client(mail_app: FastAPI) -> Iterator[Client]:
    client = signup(mail_app, "owner@example.com", "Olive Owner")
    yield client
    client.close()


@pytest.fixture
def lena(ctx: Ctx, owner_client: Client) -> User:
    return accounts.create_user(ctx, "lena@example.com", PASSWORD, "Lena Hoffmann")


def _reset_mail(
    mail_app: FastAPI, ctx: Ctx, smtp_port: int, owner_client: Client, lena: User
) -> str:
    owner_client.ok("POST", f"/api/admin/accounts/{lena.id}/password-reset", 201)
    with mail_server(port=smtp_port) as server:
        # The team's own news (a member joined) may go through the worker too.
        assert worker_for(ctx, mail_app.state.settings).run_once().failed == 0
        [received] = server.wait_for(1)
    return f"{received.message['Subject']}\n{received.text}"


def test_a_german_account_is_mailed_in_german(
    mail_app: FastAPI, ctx: Ctx, smtp_port: int, owner_client: Client, lena: User
) -> None:
    account_settings.do_set_language(ctx, lena, UiLanguage.DE)
    mail = _reset_mail(mail_app, ctx, smtp_port, owner_client, lena)
    assert mail.startswith("Wähle ein neues Twofold-Passwort\n")
    assert "Hallo Lena Hoffmann," in mail
    assert "Olive Owner, zuständig für diese Twofold-Instanz" in mail
    # The date is written the German way ("7. Dez. 2026, 14:05 UTC").
    assert ". 20" in mail.split("bis ")[1].split(" UTC")[0]
    assert "Hello" not in mail


def test_an_account_on_auto_reads_its_teams_language_and_otherwise_english(
    mail_app: FastAPI, ctx: Ctx, smtp_port: int, owner_client: Client, lena: User
) -> None:
    assert "Hello Lena Hoffmann," in _reset_mail(mail_app, ctx, smtp_port, owner_client, lena)
    teams.do_create_team(ctx, lena, "Équipe Paris", Role.ENG, TextLanguage.FR)
    mail = _reset_mail(mail_app, ctx, smtp_port, owner_client, lena)
    assert mail.startswith("Choisissez un nouveau mot de passe Twofold\n")
    assert "Bonjour Lena Hoffmann," in mail
    # Her own choice comes before the team's.
    account_settings.do_set_language(ctx, lena, UiLanguage.EN)
    assert "Hello Lena Hoffmann," in _reset_mail(mail_app, ctx, smtp_port, owner_client, lena)


def test_the_email_change_notice_goes_out_in_the_accounts_language(
    mail_app: FastAPI, ctx: Ctx, smtp_port: int, owner_client: Client
) -> None:
    owner_client.ok("PUT", "/api/account/language", json={"language": "fr"})
    owner_client.ok(
        "PUT",
        "/api/account/email",
        json={"email": "olive@example.com", "current_password": PASSWORD},
    )
    with mail_server(port=smtp_port) as server:
        assert worker_for(ctx, mail_app.state.settings).run_once().done == 1
        [received] = server.wait_for(1)
    assert received.rcpt_tos == ["owner@example.com"]
    assert received.message["Subject"] == "Votre adresse e-mail Twofold a été changée"
    assert "de owner@example.com en olive@example.com" in received.text


def test_facilitators_set_the_teams_language(mail_app: FastAPI, owner_client: Client) -> None:
    team = owner_client.ok("POST", "/api/teams", 201, json={"name": "Kern", "role": "pm"})
    assert team["language"] == "en"
    team = owner_client.ok(
        "POST", "/api/teams", 201, json={"name": "Nord", "role": "pm", "language": "de"}
    )
    assert team["language"] == "de"
    changed = owner_client.ok("PATCH", f"/api/teams/{team['id']}", json={"language": "fr"})
    assert (changed["language"], changed["name"]) == ("fr", "Nord")
    renamed = owner_client.ok("PATCH", f"/api/teams/{team['id']}", json={"name": "Nord-Ost"})
    assert (renamed["language"], renamed["name"]) == ("fr", "Nord-Ost")
    refused = owner_client.request("PATCH", f"/api/teams/{team['id']}", json={"language": "es"})
    assert refused.status_code == 422

    invite = owner_client.ok("POST", f"/api/teams/{team['id']}/invites", 201, json={})
    member = signup(mail_app, "max@example.com", "Max Muster", invite["token"])
    try:
        member.ok("POST", f"/api/invites/{invite['token']}/accept", json={"role": "eng"})
        assert member.ok("GET", f"/api/teams/{team['id']}")["language"] == "fr"
        denied = member.request("PATCH", f"/api/teams/{team['id']}", json={"language": "en"})
        assert denied.status_code == 403
    finally:
        member.close()
