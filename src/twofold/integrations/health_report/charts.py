"""The report's charts as plain data: which categories, which series, which figures. The
slides and the PDF draw the same charts from here, so their figures cannot drift apart."""

from dataclasses import dataclass

from twofold.domain.health_report import HealthReport
from twofold.domain.sides import Side
from twofold.domain.trend_words import figure

SIGNAL_SERIES = ("Period average", "Healthy limit")
DEBT_SERIES = ("Debt share %", "Target %")
SIDE_NAMES = {Side.PRODUCT: "Product", Side.ENGINEERING: "Engineering"}


@dataclass(frozen=True)
class Chart:
    title: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float | None, ...]], ...]


def signal_chart(r: HealthReport) -> Chart | None:
    """Only the signals with a healthy limit: the chart sets each average beside its limit."""
    limited = [s for s in r.signals if s.limit is not None]
    if not limited:
        return None
    return Chart(
        "Sprint signals vs thresholds",
        tuple(s.name for s in limited),
        (
            (SIGNAL_SERIES[0], tuple(s.average for s in limited)),
            (SIGNAL_SERIES[1], tuple(s.limit for s in limited)),
        ),
    )


def debt_chart(r: HealthReport) -> Chart | None:
    d = r.debt
    if not r.sprints or not d.known:
        return None
    return Chart(
        f"Tech debt: capacity vs the {figure(d.target)}% target",
        r.sprints,
        ((DEBT_SERIES[0], d.per_sprint), (DEBT_SERIES[1], (d.target,) * len(r.sprints))),
    )


def radar_series(r: HealthReport) -> tuple[tuple[str, tuple[float | None, ...]], ...]:
    """Each side shown, with its average on every dimension (None where it has too few)."""
    return tuple(
        (
            SIDE_NAMES[s],
            tuple(
                score.average if score is not None else None
                for score in (
                    line.product if s is Side.PRODUCT else line.engineering
                    for line in r.radar.lines
                )
            ),
        )
        for s in r.radar.sides
    )


def radar_chart(r: HealthReport) -> Chart | None:
    if not r.radar.sides:
        return None
    return Chart(
        "Health radar by side", tuple(line.label for line in r.radar.lines), radar_series(r)
    )


def charts(r: HealthReport) -> list[Chart]:
    """The charts with something to draw, in the order the report tells them."""
    found = (signal_chart(r), debt_chart(r), radar_chart(r))
    return [c for c in found if c is not None]
