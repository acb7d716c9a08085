"""The report's charts as plain data: which categories, which series, which figures, named in
the report's language. The slides and the PDF draw the same charts from here, so their figures
cannot drift apart."""

from dataclasses import dataclass

from twofold.domain.health_report import HealthReport
from twofold.domain.sides import Side
from twofold.domain.trend_words import figure
from twofold.domain.words import N_, Words

SIGNAL_SERIES = (N_("Period average"), N_("Healthy limit"))
DEBT_SERIES = (N_("Debt share %"), N_("Target %"))
SIDE_NAMES = {Side.PRODUCT: N_("Product"), Side.ENGINEERING: N_("Engineering")}


def debt_title(w: Words, target: float) -> str:
    return w._(
        "Tech debt: capacity vs the {target} target",
        target=w._("{value}%", value=figure(target, w)),
    )


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
    w = r.words
    return Chart(
        w._("Sprint signals vs thresholds"),
        tuple(s.name for s in limited),
        (
            (w.known(SIGNAL_SERIES[0]), tuple(s.average for s in limited)),
            (w.known(SIGNAL_SERIES[1]), tuple(s.limit for s in limited)),
        ),
    )


def debt_chart(r: HealthReport) -> Chart | None:
    d = r.debt
    if not r.sprints or not d.known:
        return None
    w = r.words
    return Chart(
        debt_title(w, d.target),
        r.sprints,
        (
            (w.known(DEBT_SERIES[0]), d.per_sprint),
            (w.known(DEBT_SERIES[1]), (d.target,) * len(r.sprints)),
        ),
    )


def radar_series(r: HealthReport) -> tuple[tuple[str, tuple[float | None, ...]], ...]:
    """Each side shown, with its average on every dimension (None where it has too few)."""
    return tuple(
        (
            r.words.known(SIDE_NAMES[s]),
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
        r.words._("Health radar by side"),
        tuple(line.label for line in r.radar.lines),
        radar_series(r),
    )


def charts(r: HealthReport) -> list[Chart]:
    """The charts with something to draw, in the order the report tells them."""
    found = (signal_chart(r), debt_chart(r), radar_chart(r))
    return [c for c in found if c is not None]
