"""Bodies of the REST command endpoint (the WebSocket speaks the same shapes)."""

from typing import Any

from pydantic import BaseModel, ConfigDict

from twofold.domain.commands import BoardCommand, CommandId


class CommandRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    command_id: CommandId
    command: BoardCommand


class CommandAck(BaseModel):
    command_id: str
    seq: int
    duplicate: bool
    result: dict[str, Any]
