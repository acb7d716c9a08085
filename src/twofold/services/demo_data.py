"""The demo team as data: its people, the shapes of its sprints, and what it keeps between
retros (debt backlog, rituals, agreements, pairings, its own template).

Figures and texts live here, apart from the loading in `services/demo.py`, so a change to the
story the demo tells never touches the code that loads it. Dates are not fixed: they are counted
in working days from the retro they belong to, so the demo always ends a few days ago.
"""

from dataclasses import dataclass, field

from twofold.domain import commands as c
from twofold.domain.actions import ActionCategory, ReviewOutcome
from twofold.domain.debt import DebtStatus
from twofold.domain.rituals import RitualKind
from twofold.domain.signals import SprintSignals
from twofold.domain.vocab import Friction, Polarity, Role

DEMO_TEAM = "Checkout Squad (demo)"
DEMO_PASSWORD = "twofold-demo-2026"  # noqa: S105 - printed to the person who asked for the demo

PEOPLE = (
    ("priya@demo.twofold.local", "Priya Raman", Role.PM),
    ("marco@demo.twofold.local", "Marco Silva", Role.TECH_LEAD),
    ("lena@demo.twofold.local", "Lena Hoffmann", Role.ENG),
    ("sam@demo.twofold.local", "Sam Okafor", Role.ENG),
    ("june@demo.twofold.local", "June Park", Role.QA),
    ("ana@demo.twofold.local", "Ana Costa", Role.DESIGN),
    ("noor@demo.twofold.local", "Noor Haddad", Role.DESIGN),
)
PRIYA, MARCO, LENA, SAM, JUNE, ANA, NOOR = range(len(PEOPLE))

# The PM / Engineering template's columns, by position.
PRODUCT, ENGINEERING, COLLABORATION = range(3)

WELL, BAD, IDEA = Polarity.WENT_WELL, Polarity.DIDNT_GO_WELL, Polarity.PROPOSAL
REQUIREMENTS = Friction.REQUIREMENTS_CLARITY
QUALITY = Friction.VELOCITY_QUALITY
DEBT = Friction.TECH_DEBT
ESTIMATION = Friction.ESTIMATION
COMMUNICATION = Friction.COMMUNICATION

RadarScores = tuple[int, int, int, int, int]
"""One person's health-radar answers, in the order of `domain.radar.DIMENSIONS`: requirements
clarity, velocity vs quality, tech debt, estimation, communication."""

JOINT = (PRIYA, MARCO)
"""An action item owned by the PM and the tech lead together."""


@dataclass(frozen=True)
class CardSpec:
    key: str
    author: int
    column: int
    polarity: Polarity
    friction: Friction | None
    text: str


@dataclass(frozen=True)
class GroupSpec:
    key: str
    title: str
    cards: tuple[str, ...]


@dataclass(frozen=True)
class ActionSpec:
    """Agreed in the retro by `by`; due `due_workdays` working days after the retro."""

    key: str
    title: str
    category: ActionCategory
    owner: int | tuple[int, int]
    due_workdays: int
    topic: str
    by: int = PRIYA


@dataclass(frozen=True)
class ReviewSpec:
    """What a retro's review phase decided about an item an earlier retro agreed."""

    action: str
    outcome: ReviewOutcome
    reason: str | None = None
    new_due_workdays: int | None = None


@dataclass(frozen=True)
class SprintSpec:
    number: int
    facilitator: int
    signals: SprintSignals
    pulses: tuple[int, ...]
    """One satisfaction score from each person, in the order of `PEOPLE`."""
    capacity: tuple[float, float]
    """(total points, points spent on tech debt)."""
    check_ins: tuple[tuple[int, str], ...]
    cards: tuple[CardSpec, ...]
    groups: tuple[GroupSpec, ...]
    votes: tuple[tuple[str, ...], ...]
    """Topics (group or card keys) each person voted for, in the order of `PEOPLE`."""
    notes: tuple[tuple[str, str], ...]
    actions: tuple[ActionSpec, ...]
    reviews: tuple[ReviewSpec, ...] = ()
    reactions: tuple[tuple[int, str, str], ...] = ()
    """(person, card key, emoji)."""
    settings: c.UpdateSettings | None = None
    radar: tuple[tuple[int, RadarScores], ...] = ()
    """(person, their health-radar answers), given during check-in."""


@dataclass(frozen=True)
class DebtSpec:
    """A backlog item: made from a retro card (`from_card`) or added on the debt page, then
    scored by each side, engineering first."""

    title: str
    area: str
    description: str
    added_by: int
    drag_hours: float | None = None
    effort: int | None = None
    impact: int | None = None
    status: DebtStatus = DebtStatus.OPEN
    from_card: str | None = None


