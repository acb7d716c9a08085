"""The `twofold` command."""

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated, Literal

import typer

from twofold import __version__
from twofold.settings import Settings

app = typer.Typer(
    help="Twofold: retrospectives for product managers and engineers.",
    no_args_is_help=True,
    add_completion=False,
)
db_app = typer.Typer(help="Database schema commands.", no_args_is_help=True)
user_app = typer.Typer(help="Manage accounts.", no_args_is_help=True)
outbox_app = typer.Typer(
    help="Background work: what is waiting, what was given up on, trying again.",
    no_args_is_help=True,
)
app.add_typer(db_app, name="db")
app.add_typer(user_app, name="user")
integrations_app = typer.Typer(
    help="The key that seals connected tools' secrets.", no_args_is_help=True
)
app.add_typer(outbox_app, name="outbox")
app.add_typer(integrations_app, name="integrations")


def _settings() -> Settings:
    settings = Settings()
    settings.ensure_data_dir()
    return settings


def _upgrade(settings: Settings) -> None:
    from twofold.services import maintenance

    with maintenance.local_ctx(settings) as ctx:
        if maintenance.schema_behind(ctx):
            typer.echo("Applying database migrations...")
            maintenance.upgrade_schema(ctx)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
) -> None:
    """Apply pending migrations, then serve the web app and API."""
    import gc

    import uvicorn

    from twofold.api.app import create_app

    settings = _settings()
    if host:
        settings.host = host
    if port:
        settings.port = port
    _upgrade(settings)
    shown = "localhost" if settings.host in ("127.0.0.1", "0.0.0.0") else settings.host  # noqa: S104
    typer.echo(f"Twofold {__version__} is running: open http://{shown}:{settings.port}/")
    typer.echo(f"Database: {_safe_url(settings)}   (Ctrl+C to stop)")
    application = create_app(settings)
    application.state.ctx.db.start_checkpoints()
    # Everything loaded so far lives as long as the process; keeping it out of the collector's
    # sight keeps full collections (pauses felt as latency on the board) short.
    gc.collect()
    gc.freeze()
    # A busy board allocates hundreds of thousands of short-lived objects a second. Collecting
    # the youngest generation every 10,000 allocations instead of 700 lets nearly all of them
    # die first, so few reach the oldest generation, whose collections stalled every socket of
    # the process for 50-90 ms at a time under load (docs/performance.md).
    gc.set_threshold(10_000, 20, 100)
    # Mail and other background work, unless separate `twofold worker` processes do it. It is
    # stopped once the server has stopped, after the mail at hand.
    if settings.worker_in_process:
        import atexit

        from twofold.worker.setup import worker_for

        atexit.register(worker_for(application.state.ctx, settings).start().stop)
    json_logs = settings.log_format == "json"
    uvicorn.run(
        application,
        host=settings.host,
        port=settings.port,
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
        log_level=settings.log_level,
        # JSON logs: the server's own lines go through Twofold's JSON handler (set up with the
        # app), and the app's access line, which carries the request id, replaces the server's.
        log_config=None if json_logs else uvicorn.config.LOGGING_CONFIG,
        access_log=not json_logs,
        # Compression halves how many board events a process can fan out; frames are small.
        # The sans-I/O protocol; board frames are written to its transport directly
        # (api/direct_frames.py), and the legacy `websockets` one is slower.
        ws="websockets-sansio",
        ws_per_message_deflate=False,
        # Frames over 64 KiB get an error frame from the board; far larger ones close the socket.
        ws_max_size=1024 * 1024,
    )


def _site(settings: Settings) -> str:
    """Where people reach this instance, as `serve` announces it."""
    if settings.public_url:
        return settings.public_url.rstrip("/")
    shown = "localhost" if settings.host in ("127.0.0.1", "0.0.0.0") else settings.host  # noqa: S104
    return f"http://{shown}:{settings.port}"


