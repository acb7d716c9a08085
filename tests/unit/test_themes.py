"""Recurring themes across a team's retros."""

from datetime import date, timedelta

import pytest

from twofold.domain.errors import Invalid
from twofold.domain.themes import (
    ThemeCard,
    escalation_draft,
    recurring_themes,
    stem,
    tokens,
)
from twofold.domain.vocab import Friction

START = date(2024, 1, 10)


def _retro(n: int) -> tuple[str, date]:
    return f"r{n}", START + timedelta(weeks=2 * n)


def _card(
    n: int,
    text: str,
    card: str = "",
    friction: Friction | None = None,
    debt: str | None = None,
) -> ThemeCard:
    retro_id, when = _retro(n)
    return ThemeCard(card or f"{retro_id}-{text[:12]}", text, retro_id, when, friction, debt)


NOISE = [
    _card(1, "Great pairing on the search feature"),
    _card(2, "Loved the demo day"),
    _card(3, "Design handoff came late"),
    _card(4, "Customer calls gave great context"),
    _card(1, "Too many meetings this sprint"),
    _card(4, "Too many meetings, no focus"),
]


@pytest.mark.parametrize(
    ("forms", "expected"),
    [
        (["deploy", "deploys", "deploying", "deployed", "deployment"], "deploy"),
        (["pipeline", "pipelines"], "pipelin"),
        (["requirements", "required", "requirement"], "requir"),
        (["story", "stories"], "story"),
        (["estimate", "estimates", "estimation"], "estimat"),
        (["planned", "planning", "plan"], "plan"),
    ],
)
def test_the_stemmer_brings_word_forms_together(forms: list[str], expected: str) -> None:
    assert {stem(f) for f in forms} == {expected}


def test_stemming_leaves_short_and_special_words_alone() -> None:
    assert [stem(w) for w in ("process", "status", "speed", "uses", "bus")] == [
        "process",
        "status",
        "speed",
        "use",
        "bus",
    ]


def test_tokens_drop_stop_words_numbers_and_contractions() -> None:
    assert tokens("Deploys slow, pipeline takes 40 min; can't ship") == [
        ("deploy", "deploys"),
        ("slow", "slow"),
        ("pipelin", "pipeline"),
        ("ship", "ship"),
    ]


def test_differently_worded_cards_about_the_same_problem_form_one_theme() -> None:
    cards = [
        _card(1, "The deploy pipeline is slow again"),
        _card(2, "Deploys slow, pipeline takes 40 min"),
        _card(4, "Slow deployment pipeline blocks hotfixes"),
        *NOISE,
    ]
    [theme] = recurring_themes(cards)
    assert theme.retro_ids == ("r1", "r2", "r4")
    assert len(theme.cards) == 3
    assert set(theme.terms) == {"deploy", "pipeline", "slow"}
    assert theme.label == ", ".join(theme.terms)
    assert (theme.first_seen, theme.last_seen) == (_retro(1)[1], _retro(4)[1])


def test_three_retros_or_two_in_a_row() -> None:
    in_a_row = [_card(2, "Flaky tests in CI block merges"), _card(3, "Flaky tests again")]
    apart = [_card(1, "Standup runs long"), _card(3, "Standup runs long, again")]
    themes = recurring_themes([*in_a_row, *apart, *NOISE])
    assert [t.retro_ids for t in themes] == [("r2", "r3")]
    # Requiring three in a row, the flaky tests are not yet a pattern.
    assert recurring_themes([*in_a_row, *NOISE], consecutive_retros=3) == []
    # Two retros are enough when the team says so.
    themes = recurring_themes([*in_a_row, *apart, *NOISE], min_retros=2)
    assert {t.label: t.retro_ids for t in themes} == {
        "flaky, tests": ("r2", "r3"),
        "long, runs, standup": ("r1", "r3"),
        "meetings": ("r1", "r4"),
    }


def test_a_retro_without_cards_breaks_a_streak_when_the_order_is_given() -> None:
    cards = [_card(2, "Flaky tests in CI block merges"), _card(4, "Flaky tests again")]
    assert len(recurring_themes(cards)) == 1  # r2 and r4 look adjacent from the cards alone
    assert recurring_themes(cards, retro_order=["r1", "r2", "r3", "r4"]) == []
    with pytest.raises(Invalid, match="missing from the order: r4"):
        recurring_themes(cards, retro_order=["r2"])


def test_one_retro_repeating_itself_is_not_a_recurring_theme() -> None:
    cards = [_card(1, "Slow builds", card=f"c{i}") for i in range(4)]
    assert recurring_themes(cards) == []


def test_debt_like_themes_are_offered_for_escalation_unless_already_linked() -> None:
    tagged = [
        _card(1, "Billing module is a mess to change", friction=Friction.TECH_DEBT),
        _card(2, "Billing module mess slowed the invoice story"),
    ]
    [theme] = recurring_themes(tagged)
    assert theme.friction is Friction.TECH_DEBT
    assert theme.offer_escalation
    linked = [tagged[0], _card(2, "Billing module mess again", debt="d7")]
    [theme] = recurring_themes(linked)
    assert theme.debt_item_ids == ("d7",)
    assert not theme.offer_escalation


def test_process_themes_are_not_offered_as_debt() -> None:
    cards = [
        _card(1, "Checkout requirements unclear", friction=Friction.REQUIREMENTS_CLARITY),
        _card(2, "Requirements for checkout were unclear", friction=Friction.REQUIREMENTS_CLARITY),
    ]
    [theme] = recurring_themes(cards)
    assert theme.friction is Friction.REQUIREMENTS_CLARITY
    assert not theme.offer_escalation
    untagged_debt = [_card(1, "Flaky tests in CI"), _card(2, "CI tests flaky")]
    assert recurring_themes(untagged_debt)[0].offer_escalation


def test_cards_with_no_meaningful_words_are_ignored() -> None:
    cards = [_card(1, "+1"), _card(2, "Again!"), _card(3, "same as last time")]
    assert recurring_themes(cards) == []


def test_escalation_draft_is_a_debt_item_waiting_for_both_scores() -> None:
    cards = [
        _card(1, "The deploy pipeline is slow again"),
        _card(2, "Deploys slow, pipeline takes 40 min"),
    ]
    [theme] = recurring_themes(cards)
    draft = escalation_draft(theme)
    assert draft.title == f"Recurring: {theme.label}"
    assert draft.description.startswith("Raised in 2 retros between Jan 24, 2024 and Feb 7, 2024:")
    assert "- Deploys slow, pipeline takes 40 min (Feb 7, 2024)" in draft.description
    assert (draft.drag_hours, draft.impact, draft.effort) == (None, None, None)


def test_bad_parameters_are_refused() -> None:
    with pytest.raises(Invalid, match="at least 2 retros"):
        recurring_themes([], min_retros=1)
    with pytest.raises(Invalid, match="similarity threshold"):
        recurring_themes([], similarity=0)
