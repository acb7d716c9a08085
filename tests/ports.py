"""Ports for the servers tests start, chosen so that two test workers never pick the same one.

Asking the OS for a free port (binding port 0) and letting the server bind it a moment later
leaves a window in which another worker can be handed the same port: its test then talks to
the other worker's server. Each worker therefore takes ports in turn from a range of its own,
below the range the OS hands out for outgoing connections, and skips any that is taken."""

import itertools
import os
import socket

FIRST = 20_000
"""Below Linux's ephemeral range (32768 and up), from which the OS picks ports for others."""
PER_WORKER = 1_000

_turn = itertools.count()


def _worker() -> int:
    name = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    number = name.removeprefix("gw")
    return int(number) % 12 if number.isdigit() else 0


def free_port() -> int:
    first = FIRST + _worker() * PER_WORKER
    for _ in range(PER_WORKER):
        port = first + next(_turn) % PER_WORKER
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port from {first} to {first + PER_WORKER - 1}")


SERVER_POLL_SECONDS = 0.05
"""How often a test's HTTP server (`serve_forever`) looks whether it was asked to stop. Python's
default, half a second, made stopping one take a quarter of a second on average, and most
vendor tests stop a server or two."""
