"""The `twofold` command against a fresh SQLite file or a fresh PostgreSQL database: in the test
process as the console script would run it (tests/command_line.py), and as a process of its own
where the installed entry point itself is what is tested."""

import json
import os
import re
import socket
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, inspect, text

from tests.command_line import run_here, run_process
from tests.databases import pg_database, require_pg
from tests.ports import free_port
from twofold.api.app import create_app
from twofold.domain.vocab import TextLanguage
from twofold.services.context import Ctx
from twofold.services.demo import DEMO_PASSWORD, DEMO_TEAM, PEOPLE
from twofold.services.demo_sprints import SPRINTS
from twofold.services.demo_texts import translations
from twofold.settings import Settings
from twofold.store.database import Database, normalise_url
from twofold.store.migrate import pending

PASSWORD = "a long enough password"
TABLES = {
    "alembic_version",
    "users",
    "sessions",
    "api_tokens",
    "login_failures",
    "teams",
    "memberships",
    "invites",
    "retros",
    "guests",
    "board_columns",
    "cards",
    "board_events",
}


@dataclass
class Cli:
    env: dict[str, str]
    cwd: Path
    url: str

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return run_here(self.env, self.cwd, *args)

    def run_process(self, *args: str) -> subprocess.CompletedProcess[str]:
        return run_process(self.env, self.cwd, *args)

    def ok(self, *args: str) -> str:
        done = self.run(*args)
        assert done.returncode == 0, (args, done.returncode, done.stdout, done.stderr)
        return done.stdout

    def ok_process(self, *args: str) -> str:
        done = self.run_process(*args)
        assert done.returncode == 0, (args, done.returncode, done.stdout, done.stderr)
        return done.stdout

    def query(self, sql: str) -> list[tuple[object, ...]]:
        engine = create_engine(normalise_url(self.url))
        try:
            with engine.connect() as conn:
                return [tuple(row) for row in conn.execute(text(sql))]
        finally:
            engine.dispose()

    @contextmanager
    def web(self) -> Iterator[TestClient]:
        """The web app on the database the command wrote, to use what it made."""
        settings = Settings(
            database_url=self.url,
            data_dir=self.cwd / "app-data",
            secret_key="cli-test",
            _env_file=None,
        )
        db = Database(settings.database_url, secret=settings.secret_key)
        app = create_app(settings, ctx=Ctx(db))
        try:
            with TestClient(app, base_url="https://testserver") as client:
                yield client
        finally:
            db.dispose()


def _env(tmp_path: Path) -> dict[str, str]:
    # Only our settings: none of the caller's TWOFOLD_* variables, and no .env file (cwd is
    # the empty tmp_path), may leak into the command under test.
    env = {k: v for k, v in os.environ.items() if not k.startswith("TWOFOLD_")}
    env.update(TWOFOLD_DATA_DIR=str(tmp_path / "data"), COLUMNS="200", NO_COLOR="1", TERM="dumb")
    return env


@pytest.fixture(params=["sqlite", "postgresql"])
def cli(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Cli]:
    env = _env(tmp_path)
    if request.param == "sqlite":
        # No database URL: the command must use `twofold.db` in the data folder.
        yield Cli(env, tmp_path, f"sqlite:///{tmp_path / 'data' / 'twofold.db'}")
        return
    require_pg()
    with pg_database(migrate=False) as url:
        env["TWOFOLD_DATABASE_URL"] = url
        yield Cli(env, tmp_path, url)


def _tables(cli: Cli) -> set[str]:
    engine = create_engine(normalise_url(cli.url))
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_db_upgrade_creates_the_schema(cli: Cli) -> None:
    if cli.url.startswith("sqlite"):
        assert not (cli.cwd / "data").exists()
    else:
        assert _tables(cli) == set()
    # As a process of its own: the installed command, configured by its environment alone.
    out = cli.ok_process("db", "upgrade")
    assert "Applying database migrations" in out
    assert "Database is up to date" in out
    assert _tables(cli) >= TABLES
    db = Database(cli.url)
    try:
        assert pending(db) is False
    finally:
        db.dispose()
    # A second run has nothing to do.
    again = cli.ok("db", "upgrade")
    assert "Applying" not in again
    assert "Database is up to date" in again


