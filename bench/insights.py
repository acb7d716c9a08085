"""Insights at scale: a team's trends, the company view, teams side by side and a retro's
closing summary, timed over a seeded company history (see bench/insights_seed.py).

    python -m bench insights                  # 200 teams x 5 years on PostgreSQL, then SQLite
    python -m bench insights --teams 40       # a smaller company
    python -m bench insights --keep           # keep the database, and reuse it next time
    python -m bench insights --runs 50 --pg-url postgresql://postgres@127.0.0.1:5432/postgres

PostgreSQL gets a database of its own (`twofold_bench_insights`, made with the admin URL's
account), dropped and made anew on each run unless --keep is given. SQLite gets one team's
history in a temporary file. The services are called as the routes call them, with the viewer
found from an API token; each figure is the p50/p95 of --runs timed calls after a warm-up.
"""

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from bench.insights_seed import VIEWER_EMAIL, Seeded, Size, roll_up, seed
from twofold.domain.entities import User
from twofold.services import summary, team_comparison, trends
from twofold.services.accounts import do_create_api_token, resolve_api_token
from twofold.services.context import Ctx
from twofold.store.database import Database, normalise_url, shown_url
from twofold.store.migrate import upgrade
from twofold.store.queries import users as user_q
from twofold.store.tables import RetroRow, TeamRow, UserRow

FULL = Size(teams=200, years=5)
ONE_TEAM = Size(teams=1, years=5)
DATABASE = "twofold_bench_insights"
ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
SIDE_BY_SIDE = 5
TREND_SPRINTS = 12
COMPANY_SPRINTS = 6
WARM_UP = 3


@dataclass(frozen=True)
class Figure:
    name: str
    p50_ms: float
    p95_ms: float
    target_ms: float | None

    def line(self) -> str:
        target = ""
        if self.target_ms is not None:
            verdict = "ok" if self.p95_ms <= self.target_ms else "MISSED"
            target = f"  target p95 <= {self.target_ms:.0f} ms  {verdict}"
        return f"  {self.name:<44} p50 {self.p50_ms:8.1f} ms  p95 {self.p95_ms:8.1f} ms{target}"


def _timed(name: str, call: Callable[[], Any], runs: int, target: float | None) -> Figure:
    for _ in range(min(WARM_UP, runs)):
        call()
    taken = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        taken.append((time.perf_counter() - started) * 1000)
    taken.sort()
    p95 = taken[min(len(taken) - 1, round(0.95 * (len(taken) - 1)))]
    return Figure(name, statistics.median(taken), p95, target)


def viewer(ctx: Ctx, seeded: Seeded) -> User:
    """The seeded viewer (owner of the instance, engineering manager in every team), found
    through an API token as a scripted request would be."""
    with ctx.db.read() as tx:
        user = user_q.user_by_id(tx, seeded.viewer_id)
    assert user is not None
    _, secret = do_create_api_token(ctx, user, "insights bench")
    found = resolve_api_token(ctx, secret)
    assert found is not None
    return found


def measure(ctx: Ctx, seeded: Seeded, *, runs: int, company: bool = True) -> list[Figure]:
    """Time each view over the seeded history; `company` adds the views across teams."""
    user = viewer(ctx, seeded)
    # The team and the retro are the last seeded: their history is the whole period.
    team_id = seeded.team_ids[-1]
    retro_id = seeded.retros[team_id][-1]
    figures = [
        _timed(
            f"team trends, {TREND_SPRINTS} sprints",
            lambda: trends.team_trends(ctx, user, team_id, last=TREND_SPRINTS),
            runs,
            100,
        ),
        _timed(
            "closing summary, one retro",
            lambda: summary.closing_summary(ctx, user, retro_id),
            runs,
            50,
        ),
    ]
    if company:
        side = seeded.team_ids[:SIDE_BY_SIDE]
        figures += [
            _timed(
                f"company view, {len(seeded.team_ids)} teams x {COMPANY_SPRINTS} sprints",
                lambda: team_comparison.company(ctx, user, last=COMPANY_SPRINTS),
                runs,
                300,
            ),
            _timed(
                f"side by side, {len(side)} teams x {TREND_SPRINTS} sprints",
                lambda: team_comparison.compare_teams(ctx, user, side, last=TREND_SPRINTS),
                runs,
                None,
            ),
        ]
    return figures


