"""The `twofold` command for tests, run in the test process or as a process of its own.

Starting a Python process and importing the app for each command cost about two seconds of CPU,
several times over in most tests, and a command's own work is usually far less. So commands run
in this process through Click's test runner, as the console script would run them: the same
arguments, the same settings from the environment (the caller's TWOFOLD_* ones removed) and the
working folder (for `.env` and relative paths), and the exit code and both streams as the
process would give them. An exception the command lets out fails the test here, where a process
would have printed a traceback. What only a process shows (the installed entry point, signals,
work in the background) is run as one: `run_process`, and the worker and server helpers.
"""

import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from typer.testing import CliRunner

from twofold.cli import app
from twofold.integrations import vendor_http


def command() -> list[str]:
    """The installed `twofold` console script, as an operator runs it."""
    script = shutil.which("twofold", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "twofold"]


def _overrides(env: Mapping[str, str]) -> dict[str, str | None]:
    """What to change in this process's environment so that it reads as `env` to the command:
    every TWOFOLD_* setting not in it removed, and the rest of `env` set."""
    changes: dict[str, str | None] = {
        k: None for k in os.environ if k.startswith("TWOFOLD_") and k not in env
    }
    changes.update({k: v for k, v in env.items() if os.environ.get(k) != v})
    return changes


_LOGGERS = ("", "twofold", "twofold.access", "uvicorn")
"""The loggers a command sets up (`worker` configures logging as a process would)."""


@contextmanager
def _as_its_own_process(cwd: Path) -> Iterator[None]:
    """The working folder, and afterwards the process-wide state a command sets for the rest
    of its process (logging, the vendor address rule), put back as they were."""
    loggers = [logging.getLogger(name) for name in _LOGGERS]
    kept = [(lg.level, lg.propagate, list(lg.handlers)) for lg in loggers]
    private = vendor_http._private_allowed  # put back afterwards
    before = Path.cwd()
    os.chdir(cwd)
    try:
        yield
    finally:
        os.chdir(before)
        vendor_http.allow_private_addresses(private)
        for lg, (level, propagate, handlers) in zip(loggers, kept, strict=True):
            lg.setLevel(level)
            lg.propagate = propagate
            lg.handlers[:] = handlers


def run_here(env: Mapping[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`twofold *args` in this process, with the environment `env` and working folder `cwd`."""
    with _as_its_own_process(cwd):
        result = CliRunner().invoke(app, list(args), env=_overrides(env), catch_exceptions=False)
    return subprocess.CompletedProcess(
        ["twofold", *args], result.exit_code, result.stdout, result.stderr
    )


def run_process(
    env: Mapping[str, str], cwd: Path, *args: str, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """`twofold *args` as a process of its own, through the installed console script."""
    return subprocess.run(
        [*command(), *args],
        env=dict(env),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