@app.command()
def worker(
    once: Annotated[
        bool, typer.Option("--once", help="Do the work that is due now, then exit.")
    ] = False,
) -> None:
    """Send queued mail and do other background work (serve runs this itself unless
    TWOFOLD_WORKER_IN_PROCESS is false)."""
    import contextlib
    import logging
    import signal

    from twofold.api.observe import configure_logging
    from twofold.services import outbox
    from twofold.services.maintenance import local_ctx
    from twofold.worker.setup import worker_for

    settings = _settings()
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    configure_logging(settings)
    _upgrade(settings)
    with local_ctx(settings) as ctx:
        runner = worker_for(ctx, settings)
        if not settings.mail_enabled:
            typer.echo("Mail waits: no mail server is set (TWOFOLD_SMTP_HOST).", err=True)
        if once:
            runner.schedule()
            done = failed = retrying = 0
            while True:
                report = runner.run_once()
                done, failed = done + report.done, failed + report.failed
                retrying += report.retrying
                if report.handled < runner.batch:
                    break
            waiting, given_up = outbox.counts(ctx)
            typer.echo(
                f"Done {done}, to retry {retrying}, given up {failed}. "
                f"Waiting now: {waiting}. Given up on in all (kept 30 days): {given_up}."
            )
            return
        typer.echo(f"Twofold worker {runner.name} is running (Ctrl+C to stop).")
        signal.signal(signal.SIGTERM, lambda *_: runner.stop(timeout=0))
        with contextlib.suppress(KeyboardInterrupt):
            runner.run_until_stopped()


def _when(at: datetime | None) -> str:
    return at.strftime("%Y-%m-%d %H:%M:%S") if at else "-"


@outbox_app.command("list")
def outbox_list(
    failed: Annotated[bool, typer.Option("--failed", help="Only work given up on.")] = False,
    pending: Annotated[bool, typer.Option("--pending", help="Only work still to do.")] = False,
    team: Annotated[str | None, typer.Option(help="Only this team's work (its id).")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000, help="Rows shown at most.")] = 100,
) -> None:
    """List work not done yet: given up on first (newest first), then what is still to do, in
    the order it will be tried. Times are UTC."""
    from twofold.services import outbox
    from twofold.services.maintenance import local_ctx

    if failed and pending:
        typer.echo("error: give --failed or --pending, not both.", err=True)
        raise typer.Exit(2)
    only = True if failed else False if pending else None
    settings = _settings()
    _upgrade(settings)
    with local_ctx(settings) as ctx:
        items = outbox.unfinished(ctx, team_id=team, failed=only, limit=limit)
    if not items:
        typer.echo("Nothing waiting and nothing given up on.")
        return
    typer.echo(f"{'ID':32}  {'KIND':24}  {'STATE':7}  TRIES  {'NEXT TRY (UTC)':19}  LAST ERROR")
    for item in items:
        next_try = _when(item.available_at) if item.state == "pending" else "-"
        error = (item.last_error or "-").replace("\n", " ")
        typer.echo(
            f"{item.id:32}  {item.kind:24}  {item.state:7}  {item.attempts:5}  {next_try:19}  "
            f"{error}"
        )


@outbox_app.command("retry")
def outbox_retry(
    item_id: Annotated[str | None, typer.Argument(help="The row to try again now.")] = None,
    failed: Annotated[
        bool, typer.Option("--failed", help="Try again everything given up on.")
    ] = False,
) -> None:
    """Try work again now, with every attempt again: one row, or everything given up on."""
    from twofold.domain.errors import DomainError
    from twofold.services import outbox
    from twofold.services.maintenance import local_ctx

    if (item_id is None) == (not failed):
        typer.echo("error: give a row's id or --failed (one of the two).", err=True)
        raise typer.Exit(2)
    settings = _settings()
    _upgrade(settings)
    with local_ctx(settings) as ctx:
        if failed:
            typer.echo(f"Trying again: {outbox.do_retry_failed(ctx)}.")
            return
        assert item_id is not None
        try:
            item = outbox.do_retry(ctx, item_id)
        except DomainError as exc:
            typer.echo(f"error: {exc.message}", err=True)
            raise typer.Exit(1) from None
    typer.echo(f"Trying {item.id} ({item.kind}) again now.")


