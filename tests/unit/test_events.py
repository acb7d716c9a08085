"""Board events are typed and round-trip through their JSON form."""

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from twofold.domain.events import CardAdded, CardDeleted, CardView, board_event_adapter
from twofold.domain.vocab import Friction, Polarity, Role

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def test_card_added_round_trips_through_json() -> None:
    event = CardAdded(
        card=CardView(
            id="c1",
            column_id="k1",
            text="<b>edge cases</b>",
            polarity=Polarity.DIDNT_GO_WELL,
            friction=Friction.REQUIREMENTS_CLARITY,
            author_role=Role.ENG,
            author_kind="member",
            author_id="u1",
            author_name="Lena",
            created_at=NOW,
            updated_at=NOW,
        )
    )
    data = event.model_dump(mode="json")
    assert data["type"] == "card_added"
    assert board_event_adapter.validate_python(data) == event


def test_the_type_field_selects_the_model_and_unknown_types_fail() -> None:
    assert isinstance(
        board_event_adapter.validate_python({"type": "card_deleted", "card_id": "c"}), CardDeleted
    )
    with pytest.raises(ValidationError):
        board_event_adapter.validate_python({"type": "card_exploded", "card_id": "c"})
