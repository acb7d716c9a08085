"""Where a team's GitHub issues live: one repository, named `owner/name`, on github.com or on a
GitHub Enterprise Server (whose REST API has an address of its own).

An issue counts as done when it is closed as completed; closed as not planned (or as a
duplicate) it is not done, so the item it stands for stays open in Twofold.
"""

import re

from pydantic import Field, field_validator

from twofold.domain.connections import (
    QuestionRule,
    TrackerSettings,
    debt_labels_field,
    names,
    question_label_field,
    questions_field,
    site_url,
)

GITHUB_API = "https://api.github.com"

# An account name is letters, digits and single hyphens, at most 39 characters; a repository
# name is letters, digits, '.', '-' and '_', at most 100.
REPOSITORY = re.compile(r"^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/([A-Za-z0-9._-]{1,100})$")
# What a repository's address on the web starts with, when one is pasted whole.
WEB_PREFIX = re.compile(r"^https?://[^/\s]+/")

# A project is named by its owner and number, or by its address on the web
# (`https://github.com/orgs/octo-org/projects/5`, or `/users/octocat/projects/5`).
PROJECT = re.compile(r"^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/([1-9][0-9]{0,6})$")
PROJECT_PAGE = re.compile(r"^(?:orgs|users)/([^/]+)/projects/([^/]+)$")

NOT_DONE_REASONS = frozenset({"not_planned", "duplicate"})


def repository(value: str) -> str:
    """`owner/name`, from that or from the repository's address (with or without `.git`)."""
    name = WEB_PREFIX.sub("", value.strip()).strip("/").removesuffix(".git")
    found = REPOSITORY.match(name)
    if not found or found.group(2) in {".", ".."}:
        raise ValueError("name the repository as owner/name, such as octo-org/web")
    return name


def project(value: str) -> str:
    """`owner/number`, from that or from the project's address; empty stays empty."""
    name = WEB_PREFIX.sub("", value.strip()).strip("/")
    if not name:
        return ""
    page = PROJECT_PAGE.match(name)
    if page:
        name = f"{page.group(1)}/{page.group(2)}"
    if not PROJECT.match(name):
        raise ValueError(
            "name the project as owner/number, such as octo-org/5, or paste its address"
        )
    return name


def is_done(state: str, reason: str | None) -> bool:
    """Closed as completed. An issue closed before GitHub recorded reasons has none, and
    GitHub shows those as completed too."""
    return state == "closed" and reason not in NOT_DONE_REASONS


def status_name(state: str, reason: str | None) -> str:
    """An issue's state as GitHub's pages say it."""
    if state != "closed":
        return "Open"
    if reason == "not_planned":
        return "Closed as not planned"
    if reason == "duplicate":
        return "Closed as duplicate"
    return "Closed"


class GitHubSettings(TrackerSettings):
    """A repository whose issues a team's items become. The API address changes only for
    GitHub Enterprise Server."""

    repository: str = Field(
        min_length=3,
        max_length=141,
        title="Repository",
        description="owner/name, as in the repository's address.",
        examples=["octo-org/web"],
    )
    api_url: str = Field(
        default=GITHUB_API,
        min_length=8,
        max_length=200,
        title="API address",
        description=(
            "Leave as it is for github.com; for GitHub Enterprise Server, https://HOST/api/v3."
        ),
        examples=[GITHUB_API],
    )

    # How the team's sprint signals are read from its milestones (docs/integrations.md).
    points_label_prefix: str = Field(
        default="",
        max_length=40,
        title="Points label prefix",
        description=(
            "Issues carry their points as a label such as points: 3; give its start "
            "(points:). Empty: points are not tracked."
        ),
        examples=["points:"],
    )
    sprint_days: int = Field(
        default=14,
        ge=1,
        le=90,
        title="Sprint length in days",
        description="A milestone has a due date only; its sprint starts this many days before.",
    )
    project: str = Field(
        default="",
        max_length=200,
        title="Project whose iterations are the sprints",
        description=(
            "owner/number of a GitHub project with an iteration field, such as octo-org/5, "
            "or its address. Empty: milestones are the sprints."
        ),
        examples=["octo-org/5"],
    )
    iteration_field: str = Field(
        default="Iteration",
        min_length=1,
        max_length=100,
        title="Iteration field",
        description="The name of the project's iteration field.",
    )
    points_field: str = Field(
        default="",
        max_length=100,
        title="Points field",
        description=(
            "A number field of the project that holds points, such as Estimate. Empty: the "
            "points label prefix, if any."
        ),
    )
    debt_labels: tuple[str, ...] = debt_labels_field()
    questions: QuestionRule = questions_field()
    question_label: str = question_label_field()

    @property
    def owner(self) -> str:
        return self.repository.split("/", 1)[0]

    @property
    def name(self) -> str:
        return self.repository.split("/", 1)[1]

    def where(self) -> str:
        if self.api_url == GITHUB_API:
            return f"{self.repository} on GitHub"
        return f"{self.repository} on {self.api_url}"

    @field_validator("repository")
    @classmethod
    def _repository(cls, value: str) -> str:
        return repository(value)

    @field_validator("debt_labels")
    @classmethod
    def _labels(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return names(value)

    @field_validator("points_label_prefix", "points_field")
    @classmethod
    def _prefix(cls, value: str) -> str:
        return value.strip()

    @field_validator("iteration_field")
    @classmethod
    def _iteration_field(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("name the project's iteration field, such as Iteration")
        return value.strip()

    @field_validator("project")
    @classmethod
    def _project(cls, value: str) -> str:
        return project(value)

    @field_validator("api_url")
    @classmethod
    def _api(cls, value: str) -> str:
        return site_url(value, "https://github.example.com/api/v3")
