"""The facilitated flow of a retro, as an explicit state machine.

A retro moves check-in → review → reflect → reveal → group → vote → discuss → actions → closed.
The facilitator may move forward or back to any phase the retro has not been set to skip;
`closed` ends the meeting but can be reopened, so a premature click never loses the session.
"""

from enum import StrEnum

from twofold.domain.errors import Invalid


class Phase(StrEnum):
    CHECK_IN = "check_in"
    REVIEW = "review"
    REFLECT = "reflect"
    REVEAL = "reveal"
    GROUP = "group"
    VOTE = "vote"
    DISCUSS = "discuss"
    ACTIONS = "actions"
    CLOSED = "closed"


ORDER: tuple[Phase, ...] = tuple(Phase)

PHASE_PROMPTS: dict[Phase, str] = {
    Phase.CHECK_IN: "One line on how you arrive today.",
    Phase.REVIEW: "Go through the open action items from earlier retros.",
    Phase.REFLECT: "Write your cards. Nobody else sees their text until the reveal.",
    Phase.REVEAL: "Read everyone's cards.",
    Phase.GROUP: "Group cards that are about the same thing, and name the groups.",
    Phase.VOTE: "Vote for the topics you most want to discuss.",
    Phase.DISCUSS: "Talk through the top topics, one at a time.",
    Phase.ACTIONS: "Agree who does what, by when.",
    Phase.CLOSED: "This retro is closed.",
}

# Phases that may be skipped; reflect and closed are the spine of every retro.
SKIPPABLE = frozenset(
    {
        Phase.CHECK_IN,
        Phase.REVIEW,
        Phase.REVEAL,
        Phase.GROUP,
        Phase.VOTE,
        Phase.DISCUSS,
        Phase.ACTIONS,
    }
)


def active_phases(skipped: frozenset[Phase]) -> list[Phase]:
    return [p for p in ORDER if p not in skipped]


def check_skip_setting(skipped: frozenset[Phase]) -> None:
    bad = skipped - SKIPPABLE
    if bad:
        names = ", ".join(sorted(p.value for p in bad))
        raise Invalid(f"These phases cannot be skipped: {names}.", code="validation_error")


def check_transition(current: Phase, target: Phase, skipped: frozenset[Phase]) -> None:
    if target == current:
        raise Invalid(
            f"The retro is already in {target.value}.",
            code="same_phase",
            params={"phase": target.value},
        )
    if target in skipped:
        raise Invalid(
            f"This retro skips the {target.value} phase.",
            code="phase_skipped",
            params={"phase": target.value},
        )


def next_phase(current: Phase, skipped: frozenset[Phase]) -> Phase | None:
    phases = active_phases(skipped)
    later = [p for p in phases if ORDER.index(p) > ORDER.index(current)]
    return later[0] if later else None


def cards_hidden(phase: Phase) -> bool:
    """Before the reveal, a card's text belongs to its author alone."""
    return ORDER.index(phase) < ORDER.index(Phase.REVEAL)


def tallies_hidden(phase: Phase) -> bool:
    """With hidden tallies, whether a viewer sees only their own votes in this phase: until the
    vote is over."""
    return ORDER.index(phase) <= ORDER.index(Phase.VOTE)


def may_add_cards(phase: Phase, collecting_early: bool) -> bool:
    """Cards are written in reflect, or earlier when the team collects them before the meeting."""
    if phase == Phase.REFLECT:
        return True
    return collecting_early and ORDER.index(phase) < ORDER.index(Phase.REFLECT)