@outbox_app.command("counts")
def outbox_counts() -> None:
    """How much work is still to do and how much was given up on, by kind."""
    from twofold.services import outbox
    from twofold.services.maintenance import local_ctx

    settings = _settings()
    _upgrade(settings)
    with local_ctx(settings) as ctx:
        by_kind = outbox.counts_by_kind(ctx)
    typer.echo(f"{'KIND':24}  {'TO DO':>6}  {'FAILED':>6}")
    for kind, (to_do, given_up) in by_kind.items():
        typer.echo(f"{kind:24}  {to_do:6}  {given_up:6}")
    total_to_do = sum(p for p, _ in by_kind.values())
    total_failed = sum(f for _, f in by_kind.values())
    typer.echo(f"{'all':24}  {total_to_do:6}  {total_failed:6}")


@integrations_app.command("new-key")
def integrations_new_key() -> None:
    """Print a new key for TWOFOLD_INTEGRATIONS_KEY."""
    from twofold.integrations.vault import new_key

    typer.echo(new_key())


@integrations_app.command("rekey")
def integrations_rekey() -> None:
    """Seal every stored secret again under the first key of TWOFOLD_INTEGRATIONS_KEY."""
    from twofold.integrations.vault import Vault
    from twofold.services.connections import do_reseal
    from twofold.services.maintenance import local_ctx

    settings = _settings()
    _upgrade(settings)
    vault = Vault(settings.integrations_key.get_secret_value())
    if not vault.unlocked:
        typer.echo("TWOFOLD_INTEGRATIONS_KEY is empty: there is no key to seal with.", err=True)
        raise typer.Exit(1)
    with local_ctx(settings) as ctx:
        done, failed = do_reseal(vault, ctx)
    typer.echo(f"{done} connection(s) sealed under the first key.")
    if failed:
        typer.echo(
            f"{failed} connection(s) could not be opened by any key: keep their old key in "
            "the list, or have their teams connect again.",
            err=True,
        )
        raise typer.Exit(1)


