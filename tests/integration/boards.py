"""Small helpers for the board command tests: read the board, add cards, move phases."""

from typing import Any

from tests.conftest import Client, World, command


def board(c: Client, retro_id: str) -> dict[str, Any]:
    """The board as `c` may see it (the same shape as the live snapshot)."""
    return dict(c.ok("GET", f"/api/retros/{retro_id}"))


def card_in(b: dict[str, Any], card_id: str) -> dict[str, Any]:
    [card] = [c for c in b["cards"] if c["id"] == card_id]
    return dict(card)


def add_card(c: Client, world: World, text: str, column: int = 0, **fields: Any) -> str:
    ack = command(
        c, world.retro["id"], "add_card", column_id=world.column_id(column), text=text, **fields
    )
    return str(ack["result"]["card_id"])


def to_phase(world: World, phase: str) -> None:
    command(world.owner, world.retro["id"], "set_phase", phase=phase)


def send(c: Client, retro_id: str, command_id: str, **cmd: Any) -> Any:
    """Send a command with a chosen command_id; the raw response."""
    return c.post(
        f"/api/retros/{retro_id}/commands", json={"command_id": command_id, "command": cmd}
    )


def me_key(c: Client, retro_id: str) -> str:
    return str(board(c, retro_id)["me"]["key"])


def seq(c: Client, retro_id: str) -> int:
    return int(board(c, retro_id)["seq"])
