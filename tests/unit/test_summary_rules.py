"""The closing summary's rules: when it is ready, topics in vote order, friction counts, and
the satisfaction average's floor."""

from datetime import UTC, datetime, timedelta

from twofold.domain.entities import Column
from twofold.domain.events import CardView, GroupView
from twofold.domain.phases import Phase
from twofold.domain.signals import PULSES_SHOWN_MIN, SprintSignals
from twofold.domain.summary import (
    FrictionCount,
    friction_by_column,
    friction_by_role,
    summary_ready,
    topics_in_vote_order,
)
from twofold.domain.vocab import Friction, Polarity, Role

T0 = datetime(2026, 1, 5, 10, tzinfo=UTC)
COLUMNS = [
    Column("c2", "r", "Engineering Perspective", 1, (Polarity.WENT_WELL,)),
    Column("c1", "r", "Product Perspective", 0, (Polarity.WENT_WELL,)),
]


def _card(card_id: str, column: str, minute: int, **fields: object) -> CardView:
    return CardView(
        id=card_id,
        column_id=column,
        text=f"text of {card_id}",
        created_at=T0 + timedelta(minutes=minute),
        **fields,
    )


def test_only_a_closed_retro_has_a_summary_but_facilitators_may_preview() -> None:
    assert summary_ready(Phase.CLOSED, facilitator=False)
    assert not summary_ready(Phase.DISCUSS, facilitator=False)
    assert summary_ready(Phase.REFLECT, facilitator=True)


def test_topics_come_most_voted_first_ties_in_board_order_hidden_cards_left_out() -> None:
    cards = [
        _card("a", "c2", 1),
        _card("b", "c1", 5),
        _card("g1", "c2", 2, group_id="grp"),
        _card("g2", "c1", 3, group_id="grp"),
        CardView(id="h", column_id="c1", hidden=True),
        CardView(id="h2", column_id="c1", group_id="hidden-group", hidden=True),
    ]
    groups = [GroupView(id="grp", title="Release"), GroupView(id="hidden-group", title="x")]
    topics = topics_in_vote_order(
        cards, groups, {"grp": 2, "a": 2, "b": 5}, {"grp": "We agreed"}, COLUMNS
    )
    assert [t.id for t in topics] == ["b", "grp", "a"]
    grp = topics[1]
    assert (grp.title, grp.votes, grp.notes) == ("Release", 2, "We agreed")
    # Inside a topic, cards read left to right across the columns.
    assert [c.id for c in grp.cards] == ["g2", "g1"]
    assert topics[0].title is None
    assert topics[2].notes is None


def test_no_cards_no_topics() -> None:
    assert topics_in_vote_order([], [GroupView(id="g", title="Empty")], {"g": 3}, {}, COLUMNS) == []


def test_friction_is_counted_per_column_and_per_shown_role() -> None:
    cards = [
        _card("1", "c1", 1, friction=Friction.TECH_DEBT, author_role=Role.ENG),
        _card("2", "c1", 2, friction=Friction.TECH_DEBT, author_role=Role.PM),
        _card("3", "c1", 3, friction=Friction.ESTIMATION, author_role=Role.PM),
        _card("4", "c2", 4, friction=Friction.ESTIMATION),  # role hidden: no role counted
        _card("5", "c2", 5, author_role=Role.ENG),  # no friction named
        CardView(id="6", column_id="c2", hidden=True),
    ]
    assert friction_by_column(cards) == {
        "c1": [FrictionCount(Friction.TECH_DEBT, 2), FrictionCount(Friction.ESTIMATION, 1)],
        "c2": [FrictionCount(Friction.ESTIMATION, 1)],
    }
    assert friction_by_role(cards) == {
        "eng": [FrictionCount(Friction.TECH_DEBT, 1)],
        # Ties follow the order friction points are listed in.
        "pm": [FrictionCount(Friction.TECH_DEBT, 1), FrictionCount(Friction.ESTIMATION, 1)],
    }


def test_satisfaction_is_shown_only_from_three_pulses() -> None:
    assert PULSES_SHOWN_MIN == 3
    assert SprintSignals(satisfaction_pulses=(5, 1)).shown_satisfaction is None
    assert SprintSignals().shown_satisfaction is None
    assert SprintSignals(satisfaction_pulses=(5, 1, 3)).shown_satisfaction == 3
