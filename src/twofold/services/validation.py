"""Validation problems in the API's error shape, each worded for the person who sent them.

Request bodies are checked by their schemas first; the domain models check again what only
makes sense once a change is merged with what is stored (a recurrence edited field by field,
an agreement replaced in part), and this keeps those answers naming the field like the first.

Pydantic words its errors for programmers ("Input should be a valid integer, unable to parse
string as an integer"); people read these messages under the field they typed in, so every
error type is given a sentence here. Messages we wrote ourselves (custom error types, our own
`ValueError`s) are kept as they are, without pydantic's "Value error, " in front.
"""

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from twofold.domain.errors import Invalid

DATE_EXAMPLE = "2026-12-19"

_FIXED: dict[str, str] = {
    "missing": "This is required.",
    "extra_forbidden": "This is not something this request takes; check the field's name.",
    "string_type": "Enter text.",
    "string_sub_type": "Enter text.",
    "string_unicode": "Enter text.",
    "bytes_type": "Enter text.",
    "string_pattern_mismatch": "This is not in the expected form.",
    "int_type": "Enter a whole number.",
    "int_parsing": "Enter a whole number.",
    "int_from_float": "Enter a whole number.",
    "int_parsing_size": "That number is too large.",
    "float_type": "Enter a number.",
    "float_parsing": "Enter a number.",
    "finite_number": "Enter a number (not infinity).",
    "decimal_type": "Enter a number.",
    "decimal_parsing": "Enter a number.",
    "bool_type": "Answer yes or no (true or false).",
    "bool_parsing": "Answer yes or no (true or false).",
    "date_type": f"Enter a date such as {DATE_EXAMPLE}.",
    "date_parsing": f"Enter a date such as {DATE_EXAMPLE}.",
    "date_from_datetime_parsing": f"Enter a date such as {DATE_EXAMPLE}.",
    "date_from_datetime_inexact": f"Enter a date such as {DATE_EXAMPLE}, without a time.",
    "date_past": "Pick a date in the past.",
    "date_future": "Pick a date in the future.",
    "datetime_type": f"Enter a date and time such as {DATE_EXAMPLE}T09:30:00Z.",
    "datetime_parsing": f"Enter a date and time such as {DATE_EXAMPLE}T09:30:00Z.",
    "datetime_from_date_parsing": f"Enter a date and time such as {DATE_EXAMPLE}T09:30:00Z.",
    "datetime_object_invalid": f"Enter a date and time such as {DATE_EXAMPLE}T09:30:00Z.",
    "datetime_past": "Pick a time in the past.",
    "datetime_future": "Pick a time in the future.",
    "time_type": "Enter a time such as 09:30.",
    "time_parsing": "Enter a time such as 09:30.",
    "timezone_naive": "Add the time zone, such as Z for UTC.",
    "timezone_aware": "Leave the time zone out; it is set on its own.",
    "list_type": "This should be a list.",
    "tuple_type": "This should be a list.",
    "set_type": "This should be a list.",
    "frozen_set_type": "This should be a list.",
    "iterable_type": "This should be a list.",
    "dict_type": "This should be a group of named fields (a JSON object).",
    "model_type": "This should be a group of named fields (a JSON object).",
    "model_attributes_type": "This should be a group of named fields (a JSON object).",
    "dataclass_type": "This should be a group of named fields (a JSON object).",
    "json_invalid": "This is not valid JSON.",
    "json_type": "This is not valid JSON.",
    "none_required": "Leave this empty.",
    "union_tag_not_found": "Say which kind this is.",
    "url_type": "Enter a web address such as https://example.com.",
    "url_parsing": "Enter a web address such as https://example.com.",
    "url_syntax_violation": "Enter a web address such as https://example.com.",
    "url_scheme": "Enter a web address starting with https://.",
    "uuid_type": "Enter an id.",
    "uuid_parsing": "Enter an id.",
}

# How pydantic words things: none of this may reach a person. Kept here, beside the wording
# that replaces it, for the fallback below and for the tests that look for leaks.
RAW_PHRASES: tuple[str, ...] = (
    "Value error,",
    "Assertion failed,",
    "value is not a valid",
    "Input should be",
    "Input should have",
    "String should have",
    "String should match",
    "List should have",
    "Tuple should have",
    "Dictionary should have",
    "Field required",
    "Extra inputs are not permitted",
    "unable to parse",
    "Unable to extract tag",
    "Input tag",
    "should be a valid",
    "Invalid JSON",
    "Object has no attribute",
)
FALLBACK = "This value is not valid here."


def _number(value: Any) -> str:
    return f"{value:g}" if isinstance(value, int | float) else str(value)


