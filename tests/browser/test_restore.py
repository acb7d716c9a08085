"""A board left open in the browser while the database is restored from a backup: once the
server is back, the board shows the restored database, not the cards written after the backup,
even though the board has passed the point the browser had reached (docs/live.md, Resuming)."""

import os
import re
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveServer
from tests.browser.flows import add_card, create_owner, create_retro, create_team, go_to_phase
from tests.ports import free_port


def _env(server: LiveServer, port: int) -> dict[str, str]:
    env = {
        **os.environ,
        "TWOFOLD_DATA_DIR": str(server.data_dir),
        "TWOFOLD_PORT": str(port),
        "TWOFOLD_LOG_LEVEL": "warning",
    }
    env.pop("TWOFOLD_DATABASE_URL", None)
    return env


@contextmanager
def _serving(server: LiveServer, port: int, log: Path) -> Iterator[str]:
    """`twofold serve` on the same data folder, on `port`, until the block ends."""
    with log.open("ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "twofold", "serve"],
            env=_env(server, port),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    if httpx.get(f"{url}/api/setup", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                assert process.poll() is None, log.read_text()
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.1)
            yield url
        finally:
            process.terminate()
            process.wait(timeout=15)


@contextmanager
def _api(url: str, cookie: str) -> Iterator[httpx.Client]:
    """The signed-in person's session, used from a script against the server at `url`."""
    with httpx.Client(base_url=url, cookies={"twofold_session": cookie}, timeout=30) as client:
        client.headers["X-CSRF-Token"] = client.get("/api/auth/session").json()["csrf_token"]
        yield client


def _add(client: httpx.Client, retro_id: str, column_id: str, text: str) -> None:
    body: dict[str, Any] = {
        "command_id": f"cmd-{time.monotonic_ns()}",
        "command": {"name": "add_card", "column_id": column_id, "text": text},
    }
    answer = client.post(f"/api/retros/{retro_id}/commands", json=body)
    assert answer.status_code == 200, answer.text


def test_an_open_board_shows_the_restored_database_after_a_restore(
    page: Page, server: LiveServer, tmp_path: Path
) -> None:
    create_owner(page)
    create_team(page, "Payments")
    create_retro(page, "Restored retro")
    retro_id = re.sub(r".*/retros/([^/?#]+).*", r"\1", page.url)
    go_to_phase(page, "reflect")
    for text in ("Kept one", "Kept two"):
        add_card(page, "Product Perspective", text)

    backup = tmp_path / "backup.db"
    src = sqlite3.connect(server.data_dir / "twofold.db")
    dst = sqlite3.connect(backup)
    src.backup(dst)
    dst.close()
    src.close()

    for text in ("Lost one", "Lost two", "Lost three"):
        add_card(page, "Product Perspective", text)
    cookie = next(c["value"] for c in page.context.cookies() if c["name"] == "twofold_session")
    with _api(server.url, cookie) as api:
        board = api.get(f"/api/retros/{retro_id}").json()
    reached, column_id = board["seq"], board["columns"][0]["id"]

    server.process.terminate()
    server.process.wait(timeout=15)
    expect(page.get_by_test_id("connection-state")).not_to_have_text("Live", timeout=20_000)
    restored = subprocess.run(
        [sys.executable, "-m", "twofold", "restore", str(backup)],
        env=_env(server, int(server.url.rsplit(":", 1)[1])),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert restored.returncode == 0, restored.stdout + restored.stderr

    # Others go on writing on the restored database (here through a server on another port,
    # so the board's own reconnect comes after): the board passes where the browser was.
    with _serving(server, free_port(), tmp_path / "elsewhere.log") as url, _api(url, cookie) as api:
        for i in range(6):
            _add(api, retro_id, column_id, f"After the restore {i}")
        assert api.get(f"/api/retros/{retro_id}").json()["seq"] > reached

    port = int(server.url.rsplit(":", 1)[1])
    with _serving(server, port, tmp_path / "back.log"):
        expect(page.get_by_test_id("connection-state")).to_have_text("Live", timeout=40_000)
        cards = page.get_by_test_id("card")
        for i in range(6):
            expect(cards.filter(has_text=f"After the restore {i}")).to_have_count(1)
        for text in ("Kept one", "Kept two"):
            expect(cards.filter(has_text=text)).to_have_count(1)
        expect(cards.filter(has_text="Lost")).to_have_count(0)
        expect(cards).to_have_count(8)
