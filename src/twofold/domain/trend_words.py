"""A trend's change in plain English, for what the server writes itself (reports, Markdown);
the web UI words the same codes from its own catalogue."""

from twofold.domain.trends import Change, Direction, Metric

# What the figure is, and how one is counted: "rework … days per sprint".
NAMES: dict[Metric, tuple[str, str]] = {
    Metric.CLARIFYING_QUESTIONS: ("Clarifying questions mid-sprint", " per sprint"),
    Metric.REWORK_DAYS: ("Rework", " days per sprint"),
    Metric.QA_REJECTIONS: ("Stories rejected in QA", " per sprint"),
    Metric.STORIES_ADDED: ("Stories added after the start", " per sprint"),
    Metric.STORIES_REMOVED: ("Stories removed after the start", " per sprint"),
    Metric.ESTIMATE_RATIO: ("Actual ÷ estimate", ""),
    Metric.DEBT_SHARE: ("Capacity spent on tech debt", "%"),
    Metric.COMPLETION: ("Committed work completed", "%"),
    Metric.SHIPPED_ON_TIME: ("Sprints shipped on time", "%"),
    Metric.NPS_CHANGE: ("NPS change", " points per sprint"),
    Metric.SATISFACTION: ("Team satisfaction", " out of 5"),
}


def figure(value: float) -> str:
    """One decimal at most, none when whole: 3.5, 1.2, 20."""
    rounded = round(value, 1)
    return f"{rounded:g}" if rounded != int(rounded) else str(int(rounded))


def sentence(change: Change) -> str:
    """ "Rework fell from 3.5 to 1.2 days per sprint since the Weekly PM/TL sync started." """
    name, unit = NAMES[change.metric]
    if change.direction is Direction.STEADY:
        text = f"{name} held steady at about {figure(change.after)}{unit}"
    else:
        moved = "rose" if change.direction is Direction.ROSE else "fell"
        text = f"{name} {moved} from {figure(change.before)} to {figure(change.after)}{unit}"
    if change.since is not None and change.direction is not Direction.STEADY:
        began = "started" if change.since.kind == "ritual" else "changed"
        text += f" since the {change.since.title} {began}"
    return text + "."
