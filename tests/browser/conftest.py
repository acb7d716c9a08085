"""Browser tests: a real `twofold serve` process per test and Debian's chromium via Playwright.

Each test gets a fresh instance (its own data folder and SQLite file), so the first account a
test creates is that instance's owner and no test depends on another.
"""

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, Playwright, expect, sync_playwright

from tests.ports import free_port
from twofold.api.web import WEB_DIR
from twofold.integrations.vault import new_key

DATABASE_FILE = "twofold.db"
"""Where a server with no database URL keeps its SQLite database, in its data folder."""
CHROMIUM = os.environ.get("TWOFOLD_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# Two test workers, each with a browser and a server, on two cores: a page can take longer than
# Playwright's default five seconds to show what it shows at once on a quiet machine. A check
# that holds never waits longer for this; one that fails reports after ten seconds, as actions do.
expect.set_options(timeout=10_000)


@dataclass
class LiveServer:
    url: str
    data_dir: Path
    process: subprocess.Popen[bytes]

    def twofold(self, *args: str) -> str:
        """Run a CLI command against this instance's database."""
        env = {**os.environ, "TWOFOLD_DATA_DIR": str(self.data_dir)}
        done = subprocess.run(
            [sys.executable, "-m", "twofold", *args],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        return done.stdout


@pytest.fixture
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[LiveServer]:
    """A fresh server; it suggests friction points only for tests marked `suggestions` (see
    `serve`)."""
    wanted = request.node.get_closest_marker("suggestions") is not None
    settings = {"TWOFOLD_FRICTION_SUGGESTIONS": "true", "TWOFOLD_WARM_MODELS": "false"}
    with serve(tmp_path, **(settings if wanted else {})) as live:
        yield live


@pytest.fixture
def connected_server(tmp_path: Path) -> Iterator[LiveServer]:
    """A server that can hold vendor connections (its own key), with a worker that polls
    often and tries again soon, so a page sees a vendor's answer within a test's patience."""
    with serve(
        tmp_path,
        TWOFOLD_INTEGRATIONS_KEY=new_key(),
        TWOFOLD_WORKER_POLL_SECONDS="0.2",
        TWOFOLD_WORKER_RETRY_SECONDS="2",
    ) as live:
        yield live


@cache
def _migrated_database() -> Path:
    """A SQLite database with every migration applied, made once per test process: each
    server starts on a copy of it, rather than applying all the migrations again (a second or
    more of a core per test). `twofold serve` still checks it is up to date."""
    folder = Path(tempfile.mkdtemp(prefix="twofold-migrated-"))
    atexit.register(shutil.rmtree, folder, True)
    env = {**os.environ, "TWOFOLD_DATA_DIR": str(folder)}
    env.pop("TWOFOLD_DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "-m", "twofold", "db", "upgrade"],
        env=env,
        capture_output=True,
        check=True,
        timeout=120,
    )
    return folder / DATABASE_FILE


@contextmanager
def serve(tmp_path: Path, **settings: str) -> Iterator[LiveServer]:
    """A `twofold serve` on SQLite in `tmp_path`, with any further TWOFOLD_* settings."""
    if not (WEB_DIR / "index.html").exists():
        pytest.fail("The web UI is not built: run `make build` before the browser tests.")
    port = free_port()
    data_dir = tmp_path / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    if not (data_dir / DATABASE_FILE).exists():
        shutil.copyfile(_migrated_database(), data_dir / DATABASE_FILE)
    env = {
        **os.environ,
        "TWOFOLD_DATA_DIR": str(data_dir),
        "TWOFOLD_PORT": str(port),
        "TWOFOLD_LOG_LEVEL": "warning",
        "TWOFOLD_INTEGRATIONS_PRIVATE_ADDRESSES": "true",
        # Quick, so a removed member's board is seen to end without a long wait.
        "TWOFOLD_LIVE_ACCESS_CHECK_SECONDS": "0.5",
        # Off unless a test asks: a server fits the friction model (seconds of a core) on the
        # first card typed, and every test's server would. Without it, warming up only loads the
        # same-situation word counts at start, as a server does by default, so a summary or
        # *Suggest groups* on a busy machine does not wait for them.
        "TWOFOLD_FRICTION_SUGGESTIONS": "false",
        "TWOFOLD_WARM_MODELS": "true",
        **settings,
    }
    env.pop("TWOFOLD_DATABASE_URL", None)
    log = (tmp_path / "server.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "twofold", "serve"], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(f"{url}/api/setup", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            process.wait()
            pytest.fail("server did not start:\n" + (tmp_path / "server.log").read_text())
        time.sleep(0.1)
    try:
        yield LiveServer(url, data_dir, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            # Reaped, so no process outlives its test unseen (a warning fails a later test).
            process.wait()
        log.close()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    b = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    yield b
    b.close()


@pytest.fixture
def page(browser: Browser, server: LiveServer) -> Iterator[Page]:
    context = browser.new_context(base_url=server.url, viewport={"width": 1400, "height": 900})
    context.set_default_timeout(10_000)
    p = context.new_page()
    yield p
    context.close()
