"""The closing summary of a retro, from the board as one viewer sees it.

Everything here works on what has already been shaped for the viewer (`CardView`s from
`visibility`, the tallies `snapshot.votes_seen` lets them see), so a summary can never show
more than the board would: a hidden card has no text to list and no friction to count, and an
anonymous card without its role counts under no role.

A summary is for a retro that is over. While it runs, its facilitators may preview it (to see
how it will read), and nobody else sees one: half-finished topics and votes would travel as if
they were the outcome.
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from twofold.domain.entities import Column
from twofold.domain.events import CardView, GroupView
from twofold.domain.phases import Phase
from twofold.domain.vocab import Friction


def summary_ready(phase: Phase, *, facilitator: bool) -> bool:
    return phase == Phase.CLOSED or facilitator


@dataclass(frozen=True)
class Topic:
    """A group of cards, or a card on its own, as it was voted on and discussed."""

    id: str
    title: str | None
    """The group's title; None for a card on its own (its text says it)."""
    votes: int
    notes: str | None
    cards: tuple[CardView, ...]


@dataclass(frozen=True)
class FrictionCount:
    friction: Friction
    count: int


def topics_in_vote_order(
    cards: Iterable[CardView],
    groups: Iterable[GroupView],
    votes: Mapping[str, int],
    notes: Mapping[str, str],
    columns: Iterable[Column],
) -> list[Topic]:
    """Topics with the most votes first; ties keep the board's order (columns left to right,
    then the order cards were written), so the summary reads like the board did. Hidden cards
    are left out, and a group whose cards are all hidden is too."""
    position = {c.id: c.position for c in columns}
    shown = [c for c in cards if not c.hidden]
    by_group: dict[str, list[CardView]] = {}
    singles: list[CardView] = []
    for card in shown:
        if card.group_id is None:
            singles.append(card)
        else:
            by_group.setdefault(card.group_id, []).append(card)

    def ordered(members: list[CardView]) -> tuple[CardView, ...]:
        return tuple(sorted(members, key=lambda c: (position.get(c.column_id, 0), _written(c))))

    topics: list[tuple[tuple[int, float, str], Topic]] = []
    for group in groups:
        members = ordered(by_group.get(group.id, []))
        if members:
            topic = Topic(
                group.id, group.title, votes.get(group.id, 0), notes.get(group.id), members
            )
            topics.append((_where(members[0], position), topic))
    for card in singles:
        topic = Topic(card.id, None, votes.get(card.id, 0), notes.get(card.id), (card,))
        topics.append((_where(card, position), topic))
    topics.sort(key=lambda pair: (-pair[1].votes, pair[0]))
    return [topic for _, topic in topics]


def _written(card: CardView) -> float:
    return card.created_at.timestamp() if card.created_at else 0.0


def _where(card: CardView, position: Mapping[str, int]) -> tuple[int, float, str]:
    return (position.get(card.column_id, 0), _written(card), card.id)


def friction_by_column(cards: Iterable[CardView]) -> dict[str, list[FrictionCount]]:
    """For each column id, how many shown cards named each friction point, most first."""
    counts: dict[str, Counter[Friction]] = {}
    for card in cards:
        if card.friction is not None:
            counts.setdefault(card.column_id, Counter())[card.friction] += 1
    return {column: _ranked(c) for column, c in counts.items()}


def friction_by_role(cards: Iterable[CardView]) -> dict[str, list[FrictionCount]]:
    """For each author role the viewer can see, how many cards named each friction point.
    Cards whose role is not shown (anonymous retros that hide roles) count under none."""
    counts: dict[str, Counter[Friction]] = {}
    for card in cards:
        if card.friction is not None and card.author_role is not None:
            counts.setdefault(card.author_role.value, Counter())[card.friction] += 1
    return {role: _ranked(c) for role, c in counts.items()}


def _ranked(counts: Counter[Friction]) -> list[FrictionCount]:
    order = list(Friction)
    items = sorted(counts.items(), key=lambda kv: (-kv[1], order.index(kv[0])))
    return [FrictionCount(friction, n) for friction, n in items]


@dataclass(frozen=True)
class SummaryShare:
    """A read-only link to a retro's summary for someone without an account."""

    id: str
    retro_id: str
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    created_by: str | None

    def problem(self, now: datetime) -> str | None:
        """Why the link no longer opens the summary, as an error code, or None while it does."""
        if self.revoked_at is not None:
            return "share_revoked"
        if self.expires_at is not None and self.expires_at <= now:
            return "share_expired"
        return None


SHARE_PROBLEMS = {
    "share_revoked": "This link to a retro summary was turned off by the team. Ask them for a "
    "new one if you still need it.",
    "share_expired": "This link to a retro summary has expired. Ask the team for a new one.",
}
