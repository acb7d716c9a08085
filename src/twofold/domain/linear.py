"""Where a team's Linear is and how its workflow states read.

Linear gives every workflow state a type (triage, backlog, unstarted, started, completed,
canceled); left to itself Twofold reads only `completed` as done, since an issue canceled in
Linear was dropped rather than finished. A team that means something else names its done
states.
"""

from pydantic import Field, field_validator

from twofold.domain.connections import (
    QuestionRule,
    TrackerSettings,
    debt_labels_field,
    done_by_name,
    names,
    qa_field,
    question_label_field,
    questions_field,
    site_url,
)

API_URL = "https://api.linear.app/graphql"


class LinearSettings(TrackerSettings):
    team_key: str = Field(
        min_length=1,
        max_length=20,
        title="Team key",
        description="The prefix of the team's issue identifiers, as ENG in ENG-12.",
        examples=["ENG"],
    )
    done_states: tuple[str, ...] = Field(
        default=(),
        max_length=20,
        title="States that mean done",
        description="Empty: any state of Linear's Completed type (Canceled is not done).",
    )
    api_url: str = Field(
        default=API_URL,
        min_length=8,
        max_length=200,
        title="API address",
        description="Linear's GraphQL endpoint; change it only to go through a proxy.",
    )

    # How the team's sprint signals are read from its cycles (docs/integrations.md).
    qa_states: tuple[str, ...] = qa_field("states")
    debt_labels: tuple[str, ...] = debt_labels_field()
    questions: QuestionRule = questions_field()
    question_label: str = question_label_field()

    def where(self) -> str:
        return f"{self.team_key} in Linear"

    @field_validator("team_key")
    @classmethod
    def _key(cls, value: str) -> str:
        key = value.strip().upper()
        if not key.isalnum() or not key[0].isalpha() or not key.isascii():
            raise ValueError("a team key is letters and digits, starting with a letter")
        return key

    @field_validator("api_url")
    @classmethod
    def _api(cls, value: str) -> str:
        return site_url(value, API_URL)

    @field_validator("done_states", "qa_states", "debt_labels")
    @classmethod
    def _states(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return names(value)

    def is_done(self, state_name: str, state_type: str | None) -> bool:
        return done_by_name(self.done_states, state_name, state_type == "completed")
