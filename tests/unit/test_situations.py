"""Same-situation grouping and perception gaps on small hand-made boards."""

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from bench import situations as situations_bench

from twofold.domain.sides import Side
from twofold.domain.themes import ThemeCard, recurring_themes
from twofold.domain.vocab import Friction, Polarity
from twofold.insights.situations import (
    GapCard,
    SituationCard,
    cluster,
    disagreement,
    name_for,
    normalise,
    perception_gaps,
    same_situation,
    same_situation_odds,
    situation_odds,
    suggest_groups,
)
from twofold.insights.situations.odds import FEATURES, WEIGHTS
from twofold.insights.situations.similarity import char_grams, views

WELL, BADLY, PROPOSAL = Polarity.WENT_WELL, Polarity.DIDNT_GO_WELL, Polarity.PROPOSAL


def _plain(card_id: str, text: str) -> SituationCard:
    """A card known only by its words: no side, polarity or tag."""
    return SituationCard(card_id, text, None, None, None)


DEBT, TALK, SPEED = Friction.TECH_DEBT, Friction.COMMUNICATION, Friction.VELOCITY_QUALITY
PM, ENG = Side.PRODUCT, Side.ENGINEERING
# A board as people leave it in the group phase: sides, polarities, most cards tagged.
BOARD = [
    SituationCard("a1", "Calendar sync shipped a week early, customers love it", PM, WELL, None),
    SituationCard(
        "a2", "We skipped the load tests on calendar sync to get it out early", ENG, BADLY, SPEED
    ),
    SituationCard("a3", "Calendar sync duplicates events for Outlook users", ENG, BADLY, SPEED),
    SituationCard(
        "b1",
        "The legacy billing module has no tests, every invoice change is scary",
        ENG,
        BADLY,
        DEBT,
    ),
    SituationCard(
        "b2", "Invoice generation in billing took three days to touch again", ENG, BADLY, DEBT
    ),
    SituationCard("c1", "Our daily standup runs 40 minutes, far too long", PM, BADLY, TALK),
    SituationCard("c2", "Standups are far too long, people stop listening", ENG, BADLY, TALK),
    SituationCard("x", "Thanks for the birthday cake", PM, WELL, None),
]


def _groups() -> list[set[str]]:
    return [set(g.card_ids) for g in suggest_groups(BOARD)]


def test_cards_about_three_situations_make_three_groups() -> None:
    groups = _groups()
    assert {"a1", "a2", "a3"} in groups
    assert {"b1", "b2"} in groups
    assert {"c1", "c2"} in groups


def test_a_card_like_no_other_is_left_alone() -> None:
    assert all("x" not in g for g in _groups())


def test_each_group_is_named_after_words_its_cards_share() -> None:
    names = {frozenset(g.card_ids): g.name for g in suggest_groups(BOARD)}
    assert "calendar" in names[frozenset({"a1", "a2", "a3"})].lower()
    assert "standup" in names[frozenset({"c1", "c2"})].lower()
    assert name_for(["the", "we did it"]) == "Same situation"


def test_fewer_than_two_cards_suggest_nothing() -> None:
    assert suggest_groups([]) == []
    assert suggest_groups([_plain("only", "Calendar sync shipped")]) == []


def test_jargon_is_spelled_out_so_it_meets_the_long_form() -> None:
    assert "pipeline" in normalise("CI was red")
    sim = views(["CI was flaky all week", "The build pipeline keeps failing"])
    unrelated = views(["CI was flaky all week", "Lunch on Friday was fun"])
    assert sim.words[0, 1] > 0
    assert unrelated.words[0, 1] == 0


def test_mood_words_do_not_make_two_situations_alike() -> None:
    sim = views(["Great demo, love it", "Great lunch, love it"])
    assert sim.words[0, 1] == 0
    assert sim.grams[0, 1] < 0.1


def test_a_word_every_retro_uses_joins_two_cards_less_than_a_rare_one() -> None:
    # Each pair shares one word and nothing else; on a board of four cards both words are
    # equally rare, but over the example cards "release" is everywhere and "geofence" nowhere.
    sim = views(
        [
            "the release slipped",
            "release notes were late",
            "geofence alerts misfired",
            "nobody owns geofence rules",
        ]
    )
    assert sim.words[2, 3] > sim.words[0, 1] + 0.1


