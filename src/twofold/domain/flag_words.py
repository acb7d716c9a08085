"""A flag in words: the healthy range it was held against and the question that opens the
discussion. For what the server writes itself (agendas, posts, pages, the API's `prompt`
beside the code), in the language asked for; the web UI words the same codes from its own
catalogue, in the same English, so the two are kept in step by tests.
"""

from collections.abc import Callable

from twofold.domain.flags import Flag, FlagCode
from twofold.domain.vocab import TextLanguage
from twofold.domain.words import N_, Words, words

SaidOf = Callable[[Flag, Words], str]
_UNITS = {"stories": N_("stories"), "points": N_("points")}


def _n(w: Words, value: float | str) -> str:
    return w.number(value) if isinstance(value, int | float) else value


def _count(value: float | str) -> float:
    return value if isinstance(value, int | float) else 0


def _signed(value: float | str) -> str:
    return f"{int(value):+d}" if isinstance(value, int | float) else value


def _ideal(f: Flag, w: Words) -> str:
    return _n(w, f.params["ideal"])


def _ratio(f: Flag, w: Words) -> str:
    return w._("between {min} and {max}", min=_n(w, f.params["min"]), max=_n(w, f.params["max"]))


def _unit(f: Flag, w: Words) -> str:
    unit = str(f.params["unit"])
    return w.known(_UNITS[unit]) if unit in _UNITS else unit


THRESHOLDS: dict[FlagCode, SaidOf] = {
    FlagCode.CLARIFYING_QUESTIONS_HIGH: lambda f, w: w._("fewer than {ideal}", ideal=_ideal(f, w)),
    FlagCode.TECH_DEBT_SHARE_LOW: lambda f, w: w._("at least {ideal}%", ideal=_ideal(f, w)),
    FlagCode.REWORK_DAYS_HIGH: lambda f, w: w.ngettext(
        "at most {count} day", "at most {count} days", _count(f.params["ideal"])
    ),
    FlagCode.QA_REJECTIONS_HIGH: lambda f, w: w.ngettext(
        "at most {count} story", "at most {count} stories", _count(f.params["ideal"])
    ),
    FlagCode.ESTIMATE_RATIO_HIGH: _ratio,
    FlagCode.ESTIMATE_RATIO_LOW: _ratio,
    FlagCode.COMPLETION_LOW: lambda f, w: w._(
        "at least {ideal}% of the committed {unit}", ideal=_ideal(f, w), unit=_unit(f, w)
    ),
    FlagCode.STORIES_ADDED_HIGH: lambda f, w: w._("at most {ideal}", ideal=_ideal(f, w)),
    FlagCode.SHIPPED_LATE: lambda f, w: w._("shipped on time"),
    FlagCode.SATISFACTION_LOW: lambda f, w: w._("at least {ideal} of 5", ideal=_ideal(f, w)),
    FlagCode.NPS_FELL: lambda f, w: w._("at least {ideal}", ideal=_signed(f.params["ideal"])),
    FlagCode.NPS_FLAT: lambda f, w: w._("at least {ideal}", ideal=_signed(f.params["ideal"])),
    FlagCode.NPS_ROSE_LITTLE: lambda f, w: w._(
        "at least {ideal}", ideal=_signed(f.params["ideal"])
    ),
}


def _completion(f: Flag, w: Words) -> str:
    values = {"value": _n(w, f.value), "ideal": _ideal(f, w)}
    if f.params.get("unit") == "points":
        return w._(
            "{value}% of the committed points were completed (target {ideal}%) — what got in "
            "the way, and did we commit to more than we knew?",
            **values,
        )
    return w._(
        "{value}% of the committed stories were completed (target {ideal}%) — what got in the "
        "way, and did we commit to more than we knew?",
        **values,
    )


PROMPTS: dict[FlagCode, SaidOf] = {
    FlagCode.CLARIFYING_QUESTIONS_HIGH: lambda f, w: w.ngettext(
        "{count} clarifying question came up mid-sprint — which stories reached development "
        "with gaps, and what would have caught them sooner?",
        "{count} clarifying questions came up mid-sprint — which stories reached development "
        "with gaps, and what would have caught them sooner?",
        _count(f.value),
    ),
    FlagCode.TECH_DEBT_SHARE_LOW: lambda f, w: w._(
        "Only {value}% of capacity went to tech debt (target {ideal}%) — what did we put off, "
        "and what is it costing us?",
        value=_n(w, f.value),
        ideal=_ideal(f, w),
    ),
    FlagCode.REWORK_DAYS_HIGH: lambda f, w: w.ngettext(
        "{count} day of rework this sprint — what did the stories that bounced back have in "
        "common?",
        "{count} days of rework this sprint — what did the stories that bounced back have in "
        "common?",
        _count(f.value),
    ),
    FlagCode.QA_REJECTIONS_HIGH: lambda f, w: w.ngettext(
        "QA sent {count} story back this sprint — unclear acceptance criteria, edge cases found "
        "late, or defects?",
        "QA sent {count} stories back this sprint — unclear acceptance criteria, edge cases "
        "found late, or defects?",
        _count(f.value),
    ),
    FlagCode.ESTIMATE_RATIO_HIGH: lambda f, w: w._(
        "Work took {value} times its estimates overall — which stories surprised us, and what "
        "did we not know when we estimated?",
        value=_n(w, f.value),
    ),
    FlagCode.ESTIMATE_RATIO_LOW: lambda f, w: w._(
        "Work took {value} times its estimates overall — were we padding, or did scope quietly "
        "shrink?",
        value=_n(w, f.value),
    ),
    FlagCode.COMPLETION_LOW: _completion,
    FlagCode.STORIES_ADDED_HIGH: lambda f, w: w.ngettext(
        "{count} story joined after the sprint started — who asked for them, and could any "
        "have waited for planning?",
        "{count} stories joined after the sprint started — who asked for them, and could any "
        "have waited for planning?",
        _count(f.value),
    ),
    FlagCode.SHIPPED_LATE: lambda f, w: w._(
        "The sprint did not ship on time — when did we first know, and who heard it last?"
    ),
    FlagCode.SATISFACTION_LOW: lambda f, w: w._(
        "Team satisfaction averaged {value} of 5 — what would make the next sprint feel "
        "better to work in?",
        value=_n(w, f.value),
    ),
    FlagCode.NPS_FELL: lambda f, w: w.ngettext(
        "NPS fell by {count} point — what did customers notice this sprint that we did not?",
        "NPS fell by {count} points — what did customers notice this sprint that we did not?",
        -_count(f.value),
    ),
    FlagCode.NPS_FLAT: lambda f, w: w._(
        "NPS did not move — what did customers notice this sprint that we did not?"
    ),
    FlagCode.NPS_ROSE_LITTLE: lambda f, w: w.ngettext(
        "NPS rose by only {count} point — what did customers notice this sprint that we did not?",
        "NPS rose by only {count} points — what did customers notice this sprint that we did not?",
        _count(f.value),
    ),
}


def threshold(flag: Flag, language: TextLanguage = TextLanguage.EN) -> str:
    """The healthy range, in words."""
    return THRESHOLDS[flag.code](flag, words(language))


def prompt(flag: Flag, language: TextLanguage = TextLanguage.EN) -> str:
    """A question to open the discussion with."""
    return PROMPTS[flag.code](flag, words(language))
