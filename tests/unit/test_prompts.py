"""Guided discussion prompts and a team's own prompt set."""

from collections import Counter

import pytest
from pydantic import ValidationError

from twofold.domain.prompts import (
    DEFAULT_PROMPTS,
    PROMPT_TEXT_MAX,
    PROMPTS_PER_SET_MAX,
    Prompt,
    PromptGroup,
    PromptSet,
    builtin_ids,
    filled,
    prompts_for,
    threshold_values,
)
from twofold.domain.signals import Thresholds
from twofold.domain.vocab import Friction


def _prompt(prompt_id: str, friction: Friction = Friction.COMMUNICATION) -> Prompt:
    return Prompt(id=prompt_id, group=PromptGroup.COMMUNICATION, text="Why?", friction=friction)


def test_defaults_cover_every_group_with_at_least_six_prompts() -> None:
    per_group = Counter(p.group for p in DEFAULT_PROMPTS)
    assert set(per_group) == set(PromptGroup)
    assert min(per_group.values()) >= 6
    assert len({p.id for p in DEFAULT_PROMPTS}) == len(DEFAULT_PROMPTS)
    assert PromptSet.default().prompts == DEFAULT_PROMPTS


def test_every_friction_point_has_prompts() -> None:
    default = PromptSet.default()
    for friction in Friction:
        found = prompts_for(default, friction)
        assert found, friction
        assert all(p.friction == friction for p in found)


def test_the_clarifying_question_prompt_states_the_teams_healthy_number() -> None:
    prompt = PromptSet.default().get("rp.clarifying_questions")
    assert prompt is not None
    assert "Fewer than {clarifying_questions_below} is" in prompt.text
    assert prompt.friction is Friction.REQUIREMENTS_CLARITY
    asked = filled(PromptSet.default(), Thresholds()).get("rp.clarifying_questions")
    assert asked is not None
    assert "Fewer than 5 is a healthy sprint." in asked.text
    # A team that changed its threshold is asked about its own number.
    strict = Thresholds(clarifying_questions_below=8, tech_debt_share_min=12.5)
    mine = filled(PromptSet.default(), strict)
    assert (
        "Fewer than 8 is a healthy sprint." in (mine.get("rp.clarifying_questions") or asked).text
    )
    share = mine.get("td.capacity_share")
    assert share is not None
    assert share.text.startswith("Did we spend close to 12.5% of capacity")


def test_a_teams_own_prompts_quote_thresholds_and_keep_other_braces() -> None:
    own = PromptSet(
        prompts=(
            Prompt(
                id="rp.mine",
                group=PromptGroup.REQUIREMENTS_PLANNING,
                text="More than {stories_added_max} added? Ask {the PM}.",
                friction=Friction.REQUIREMENTS_CLARITY,
            ),
            # Saved word for word before prompts quoted thresholds.
            Prompt(
                id="rp.clarifying_questions",
                group=PromptGroup.REQUIREMENTS_PLANNING,
                text="How many clarifying questions came up mid-sprint? Fewer than 5 is a "
                "healthy sprint.",
                friction=Friction.REQUIREMENTS_CLARITY,
            ),
        )
    )
    asked = filled(own, Thresholds(stories_added_max=2, clarifying_questions_below=9))
    assert [p.text for p in asked.prompts] == [
        "More than 2 added? Ask {the PM}.",
        "How many clarifying questions came up mid-sprint? Fewer than 9 is a healthy sprint.",
    ]
    # Only the earlier built-in wording still counts as built in.
    assert builtin_ids(own) == {"rp.clarifying_questions"}
    assert threshold_values(Thresholds())["estimate_ratio_min"] == "0.8"
    assert threshold_values(Thresholds())["tech_debt_share_min"] == "20"


def test_an_untagged_topic_gets_one_opening_prompt_per_group() -> None:
    found = prompts_for(PromptSet.default(), None)
    assert [p.group for p in found] == list(PromptGroup)
    assert found[0].id == "rp.clear_before_start"


def test_a_team_can_replace_the_set_with_its_own_prompts() -> None:
    own = PromptSet(
        prompts=[
            _prompt("ours.one", Friction.TECH_DEBT),
            _prompt("ours.two", Friction.COMMUNICATION),
        ]
    )
    assert [p.id for p in prompts_for(own, Friction.TECH_DEBT)] == ["ours.one"]
    assert prompts_for(own, Friction.ESTIMATION) == []
    assert own.get("rp.clear_before_start") is None


def test_repeated_ids_are_named_in_the_error() -> None:
    with pytest.raises(ValidationError, match=r"Each prompt needs its own id; repeated: a\.x\."):
        PromptSet(prompts=[_prompt("a.x"), _prompt("b"), _prompt("a.x")])


def test_limits_on_count_length_and_ids() -> None:
    with pytest.raises(ValidationError, match="at least 1 item"):
        PromptSet(prompts=[])
    too_many = [_prompt(f"p{i}") for i in range(PROMPTS_PER_SET_MAX + 1)]
    with pytest.raises(ValidationError, match=f"at most {PROMPTS_PER_SET_MAX} items"):
        PromptSet(prompts=too_many)
    with pytest.raises(ValidationError, match=f"at most {PROMPT_TEXT_MAX} characters"):
        Prompt(
            id="long",
            group=PromptGroup.EXECUTION,
            text="x" * (PROMPT_TEXT_MAX + 1),
            friction=Friction.ESTIMATION,
        )
    with pytest.raises(ValidationError, match="should match pattern"):
        _prompt("Has Spaces")
    with pytest.raises(ValidationError, match="at least 1 character"):
        Prompt(id="blank", group=PromptGroup.EXECUTION, text="   ", friction=Friction.ESTIMATION)
