"""The taxonomy's edge cases as behaviour of the shipped model: where the guide files a card, when
the suggester says nothing, and what the card's context changes. None of these cards is in the
shipped data (checked below), so each says what the model does with words it has not seen."""

import pytest

from twofold.domain.templates import TEMPLATES, column_kind
from twofold.domain.vocab import ColumnKind, Friction, Polarity, Role, TemplateKey
from twofold.insights.friction import Suggester, default_suggester, load_examples
from twofold.insights.friction.dataset import UNKNOWN, CardContext, normalise
from twofold.insights.friction.suggester import ABSTAIN_BELOW, abstains

TECH_LEAD_ENG = CardContext(ColumnKind.ENGINEERING, Polarity.DIDNT_GO_WELL, Role.TECH_LEAD)
PM_PRODUCT = CardContext(ColumnKind.PRODUCT, Polarity.DIDNT_GO_WELL, Role.PM)
PROPOSAL = CardContext(ColumnKind.COLLABORATION, Polarity.PROPOSAL, Role.ENG)

FILED: list[tuple[str, CardContext, Friction]] = [
    # The guide lists scope added mid-sprint under estimation, not requirements.
    (
        "The PM dropped two extra stories into the sprint on Wednesday and we were still held "
        "to the original goal",
        UNKNOWN,
        Friction.ESTIMATION,
    ),
    (
        "Stakeholders kept adding work after planning and nothing came out",
        UNKNOWN,
        Friction.ESTIMATION,
    ),
    # Tech debt whether or not the card says "debt".
    (
        "Every small change to the old shipping service takes days because nobody understands it",
        UNKNOWN,
        Friction.TECH_DEBT,
    ),
    (
        "We're still on the 2016 version of the mapping SDK and it blocks every new feature",
        TECH_LEAD_ENG,
        Friction.TECH_DEBT,
    ),
    # A proposal carries the friction point it would improve.
    (
        "Let's write acceptance criteria together before the sprint starts",
        PROPOSAL,
        Friction.REQUIREMENTS_CLARITY,
    ),
    (
        "Block an afternoon every sprint to clean up the old importer",
        PROPOSAL,
        Friction.TECH_DEBT,
    ),
]

ABOUT_NONE: list[tuple[str, CardContext]] = [
    ("Big thanks to Fatima for organising lunch on Friday", UNKNOWN),
    (
        "Big thanks to Fatima for organising lunch on Friday",
        CardContext(ColumnKind.PRODUCT, Polarity.WENT_WELL, Role.PM),
    ),
    ("The email provider had an outage on Monday", UNKNOWN),
    ("fjdksla qpwoeiru zmxncb", UNKNOWN),
    ("asdf jkl; qwer", UNKNOWN),
]

BORDERLINE = "onboarding took forever"
# Cards whose words alone lean one way or the other; context must still move them.
LEANING = ["checkout took forever", "the import took forever", "onboarding took forever"]


@pytest.fixture(scope="module")
def suggester() -> Suggester:
    return default_suggester()


def test_no_edge_case_card_is_a_training_card() -> None:
    shipped = {normalise(e.text) for e in load_examples()}
    cards = [t for t, _, _ in FILED] + [t for t, _ in ABOUT_NONE] + [BORDERLINE, *LEANING]
    assert [t for t in cards if normalise(t) in shipped] == []


@pytest.mark.parametrize(("text", "context", "friction"), FILED)
def test_cards_are_filed_where_the_guide_puts_them(
    suggester: Suggester, text: str, context: CardContext, friction: Friction
) -> None:
    best = suggester.best(text, context)
    assert best is not None
    assert best.friction is friction


@pytest.mark.parametrize(("text", "context"), ABOUT_NONE)
def test_cards_about_none_of_the_five_get_no_suggestion(
    suggester: Suggester, text: str, context: CardContext
) -> None:
    assert suggester.suggest(text, context=context) == []
    assert suggester.best(text, context) is None


def test_gibberish_is_not_even_ranked(suggester: Suggester) -> None:
    # No word of it was ever seen: there is nothing to rank it by.
    assert suggester.rank("fjdksla qpwoeiru zmxncb") == []


def test_a_card_about_nothing_ranks_none_first(suggester: Suggester) -> None:
    ranked = suggester.rank("Big thanks to Fatima for organising lunch on Friday")
    assert ranked[0][0] is None


def test_context_moves_a_card_between_two_friction_points_towards_its_author(
    suggester: Suggester,
) -> None:
    # The same words weigh towards the code's fault from a tech lead in the engineering column,
    # towards the plan's from a PM in the product column; known context changes the figures.
    lead = dict(suggester.rank(BORDERLINE, TECH_LEAD_ENG))
    pm = dict(suggester.rank(BORDERLINE, PM_PRODUCT))
    unknown = dict(suggester.rank(BORDERLINE, UNKNOWN))
    top_two = {Friction.TECH_DEBT, Friction.ESTIMATION}
    assert set(sorted(unknown, key=lambda f: -unknown[f])[:2]) == top_two
    assert (
        lead[Friction.TECH_DEBT] - lead[Friction.ESTIMATION]
        > pm[Friction.TECH_DEBT] - pm[Friction.ESTIMATION]
    )
    assert lead != unknown != pm


@pytest.mark.parametrize("text", LEANING)
def test_context_moves_a_card_even_where_its_words_lean_one_way(
    suggester: Suggester, text: str
) -> None:
    tech_lead = dict(suggester.rank(text, TECH_LEAD_ENG))
    pm = dict(suggester.rank(text, PM_PRODUCT))
    assert tech_lead[Friction.TECH_DEBT] > pm[Friction.TECH_DEBT]
    assert pm[Friction.ESTIMATION] > tech_lead[Friction.ESTIMATION]


def test_abstaining_below_the_threshold() -> None:
    assert abstains([])
    assert abstains([(None, 0.9), (Friction.TECH_DEBT, 0.1)])
    assert abstains([(Friction.TECH_DEBT, ABSTAIN_BELOW - 0.01), (None, 0.2)])
    assert not abstains([(Friction.TECH_DEBT, ABSTAIN_BELOW), (None, 0.2)])
    assert abstains([(Friction.TECH_DEBT, 0.7)], threshold=0.8)


def test_none_is_an_outcome_never_a_tag() -> None:
    assert len(Friction) == 5
    assert "none" not in {str(f) for f in Friction}


def test_column_kinds_come_from_the_pm_engineering_template() -> None:
    kinds = [c.kind for c in TEMPLATES[TemplateKey.PM_ENGINEERING].columns]
    assert kinds == [ColumnKind.PRODUCT, ColumnKind.ENGINEERING, ColumnKind.COLLABORATION]
    assert column_kind("Product Perspective") is ColumnKind.PRODUCT
    assert column_kind("  engineering perspective ") is ColumnKind.ENGINEERING
    assert column_kind("Collaboration Improvements") is ColumnKind.COLLABORATION
    # Columns of other templates, renamed ones and a team's own have no kind.
    assert column_kind("Glad") is None
    assert column_kind("Product thoughts") is None
