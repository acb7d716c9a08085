"""One error shape for every failure: `{"error": {"code", "message", "params", "details"}}`.

Clients and scripts can branch on `code` (one of `domain.errors.ErrorCode`) without parsing
prose, and word the message themselves from `params`; no path, including a framework-level
404/405 or an unexpected exception, answers in another shape.
"""

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from twofold.domain import errors as de
from twofold.services.validation import field_errors, summary

log = logging.getLogger("twofold.api")

STATUS: dict[type[de.DomainError], int] = {
    de.Invalid: 422,
    de.Unauthenticated: 401,
    de.Forbidden: 403,
    de.NotFound: 404,
    de.Conflict: 409,
    de.Gone: 410,
    de.RateLimited: 429,
    de.StorageUnavailable: 503,
}

HTTP_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "rate_limited",
    503: "storage_unavailable",
}

RETRYABLE = "twofold.retryable"
"""Scope key set when a request failed on a dropped database connection, which a fresh one may
well not meet: `RetryReads` then runs a read once more before answering."""


def error_body(
    code: str, message: str, details: Any = None, params: Mapping[str, de.Param] | None = None
) -> dict[str, Any]:
    """The one error shape, shared by handlers, the ASGI guard and the web fallback."""
    return {
        "error": {
            "code": code,
            "message": message,
            "params": dict(params or {}),
            "details": details,
        }
    }


def error_response(
    status: int,
    code: str,
    message: str,
    details: Any = None,
    headers: Mapping[str, str] | None = None,
    params: Mapping[str, de.Param] | None = None,
) -> JSONResponse:
    return JSONResponse(
        error_body(code, message, details, params),
        status_code=status,
        headers=headers,
    )


def _validation(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errs = exc.errors()
    if any(e.get("type") == "json_invalid" for e in errs):
        return error_response(400, "malformed_json", "The request body is not valid JSON.")
    # Each problem under its field, worded for the person who typed it (see validation.py).
    details = field_errors(errs)
    return error_response(422, "validation_error", summary(details), details=details)


def _domain(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, de.DomainError)
    status = next((s for kind, s in STATUS.items() if isinstance(exc, kind)), 400)
    headers = None
    if isinstance(exc, de.RateLimited) and isinstance(exc.details, dict):
        headers = {"Retry-After": str(exc.details.get("retry_after", 60))}
    if isinstance(exc, de.StorageUnavailable):
        # One line, not a traceback: the cause is outside the code and the operator needs
        # what and where, while the person is asked to try again.
        log.warning(
            "storage unavailable (%s) on %s %s: %s",
            exc.reason,
            request.method,
            request.url.path,
            exc.cause,
        )
        headers = {"Retry-After": str(exc.retry_after)}
        request.scope[RETRYABLE] = exc.transient
    return error_response(status, exc.code, exc.message, exc.details, headers, exc.params)


def _http(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = HTTP_CODES.get(exc.status_code, "error")
    message = exc.detail if isinstance(exc.detail, str) else "Request failed."
    if exc.status_code == 404 and message == "Not Found":
        message = "Nothing here."
    return error_response(exc.status_code, code, message, headers=exc.headers)


def _unexpected(_: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error", exc_info=exc)
    return error_response(500, "internal_error", "Something went wrong on our side.")


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(de.DomainError, _domain)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(Exception, _unexpected)
