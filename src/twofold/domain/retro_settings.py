"""Per-retro settings the facilitator chooses: privacy, phases to skip, early collection, votes,
the health radar."""

from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from twofold.domain.phases import Phase
from twofold.domain.stored import read_lenient

REACTIONS = ("👍", "❤️", "🎉", "😂", "🤔", "😬")


class RetroSettings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    anonymous: bool = Field(
        default=False, description="Card authors are never shown to anyone else."
    )
    show_roles: bool = Field(
        default=False,
        description="In anonymous retros, still show each card's author role. Off unless "
        "chosen: with one PM or one designer present, a role names its author. It cannot be "
        "turned on once cards have been written anonymously.",
    )
    skipped_phases: tuple[Phase, ...] = Field(default=(), description="Phases this retro skips.")
    collect_early: bool = Field(
        default=False, description="Let people add cards before the meeting's reflect phase."
    )
    collect_deadline: datetime | None = Field(
        default=None, description="When early collection ends (UTC); none means until reflect."
    )
    votes_per_person: int = Field(default=3, ge=1, le=20)
    max_votes_per_card: int = Field(default=3, ge=1, le=20)
    hide_tallies: bool = Field(
        default=False, description="Show each person only their own votes until voting ends."
    )
    health_radar: bool = Field(
        default=False,
        description="During check-in, everyone rates the five friction points from 1 to 5; "
        "the board shows the product and engineering sides' averages on a radar.",
    )

    situation_hints: bool = Field(
        default=True,
        description="Offer the facilitator suggested groups of cards about the same situation, "
        "and show where product and engineering see one situation differently. Computed on "
        "this server from the cards' text; nothing is sent anywhere.",
    )

    @field_validator("collect_deadline")
    @classmethod
    def _deadline_in_utc(cls, value: datetime | None) -> datetime | None:
        # A deadline sent without a time zone is UTC, so it compares with the server's clock.
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value

    @property
    def skipped(self) -> frozenset[Phase]:
        return frozenset(self.skipped_phases)


def read_settings(stored: object) -> RetroSettings:
    """A retro's settings as stored, never refusing the board over one bad value (see
    `domain.stored`). Privacy errs on the safe side: settings that had to be repaired keep the
    retro anonymous unless they said plainly that it is not, and keep tallies hidden likewise,
    so a damaged row never shows an author or a vote that was meant to stay hidden."""
    read = read_lenient(RetroSettings, stored if stored is not None else {})
    if read.clean:
        return read.value
    raw = stored if isinstance(stored, dict) else {}
    return read.value.model_copy(
        update={
            "anonymous": raw.get("anonymous") is not False,
            "show_roles": raw.get("show_roles") is True and read.value.show_roles,
            "hide_tallies": raw.get("hide_tallies") is not False,
        }
    )
