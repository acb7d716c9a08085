"""A trend's change in words, for what the server writes itself (reports, Markdown), in the
language asked for; the web UI words the same codes from its own catalogue."""

from twofold.domain.trends import Change, Direction, Metric
from twofold.domain.vocab import TextLanguage
from twofold.domain.words import N_, Words, words

# What the figure is, as the web UI's trends page names it.
NAMES: dict[Metric, str] = {
    Metric.CLARIFYING_QUESTIONS: N_("Clarifying questions mid-sprint"),
    Metric.REWORK_DAYS: N_("Rework"),
    Metric.QA_REJECTIONS: N_("Stories rejected in QA"),
    Metric.STORIES_ADDED: N_("Stories added after the start"),
    Metric.STORIES_REMOVED: N_("Stories removed after the start"),
    Metric.ESTIMATE_RATIO: N_("Actual ÷ estimate"),
    Metric.DEBT_SHARE: N_("Capacity spent on tech debt"),
    Metric.COMPLETION: N_("Committed work completed"),
    Metric.SHIPPED_ON_TIME: N_("Sprints shipped on time"),
    Metric.NPS_CHANGE: N_("NPS change"),
    Metric.SATISFACTION: N_("Team satisfaction"),
}


def name(metric: Metric, w: Words) -> str:
    return w.known(NAMES[metric])


def figure(value: float, w: Words | None = None) -> str:
    """One decimal at most, none when whole: 3.5, 1.2, 20 (`3,5` in German and French)."""
    rounded = round(value, 1)
    return (w or words(TextLanguage.EN)).number(
        rounded if rounded != int(rounded) else int(rounded)
    )


def amount(metric: Metric, value: float, w: Words) -> str:
    """A figure with how it is counted: "3.5 days per sprint", "20%", "4.1 out of 5"."""
    shown = figure(value, w)
    if metric is Metric.REWORK_DAYS:
        return w.ngettext("{count} day per sprint", "{count} days per sprint", round(value, 1))
    if metric in (Metric.DEBT_SHARE, Metric.COMPLETION, Metric.SHIPPED_ON_TIME):
        return w._("{value}%", value=shown)
    if metric is Metric.NPS_CHANGE:
        return w._("{value} points per sprint", value=shown)
    if metric is Metric.SATISFACTION:
        return w._("{value} out of 5", value=shown)
    if metric is Metric.ESTIMATE_RATIO:
        return shown
    return w._("{value} per sprint", value=shown)


def sentence(change: Change, language: TextLanguage = TextLanguage.EN) -> str:
    """ "Rework fell from 3.5 to 1.2 days per sprint since the Weekly PM/TL sync started." """
    w = words(language)
    values = {
        "name": name(change.metric, w),
        "before": figure(change.before, w),
        "after": amount(change.metric, change.after, w),
    }
    if change.direction is Direction.STEADY:
        return w._("{name} held steady at about {after}.", **values)
    rose = change.direction is Direction.ROSE
    since = change.since
    if since is None:
        if rose:
            return w._("{name} rose from {before} to {after}.", **values)
        return w._("{name} fell from {before} to {after}.", **values)
    if since.kind != "ritual":
        if rose:
            return w._(
                "{name} rose from {before} to {after} since the team's working agreements changed.",
                **values,
            )
        return w._(
            "{name} fell from {before} to {after} since the team's working agreements changed.",
            **values,
        )
    if rose:
        return w._(
            "{name} rose from {before} to {after} since the {title} started.",
            **values,
            title=since.title,
        )
    return w._(
        "{name} fell from {before} to {after} since the {title} started.",
        **values,
        title=since.title,
    )
