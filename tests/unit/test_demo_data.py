"""The demo's data and dates, checked without a database: what the loader relies on, and that
the story it tells holds whatever day it is loaded on and whatever ids its cards get."""

import random
from datetime import date, timedelta
from itertools import pairwise

import pytest

from twofold.domain.retro_settings import RetroSettings
from twofold.domain.themes import ThemeCard, recurring_themes
from twofold.services.demo import sprint_dates, workdays_after
from twofold.services.demo_data import DEBT_ITEMS, PEOPLE
from twofold.services.demo_sprints import SPRINTS

# A Monday, so the seven days from it are one of each weekday.
MONDAY = date(2026, 3, 2)


def test_workdays_after_skips_weekends() -> None:
    friday = date(2026, 3, 6)
    assert workdays_after(friday, 1) == date(2026, 3, 9)
    assert workdays_after(friday, 5) == date(2026, 3, 13)
    assert workdays_after(date(2026, 3, 7), 1) == date(2026, 3, 9), "from a Saturday"
    assert workdays_after(MONDAY, 0) == MONDAY


@pytest.mark.parametrize("offset", range(7))
def test_sprints_end_on_a_working_day_a_few_days_ago_back_to_back(offset: int) -> None:
    today = MONDAY + timedelta(days=offset)
    sprints = sprint_dates(today, 3)
    assert len(sprints) == 3
    assert 4 <= (today - sprints[-1].end).days <= 6
    for sprint in sprints:
        assert sprint.start.weekday() < 5
        assert sprint.end.weekday() < 5
        assert 9 <= (sprint.end - sprint.start).days <= 13
    for earlier, later in pairwise(sprints):
        assert (later.end - earlier.end).days == 14
        assert 1 <= (later.start - earlier.end).days <= 3
    # The last retro's first action item (one working day later) is late by today.
    assert workdays_after(sprints[-1].end, 1) < today
    assert sprint_dates(today, 0) == []


def test_every_reference_in_the_sprints_resolves() -> None:
    agreed: set[str] = set()
    for sprint in SPRINTS:
        cards = {c.key for c in sprint.cards}
        groups = {g.key for g in sprint.groups}
        assert len(cards) == len(sprint.cards), "card keys are unique"
        for group in sprint.groups:
            assert set(group.cards) <= cards, group.key
        grouped = [k for g in sprint.groups for k in g.cards]
        assert len(grouped) == len(set(grouped)), "a card is in one group at most"
        topics = (cards - set(grouped)) | groups
        settings = RetroSettings(
            **(sprint.settings.model_dump(exclude_none=True, exclude={"name"}))
            if sprint.settings
            else {}
        )
        assert len(sprint.votes) == len(PEOPLE)
        for picks in sprint.votes:
            assert set(picks) <= topics, picks
            assert len(picks) <= settings.votes_per_person
            assert max(picks.count(t) for t in picks) <= settings.max_votes_per_card
        assert {key for key, _ in sprint.notes} <= topics
        assert {a.topic for a in sprint.actions} <= topics
        assert {key for _, key, _ in sprint.reactions} <= cards
        # Reviews look back at items earlier retros agreed, each once per retro.
        reviewed = [r.action for r in sprint.reviews]
        assert set(reviewed) <= agreed
        assert len(reviewed) == len(set(reviewed))
        agreed |= {a.key for a in sprint.actions}
        assert len(sprint.pulses) == len(PEOPLE)
    cards_made = {c.key for s in SPRINTS for c in s.cards}
    assert {d.from_card for d in DEBT_ITEMS if d.from_card} <= cards_made


def test_signals_agree_with_the_sprint_capacity() -> None:
    for sprint in SPRINTS:
        total, debt = sprint.capacity
        assert sprint.signals.points_committed == total
        assert sprint.signals.tech_debt_share == round(100 * debt / total)


@pytest.mark.parametrize("seed", range(20))
def test_themes_hold_whatever_ids_the_cards_get(seed: int) -> None:
    """Cards are clustered in id order within a retro, and ids are random, so the demo's
    themes must not depend on which card happens to come first."""
    rng = random.Random(seed)
    order = [f"r{s.number}" for s in SPRINTS]
    cards = [
        ThemeCard(f"{rng.getrandbits(64):016x}", c.text, f"r{s.number}", date(2026, 1, 1), None)
        for s in SPRINTS
        for c in s.cards
    ]
    themes = recurring_themes(cards, retro_order=order)
    across_all = {t.label for t in themes if len(t.retro_ids) == len(SPRINTS)}
    for word in ("promo", "flaky", "payment"):
        assert any(word in label for label in across_all), (word, across_all)