@contextmanager
def pg_database(admin_url: str, *, keep: bool) -> Iterator[tuple[str, bool]]:
    """The bench's own database and whether it already holds a seeded company (only with
    `keep`); anything else is dropped and made anew, and dropped again afterwards unless kept."""
    admin = create_engine(normalise_url(admin_url), isolation_level="AUTOCOMMIT")
    url = make_url(normalise_url(admin_url)).set(database=DATABASE)
    with admin.connect() as conn:
        exists = conn.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": DATABASE}
        ).first()
        if exists and not keep:
            conn.execute(text(f'DROP DATABASE "{DATABASE}" WITH (FORCE)'))
        if not exists or not keep:
            conn.execute(text(f'CREATE DATABASE "{DATABASE}"'))
    try:
        yield url.render_as_string(hide_password=False), bool(exists and keep)
    finally:
        if not keep:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)'))
        admin.dispose()


def seeded_from(db: Database, size: Size) -> Seeded:
    """What a kept database holds, read back: the viewer, the teams by name and each team's
    closed retros, oldest first."""
    found = Seeded()
    with db.read() as tx:
        viewer_id = tx.execute(select(UserRow.id).where(UserRow.email == VIEWER_EMAIL)).scalar()
        found.team_ids = list(tx.execute(select(TeamRow.id).order_by(TeamRow.name)).scalars())
        retros = tx.execute(
            select(RetroRow.team_id, RetroRow.id)
            .where(RetroRow.phase == "closed")
            .order_by(RetroRow.team_id, RetroRow.created_at)
        )
        for team_id, retro_id in retros:
            found.retros.setdefault(team_id, []).append(retro_id)
    if viewer_id is None or len(found.team_ids) != size.teams:
        raise SystemExit(
            f"The kept database does not hold {size.teams} seeded teams: run without --keep once."
        )
    found.viewer_id = viewer_id
    return found


def analyse(db: Database) -> None:
    """Statistics for the planner and the visibility map for index-only scans, as autovacuum
    would leave them a while after the rows were written."""
    if not db.is_sqlite:
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    else:
        with db.engine.begin() as conn:
            conn.execute(text("ANALYZE"))


def _run_pg(size: Size, admin_url: str, runs: int, keep: bool) -> list[Figure]:
    with pg_database(admin_url, keep=keep) as (url, reuse):
        db = Database(url)
        try:
            if reuse:
                print("  reusing the kept database")
                upgrade(db)
                seeded = seeded_from(db, size)
                print(f"  rolled up {roll_up(db):,} retros the kept database had no rollup of")
            else:
                upgrade(db)
                started = time.perf_counter()
                seeded = seed(db, size)
                took = time.perf_counter() - started
                print(f"  seeded in {took:.0f} s: " + _counts(seeded))
            analyse(db)
            return measure(Ctx(db), seeded, runs=runs)
        finally:
            db.dispose()


def _run_sqlite(runs: int) -> list[Figure]:
    with tempfile.TemporaryDirectory() as folder:
        db = Database(f"sqlite:///{Path(folder) / 'insights.db'}")
        try:
            upgrade(db)
            seeded = seed(db, ONE_TEAM)
            print("  seeded: " + _counts(seeded))
            analyse(db)
            return measure(Ctx(db), seeded, runs=runs, company=False)
        finally:
            db.dispose()


def _counts(seeded: Seeded) -> str:
    shown = (
        "retros",
        "cards",
        "votes",
        "radar_answers",
        "action_items",
        "debt_items",
        "retro_rollups",
    )
    return ", ".join(f"{seeded.rows[t]:,} {t}" for t in shown)


def main(args: list[str]) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench insights",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--teams", type=int, default=FULL.teams)
    parser.add_argument("--years", type=int, default=FULL.years)
    parser.add_argument("--runs", type=int, default=30, help="timed calls per figure")
    parser.add_argument("--keep", action="store_true", help="keep the database and reuse it")
    parser.add_argument("--pg-url", default=ADMIN_URL, help="an account that may create databases")
    options = parser.parse_args(args)
    if options.teams < 1 or options.years < 1 or options.runs < 1:
        parser.error("--teams, --years and --runs must each be at least 1")
    size = Size(teams=options.teams, years=options.years)
    print(f"insights on PostgreSQL: {size}")
    try:
        figures = _run_pg(size, options.pg_url, options.runs, options.keep)
    except OperationalError as exc:
        raise SystemExit(
            f"Could not reach PostgreSQL at {shown_url(options.pg_url)} to make the bench's "
            f"database ({str(exc.orig).strip().splitlines()[0]}); give another with --pg-url."
        ) from None
    for figure in figures:
        print(figure.line())
    print(f"insights on SQLite: {ONE_TEAM}")
    for figure in _run_sqlite(options.runs):
        print(figure.line())