def _choices(expected: str) -> str:
    # Pydantic lists them as "'pm', 'eng' or 'qa'"; people need the values, not the quoting.
    return expected.replace("'", "")


def _bounds(kind: str, ctx: Mapping[str, Any]) -> str | None:
    if kind == "greater_than_equal":
        return f"Use {_number(ctx['ge'])} or more."
    if kind == "greater_than":
        return f"Use a number above {_number(ctx['gt'])}."
    if kind == "less_than_equal":
        return f"Use {_number(ctx['le'])} or less."
    if kind == "less_than":
        return f"Use a number below {_number(ctx['lt'])}."
    if kind == "multiple_of":
        return f"Use a multiple of {_number(ctx['multiple_of'])}."
    return None


def _sized(kind: str, ctx: Mapping[str, Any]) -> str | None:
    if kind == "string_too_short":
        least = int(ctx.get("min_length", 1))
        return "This cannot be empty." if least <= 1 else f"Use at least {least} characters."
    if kind == "string_too_long":
        return f"Use at most {ctx.get('max_length')} characters."
    if kind == "too_short":
        least = int(ctx.get("min_length", 1))
        return "Add at least one." if least <= 1 else f"Add at least {least}."
    if kind == "too_long":
        return f"Use at most {ctx.get('max_length')}."
    return None


def _ours(message: str) -> str:
    """A message we wrote, raised through pydantic: without the prefix pydantic adds."""
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    return message


def people_message(error: Mapping[str, Any]) -> str:
    """The sentence for one pydantic error (an item of `ValidationError.errors()`)."""
    kind = str(error.get("type", ""))
    ctx: Mapping[str, Any] = error.get("ctx") or {}
    raw = str(error.get("msg", ""))
    if kind in _FIXED:
        return _FIXED[kind]
    if kind in ("literal_error", "enum"):
        return f"Choose one of: {_choices(str(ctx.get('expected', '')))}."
    if kind == "union_tag_invalid":
        return f"Choose one of: {_choices(str(ctx.get('expected_tags', '')))}."
    worded = _bounds(kind, ctx) or _sized(kind, ctx)
    if worded:
        return worded
    if kind == "value_error" and raw.startswith("value is not a valid email address"):
        reason = str(ctx.get("reason", "")).strip()
        return " ".join(("Enter an email address such as name@example.com.", reason)).strip()
    message = _ours(raw)
    # A type this table has not met yet: better a plain sentence than pydantic's wording.
    return FALLBACK if not message or any(p in message for p in RAW_PHRASES) else message


def _field(parts: Iterable[Any], default: str) -> str:
    kept = [str(p) for p in parts if p not in ("", "body", "query", "path", "header", "cookie")]
    return ".".join(kept) or default


def field_errors(
    errors: Sequence[Mapping[str, Any]], prefix: str = "", default_field: str = "body"
) -> list[dict[str, str]]:
    """`[{field, message}]` for pydantic's errors. A rule across fields has no location of its
    own; its error may name the field it is about in its context (`ctx["field"]`), so the
    message shows next to that field rather than at the top of the form."""
    details = []
    for error in errors:
        ctx: Mapping[str, Any] = error.get("ctx") or {}
        loc = [prefix, *error.get("loc", ())]
        if isinstance(ctx.get("field"), str):
            loc.append(ctx["field"])
        details.append({"field": _field(loc, default_field), "message": people_message(error)})
    return details


def invalid_from(exc: ValidationError, prefix: str = "", default_field: str = "body") -> Invalid:
    """Each problem under its field; `default_field` for a rule across fields (no location)."""
    details = field_errors(exc.errors(), prefix, default_field)
    return Invalid(summary(details), code="validation_error", details=details)


_SAID_AS = {"nps": "NPS", "qa": "QA", "pm": "PM", "id": "ID", "ids": "IDs", "dod": "DoD"}


def field_label(field: str) -> str:
    """`points_committed` as people would say it: "Points committed"."""
    name = field.rsplit(".", 1)[-1]
    words = [_SAID_AS.get(w, w) for w in name.split("_") if w]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def summary(details: Sequence[Mapping[str, str]]) -> str:
    """The error's one-line message: the first problem, led by the field's name in words."""
    if not details:
        return "Check what you sent."
    first = details[0]
    label = field_label(first["field"])
    if first["field"] in ("body", "") or not label or label.isdigit():
        return first["message"]
    return f"{label}: {first['message']}"


def field_error(field: str, message: str) -> Invalid:
    """One field's problem, found by a service rather than by a model."""
    return Invalid(
        summary([{"field": field, "message": message}]),
        code="validation_error",
        details=[{"field": field, "message": message}],
    )
