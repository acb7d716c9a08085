"""Fixtures for tests that run against a real server process."""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.live_server import Person, Server, join_as_guest, signup


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