def test_character_runs_stay_inside_words_and_mark_their_edges() -> None:
    assert char_grams("ci run") == [
        *[" ci", "ci ", " ci "],
        *[" ru", "run", "un ", " run", "run ", " run "],
    ]
    assert char_grams("") == []


def test_average_linkage_does_not_chain_through_one_card() -> None:
    # b is like a and like c, but a and c are nothing alike: no cluster holds all three.
    sim = np.array([[1.0, 0.5, 0.0], [0.5, 1.0, 0.5], [0.0, 0.5, 1.0]])
    found = cluster(sim, 0.4)
    assert [0, 1, 2] not in found
    assert sorted(i for members in found for i in members) == [0, 1, 2]


def _card(
    card_id: str,
    text: str,
    side: Side | None,
    polarity: Polarity,
    friction: Friction | None = None,
    topic: str | None = None,
) -> GapCard:
    return GapCard(card_id, text, side, polarity, friction, topic or card_id)


def test_opposite_polarity_on_one_situation_is_a_gap() -> None:
    gaps = perception_gaps(
        [
            _card("p", "Calendar sync shipped a week early, customers love it", Side.PRODUCT, WELL),
            _card(
                "e",
                "We skipped the load tests on calendar sync to ship early",
                Side.ENGINEERING,
                BADLY,
                Friction.VELOCITY_QUALITY,
            ),
            _card("o", "Standup is too long", Side.ENGINEERING, BADLY),
        ]
    )
    assert [(g.product.card_id, g.engineering.card_id, g.kind) for g in gaps] == [
        ("p", "e", "opposite_polarity")
    ]


def test_both_negative_blaming_different_causes_is_a_gap_the_same_cause_is_not() -> None:
    pm = _card(
        "p",
        "SSO was promised to Acme for the 15th and we missed it",
        Side.PRODUCT,
        BADLY,
        Friction.ESTIMATION,
    )
    eng = _card(
        "e",
        "SSO scope kept changing, nobody told us Acme needs SAML",
        Side.ENGINEERING,
        BADLY,
        Friction.REQUIREMENTS_CLARITY,
    )
    agreeing = _card(
        "e2",
        "SSO date for Acme was never realistic",
        Side.ENGINEERING,
        BADLY,
        Friction.ESTIMATION,
    )
    untagged = _card("e3", "SSO for Acme slipped", Side.ENGINEERING, BADLY)
    gaps = perception_gaps([pm, eng, agreeing, untagged])
    assert [(g.engineering.card_id, g.kind) for g in gaps] == [("e", "different_causes")]


def test_same_side_proposals_and_sides_apart_are_never_gaps() -> None:
    text = "Calendar sync shipped early"
    pm = _card("p", text, Side.PRODUCT, WELL)
    assert disagreement(pm, _card("q", text, Side.ENGINEERING, PROPOSAL)) is None
    assert perception_gaps([pm, _card("d", text, Side.PRODUCT, BADLY)]) == []
    assert perception_gaps([pm, _card("m", text, None, BADLY)]) == []


def test_cards_people_put_in_one_group_are_one_situation_whatever_their_words() -> None:
    pm = _card("p", "Customers are delighted", Side.PRODUCT, WELL, topic="g1")
    eng = _card("e", "We cut corners everywhere", Side.ENGINEERING, BADLY, topic="g1")
    assert [g.kind for g in perception_gaps([pm, eng])] == ["opposite_polarity"]
    apart = _card("e", "We cut corners everywhere", Side.ENGINEERING, BADLY, topic="g2")
    assert perception_gaps([pm, apart]) == []


def test_recurring_themes_link_one_situation_told_in_different_words() -> None:
    texts = [
        ("r1", "The legacy checkout service has no tests, every change breaks something"),
        ("r2", "Touching checkout again took two days, that old service is fragile"),
        ("r3", "We need capacity to rewrite the checkout service"),
        ("r1", "Standup ran long"),
        ("r3", "Team lunch was fun"),
    ]
    cards = [
        ThemeCard(f"c{i}", text, retro, date(2026, 1, int(retro[1:])))
        for i, (retro, text) in enumerate(texts)
    ]
    themes = recurring_themes(
        cards,
        cluster_cards=lambda found, _: same_situation([_plain(c.card_id, c.text) for c in found]),
    )
    assert [{c.card_id for c in t.cards} for t in themes] == [{"c0", "c1", "c2"}]
    assert themes[0].retro_ids == ("r1", "r2", "r3")
    assert themes[0].offer_escalation


