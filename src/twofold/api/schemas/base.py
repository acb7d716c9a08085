"""Shared pieces of request/response models."""

from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
)
from pydantic_core import PydanticCustomError

from twofold.domain import limits
from twofold.domain.errors import ErrorCode, Param
from twofold.domain.text import no_nul


class Request(BaseModel):
    """Request bodies reject unknown fields, so a typo is an error rather than silently ignored."""

    model_config = ConfigDict(extra="forbid")

    _no_nul = field_validator("*", mode="after")(no_nul)


class Response(BaseModel):
    model_config = ConfigDict(from_attributes=True)


def _text(max_length: int, min_length: int = 1) -> StringConstraints:
    return StringConstraints(strip_whitespace=True, min_length=min_length, max_length=max_length)


# Named text types, so each limit is written once and mypy sees plain `str`.
DisplayName = Annotated[str, _text(limits.DISPLAY_NAME_MAX)]
TeamName = Annotated[str, _text(limits.TEAM_NAME_MAX)]
TokenName = Annotated[str, _text(limits.TOKEN_NAME_MAX)]
RetroTitle = Annotated[str, _text(limits.RETRO_TITLE_MAX)]
SprintName = Annotated[str, _text(limits.SPRINT_NAME_MAX, 0)]
ColumnTitle = Annotated[str, _text(limits.COLUMN_TITLE_MAX)]
CardText = Annotated[str, _text(limits.CARD_TEXT_MAX)]


def rule_broken(kind: str, exc: ValidationError) -> PydanticCustomError:
    """A domain model's objection to a request that passed its field checks, worded as the
    domain words it (the rules across fields live there, once)."""
    first = exc.errors()[0]
    ctx = first.get("ctx", {})
    cause = ctx.get("error")
    reason = str(cause) if cause is not None else first["msg"]
    # The field the rule is best fixed in travels along, so the answer shows it there.
    kept = {"field": ctx["field"]} if isinstance(ctx.get("field"), str) else {}
    return PydanticCustomError(kind, "{reason}", {"reason": reason, **kept})


class ErrorDetail(BaseModel):
    code: ErrorCode = Field(description="What went wrong, for a client to act on and word.")
    message: str = Field(description="The same in English, for scripts and logs.")
    params: dict[str, Param] = Field(
        default_factory=dict, description="The values the message is made from, by name."
    )
    details: Any = None


class ErrorBody(BaseModel):
    error: ErrorDetail