def test_user_create_makes_the_owner_and_refuses_bad_input(cli: Cli) -> None:
    out = cli.ok(
        "user", "create", "--email", "Boss@Example.COM", "--name", "Boss", "--password", PASSWORD
    )
    assert out.splitlines()[-1] == "Created boss@example.com (instance owner)."
    out = cli.ok(
        "user",
        "create",
        "--email",
        "deputy@example.com",
        "--name",
        "Deputy",
        "--password",
        PASSWORD,
    )
    assert out.strip() == "Created deputy@example.com."

    short = cli.run(
        "user",
        "create",
        "--email",
        "short@example.com",
        "--name",
        "Short",
        "--password",
        "tooshort",
    )
    assert short.returncode != 0
    assert "password" in short.stderr
    assert "at least 10 characters" in short.stderr
    assert "Traceback" not in short.stderr

    duplicate = cli.run(
        "user", "create", "--email", "BOSS@example.com", "--name", "Again", "--password", PASSWORD
    )
    assert duplicate.returncode != 0
    assert "already exists" in duplicate.stderr
    assert "Traceback" not in duplicate.stderr

    bad_email = cli.run(
        "user", "create", "--email", "not-an-email", "--name", "X", "--password", PASSWORD
    )
    assert bad_email.returncode != 0
    assert "email" in bad_email.stderr

    users = cli.query("SELECT email, display_name, is_owner FROM users ORDER BY email")
    assert [(e, n, bool(o)) for e, n, o in users] == [
        ("boss@example.com", "Boss", True),
        ("deputy@example.com", "Deputy", False),
    ]
    # The account works: the owner signs in to the web app with that password.
    with cli.web() as web:
        answer = web.post(
            "/api/auth/login", json={"email": "boss@example.com", "password": PASSWORD}
        )
        assert answer.status_code == 200, answer.text
        assert answer.json()["user"]["is_owner"] is True


def test_demo_loads_a_team_with_three_sprints_of_retros_once(cli: Cli) -> None:
    out = cli.ok("demo")
    assert "Demo team loaded." in out
    assert f"Sign in as {PEOPLE[0][0]} with password {DEMO_PASSWORD}" in out
    match = re.search(r"/retros/([0-9a-f]+)", out)
    assert match, out
    retro_id = match.group(1)

    def counts() -> tuple[object, ...]:
        return cli.query(
            "SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM teams),"
            " (SELECT count(*) FROM memberships), (SELECT count(*) FROM retros),"
            " (SELECT count(*) FROM cards)"
        )[0]

    first = counts()
    cards = sum(len(s.cards) for s in SPRINTS)
    assert first == (len(PEOPLE), 1, len(PEOPLE), len(SPRINTS), cards)
    assert cli.query("SELECT name FROM teams") == [(DEMO_TEAM,)]

    again = cli.ok("demo")
    assert "already there" in again
    assert f"/retros/{retro_id}" in again
    assert counts() == first

    # What it loaded is a usable board for the person it names.
    with cli.web() as web:
        login = {"email": PEOPLE[0][0], "password": DEMO_PASSWORD}
        assert web.post("/api/auth/login", json=login).status_code == 200
        board = web.get(f"/api/retros/{retro_id}").json()
        assert board["team_name"] == DEMO_TEAM
        assert board["title"] == f"Sprint {SPRINTS[-1].number} retro", "the latest retro"
        assert board["phase"] == "closed"
        assert len(board["columns"]) == 3
        assert len(board["cards"]) == len(SPRINTS[-1].cards)
        assert {c["author_role"] for c in board["cards"]} >= {"pm", "tech_lead", "eng", "qa"}
        assert any(c["friction"] for c in board["cards"])