def test_the_bench_scores_the_dev_set_without_any_blind_set(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # The blind sets are for the benchmark's figures only; no test reads them. The other
    # writers' set is scored by `make bench`: ten thousand cards, too long for a test.
    monkeypatch.setattr(situations_bench, "BLIND", tmp_path / "no-blind-sets")
    dev_only = situations_bench.tuning()[:1]
    assert dev_only[0][0] == "dev"
    monkeypatch.setattr(situations_bench, "tuning", lambda: dev_only)
    situations_bench.main([])
    out = capsys.readouterr().out
    for figure in ("board grouping", "themes across retros", "perception gaps"):
        assert re.search(rf"{figure}\s+precision \d\.\d\d  recall \d\.\d\d", out), figure
    assert re.search(r"labelled cards only: themes precision \d\.\d\d  recall \d\.\d\d", out)
    assert "grouping a board of 50 cards" in out
    assert "(no blind sets under bench/data/blind/)" in out


def test_the_bench_s_diagnostic_keeps_only_pairs_of_two_labelled_cards() -> None:
    found = {frozenset({"a", "b"}), frozenset({"a", "c"}), frozenset({"c", "d"})}
    assert situations_bench._within(found, {"a", "b", "d"}) == {frozenset({"a", "b"})}


def _odds(*cards: SituationCard) -> float:
    return float(same_situation_odds(list(cards))[0, 1])


ONE = "The legacy billing module has no tests"
OTHER = "Billing invoices took three days to change"


def test_agreeing_tags_raise_the_odds_and_differing_tags_lower_them() -> None:
    tagged = [
        _odds(
            SituationCard("a", ONE, None, BADLY, first),
            SituationCard("b", OTHER, None, BADLY, second),
        )
        for first, second in [
            (Friction.TECH_DEBT, Friction.TECH_DEBT),
            (None, None),
            (Friction.TECH_DEBT, Friction.COMMUNICATION),
        ]
    ]
    assert tagged[0] > tagged[1] > tagged[2]


def test_cards_sprints_apart_are_less_likely_one_situation() -> None:
    def apart(sprints: int) -> float:
        return _odds(
            SituationCard("a", ONE, None, BADLY, None, sprint=0),
            SituationCard("b", OTHER, None, BADLY, None, sprint=sprints),
        )

    assert apart(0) > apart(1) > apart(3)
    assert apart(3) == apart(7)  # beyond a few sprints, distance says nothing more


def test_a_proposal_rarely_retells_what_happened() -> None:
    told = SituationCard("a", ONE, None, BADLY, None)
    assert _odds(told, SituationCard("b", OTHER, None, PROPOSAL, None)) < _odds(
        told, SituationCard("b", OTHER, None, BADLY, None)
    )


def test_odds_are_probabilities_one_on_the_diagonal_and_symmetric() -> None:
    odds = same_situation_odds(BOARD)
    assert odds.shape == (len(BOARD), len(BOARD))
    assert np.allclose(np.diag(odds), 1.0)
    assert np.allclose(odds, odds.T)
    assert ((odds >= 0) & (odds <= 1)).all()
    assert same_situation_odds([]).shape == (0, 0)


def test_every_measure_has_a_fitted_weight() -> None:
    # `python -m bench situations --fit` prints one weight per measure; a measure added
    # without refitting would silently weigh nothing.
    assert list(WEIGHTS) == list(FEATURES)
    assert all(weight != 0 for weight in WEIGHTS.values())


def test_blaming_different_causes_is_judged_without_the_tags() -> None:
    # Differing tags lower the odds of one situation, but for two sides blaming different
    # causes the difference is the point: such a pair is judged on the odds without tags.
    pm = SituationCard(
        "p", "SSO for Acme slipped past the promised date", PM, BADLY, Friction.ESTIMATION
    )
    eng = SituationCard(
        "e",
        "SSO for Acme: the requirements changed twice",
        ENG,
        BADLY,
        Friction.REQUIREMENTS_CLARITY,
    )
    found = situation_odds([pm, eng])
    assert found.untagged[0, 1] > found.tagged[0, 1]
    assert found.untagged[0, 1] == pytest.approx(
        same_situation_odds([replace(pm, friction=None), replace(eng, friction=None)])[0, 1]
    )
