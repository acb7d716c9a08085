"""Validation errors in words people read: each kind of pydantic error gets a sentence, our own
messages keep theirs, and a rule across fields can name the field it is about."""

from datetime import date, datetime, time
from typing import Annotated, Any, Literal

import pytest
from pydantic import BaseModel, ConfigDict, EmailStr, Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from twofold.services.validation import (
    FALLBACK,
    RAW_PHRASES,
    field_errors,
    field_label,
    invalid_from,
    people_message,
    summary,
)


class Sample(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, Field(min_length=1, max_length=5)] = "n"
    code: Annotated[str, Field(min_length=3, pattern=r"^[a-z]+$")] = "abc"
    count: Annotated[int, Field(ge=0, le=10)] = 0
    ratio: Annotated[float, Field(gt=0, lt=1, allow_inf_nan=False)] = 0.5
    step: Annotated[int, Field(multiple_of=5)] = 5
    flag: bool = False
    when: date = date(2026, 1, 1)
    at: time = time(9)
    stamp: datetime = datetime(2026, 1, 1)
    role: Literal["pm", "eng"] = "pm"
    email: EmailStr = "a@example.com"
    tags: Annotated[list[str], Field(min_length=1, max_length=2)] = ["x"]
    many: Annotated[list[str], Field(min_length=2)] = ["x", "y"]


class Required(BaseModel):
    title: str


class Rule(BaseModel):
    low: int = 0
    high: int = 0

    @model_validator(mode="after")
    def _ordered(self) -> "Rule":
        if self.low > self.high:
            raise PydanticCustomError(
                "inconsistent", "The lowest cannot be above the highest.", {"field": "low"}
            )
        return self


def _messages(model: type[BaseModel], data: Any) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return {d["field"]: d["message"] for d in field_errors(caught.value.errors())}


@pytest.mark.parametrize(
    ("data", "field", "expected"),
    [
        ({"name": ""}, "name", "This cannot be empty."),
        ({"name": "toolong"}, "name", "Use at most 5 characters."),
        ({"name": 7}, "name", "Enter text."),
        ({"code": "ab"}, "code", "Use at least 3 characters."),
        ({"code": "ABC"}, "code", "This is not in the expected form."),
        ({"count": -1}, "count", "Use 0 or more."),
        ({"count": 11}, "count", "Use 10 or less."),
        ({"count": 1.5}, "count", "Enter a whole number."),
        ({"count": "many"}, "count", "Enter a whole number."),
        ({"count": 10**40}, "count", "Use 10 or less."),
        ({"ratio": 0}, "ratio", "Use a number above 0."),
        ({"ratio": 1}, "ratio", "Use a number below 1."),
        ({"ratio": "half"}, "ratio", "Enter a number."),
        ({"ratio": float("inf")}, "ratio", "Enter a number (not infinity)."),
        ({"step": 7}, "step", "Use a multiple of 5."),
        ({"flag": "perhaps"}, "flag", "Answer yes or no (true or false)."),
        ({"when": "2026-13-45"}, "when", "Enter a date such as 2026-12-19."),
        (
            {"when": "2026-01-01T10:00:00"},
            "when",
            "Enter a date such as 2026-12-19, without a time.",
        ),
        ({"at": "25:00"}, "at", "Enter a time such as 09:30."),
        ({"stamp": "soon"}, "stamp", "Enter a date and time such as 2026-12-19T09:30:00Z."),
        ({"role": "ceo"}, "role", "Choose one of: pm or eng."),
        ({"tags": []}, "tags", "Add at least one."),
        ({"tags": ["a", "b", "c"]}, "tags", "Use at most 2."),
        ({"tags": "a"}, "tags", "This should be a list."),
        ({"many": ["x"]}, "many", "Add at least 2."),
        (
            {"extra": 1},
            "extra",
            "This is not something this request takes; check the field's name.",
        ),
    ],
)
def test_each_kind_of_error_has_a_sentence(data: dict[str, Any], field: str, expected: str) -> None:
    message = _messages(Sample, data)[field]
    assert message == expected
    assert not any(raw in message for raw in RAW_PHRASES)


def test_missing_fields_emails_and_objects() -> None:
    assert _messages(Required, {}) == {"title": "This is required."}
    assert _messages(Required, "text") == {
        "body": "This should be a group of named fields (a JSON object)."
    }
    email = _messages(Sample, {"email": "someone@nowhere"})["email"]
    assert email.startswith("Enter an email address such as name@example.com.")
    assert "value is not a valid" not in email


def test_a_rule_across_fields_shows_under_the_field_it_names() -> None:
    assert _messages(Rule, {"low": 3, "high": 1}) == {
        "low": "The lowest cannot be above the highest."
    }


def test_our_own_messages_are_kept_and_unknown_raw_ones_are_replaced() -> None:
    ours = {"type": "value_error", "msg": "Value error, Pick a Tuesday.", "loc": ("day",)}
    assert people_message(ours) == "Pick a Tuesday."
    stranger = {"type": "brand_new_type", "msg": "Input should be something new", "loc": ()}
    assert people_message(stranger) == FALLBACK
    assert people_message({"type": "brand_new_type", "msg": "", "loc": ()}) == FALLBACK


def test_the_one_line_message_names_the_field_in_words() -> None:
    assert field_label("recurrence.duration_minutes") == "Duration minutes"
    assert field_label("nps_change_min") == "NPS change min"
    assert summary([{"field": "stories_rejected_in_qa", "message": "Use 0 or more."}]) == (
        "Stories rejected in QA: Use 0 or more."
    )
    assert summary([{"field": "body", "message": "Check the dates."}]) == "Check the dates."
    assert summary([]) == "Check what you sent."
    with pytest.raises(ValidationError) as caught:
        Sample.model_validate({"count": -1})
    invalid = invalid_from(caught.value, "settings")
    assert invalid.details == [{"field": "settings.count", "message": "Use 0 or more."}]
    assert invalid.message == "Count: Use 0 or more."
