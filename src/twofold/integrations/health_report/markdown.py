"""The report as Markdown, for a wiki page or a chat message. User text (the team's name,
topics, debt titles) is escaped, so it reads as typed and adds no markup."""

from twofold.domain.export_text import markdown_inline as esc
from twofold.domain.health_report import HealthReport, Point, SideAverage
from twofold.domain.trend_words import figure


def number(value: float | None, unit: str = "") -> str:
    return "n/a" if value is None else f"{figure(value)}{unit}"


def percent(rate: float | None) -> str:
    return "n/a" if rate is None else f"{figure(100 * rate)}%"


def side(score: SideAverage | None) -> str:
    return "too few answers" if score is None else f"{figure(score.average)} ({score.answers})"


def _points(points: tuple[Point, ...], none: str) -> list[str]:
    return [f"- {esc(p.text)}" for p in points] or [f"_{none}_"]


def markdown(r: HealthReport) -> str:
    lines = [
        f"# {esc(r.title)}",
        "",
        f"**Period:** {r.period} · **Sprints:** {len(r.sprints)}",
        "",
        "## Sprint signals vs thresholds",
        "",
    ]
    if r.signals:
        lines += [
            "| Signal | Average | Latest | Healthy | Flagged in |",
            "| --- | --- | --- | --- | --- |",
        ]
        lines += [
            f"| {s.name} | {number(s.average, s.unit)} | {number(s.latest, s.unit)} | "
            f"{s.limit_words} | {s.flagged_in} of {len(r.sprints)} sprints |"
            for s in r.signals
        ]
    else:
        lines.append("_No signals were recorded in this period._")
    if r.changes:
        lines += ["", "### What changed", ""] + [f"- {c}" for c in r.changes]
    d = r.debt
    lines += [
        "",
        "## Tech debt",
        "",
        f"**Capacity spent on debt:** {number(d.average, '%')} on average "
        f"(target {figure(d.target)}%); below target in {d.below_target} of {d.known} sprints "
        "with a share recorded.",
        "",
    ]
    if r.top_debt:
        lines += [
            "| Debt item | PM impact (1-5) | Eng drag (h/sprint) | Eng effort (points) | Priority |",
            "| --- | --- | --- | --- | --- |",
        ]
        lines += [
            f"| {esc(t.title)} | {number(t.impact)} | {number(t.drag_hours)} | "
            f"{number(t.effort)} | {'n/a' if t.priority is None else f'{t.priority:.2f}'} |"
            for t in r.top_debt
        ]
    else:
        lines.append("_No debt item has both sides' scores yet._")
    f = r.follow_through
    lines += [
        "",
        "## Action follow-through",
        "",
        f"**Done:** {f.done} of {f.agreed} agreed ({percent(f.rate)}); dropped {f.dropped}; "
        f"still open {f.still_open}. Median days to done: {number(r.median_days_to_done)}.",
        "",
        "## Health radar by side",
        "",
    ]
    if r.radar.sides:
        lines += ["| Dimension | Product | Engineering |", "| --- | --- | --- |"]
        lines += [
            f"| {line.label} | {side(line.product)} | {side(line.engineering)} |"
            for line in r.radar.lines
        ]
        lines += ["", "_Average score out of 5 (answers); a side needs 3 answers to be shown._"]
    else:
        lines.append("_Too few radar answers in this period to show either side._")
    lines += ["", "## Wins", "", *_points(r.wins, "No wins stood out in this period.")]
    lines += ["", "## Risks", "", *_points(r.risks, "No risks stood out in this period.")]
    return "\n".join(lines) + "\n"
