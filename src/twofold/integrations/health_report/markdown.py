"""The report as Markdown, for a wiki page or a chat message, in the report's language. User
text (the team's name, topics, debt titles) is escaped, so it reads as typed and adds no
markup."""

from twofold.domain.export_text import markdown_inline as esc
from twofold.domain.health_report import HealthReport, Point, SideAverage, SignalLine
from twofold.domain.trend_words import amount, figure
from twofold.domain.words import Words


def number(w: Words, value: float | None) -> str:
    return w._("n/a") if value is None else figure(value, w)


def measured(w: Words, line: SignalLine, value: float | None) -> str:
    """A signal's figure with how it is counted: "3.5 days per sprint"."""
    return w._("n/a") if value is None else amount(line.metric, value, w)


def percent(w: Words, rate: float | None) -> str:
    return w._("n/a") if rate is None else w._("{value}%", value=figure(100 * rate, w))


def priority(w: Words, value: float | None) -> str:
    return w._("n/a") if value is None else w.fixed(value, 2)


def side(w: Words, score: SideAverage | None) -> str:
    if score is None:
        return w._("too few answers")
    return f"{figure(score.average, w)} ({w.number(score.answers)})"


def _points(points: tuple[Point, ...], none: str) -> list[str]:
    return [f"- {esc(p.text)}" for p in points] or [f"_{none}_"]


def markdown(r: HealthReport) -> str:
    w = r.words
    sprints = len(r.sprints)
    lines = [
        f"# {esc(r.title)}",
        "",
        w._("**Period:** {period} · **Sprints:** {count}", period=r.period, count=sprints),
        "",
        "## " + w._("Sprint signals vs thresholds"),
        "",
    ]
    if r.signals:
        lines += [
            "| {} | {} | {} | {} | {} |".format(
                w._("Signal"), w._("Average"), w._("Latest"), w._("Healthy"), w._("Flagged in")
            ),
            "| --- | --- | --- | --- | --- |",
        ]
        lines += [
            f"| {s.name} | {measured(w, s, s.average)} | {measured(w, s, s.latest)} | "
            f"{s.limit_words} | "
            + w.ngettext(
                "{flagged} of {count} sprint",
                "{flagged} of {count} sprints",
                sprints,
                flagged=s.flagged_in,
            )
            + " |"
            for s in r.signals
        ]
    else:
        lines.append("_" + w._("No signals were recorded in this period.") + "_")
    if r.changes:
        lines += ["", "### " + w._("What changed"), ""] + [f"- {esc(c)}" for c in r.changes]
    d = r.debt
    lines += [
        "",
        "## " + w._("Tech debt"),
        "",
        w.ngettext(
            "**Capacity spent on debt:** {average} on average (target {target}); below target "
            "in {below} of {count} sprint with a share recorded.",
            "**Capacity spent on debt:** {average} on average (target {target}); below target "
            "in {below} of {count} sprints with a share recorded.",
            d.known,
            average=number(w, None)
            if d.average is None
            else w._("{value}%", value=figure(d.average, w)),
            target=w._("{value}%", value=figure(d.target, w)),
            below=d.below_target,
        ),
        "",
    ]
    if r.top_debt:
        lines += [
            "| {} | {} | {} | {} | {} |".format(
                w._("Debt item"),
                w._("PM impact (1-5)"),
                w._("Eng drag (h/sprint)"),
                w._("Eng effort (points)"),
                w._("Priority"),
            ),
            "| --- | --- | --- | --- | --- |",
        ]
        lines += [
            f"| {esc(t.title)} | {number(w, t.impact)} | {number(w, t.drag_hours)} | "
            f"{number(w, t.effort)} | {priority(w, t.priority)} |"
            for t in r.top_debt
        ]
    else:
        lines.append("_" + w._("No debt item has both sides' scores yet.") + "_")
    f = r.follow_through
    lines += [
        "",
        "## " + w._("Action follow-through"),
        "",
        w._(
            "**Done:** {done} of {agreed} agreed ({rate}); dropped {dropped}; still open "
            "{open}. Median days to done: {median}.",
            done=f.done,
            agreed=f.agreed,
            rate=percent(w, f.rate),
            dropped=f.dropped,
            open=f.still_open,
            median=number(w, r.median_days_to_done),
        ),
        "",
        "## " + w._("Health radar by side"),
        "",
    ]
    if r.radar.sides:
        lines += [
            f"| {w._('Dimension')} | {w._('Product')} | {w._('Engineering')} |",
            "| --- | --- | --- |",
        ]
        lines += [
            f"| {esc(line.label)} | {side(w, line.product)} | {side(w, line.engineering)} |"
            for line in r.radar.lines
        ]
        lines += [
            "",
            "_"
            + w._("Average score out of 5 (answers); a side needs 3 answers to be shown.")
            + "_",
        ]
    else:
        lines.append("_" + w._("Too few radar answers in this period to show either side.") + "_")
    lines += [
        "",
        "## " + w._("Wins"),
        "",
        *_points(r.wins, w._("No wins stood out in this period.")),
    ]
    lines += [
        "",
        "## " + w._("Risks"),
        "",
        *_points(r.risks, w._("No risks stood out in this period.")),
    ]
    return "\n".join(lines) + "\n"
