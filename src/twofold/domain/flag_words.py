"""A flag in English: the healthy range it was held against and the question that opens the
discussion. For what the server writes itself (agendas, the API's `prompt` beside the code);
the web UI words the same codes from its own catalogue, so the two are kept in step by tests.
"""

from collections.abc import Callable

from twofold.domain.flags import Flag, FlagCode


def _number(value: float | str) -> str:
    return f"{value:g}" if isinstance(value, int | float) else value


def _plural(value: float | str, unit: str, units: str | None = None) -> str:
    return f"{_number(value)} {unit if value == 1 else units or unit + 's'}"


def _days(value: float | str) -> str:
    return _plural(value, "day")


def _signed(value: float | str) -> str:
    return f"{int(value):+d}" if isinstance(value, int | float) else value


Words = Callable[[Flag], str]


def _nps(movement: str) -> str:
    return f"NPS {movement} — what did customers notice this sprint that we did not?"


THRESHOLDS: dict[FlagCode, Words] = {
    FlagCode.CLARIFYING_QUESTIONS_HIGH: lambda f: f"fewer than {_number(f.params['ideal'])}",
    FlagCode.TECH_DEBT_SHARE_LOW: lambda f: f"at least {_number(f.params['ideal'])}%",
    FlagCode.REWORK_DAYS_HIGH: lambda f: f"at most {_days(f.params['ideal'])}",
    FlagCode.QA_REJECTIONS_HIGH: lambda f: (
        f"at most {_plural(f.params['ideal'], 'story', 'stories')}"
    ),
    FlagCode.ESTIMATE_RATIO_HIGH: lambda f: (
        f"between {_number(f.params['min'])} and {_number(f.params['max'])}"
    ),
    FlagCode.ESTIMATE_RATIO_LOW: lambda f: (
        f"between {_number(f.params['min'])} and {_number(f.params['max'])}"
    ),
    FlagCode.COMPLETION_LOW: lambda f: (
        f"at least {_number(f.params['ideal'])}% of the committed {f.params['unit']}"
    ),
    FlagCode.STORIES_ADDED_HIGH: lambda f: f"at most {_number(f.params['ideal'])}",
    FlagCode.SHIPPED_LATE: lambda f: "shipped on time",
    FlagCode.SATISFACTION_LOW: lambda f: f"at least {_number(f.params['ideal'])} of 5",
    FlagCode.NPS_FELL: lambda f: f"at least {_signed(f.params['ideal'])}",
    FlagCode.NPS_FLAT: lambda f: f"at least {_signed(f.params['ideal'])}",
    FlagCode.NPS_ROSE_LITTLE: lambda f: f"at least {_signed(f.params['ideal'])}",
}

PROMPTS: dict[FlagCode, Words] = {
    FlagCode.CLARIFYING_QUESTIONS_HIGH: lambda f: (
        f"{_plural(f.value, 'clarifying question')} came up mid-sprint — which stories "
        "reached development with gaps, and what would have caught them sooner?"
    ),
    FlagCode.TECH_DEBT_SHARE_LOW: lambda f: (
        f"Only {_number(f.value)}% of capacity went to tech debt "
        f"(target {_number(f.params['ideal'])}%) — what did we put off, "
        "and what is it costing us?"
    ),
    FlagCode.REWORK_DAYS_HIGH: lambda f: (
        f"{_days(f.value)} of rework this sprint — what did the stories that "
        "bounced back have in common?"
    ),
    FlagCode.QA_REJECTIONS_HIGH: lambda f: (
        f"QA sent {_plural(f.value, 'story', 'stories')} back this sprint — unclear "
        "acceptance criteria, edge cases found late, or defects?"
    ),
    FlagCode.ESTIMATE_RATIO_HIGH: lambda f: (
        f"Work took {_number(f.value)} times its estimates overall — which stories surprised "
        "us, and what did we not know when we estimated?"
    ),
    FlagCode.ESTIMATE_RATIO_LOW: lambda f: (
        f"Work took {_number(f.value)} times its estimates overall — were we padding, or did "
        "scope quietly shrink?"
    ),
    FlagCode.COMPLETION_LOW: lambda f: (
        f"{_number(f.value)}% of the committed {f.params['unit']} were completed "
        f"(target {_number(f.params['ideal'])}%) — what got in the way, and did we commit to "
        "more than we knew?"
    ),
    FlagCode.STORIES_ADDED_HIGH: lambda f: (
        f"{_plural(f.value, 'story', 'stories')} joined after the sprint started — who asked "
        "for them, and could any have waited for planning?"
    ),
    FlagCode.SHIPPED_LATE: lambda f: (
        "The sprint did not ship on time — when did we first know, and who heard it last?"
    ),
    FlagCode.SATISFACTION_LOW: lambda f: (
        f"Team satisfaction averaged {_number(f.value)} of 5 — what would "
        "make the next sprint feel better to work in?"
    ),
    FlagCode.NPS_FELL: lambda f: _nps(f"fell by {_plural(-f.value, 'point')}"),
    FlagCode.NPS_FLAT: lambda f: _nps("did not move"),
    FlagCode.NPS_ROSE_LITTLE: lambda f: _nps(f"rose by only {_plural(f.value, 'point')}"),
}


def threshold(flag: Flag) -> str:
    """The healthy range, in words."""
    return THRESHOLDS[flag.code](flag)


def prompt(flag: Flag) -> str:
    """A question to open the discussion with."""
    return PROMPTS[flag.code](flag)
