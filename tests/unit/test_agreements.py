"""Team agreements: Definition of Done, acceptance-criteria template, big-story pairing."""

import pytest
from pydantic import ValidationError

from twofold.domain.agreements import (
    DEFAULT_AC_TEMPLATE,
    DEFAULT_DEFINITION_OF_DONE,
    DOD_ITEMS_MAX,
    AcceptanceCriteriaTemplate,
    DefinitionOfDone,
    Pairing,
    PairingRule,
    Story,
    TeamAgreements,
    has_edge_cases,
    sections,
    stories_needing_pairing,
)


def test_defaults_are_valid_and_used_by_team_agreements() -> None:
    agreements = TeamAgreements()
    assert agreements.definition_of_done == DEFAULT_DEFINITION_OF_DONE
    assert agreements.acceptance_criteria == DEFAULT_AC_TEMPLATE
    assert agreements.pairing.points_over == 8
    assert "edge cases" in sections(DEFAULT_AC_TEMPLATE.text)


def test_definition_of_done_limits_and_duplicates() -> None:
    dod = DefinitionOfDone(items=["  Code reviewed ", "Tests pass"])
    assert dod.items == ("Code reviewed", "Tests pass")
    with pytest.raises(ValidationError, match="lists an item twice: Tests pass; tests pass"):
        DefinitionOfDone(items=["Tests pass", "tests pass"])
    with pytest.raises(ValidationError, match="at least 1 item"):
        DefinitionOfDone(items=[])
    with pytest.raises(ValidationError, match=f"at most {DOD_ITEMS_MAX} items"):
        DefinitionOfDone(items=[f"Item {i}" for i in range(DOD_ITEMS_MAX + 1)])
    with pytest.raises(ValidationError, match="at least 1 character"):
        DefinitionOfDone(items=["  "])


@pytest.mark.parametrize(
    "text",
    [
        "## Edge Cases\n- empty cart",
        "Acceptance criteria:\n- works\n\nEdge cases:\n- none yet",
        "**Edge Cases**\n- offline",
        "# edge cases",
    ],
)
def test_edge_cases_section_in_its_usual_spellings(text: str) -> None:
    assert AcceptanceCriteriaTemplate(text=text).text == text


@pytest.mark.parametrize(
    "text",
    [
        "## Acceptance criteria\n- Given a user, when they pay, then it works",
        "We should think about edge cases here.",
        "## Acceptance criteria\n- Edge cases:",
    ],
)
def test_a_template_without_an_edge_cases_section_is_refused(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        AcceptanceCriteriaTemplate(text=text)
    message = str(caught.value)
    assert "needs an 'Edge Cases' section" in message
    assert "'## Edge Cases'" in message


def test_a_story_can_be_checked_for_filled_in_edge_cases() -> None:
    blank = "## Acceptance criteria\n- x\n## Edge Cases\n\n## Out of scope\n- y"
    assert has_edge_cases(blank)
    assert not has_edge_cases(blank, filled_in=True)
    assert has_edge_cases("## Edge Cases\n- expired card", filled_in=True)
    assert sections(blank)["out of scope"] == "- y"


def test_big_stories_without_a_pairing_are_listed_biggest_first() -> None:
    stories = [
        Story("s1", "Small", 3),
        Story("s2", "Exactly the limit", 8),
        Story("s3", "Big", 13),
        Story("s4", "Bigger", 21),
        Story("s5", "Big but paired", 13),
        Story("s6", "Not estimated", None),
    ]
    pairings = [Pairing(story_id="s5", pm_user_id="pam", tech_lead_user_id="tom")]
    waiting = stories_needing_pairing(stories, pairings, PairingRule())
    assert [s.id for s in waiting] == ["s4", "s3"]
    stricter = stories_needing_pairing(stories, pairings, PairingRule(points_over=5))
    assert [s.id for s in stricter] == ["s4", "s3", "s2"]


def test_pairing_and_rule_validation() -> None:
    with pytest.raises(ValidationError, match="needs two people: the PM and the tech lead"):
        Pairing(story_id="s1", pm_user_id="same", tech_lead_user_id="same")
    with pytest.raises(ValidationError, match="points_over"):
        PairingRule(points_over=0)
