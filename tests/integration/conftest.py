"""Fixtures for the integration tests: a cheaper password hash for the app in the test process,
and a real server process for tests that need one."""

import itertools
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher

from tests.live_server import Person, Server, join_as_guest, serve_on, signup
from twofold.services import passwords


@pytest.fixture(scope="session", autouse=True)
def quick_password_hashes() -> Iterator[None]:
    """Argon2id with the least work it allows, for apps in the test process: each hash at the
    real cost takes a third of a second of CPU, and five sign-ups per test made hashing a large
    share of the run. Still Argon2id, verified the same way; the real cost is kept by the unit
    tests of `twofold.services.passwords` and by every `twofold serve` a test starts."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
        )
        yield


@dataclass
class Live:
    server: Server
    owner: Person
    eng: Person
    guest: Person
    outsider: Person
    retro: dict[str, Any]
    other_retro_id: str
    log_start: int = 0
    """How much the server had logged before this test."""

    @property
    def rid(self) -> str:
        return str(self.retro["id"])

    def column(self, i: int = 0) -> str:
        return str(self.retro["columns"][i]["id"])

    def server_log(self) -> str:
        """What the server logged during this test."""
        return self.server.log_text()[self.log_start :]


_ADDRESSES = itertools.count(1)


def _people(server: Server) -> Live:
    """A team Alpha (its retro in the reflect phase) with its facilitator, an engineer and a
    guest, and an outsider with a team Beta of their own, all new. They arrive from an address
    of their own behind the trusted local proxy, and with addresses of their own, so that many
    tests on one server stay within its limits on sign-ups and joins per client address."""
    n = next(_ADDRESSES)
    address = f"198.19.{n // 256}.{n % 256}"
    tag = uuid.uuid4().hex[:8]
    log_start = len(server.log_text())
    owner = signup(server, f"owner-{tag}@example.com", "Olive Owner", address=address)
    team = owner.http("POST", "/api/teams", 201, json={"name": "Alpha", "role": "pm"})
    retro = owner.http("POST", f"/api/teams/{team['id']}/retros", 201, json={"title": "R1"})
    owner.command(retro["id"], "set_phase", phase="reflect")
    token = owner.http("POST", f"/api/teams/{team['id']}/invites", 201, json={})["token"]
    eng = signup(server, f"eng-{tag}@example.com", "Eli Eng", token, address=address)
    eng.http("POST", f"/api/invites/{token}/accept", json={"role": "eng"})
    outsider = signup(server, f"out-{tag}@example.com", "Otto", token, address=address)
    beta = outsider.http("POST", "/api/teams", 201, json={"name": "Beta", "role": "pm"})
    other = outsider.http("POST", f"/api/teams/{beta['id']}/retros", 201, json={"title": "B"})
    guest_link = owner.http(
        "POST",
        f"/api/teams/{team['id']}/invites",
        201,
        json={"retro_id": retro["id"], "guests_only": True},
    )["token"]
    guest = join_as_guest(server, guest_link, "Gus Guest", address=address)
    return Live(server, owner, eng, guest, outsider, retro, other["id"], log_start)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def live_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """One `twofold serve` per test file and database, on a database of its own: starting one
    costs seconds, most of a test's time. Sign-up is open on it, so that each test's people
    can sign up without an invite from whoever came first."""
    folder = tmp_path_factory.mktemp("live")
    with ExitStack() as stack:
        yield serve_on(request, folder, stack, env={"TWOFOLD_OPEN_SIGNUP": "true"})


@pytest.fixture
def live(live_server: Server) -> Live:
    """New people, teams and retros of this test's own, on the file's shared server. A test
    that stops, kills or restores the server takes `own_live` instead."""
    return _people(live_server)


@pytest.fixture
def own_live(db_url: str, tmp_path: Path) -> Iterator[Live]:
    """A server of this test's own, on the test's database, with the same people."""
    server = Server(tmp_path, db_url).start()
    try:
        yield _people(server)
    finally:
        server.stop()
