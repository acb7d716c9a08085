"""Action items between retros: who owns them, how their status may move, how the next retro
reviews them, and how well the team follows through.

Follow-through rate = done ÷ due, as of a date D, counting only items created on or before D:

- *due*: the item's due date is on or before D, or it was completed on or before D (finishing
  early counts as due and done, so the rate never exceeds 1). An item without a due date cannot
  be late, so it only counts once done.
- *dropped* items are left out of both sides when they were dropped on or before their due date
  (or had none): dropping with a reason is a decision, not a broken promise. An item dropped
  after its due date had already been missed, so it counts as due and not done.
- *done* means marked done on or before D; an item finished after D was still open on D.

The rate is None when nothing is due, so a quiet period is not shown as 0 % or 100 %.
"""

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from typing import Annotated, Literal, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from twofold.domain.dates import people_date
from twofold.domain.errors import Invalid

ACTION_TITLE_MAX = 200
DROP_REASON_MAX = 500
CARRY_OVER_WARN = 2

UserId = Annotated[str, StringConstraints(min_length=1, max_length=64)]


class ActionCategory(StrEnum):
    REQUIREMENTS_CLARITY = "requirements_clarity"
    VELOCITY_QUALITY = "velocity_quality"
    TECH_DEBT = "tech_debt"
    COMMUNICATION_RITUALS = "communication_rituals"


class ActionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


# Done and dropped can be reopened: a premature click should never be permanent.
TRANSITIONS: dict[ActionStatus, frozenset[ActionStatus]] = {
    ActionStatus.OPEN: frozenset(
        {ActionStatus.IN_PROGRESS, ActionStatus.DONE, ActionStatus.DROPPED}
    ),
    ActionStatus.IN_PROGRESS: frozenset(
        {ActionStatus.OPEN, ActionStatus.DONE, ActionStatus.DROPPED}
    ),
    ActionStatus.DONE: frozenset({ActionStatus.OPEN}),
    ActionStatus.DROPPED: frozenset({ActionStatus.OPEN}),
}

ACTIVE = frozenset({ActionStatus.OPEN, ActionStatus.IN_PROGRESS})


class PersonOwner(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["person"] = "person"
    user_id: UserId


class JointOwner(BaseModel):
    """PM and tech lead owning an item together, for changes neither side can make alone."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["joint"] = "joint"
    pm_user_id: UserId
    tech_lead_user_id: UserId

    @model_validator(mode="after")
    def _two_people(self) -> Self:
        if self.pm_user_id == self.tech_lead_user_id:
            raise ValueError("A joint owner needs two different people: the PM and the tech lead.")
        return self


Owner = Annotated[PersonOwner | JointOwner, Field(discriminator="kind")]


def owner_ids(owner: PersonOwner | JointOwner) -> tuple[str, ...]:
    if isinstance(owner, PersonOwner):
        return (owner.user_id,)
    return (owner.pm_user_id, owner.tech_lead_user_id)


def check_due(created_on: date, due: date | None) -> None:
    if due is not None and due < created_on:
        raise Invalid(
            f"The due date ({people_date(due)}) cannot be before the day the action item was "
            f"created ({people_date(created_on)}).",
            code="validation_error",
        )


class NewActionItem(BaseModel):
    """What someone submits when they agree an action in a retro."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=ACTION_TITLE_MAX)
    ]
    category: ActionCategory
    owner: Owner
    created_on: date
    due: date | None = None

    @model_validator(mode="after")
    def _due_not_in_the_past(self) -> Self:
        if self.due is not None and self.due < self.created_on:
            raise ValueError(
                f"The due date ({people_date(self.due)}) cannot be before the day the action "
                f"item was created ({people_date(self.created_on)})."
            )
        return self


@dataclass(frozen=True)
class ActionItem:
    id: str
    team_id: str
    title: str
    # None only on items agreed before categories and owners were required; such items still
    # count towards the team's rate, never towards a category's.
    category: ActionCategory | None
    owner: PersonOwner | JointOwner | None
    created_on: date
    due: date | None = None
    status: ActionStatus = ActionStatus.OPEN
    closed_on: date | None = None
    drop_reason: str | None = None
    carry_count: int = 0
    source_retro_id: str | None = None

    def __post_init__(self) -> None:
        # The follow-through rate reads these fields; an item that breaks them would be
        # counted wrongly without anyone noticing, so it cannot be built at all.
        check_due(self.created_on, self.due)
        closed = self.status not in ACTIVE
        if closed != (self.closed_on is not None):
            raise Invalid(
                "An action item has a closing date exactly when it is done or dropped.",
                code="validation_error",
            )
        if self.closed_on is not None and self.closed_on < self.created_on:
            raise Invalid("An action item cannot be closed before it was created.")
        if (self.status == ActionStatus.DROPPED) != bool(self.drop_reason):
            raise Invalid(
                "A dropped action item needs its reason, and only a dropped one has one.",
                code="validation_error",
            )

    @property
    def needs_rethink(self) -> bool:
        """Carried over again and again: time to split it, reassign it or drop it."""
        return self.carry_count >= CARRY_OVER_WARN


