"""Fixtures for the integration tests: a cheaper password hash for the app in the test process,
and a real server process for tests that need one."""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher

from tests.live_server import Person, Server, join_as_guest, signup
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

    @property
    def rid(self) -> str:
        return str(self.retro["id"])

    def column(self, i: int = 0) -> str:
        return str(self.retro["columns"][i]["id"])


@pytest.fixture
def live(db_url: str, tmp_path: Path) -> Iterator[Live]:
    server = Server(tmp_path, db_url).start()
    try:
        owner = signup(server, "owner@example.com", "Olive Owner")
        team = owner.http("POST", "/api/teams", 201, json={"name": "Alpha", "role": "pm"})
        retro = owner.http("POST", f"/api/teams/{team['id']}/retros", 201, json={"title": "R1"})
        owner.command(retro["id"], "set_phase", phase="reflect")
        token = owner.http("POST", f"/api/teams/{team['id']}/invites", 201, json={})["token"]
        eng = signup(server, "eng@example.com", "Eli Eng", token)
        eng.http("POST", f"/api/invites/{token}/accept", json={"role": "eng"})
        outsider = signup(server, "out@example.com", "Otto", token)
        beta = outsider.http("POST", "/api/teams", 201, json={"name": "Beta", "role": "pm"})
        other = outsider.http("POST", f"/api/teams/{beta['id']}/retros", 201, json={"title": "B"})
        guest_link = owner.http(
            "POST",
            f"/api/teams/{team['id']}/invites",
            201,
            json={"retro_id": retro["id"], "guests_only": True},
        )["token"]
        guest = join_as_guest(server, guest_link, "Gus Guest")
        yield Live(server, owner, eng, guest, outsider, retro, other["id"])
    finally:
        server.stop()