def _safe_url(settings: Settings) -> str:
    from twofold.services.maintenance import database_shown

    return database_shown(settings)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Bring the database schema up to date (serve does this on start too)."""
    settings = _settings()
    _upgrade(settings)
    typer.echo(f"Database is up to date: {_safe_url(settings)}")


def _mark_restored(settings: Settings) -> str:
    from twofold.services import maintenance

    with maintenance.local_ctx(settings) as ctx:
        return maintenance.mark_restored(ctx)


def _server_answers(settings: Settings) -> bool:
    import socket

    host = "127.0.0.1" if settings.host in ("0.0.0.0", "::", "") else settings.host  # noqa: S104
    try:
        with socket.create_connection((host, settings.port), timeout=0.5):
            return True
    except OSError:
        return False


@app.command()
def backup(
    target: Annotated[
        Path | None,
        typer.Argument(
            help="Where to write it (default: twofold-<time>.db for SQLite, .dump for "
            "PostgreSQL, in the current folder). Never overwritten."
        ),
    ] = None,
) -> None:
    """Take a consistent backup of the database, while Twofold serves."""
    from twofold.services.maintenance import BackupError, default_backup_name, take_backup

    settings = _settings()
    where = target or default_backup_name(settings)
    try:
        take_backup(settings, where)
    except BackupError as exc:
        typer.echo(f"No backup was written: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"Backed up {_safe_url(settings)} to {where} ({where.stat().st_size:,} bytes).")
    if not settings.secret_key:
        secret = settings.data_dir / "secret_key"
        typer.echo(f"Keep {secret} with it: sessions and API tokens need it after a restore.")


@app.command()
def restore(
    backup: Annotated[
        Path,
        typer.Argument(help="A backup from `twofold backup` (a SQLite file or a pg_dump file)."),
    ],
    force: Annotated[
        bool, typer.Option(help="Restore even though something answers on Twofold's port.")
    ] = False,
) -> None:
    """Put a backup in place of the database (stop the server first); an older version's
    backup is brought up to this version."""
    from twofold.services.maintenance import (
        RestoreError,
        restore_postgresql,
        restore_sqlite,
        sqlite_file,
    )

    settings = _settings()
    target = sqlite_file(settings)
    if not force and _server_answers(settings):
        typer.echo(
            f"Something answers on port {settings.port}: stop `twofold serve` first "
            "(or pass --force if that is not Twofold).",
            err=True,
        )
        raise typer.Exit(1)
    try:
        if target is not None:
            kept = restore_sqlite(backup, target)
        else:
            kept = restore_postgresql(settings, backup)
    except RestoreError as exc:
        typer.echo(f"Nothing was changed: {exc}", err=True)
        raise typer.Exit(1) from None
    if kept is not None:
        typer.echo(f"The database as it was is kept in {kept}")
    _upgrade(settings)
    _mark_restored(settings)
    typer.echo(f"Restored {backup} into {_safe_url(settings)}.")
    typer.echo("Open boards will reload themselves when they reconnect. Start `twofold serve`.")


@db_app.command("mark-restored")
def db_mark_restored() -> None:
    """Tell Twofold the database was restored from a backup, so open boards reload."""
    settings = _settings()
    _upgrade(settings)
    _mark_restored(settings)
    typer.echo(
        "The event log has a new identity: every open board will be sent a fresh copy when "
        "it reconnects."
    )


Language = Literal["en", "de", "fr"]


@app.command()
def demo(
    language: Annotated[
        Language, typer.Option(help="en, de or fr: the demo team's texts and language.")
    ] = "en",
) -> None:
    """Load a demo team (PM, designers, tech lead, engineers, QA) with three sprints of history."""
    from twofold.domain.vocab import TextLanguage
    from twofold.services.accounts import needs_owner
    from twofold.services.demo import load_demo
    from twofold.services.maintenance import local_ctx

    settings = _settings()
    _upgrade(settings)
    with local_ctx(settings) as ctx:
        result = load_demo(ctx, TextLanguage(language))
        owner_needed = needs_owner(ctx)
    typer.echo("Demo team loaded." if result.created else "The demo team is already there.")
    site = _site(settings)
    typer.echo(f"Sign in as {result.login_email} with password {result.password}")
    typer.echo(f"  at {site}/signin once `twofold serve` runs.")
    typer.echo(f"Past retro: /retros/{result.retro_id}")
    typer.echo("")
    if owner_needed:
        typer.echo("This instance has no owner yet: the first account you create becomes it.")
        typer.echo(f"Create your own account at {site}/setup, or with")
    else:
        typer.echo("To add your own account, ask the instance owner for an invite link, or run")
    typer.echo('  twofold user create --email you@example.com --name "Your Name"')


@user_app.command("create")
def user_create(
    email: Annotated[str, typer.Option(help="Sign-in email.")],
    name: Annotated[str, typer.Option(help="Display name.")],
    password: Annotated[
        str,
        typer.Option(
            prompt=True,
            hide_input=True,
            confirmation_prompt=True,
            envvar="TWOFOLD_NEW_USER_PASSWORD",
            help="At least 10 characters. Asked for when not given.",
        ),
    ],
) -> None:
    """Create an account. The first account on an instance becomes its owner."""
    from pydantic import ValidationError

    from twofold.domain.errors import DomainError
    from twofold.services.accounts import NewAccount, create_user
    from twofold.services.maintenance import local_ctx
    from twofold.services.validation import field_errors

    try:
        body = NewAccount(email=email, password=password, display_name=name)
    except ValidationError as exc:
        for err in field_errors(exc.errors()):
            typer.echo(f"error: {err['field']}: {err['message']}", err=True)
        raise typer.Exit(2) from None
    settings = _settings()
    _upgrade(settings)
    try:
        with local_ctx(settings) as ctx:
            user = create_user(ctx, body.email, body.password, body.display_name)
    except DomainError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(1) from None
    owner = " (instance owner)" if user.is_owner else ""
    typer.echo(f"Created {user.email}{owner}.")


Format = Literal["pptx", "pdf", "md"]


@app.command()
def report(
    team: Annotated[str, typer.Option(help="The team's id or name.")],
    fmt: Annotated[Format, typer.Option("--format", help="pptx, pdf or md.")] = "pptx",
    start: Annotated[
        datetime | None,
        typer.Option("--from", formats=["%Y-%m-%d"], help="First day of the period (YYYY-MM-DD)."),
    ] = None,
    end: Annotated[
        datetime | None,
        typer.Option("--to", formats=["%Y-%m-%d"], help="Last day of the period (YYYY-MM-DD)."),
    ] = None,
    last: Annotated[
        int | None, typer.Option(help="The latest N closed sprints (default 6 without dates).")
    ] = None,
    out: Annotated[
        Path | None, typer.Option(help="File to write; default: a name from the team and period.")
    ] = None,
    language: Annotated[
        Language | None, typer.Option(help="en, de or fr; default: the team's language.")
    ] = None,
) -> None:
    """Write a team's Tech Health report (slides, PDF or Markdown) for a period, at once."""
    from twofold.domain.errors import DomainError
    from twofold.domain.health_report import ReportFormat
    from twofold.domain.vocab import TextLanguage
    from twofold.integrations.health_report import render
    from twofold.services import health_reports
    from twofold.services.maintenance import local_ctx

    settings = _settings()
    _upgrade(settings)
    chosen = ReportFormat(fmt)
    period = health_reports.Period(
        last=last,
        start=start.date() if start else None,
        end=end.date() if end else None,
    )
    try:
        with local_ctx(settings) as ctx:
            team_id = health_reports.team_named(ctx, team)
            chosen_language = TextLanguage(language) if language else None
            content = health_reports.operator_report(ctx, team_id, period, chosen_language)
    except DomainError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(1) from None
    target = out or Path(health_reports.download_name(content, chosen))
    try:
        target.write_bytes(render(content, chosen))
    except OSError as exc:
        typer.echo(f"error: could not write {target}: {exc.strerror or exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(
        f"Wrote {target} ({content.team_name}, {content.period}, {len(content.sprints)} sprints)."
    )


@app.command("report-cleanup")
def report_cleanup() -> None:
    """Remove report files no report belongs to any more (a deleted team's, say) and
    half-written ones, and fail reports that stopped while being drawn. The worker does this
    every minute or so; this is for an instance whose worker is not running."""
    from twofold.services import health_reports
    from twofold.services.maintenance import local_ctx

    settings = _settings()
    _upgrade(settings)
    files = health_reports.ReportFiles.from_settings(settings)
    with local_ctx(settings) as ctx:
        failed = health_reports.do_fail_stalled(ctx, settings.report_stalled_after)
        removed = health_reports.do_remove_orphan_files(ctx, files)
    typer.echo(
        f"Removed {len(removed)} report files no report owns, from {files.directory}. "
        f"Reports that had stopped while being drawn, now failed: {failed}."
    )


@app.command()
def openapi() -> None:
    """Print the API's OpenAPI schema as JSON (used to generate the front end's types)."""
    from twofold.api.app import create_app
    from twofold.services.context import Ctx

    settings = Settings(database_url="sqlite://", secret_key="openapi-only")  # noqa: S106
    schema = create_app(settings, ctx=Ctx.scratch()).openapi()
    json.dump(schema, sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(__version__)


def main() -> None:
    app()
