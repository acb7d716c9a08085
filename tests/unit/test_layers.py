"""The layer check bites: `lint-imports`, with the project's own contracts, fails on a copy of
the package given one forbidden import, and names the contract it breaks.

Each case runs the real command on a copy of `src/twofold`, found first on `PYTHONPATH`, so
the installed package is never touched and the copy is what the contracts are checked on.
"""

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = ROOT / "pyproject.toml"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _contract_names() -> dict[str, str]:
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    return {c["id"]: c["name"] for c in config["tool"]["importlinter"]["contracts"]}


def _copy(tmp_path: Path) -> Path:
    """A copy of the package and of the contracts; returns the folder to run from."""
    shutil.copytree(
        ROOT / "src" / "twofold",
        tmp_path / "src" / "twofold",
        ignore=shutil.ignore_patterns("__pycache__", "web"),
    )
    shutil.copy(PYPROJECT, tmp_path / "pyproject.toml")
    return tmp_path


def _lint(where: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(where / "src")}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-logo", "--no-cache", str(where / "pyproject.toml")],
        cwd=where,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_the_package_as_it_is_keeps_every_contract(tmp_path: Path) -> None:
    result = _lint(_copy(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    for name in _contract_names().values():
        assert f"{name} KEPT" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract", "edge"),
    [
        (
            "domain/dates.py",
            "import sqlalchemy",
            "database-in-store",
            "twofold.domain.dates -> sqlalchemy",
        ),
        (
            "domain/vocab.py",
            "from twofold.services import teams",
            "pure-domain",
            "twofold.domain.vocab -> twofold.services.teams",
        ),
        (
            "api/routes/teams.py",
            "from twofold.store import tables",
            "edges-through-services",
            "twofold.api.routes.teams -> twofold.store.tables",
        ),
        (
            "cli.py",
            "from twofold.api.schemas import accounts",
            "cli-own-words",
            "twofold.cli -> twofold.api.schemas.accounts",
        ),
        (
            "services/access.py",
            "from twofold.services import teams",
            "access-below-features",
            "twofold.services.access -> twofold.services.teams",
        ),
        (
            "services/retros.py",
            "from twofold.store.queries import event_writes",
            "one-recorder",
            "twofold.services.retros -> twofold.store.queries.event_writes",
        ),
        (
            "services/debt.py",
            "from twofold.store.queries import outbox",
            "one-recorder",
            "twofold.services.debt -> twofold.store.queries.outbox",
        ),
        (
            "live/bus.py",
            "from twofold.store.queries import retros",
            "layers",
            "twofold.live.bus -> twofold.store.queries.retros",
        ),
    ],
)
def test_a_forbidden_import_breaks_its_contract(
    tmp_path: Path, module: str, line: str, contract: str, edge: str
) -> None:
    where = _copy(tmp_path)
    target = where / "src" / "twofold" / module
    target.write_text(f"{target.read_text(encoding='utf-8')}\n{line}\n", encoding="utf-8")
    result = _lint(where)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{_contract_names()[contract]} BROKEN" in result.stdout
    # The report names the import that was added, so a reader knows what to move.
    assert edge in result.stdout