DEBT_ITEMS = (
    DebtSpec(
        "Legacy pricing module: discounts computed in three places",
        "Pricing",
        "Raised in the Sprint 12 retro. Every promo change touches three discount calculators "
        "that disagree on rounding; merging them into one is under way.",
        MARCO,
        drag_hours=12,
        effort=8,
        impact=3,
        status=DebtStatus.IN_PROGRESS,
        from_card="s12.pricing",
    ),
    DebtSpec(
        "Payment client retries at once and runs into the provider's rate limits",
        "Payments",
        "Raised in the Sprint 14 retro. Retries need backoff and a budget per minute that "
        "matches the limits the provider publishes.",
        SAM,
        drag_hours=6,
        effort=3,
        impact=5,
        status=DebtStatus.PLANNED,
        from_card="s14.limits",
    ),
    DebtSpec(
        "Address validation rules live only in the front end",
        "Checkout",
        "The API accepts addresses the form would refuse, so support fixes orders by hand.",
        LENA,
        drag_hours=4,
        effort=5,
        impact=3,
    ),
    DebtSpec(
        "Order-confirmation emails use an unmaintained template engine",
        "Notifications",
        "Every copy change needs an engineer, and the engine has had no release in three years.",
        SAM,
        drag_hours=3,
        effort=5,
    ),
    DebtSpec(
        "Guest checkout forgets the basket when the session times out",
        "Checkout",
        "Support hears about it weekly; shoppers who leave the payment page for a while come "
        "back to an empty basket.",
        PRIYA,
        impact=4,
    ),
    DebtSpec(
        "Upgrade the payment SDK before the provider retires version 2",
        "Payments",
        "Done in Sprint 13, a month ahead of the provider's deadline.",
        MARCO,
        drag_hours=2,
        effort=3,
        impact=4,
        status=DebtStatus.DONE,
    ),
    DebtSpec(
        "Rewrite checkout as a single-page app",
        "Checkout",
        "Won't fix: the time goes into pricing and flaky tests, not into the page framework.",
        LENA,
        drag_hours=8,
        effort=13,
        impact=2,
        status=DebtStatus.WONT_FIX,
    ),
)


@dataclass(frozen=True)
class RitualSpec:
    kind: RitualKind
    title: str
    recurrence: dict[str, object] = field(default_factory=dict)
    """Changes to the kind's defaults; `starts_on` and, for the retro, the weekday are set
    from the sprints when loading."""


RITUALS = (
    RitualSpec(
        RitualKind.PM_TECH_LEAD_SYNC,
        "PM / Tech Lead sync",
        {"weekday": "tuesday", "at": "10:00", "duration_minutes": 30},
    ),
    RitualSpec(
        RitualKind.TECH_DEBT_REVIEW,
        "Monthly tech-debt review",
        {"week_of_month": 1, "weekday": "wednesday", "at": "14:00", "duration_minutes": 60},
    ),
    RitualSpec(RitualKind.RETRO, "Sprint retro", {"at": "15:00", "duration_minutes": 60}),
)

DEFINITION_OF_DONE = (
    "Acceptance criteria met, including the Edge Cases section",
    "Promo and discount rules written as a table with worked examples",
    "Code reviewed and merged",
    "Checkout end-to-end suite green on two runs in a row",
    "Tested by QA against the listed edge cases",
    "Payment provider limits checked for anything that calls the provider",
    "PM has seen it working on staging and accepted it",
)

ACCEPTANCE_TEMPLATE = """## Context
Who needs this and why; link the customer evidence.

## Acceptance criteria
- Given ..., when ..., then ...

## Promo and discount rules
| Code | Combines with | Minimum basket | Expires |
| ---- | ------------- | -------------- | ------- |

## Edge Cases
- Expired, unknown or already used codes
- A gift card and a promo code together
- Payment provider declines, timeouts and rate limits
- Empty basket; very large basket

## Out of scope
- ...
"""

PAIRING_POINTS_OVER = 5

# (story key, title, points, sprint number, working days before the sprint starts)
PAIRINGS = (
    ("CHK-240", "3-D Secure challenge flow", 8.0, 13, 1),
    ("CHK-248", "Apple Pay express checkout", 8.0, 14, 2),
)

TEMPLATE_NAME = "Checkout Squad retro"
TEMPLATE_DESCRIPTION = (
    "PM / Engineering columns, cards collected before the meeting, four votes each with "
    "tallies hidden until voting ends."
)
