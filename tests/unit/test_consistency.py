"""Checks that keep docs, generated files and migrations true to the code."""

import json
import re
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from typer.core import TyperGroup
from typer.main import get_command

from twofold.api.app import create_app
from twofold.cli import app as cli_app
from twofold.services.context import Ctx
from twofold.settings import Settings
from twofold.store.database import Database
from twofold.store.migrate import upgrade
from twofold.store.tables import Base

ROOT = Path(__file__).resolve().parents[2]


def test_every_setting_is_documented() -> None:
    doc = (ROOT / "docs" / "configuration.md").read_text()
    for name in Settings.model_fields:
        assert f"`TWOFOLD_{name.upper()}`" in doc, f"TWOFOLD_{name.upper()} is undocumented"


def test_every_cli_command_is_documented() -> None:
    doc = (ROOT / "docs" / "cli.md").read_text()
    root = get_command(cli_app)
    assert isinstance(root, TyperGroup)
    names: list[str] = []
    for name, command in root.commands.items():
        subs = getattr(command, "commands", None)
        names += [f"{name} {sub}" for sub in subs] if subs else [name]
    assert names
    for name in names:
        assert re.search(rf"`twofold {name}\b", doc), f"`twofold {name}` is undocumented"


def test_committed_openapi_schema_matches_the_server(tmp_path: Path) -> None:
    committed = ROOT / "frontend" / "src" / "api" / "openapi.json"
    settings = Settings(database_url="sqlite://", data_dir=tmp_path, secret_key="x", _env_file=None)
    live = create_app(settings, ctx=Ctx(Database("sqlite://"))).openapi()
    assert json.loads(committed.read_text()) == json.loads(json.dumps(live)), (
        "frontend/src/api/openapi.json is out of date: run `make openapi`"
    )


def test_migrations_create_exactly_the_tables_in_code(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'm.db'}")
    upgrade(db)
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    db.dispose()
    assert diff == [], f"tables.py and migrations disagree: {diff}"
