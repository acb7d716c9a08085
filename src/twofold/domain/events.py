"""Typed events of a retro board, one model per kind, discriminated by `type`.

Every change to a board is recorded as one of these in the same transaction as the change, with
a per-board sequence number, so a client that missed some can replay them in order.
"""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from twofold.domain.vocab import Friction, Polarity, Role


class _Event(BaseModel):
    model_config = ConfigDict(frozen=True)


class CardPayload(_Event):
    id: str
    column_id: str
    text: str
    polarity: Polarity
    friction: Friction | None
    author_role: Role
    author_kind: Literal["member", "guest"]
    author_id: str
    author_name: str
    created_at: datetime
    updated_at: datetime


class CardAdded(_Event):
    type: Literal["card_added"] = "card_added"
    card: CardPayload


class CardEdited(_Event):
    type: Literal["card_edited"] = "card_edited"
    card: CardPayload


class CardDeleted(_Event):
    type: Literal["card_deleted"] = "card_deleted"
    card_id: str


class ColumnPayload(_Event):
    id: str
    title: str
    position: int
    polarities: tuple[Polarity, ...]


class ColumnAdded(_Event):
    type: Literal["column_added"] = "column_added"
    column: ColumnPayload


class ColumnChanged(_Event):
    type: Literal["column_changed"] = "column_changed"
    column: ColumnPayload


class ColumnRemoved(_Event):
    type: Literal["column_removed"] = "column_removed"
    column_id: str


class RetroChanged(_Event):
    type: Literal["retro_changed"] = "retro_changed"
    title: str
    sprint_name: str | None


BoardEvent = Annotated[
    CardAdded
    | CardEdited
    | CardDeleted
    | ColumnAdded
    | ColumnChanged
    | ColumnRemoved
    | RetroChanged,
    Field(discriminator="type"),
]

board_event_adapter: TypeAdapter[BoardEvent] = TypeAdapter(BoardEvent)


class RecordedEvent(BaseModel):
    """An event as stored in the log: its place in the board's sequence and its body."""

    model_config = ConfigDict(frozen=True)

    retro_id: str
    seq: int
    event: BoardEvent
