"""Rule violations found by the domain's models, in the API's error shape.

Request bodies are checked by their schemas first; the domain models check again what only
makes sense once a change is merged with what is stored (a recurrence edited field by field,
an agreement replaced in part), and this keeps those answers naming the field like the first.
"""

from pydantic import ValidationError

from twofold.domain.errors import Invalid


def invalid_from(exc: ValidationError, prefix: str = "", default_field: str = "body") -> Invalid:
    """Each problem under its field; `default_field` for a rule across fields (no location)."""
    details = []
    for error in exc.errors():
        path = ".".join(str(p) for p in (prefix, *error["loc"]) if p != "")
        details.append(
            {"field": path or default_field, "message": error["msg"].removeprefix("Value error, ")}
        )
    first = details[0]
    return Invalid(
        f"{first['field']}: {first['message']}", code="validation_error", details=details
    )


def field_error(field: str, message: str) -> Invalid:
    """One field's problem, found by a service rather than by a model."""
    return Invalid(
        f"{field}: {message}",
        code="validation_error",
        details=[{"field": field, "message": message}],
    )