def transition(
    item: ActionItem, target: ActionStatus, on: date, reason: str | None = None
) -> ActionItem:
    """Move an item to `target` on day `on`; dropping needs a reason the team can read later."""
    if target == item.status:
        raise Invalid(
            f"The action item is already {target.value}.",
            code="same_status",
            params={"status": target.value},
        )
    if target not in TRANSITIONS[item.status]:
        raise Invalid(
            f"An action item that is {item.status.value} cannot become {target.value}; "
            "reopen it first.",
            code="bad_transition",
            params={"status": item.status.value, "target": target.value},
        )
    cleaned = (reason or "").strip()
    if target == ActionStatus.DROPPED:
        if not cleaned:
            raise Invalid(
                "Say why the action item is dropped, so the team remembers the decision.",
                code="reason_required",
            )
        if len(cleaned) > DROP_REASON_MAX:
            raise Invalid(
                f"The reason can be at most {DROP_REASON_MAX} characters.", code="validation_error"
            )
    elif cleaned:
        raise Invalid("A reason is only recorded when dropping an action item.")
    if on < item.created_on:
        raise Invalid("An action item cannot change status before it was created.")
    closing = target in {ActionStatus.DONE, ActionStatus.DROPPED}
    return replace(
        item,
        status=target,
        closed_on=on if closing else None,
        drop_reason=cleaned if target == ActionStatus.DROPPED else None,
    )


class ReviewOutcome(StrEnum):
    DONE = "done"
    CARRY_OVER = "carry_over"
    DROP = "drop"


def review(
    item: ActionItem,
    outcome: ReviewOutcome,
    on: date,
    *,
    reason: str | None = None,
    new_due: date | None = None,
) -> ActionItem:
    """Apply what the next retro decided about an item it went through in its review phase."""
    if item.status not in ACTIVE:
        raise Invalid(
            f"Only open action items are reviewed; this one is {item.status.value}.",
            code="bad_transition",
        )
    if new_due is not None and outcome != ReviewOutcome.CARRY_OVER:
        raise Invalid("A new due date only applies when carrying an item over.")
    if reason and reason.strip() and outcome != ReviewOutcome.DROP:
        raise Invalid("A reason is only recorded when dropping an action item.")
    if outcome == ReviewOutcome.DONE:
        return transition(item, ActionStatus.DONE, on)
    if outcome == ReviewOutcome.DROP:
        return transition(item, ActionStatus.DROPPED, on, reason)
    if new_due is not None and new_due < on:
        raise Invalid(
            f"A carried-over item's new due date ({people_date(new_due)}) cannot be before "
            f"the review ({people_date(on)}).",
            code="validation_error",
        )
    return replace(item, carry_count=item.carry_count + 1, due=new_due or item.due)


def is_overdue(item: ActionItem, as_of: date) -> bool:
    return item.status in ACTIVE and item.due is not None and item.due < as_of


@dataclass(frozen=True)
class FollowThrough:
    due: int
    done: int
    excluded_drops: int

    @property
    def rate(self) -> float | None:
        return self.done / self.due if self.due else None


def follow_through(items: Iterable[ActionItem], as_of: date) -> FollowThrough:
    """Done ÷ due as of `as_of`; the module docstring defines both precisely."""
    due = done = excluded = 0
    for item in items:
        if item.created_on > as_of:
            continue
        closed_by_then = item.closed_on is not None and item.closed_on <= as_of
        if item.status == ActionStatus.DONE and closed_by_then:
            due += 1
            done += 1
        elif item.status == ActionStatus.DROPPED and closed_by_then:
            assert item.closed_on is not None
            if item.due is not None and item.closed_on > item.due:
                due += 1
            else:
                excluded += 1
        elif item.due is not None and item.due <= as_of:
            due += 1
    return FollowThrough(due=due, done=done, excluded_drops=excluded)


K = TypeVar("K", bound=Hashable)


def _grouped(
    items: Iterable[ActionItem], as_of: date, key: Callable[[ActionItem], K]
) -> dict[K, FollowThrough]:
    groups: dict[K, list[ActionItem]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return {k: follow_through(group, as_of) for k, group in groups.items()}


def follow_through_by_category(
    items: Iterable[ActionItem], as_of: date
) -> dict[ActionCategory, FollowThrough]:
    """Every category is present, so a chart shows an empty bar rather than a missing one."""
    found = _grouped(items, as_of, lambda i: i.category)
    empty = FollowThrough(0, 0, 0)
    return {c: found.get(c, empty) for c in ActionCategory}


def overdue_first(items: Sequence[ActionItem], as_of: date) -> list[ActionItem]:
    """Open items for review: overdue ones first (oldest due first), then by due date."""
    active = [i for i in items if i.status in ACTIVE]
    return sorted(
        active,
        key=lambda i: (not is_overdue(i, as_of), i.due is None, i.due or date.max, i.created_on),
    )
