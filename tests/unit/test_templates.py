"""Built-in templates and the templates a team saves."""

from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import ValidationError

from twofold.domain import limits
from twofold.domain.entities import Column
from twofold.domain.prompts import Prompt, PromptGroup, PromptSet
from twofold.domain.retro_settings import RetroSettings
from twofold.domain.templates import (
    DEFAULT_TEMPLATE,
    TEMPLATES,
    CustomTemplate,
    TemplateColumn,
    template_from_retro,
    template_prompts,
)
from twofold.domain.vocab import Friction, Polarity, TemplateKey


def test_every_template_key_has_a_template_with_columns() -> None:
    # Every key but `team`, which names a team's own template rather than a built-in one.
    assert set(TEMPLATES) == set(TemplateKey) - {TemplateKey.TEAM}
    for template in TEMPLATES.values():
        assert template.columns, template.key
        assert all(c.polarities for c in template.columns)
        assert len({c.title for c in template.columns}) == len(template.columns)


def test_default_is_the_pm_engineering_partnership_template() -> None:
    template = TEMPLATES[DEFAULT_TEMPLATE]
    assert [c.title for c in template.columns] == [
        "Product Perspective",
        "Engineering Perspective",
        "Collaboration Improvements",
    ]
    both = (Polarity.WENT_WELL, Polarity.DIDNT_GO_WELL)
    assert [c.polarities for c in template.columns] == [both, both, (Polarity.PROPOSAL,)]


def test_new_built_ins_are_listed_with_their_columns() -> None:
    debt = TEMPLATES[TemplateKey.TECH_DEBT_REVIEW]
    assert debt.name == "Technical debt review"
    assert [c.title for c in debt.columns] == [
        "Sources of debt",
        "Impact & risk",
        "Prioritisation",
        "Action plan",
    ]
    assert TEMPLATES[TemplateKey.CROSS_FUNCTIONAL_PRODUCT_TEAM].name == (
        "Cross-functional product team"
    )
    assert TEMPLATES[TemplateKey.PRODUCT_DEVELOPMENT].name == "Product development"
    assert debt.settings.votes_per_person == 5


def test_built_ins_fit_the_limits_a_retro_enforces() -> None:
    for template in TEMPLATES.values():
        assert len(template.columns) <= limits.COLUMNS_PER_RETRO_MAX
        assert all(len(c.title) <= limits.COLUMN_TITLE_MAX for c in template.columns)
        assert len(template.key.value) <= 32, "retros.template is a 32-character column"


def test_template_prompts_come_from_the_team_set_groups_first() -> None:
    default = PromptSet.default()
    for template in TEMPLATES.values():
        assert template_prompts(template, default), template.key
        assert all(default.get(i) is not None for i in template.prompt_ids), template.key
    found = template_prompts(TEMPLATES[TemplateKey.TECH_DEBT_REVIEW], default)
    groups = [p.group for p in found]
    assert groups[:-2] == [PromptGroup.TECHNICAL_DEBT] * (len(groups) - 2)
    assert [p.id for p in found[-2:]] == ["rp.estimates_off", "co.constraints_early"]


def test_template_prompts_skip_ids_the_team_removed() -> None:
    own = PromptSet(
        prompts=[
            Prompt(
                id="td.only",
                group=PromptGroup.TECHNICAL_DEBT,
                text="What slowed us?",
                friction=Friction.TECH_DEBT,
            )
        ]
    )
    found = template_prompts(TEMPLATES[TemplateKey.TECH_DEBT_REVIEW], own)
    assert [p.id for p in found] == ["td.only"]


def _custom(**overrides: Any) -> CustomTemplate:
    fields: dict[str, Any] = {
        "name": "Our retro",
        "columns": [
            {"title": "Wins", "polarities": ["went_well"]},
            {"title": "Ideas", "polarities": ["proposal"], "hint": "Small ones"},
        ],
        "prompt_groups": ["communication"],
    }
    return CustomTemplate(**{**fields, **overrides})


def test_a_custom_template_gives_the_same_columns_as_a_built_in() -> None:
    template = _custom()
    assert template.template_columns() == (
        TemplateColumn("Wins", (Polarity.WENT_WELL,)),
        TemplateColumn("Ideas", (Polarity.PROPOSAL,), "Small ones"),
    )
    assert {p.group for p in template_prompts(template, PromptSet.default())} == {
        PromptGroup.COMMUNICATION
    }


def test_custom_templates_are_validated_with_clear_messages() -> None:
    with pytest.raises(ValidationError, match="repeated: Wins, wins"):
        _custom(
            columns=[
                {"title": "Wins", "polarities": ["went_well"]},
                {"title": "wins", "polarities": ["went_well"]},
            ]
        )
    with pytest.raises(ValidationError, match="at least 1 item"):
        _custom(columns=[])
    too_many = [{"title": f"C{i}", "polarities": ["proposal"]} for i in range(13)]
    with pytest.raises(ValidationError, match="at most 12 items"):
        _custom(columns=too_many)
    with pytest.raises(ValidationError, match="same polarity more than once"):
        _custom(columns=[{"title": "X", "polarities": ["proposal", "proposal"]}])
    with pytest.raises(ValidationError, match="at least 1 item"):
        _custom(columns=[{"title": "X", "polarities": []}])
    with pytest.raises(ValidationError, match="at most 60 characters"):
        _custom(columns=[{"title": "x" * 61, "polarities": ["proposal"]}])
    with pytest.raises(ValidationError, match="at least 1 character"):
        _custom(name="  ")
    with pytest.raises(ValidationError, match="cannot carry a collection deadline"):
        _custom(settings=RetroSettings(collect_deadline=datetime(2030, 1, 1, tzinfo=UTC)))


def test_saving_a_retro_as_a_template_keeps_column_order_and_habits() -> None:
    columns = [
        Column("c2", "r1", "Later", 1, (Polarity.PROPOSAL,)),
        Column("c1", "r1", "First", 0, (Polarity.WENT_WELL, Polarity.DIDNT_GO_WELL)),
    ]
    settings = RetroSettings(
        anonymous=True, votes_per_person=6, collect_deadline=datetime(2030, 1, 1, tzinfo=UTC)
    )
    saved = template_from_retro("Keep this one", columns, settings)
    assert [c.title for c in saved.columns] == ["First", "Later"]
    assert saved.columns[0].polarities == (Polarity.WENT_WELL, Polarity.DIDNT_GO_WELL)
    assert saved.settings.anonymous
    assert saved.settings.votes_per_person == 6
    assert saved.settings.collect_deadline is None


def test_a_saved_retro_keeps_its_templates_prompts_and_the_hints_of_unrenamed_columns() -> None:
    source = TEMPLATES[TemplateKey.TECH_DEBT_REVIEW]
    columns = [
        Column("c1", "r1", "sources of debt", 0, (Polarity.DIDNT_GO_WELL,)),
        Column("c2", "r1", "Risks we accept", 1, (Polarity.DIDNT_GO_WELL,)),
    ]
    saved = template_from_retro("Debt, our way", columns, source.settings, source=source)
    assert [c.hint for c in saved.columns] == [source.columns[0].hint, ""]
    assert saved.prompt_groups == source.prompt_groups
    assert saved.prompt_ids == source.prompt_ids
    assert saved.settings.votes_per_person == 5
    # A copy of a copy reads the same: a team template is a source like a built-in one.
    again = template_from_retro("Again", columns, saved.settings, source=saved)
    assert again.columns == saved.columns
    assert again.prompt_ids == saved.prompt_ids
