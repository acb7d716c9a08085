"""Built-in templates."""

from twofold.domain.templates import DEFAULT_TEMPLATE, TEMPLATES
from twofold.domain.vocab import Polarity, TemplateKey


def test_every_template_key_has_a_template_with_columns() -> None:
    assert set(TEMPLATES) == set(TemplateKey)
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
