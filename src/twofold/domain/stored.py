"""Reading settings back from the database without letting one bad value take a page down.

What a table's JSON column holds was valid when it was written, but the rules move on: a limit
tightens, a field is renamed, a time zone leaves the tz database, a row is edited by hand or
restored from an old backup. Refusing the whole value then turns every page that reads it into
an error, with nothing a person can do about it. So stored settings are read leniently: the
fields that still pass keep their value, the ones that do not fall back to the default, and
what was dropped is named, so the caller can log it and the next save writes a clean value.
"""

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Lenient(Generic[M]):
    value: M
    dropped: tuple[str, ...] = ()
    """Top-level fields whose stored value could not be used (or "*" for the whole value)."""

    @property
    def clean(self) -> bool:
        return not self.dropped


def read_lenient(model: type[M], stored: object, default: M | None = None) -> Lenient[M]:
    """`stored` as a `model`, keeping every field that still passes on its own.

    Fields the model does not know are left out, fields that fail are left to their default,
    and when what remains still fails together (a rule across fields) the whole value is
    `default` (the model's own defaults when not given). Never raises for any JSON value."""
    fallback = default if default is not None else model()
    if not isinstance(stored, dict):
        return Lenient(fallback, ("*",))
    try:
        return Lenient(model.model_validate(stored))
    except (ValidationError, ValueError, TypeError, ArithmeticError):
        pass
    known = set(model.model_fields)
    kept: dict[str, Any] = {k: v for k, v in stored.items() if isinstance(k, str) and k in known}
    dropped = {str(k) for k in stored if k not in kept}
    for name in list(kept):
        try:
            model.model_validate({**fallback.model_dump(), name: kept[name]})
        except (ValidationError, ValueError, TypeError, ArithmeticError):
            dropped.add(name)
            del kept[name]
    try:
        return Lenient(model.model_validate(kept), tuple(sorted(dropped)))
    except (ValidationError, ValueError, TypeError, ArithmeticError):
        return Lenient(fallback, ("*",))
