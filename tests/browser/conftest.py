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
from typing import BinaryIO

import httpx
import pytest
from playwright.sync_api import Browser, Page, Playwright, expect, sync_playwright

from tests.ports import free_port
from twofold.api.web import WEB_DIR
from twofold.integrations.vault import new_key
from twofold.settings import DATABASE_FILE

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


@dataclass
class _Launch:
    """A `twofold serve` process started, not yet known to answer."""

    url: str
    folder: Path
    data_dir: Path
    process: subprocess.Popen[bytes]
    log: BinaryIO
    environment: dict[str, str]
    """The TWOFOLD_* settings it was started with, from the environment and the caller."""

    def ready(self) -> LiveServer:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{self.url}/api/setup", timeout=1).status_code == 200:
                    return LiveServer(self.url, self.data_dir, self.process)
            except httpx.HTTPError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                pytest.fail("server did not start:\n" + (self.folder / "server.log").read_text())
            time.sleep(0.1)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            # Reaped, so no process outlives its test unseen (a warning fails a later test).
            self.process.wait()
        self.log.close()


def _twofold_settings(settings: dict[str, str]) -> dict[str, str]:
    found = {k: v for k, v in os.environ.items() if k.startswith("TWOFOLD_")}
    return {**found, **settings}


def _launch(folder: Path, **settings: str) -> _Launch:
    """Start `twofold serve` on SQLite in `folder`, with any further TWOFOLD_* settings."""
    if not (WEB_DIR / "index.html").exists():
        pytest.fail("The web UI is not built: run `make build` before the browser tests.")
    port = free_port()
    data_dir = folder / "data"
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
    log = (folder / "server.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "twofold", "serve"], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    return _Launch(url, folder, data_dir, process, log, _twofold_settings(settings))


@contextmanager
def serve(tmp_path: Path, **settings: str) -> Iterator[LiveServer]:
    """A `twofold serve` on SQLite in `tmp_path`, with any further TWOFOLD_* settings."""
    launch = _launch(tmp_path, **settings)
    try:
        yield launch.ready()
    finally:
        launch.stop()


_spare: list[_Launch] = []
"""The next test's server with the usual settings, started while the test before it runs."""


def _take_spare() -> _Launch | None:
    """The spare, if it was started with the settings a test wants now (a test may set some
    in the environment before its server starts); a spare that was not is stopped."""
    if not _spare:
        return None
    spare = _spare.pop()
    if spare.environment == _twofold_settings({}):
        return spare
    spare.stop()
    shutil.rmtree(spare.folder, ignore_errors=True)
    return None


@pytest.fixture(scope="session")
def _spares() -> Iterator[None]:
    yield
    while _spare:
        spare = _spare.pop()
        spare.stop()
        shutil.rmtree(spare.folder, ignore_errors=True)


@pytest.fixture
def server(request: pytest.FixtureRequest, tmp_path: Path, _spares: None) -> Iterator[LiveServer]:
    """A fresh server; it suggests friction points only for tests marked `suggestions` (see
    `_launch`). Starting one takes seconds of a core, so the next test's is started as soon as
    this one answers, in a folder of its own, and runs while this test does."""
    if request.node.get_closest_marker("suggestions") is not None:
        settings = {"TWOFOLD_FRICTION_SUGGESTIONS": "true", "TWOFOLD_WARM_MODELS": "false"}
        with serve(tmp_path, **settings) as live:
            yield live
        return
    launch = _take_spare() or _launch(Path(tempfile.mkdtemp(prefix="twofold-server-")))
    try:
        live = launch.ready()
        _spare.append(_launch(Path(tempfile.mkdtemp(prefix="twofold-server-"))))
        yield live
    finally:
        launch.stop()
        shutil.rmtree(launch.folder, ignore_errors=True)


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
