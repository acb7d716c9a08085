"""Settings defaults and URL handling."""

from pathlib import Path

import pytest

from twofold.settings import Settings
from twofold.store.database import normalise_url


def test_default_database_is_sqlite_in_the_data_dir(tmp_path: Path) -> None:
    s = Settings(data_dir=tmp_path, _env_file=None)
    assert s.database_url == f"sqlite:///{tmp_path / 'twofold.db'}"


def test_env_vars_are_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TWOFOLD_PORT", "9123")
    monkeypatch.setenv("TWOFOLD_DATA_DIR", str(tmp_path))
    s = Settings(_env_file=None)
    assert s.port == 9123
    assert s.data_dir == tmp_path


def test_generated_secret_key_is_kept_private_and_stable(tmp_path: Path) -> None:
    s = Settings(data_dir=tmp_path / "d", _env_file=None)
    first = s.resolved_secret_key()
    assert len(first) >= 40
    assert s.resolved_secret_key() == first
    assert (tmp_path / "d" / "secret_key").stat().st_mode & 0o077 == 0


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
    ],
)
def test_database_urls_people_paste_are_accepted(given: str, expected: str) -> None:
    assert normalise_url(given) == expected
