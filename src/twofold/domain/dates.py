"""Dates as people read them, written the same way wherever Twofold puts one into text (an
agenda, a calendar file's notes, a message): "Dec 19, 2026", as the web interface shows them.

Month names are spelt out here rather than taken from `strftime`, whose names follow the
server's locale: the same agenda must read the same on every server.
"""

from datetime import date

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def people_date(day: date) -> str:
    """`date(2026, 12, 19)` → "Dec 19, 2026"."""
    return f"{_MONTHS[day.month - 1]} {day.day}, {day.year}"