def test_demo_in_german_writes_german_texts_for_a_german_team(cli: Cli) -> None:
    assert "Demo team loaded." in cli.ok("demo", "--language", "de")
    assert cli.query("SELECT name, language FROM teams") == [(DEMO_TEAM, "de")]
    german = translations(TextLanguage.DE)
    texts = {text for (text,) in cli.query("SELECT text FROM cards")}
    assert texts == {german[card.text] for s in SPRINTS for card in s.cards}
    titles = sorted(str(title) for (title,) in cli.query("SELECT title FROM retros"))
    assert titles == [f"Retro zu Sprint {s.number}" for s in SPRINTS]
    debt = {title for (title,) in cli.query("SELECT title FROM debt_items")}
    assert "Altes Preismodul: Rabatte werden an drei Stellen berechnet" in debt
    columns = {title for (title,) in cli.query("SELECT title FROM board_columns")}
    assert "Produktperspektive" in columns
    refused = cli.run("demo", "--language", "es")
    assert refused.returncode == 2
    assert "Invalid value" in refused.stderr


def test_demo_first_leaves_the_instance_to_its_first_real_account(cli: Cli) -> None:
    out = cli.ok("demo")
    # It says how to sign in, and how to make an account of one's own.
    assert f"Sign in as {PEOPLE[0][0]} with password {DEMO_PASSWORD}" in out
    assert "at http://localhost:8000/signin" in out
    assert "no owner yet" in out
    assert "http://localhost:8000/setup" in out
    assert "twofold user create --email" in out
    with cli.web() as web:
        assert web.get("/api/setup").json() == {
            "needs_owner": True,
            "open_signup": False,
            "sso": None,
        }
        # The first real account signs up without an invite and becomes the owner.
        body = {"email": "me@example.com", "password": PASSWORD, "display_name": "Me"}
        created = web.post("/api/auth/signup", json=body)
        assert created.status_code == 201, created.text
        assert created.json()["user"]["is_owner"] is True
        assert web.get("/api/setup").json()["needs_owner"] is False
        # From then on sign-up is closed again.
        body = {"email": "late@example.com", "password": PASSWORD, "display_name": "Late"}
        assert web.post("/api/auth/signup", json=body).status_code == 403
    owners = cli.query("SELECT email FROM users WHERE is_owner")
    assert owners == [("me@example.com",)]
    # Loading the demo again now says how to join instead.
    again = cli.ok("demo")
    assert "no owner yet" not in again
    assert "ask the instance owner for an invite link" in again


def test_demo_then_user_create_makes_the_owner(cli: Cli) -> None:
    cli.ok("demo")
    out = cli.ok(
        "user", "create", "--email", "me@example.com", "--name", "Me", "--password", PASSWORD
    )
    assert out.splitlines()[-1] == "Created me@example.com (instance owner)."


def test_worker_once_sends_queued_mail_and_reports(cli: Cli) -> None:
    from tests.mail_server import mail_server
    from twofold.domain.mail import Mail
    from twofold.services import mail_queue

    cli.ok("db", "upgrade")
    db = Database(cli.url)
    try:
        with db.write() as tx:
            mail_queue.queue(tx, Mail("lena@example.com", "From the worker", "Hello"))
    finally:
        db.dispose()
    # No mail server set: nothing is done, and it says why; the mail keeps waiting.
    idle = cli.run("worker", "--once")
    assert idle.returncode == 0, idle.stderr
    assert "no mail server is set" in idle.stderr
    assert "Done 0" in idle.stdout
    assert "Waiting now: 1." in idle.stdout
    port = free_port()
    cli.env.update(
        TWOFOLD_SMTP_HOST="127.0.0.1", TWOFOLD_SMTP_PORT=str(port), TWOFOLD_SMTP_SECURITY="none"
    )
    with mail_server(port=port) as server:
        out = cli.ok("worker", "--once")
        [received] = server.wait_for(1)
    assert received.message["Subject"] == "From the worker"
    assert "Done 1, to retry 0, given up 0. Waiting now: 0." in out
    assert cli.query("SELECT attempts FROM outbox WHERE done_at IS NOT NULL") == [(1,)]


