"""Errors carry a stable code and the values their message was made from, over REST and over
the board socket alike, so a client decides by code and words the message itself."""

import json
import uuid

from tests.conftest import World, expect_error
from tests.integration.conftest import Live
from tests.live_server import receive_until


def _command(world: World, name: str, **args: object) -> object:
    body = {"command_id": uuid.uuid4().hex, "command": {"name": name, **args}}
    return world.owner.post(f"/api/retros/{world.retro['id']}/commands", json=body)


def test_a_refused_phase_change_names_the_phase(world: World) -> None:
    error = expect_error(_command(world, "set_phase", phase="reflect"), 422, "same_phase")
    assert error["params"] == {"phase": "reflect"}


def test_a_command_in_the_wrong_phase_names_the_allowed_and_current_phases(world: World) -> None:
    error = expect_error(_command(world, "vote", topic_id="nothing"), 409, "wrong_phase")
    assert error["params"] == {"allowed": "vote", "phase": "reflect"}
    # The English sentence is still there for scripts and logs.
    assert "only in the vote phase" in error["message"]


def test_an_error_without_values_has_empty_params(world: World) -> None:
    error = expect_error(world.outsider.get(f"/api/retros/{world.retro['id']}"), 404, "not_found")
    assert error["params"] == {}


def test_the_board_socket_sends_params_beside_the_code(live: Live) -> None:
    command_id = uuid.uuid4().hex
    frame = {
        "type": "command",
        "command_id": command_id,
        "command": {"name": "vote", "topic_id": "x"},
    }
    with live.owner.socket(live.rid) as ws:
        receive_until(ws, "snapshot")
        ws.send(json.dumps(frame))
        error, _ = receive_until(ws, "error", command_id=command_id)
    assert error["error"]["code"] == "wrong_phase"
    assert error["error"]["params"]["allowed"] == "vote"
