"""Every code the server can answer with is listed in `ErrorCode`, the list clients (the web
UI's message catalogue among them) are checked against; an unlisted code fails when raised."""

import re
from pathlib import Path

import pytest

from twofold.api.errors import HTTP_CODES
from twofold.domain.accounts import RESET_PROBLEMS
from twofold.domain.errors import Conflict, DomainError, ErrorCode

SRC = Path(__file__).resolve().parents[2] / "src" / "twofold"
# `code="…"` given to an error, and the codes the ASGI guard and the handlers write directly.
WRITTEN = re.compile(
    r"""code\s*=\s*"([a-z_]+)"|_send_error\(\s*send,\s*\d+,\s*"([a-z_]+)"|"""
    r"""error_response\(\s*\d+,\s*"([a-z_]+)"|\["code"\]\s*=\s*"([a-z_]+)\""""
)


def _codes_in_source() -> set[str]:
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        for match in WRITTEN.finditer(path.read_text(encoding="utf-8")):
            found.update(g for g in match.groups() if g)
    return found


def test_every_code_written_in_the_source_is_listed() -> None:
    written = _codes_in_source() | set(HTTP_CODES.values())
    # The scan finds the codes this suite knows are there, so it cannot pass by finding none.
    assert {"wrong_phase", "csrf_failed", "payload_too_large", "retry_later"} <= written
    assert written - set(ErrorCode) == set()


def test_the_reasons_a_reset_link_no_longer_works_are_listed() -> None:
    # Raised with the reason as its code, so the scan above cannot see them.
    assert set(RESET_PROBLEMS) == {"reset_used", "reset_replaced", "reset_expired"}
    assert set(RESET_PROBLEMS) <= set(ErrorCode)


def test_an_unlisted_code_fails_when_raised() -> None:
    with pytest.raises(ValueError, match="made_up"):
        Conflict("Something clashed.", code="made_up")


def test_an_error_keeps_its_code_and_params() -> None:
    error = DomainError("Wait 30 s.", code="rate_limited", params={"retry_after": 30})
    assert (error.code, error.params) == (ErrorCode.RATE_LIMITED, {"retry_after": 30})
    assert Conflict("Clash.").code == "conflict"