def test_help_lists_the_commands(tmp_path: Path) -> None:
    cli = Cli(_env(tmp_path), tmp_path, "")
    out = cli.ok_process("--help")
    for command in ("serve", "demo", "db", "user", "openapi", "worker"):
        assert re.search(rf"^\W*{command}\s", out, re.MULTILINE), (command, out)
    assert "upgrade" in cli.ok_process("db", "--help")
    assert "create" in cli.ok_process("user", "--help")
    # A mistyped command fails, and says so.
    wrong = cli.run_process("serv")
    assert wrong.returncode != 0
    assert "serv" in wrong.stderr


def test_openapi_prints_the_api_schema_as_json(tmp_path: Path) -> None:
    cli = Cli(_env(tmp_path), tmp_path, "")
    # As `make openapi` runs it: the whole output of the process must be the schema.
    schema = json.loads(cli.ok_process("openapi"))
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Twofold"
    paths = schema["paths"]
    for path in (
        "/api/auth/login",
        "/api/teams",
        "/api/teams/{team_id}/invites",
        "/api/invites/{token}/guest",
        "/api/retros/{retro_id}/cards",
        "/api/cards/{card_id}",
    ):
        assert path in paths, path
    # Besides the API, only the health checks a load balancer or orchestrator calls.
    assert all(p.startswith("/api/") or p in ("/healthz", "/readyz") for p in paths)
    assert "ErrorBody" in schema["components"]["schemas"]
    # It needs no database and leaves nothing behind.
    assert not (tmp_path / "data").exists()


def _log_id(cli: Cli) -> str:
    [(log_id,)] = cli.query("SELECT log_id FROM log_identity")
    return str(log_id)


def test_mark_restored_gives_the_log_a_new_identity(cli: Cli) -> None:
    cli.ok("db", "upgrade")
    before = _log_id(cli)
    out = cli.ok("db", "mark-restored")
    assert "new identity" in out
    after = _log_id(cli)
    assert len(after) == 32
    assert after != before


def test_restore_puts_a_sqlite_backup_in_place_and_keeps_what_was_there(tmp_path: Path) -> None:
    cli = Cli(_env(tmp_path), tmp_path, f"sqlite:///{tmp_path / 'data' / 'twofold.db'}")
    cli.env["TWOFOLD_PORT"] = str(free_port())
    cli.ok(
        "user", "create", "--email", "first@example.com", "--name", "First", "--password", PASSWORD
    )
    backup = tmp_path / "backup.db"
    src = sqlite3.connect(tmp_path / "data" / "twofold.db")
    dst = sqlite3.connect(backup)
    src.backup(dst)
    dst.close()
    src.close()
    cli.ok(
        "user", "create", "--email", "later@example.com", "--name", "Later", "--password", PASSWORD
    )
    before = _log_id(cli)

    out = cli.ok("restore", str(backup))
    assert "Restored" in out
    emails = {row[0] for row in cli.query("SELECT email FROM users")}
    assert emails == {"first@example.com"}
    assert _log_id(cli) != before
    [kept] = (tmp_path / "data").glob("twofold.db.before-restore-*")
    old = sqlite3.connect(kept)
    try:
        assert {r[0] for r in old.execute("SELECT email FROM users")} == {
            "first@example.com",
            "later@example.com",
        }
    finally:
        old.close()


