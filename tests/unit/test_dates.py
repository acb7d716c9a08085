"""Dates in text read the same everywhere, whatever the server's locale."""

from datetime import date

from twofold.domain.dates import people_date


def test_dates_read_as_the_web_interface_shows_them() -> None:
    assert people_date(date(2026, 12, 19)) == "Dec 19, 2026"
    assert people_date(date(2024, 1, 5)) == "Jan 5, 2024"
    assert [people_date(date(2025, m, 1))[:3] for m in (1, 6, 12)] == ["Jan", "Jun", "Dec"]