def test_restore_refuses_what_it_cannot_do_safely_and_changes_nothing(tmp_path: Path) -> None:
    cli = Cli(_env(tmp_path), tmp_path, f"sqlite:///{tmp_path / 'data' / 'twofold.db'}")
    port = free_port()
    cli.env["TWOFOLD_PORT"] = str(port)
    cli.ok("db", "upgrade")
    before = _log_id(cli)

    garbage = tmp_path / "notes.txt"
    garbage.write_text("not a database")
    done = cli.run("restore", str(garbage))
    assert done.returncode == 1
    assert f"Nothing was changed: {garbage} is not a SQLite database." in done.stderr

    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE notes (text TEXT)").connection.commit()
    done = cli.run("restore", str(other))
    assert done.returncode == 1
    assert "is a SQLite database, but not one of Twofold's" in done.stderr

    done = cli.run("restore", str(tmp_path / "missing.db"))
    assert done.returncode == 1
    assert "There is no file at" in done.stderr

    with socket.socket() as listening:  # as if the server were still running
        listening.bind(("127.0.0.1", port))
        listening.listen()
        done = cli.run("restore", str(tmp_path / "data" / "twofold.db"))
    assert done.returncode == 1
    assert "stop `twofold serve` first" in done.stderr
    assert _log_id(cli) == before
    assert not list((tmp_path / "data").glob("*.before-restore-*"))


def test_restore_refuses_a_postgresql_backup_it_cannot_read(tmp_path: Path) -> None:
    env = _env(tmp_path)
    env["TWOFOLD_DATABASE_URL"] = "postgresql://nobody@127.0.0.1:1/none"
    env["TWOFOLD_PORT"] = str(free_port())
    cli = Cli(env, tmp_path, env["TWOFOLD_DATABASE_URL"])
    done = cli.run("restore", "backup.dump")
    assert done.returncode == 1
    assert "Nothing was changed: There is no file at backup.dump." in done.stderr
    (tmp_path / "notes.txt").write_text("not a dump")
    done = cli.run("restore", "notes.txt")
    assert done.returncode == 1
    assert "is not a PostgreSQL dump in the custom format" in done.stderr


def test_integrations_keys_are_made_and_secrets_resealed_for_rotation(cli: Cli) -> None:
    from twofold.domain.connections import SealedSecrets
    from twofold.integrations.vault import Vault
    from twofold.store.queries import connections as conn_q

    old, new = cli.ok("integrations", "new-key").strip(), cli.ok("integrations", "new-key").strip()
    assert old != new
    cli.ok("demo")
    [(team_id, user)] = cli.query(
        "SELECT team_id, user_id FROM memberships ORDER BY user_id LIMIT 1"
    )
    settings = {"site_url": "https://acme.atlassian.net", "email": "a@b.c", "project_key": "OPS"}
    db = Database(cli.url)
    try:
        with db.write() as tx:
            sealed = SealedSecrets(Vault(old).seal("jira-token-1234"), Vault(old).seal("hook"))
            made = conn_q.insert_connection(
                tx, str(team_id), "jira", settings, sealed, "x", str(user)
            )
    finally:
        db.dispose()

    refused = cli.run("integrations", "rekey")
    assert refused.returncode == 1
    assert "TWOFOLD_INTEGRATIONS_KEY is empty" in refused.stderr
    cli.env["TWOFOLD_INTEGRATIONS_KEY"] = f"{new},{old}"
    assert "1 connection(s) sealed under the first key." in cli.ok("integrations", "rekey")
    [(token, hook)] = cli.query(
        f"SELECT sealed_token, sealed_webhook_secret FROM team_connections WHERE id = '{made.id}'"
    )
    assert Vault(new).open(str(token)) == "jira-token-1234"
    assert Vault(new).open(str(hook)) == "hook"
    # A key list that opens nothing: told, and nothing is lost.
    cli.env["TWOFOLD_INTEGRATIONS_KEY"] = cli.ok("integrations", "new-key").strip()
    lost = cli.run("integrations", "rekey")
    assert lost.returncode == 1
    assert "1 connection(s) could not be opened by any key" in lost.stderr
    assert cli.query("SELECT sealed_token FROM team_connections") == [(token,)]
