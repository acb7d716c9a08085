"""How Linear's and GitHub's answers become the vendor-neutral history the figures are worked
out from: cycle and milestone moves, state moves, points from labels, and Linear's cycle ids
kept short. (The readers' requests are tested against local servers in tests/integration.)"""

from datetime import UTC, datetime
from typing import Any

import pytest

from twofold.domain.sprint_history import SPRINT_FIELD, STATUS_FIELD, Change, status_at
from twofold.integrations.github import milestones
from twofold.integrations.linear import cycles
from twofold.integrations.sprint_readers import SPRINT_READERS
from twofold.integrations.trackers import TRACKERS


def test_every_tracker_has_a_sprint_reader() -> None:
    assert set(SPRINT_READERS) == set(TRACKERS)


def test_linear_history_becomes_cycle_and_state_changes() -> None:
    history = [
        {
            "createdAt": "2026-11-19T09:00:00.000Z",
            "fromCycle": {"id": "c12"},
            "toCycle": None,
            "fromState": None,
            "toState": None,
        },
        {
            "createdAt": "2026-11-17T09:00:00.000Z",
            "fromCycle": None,
            "toCycle": None,
            "fromState": {"name": "Todo", "type": "unstarted"},
            "toState": {"name": "In Progress", "type": "started"},
        },
        {"createdAt": "not a date", "fromCycle": None, "toCycle": {"id": "c12"}},
    ]
    found = cycles.changes_of(history)
    assert found == [
        Change(datetime(2026, 11, 19, 9, tzinfo=UTC), SPRINT_FIELD, ("c12",), ()),
        Change(datetime(2026, 11, 17, 9, tzinfo=UTC), STATUS_FIELD, ("Todo",), ("In Progress",)),
    ]


def test_a_linear_issue_keeps_its_estimate_labels_and_state_type() -> None:
    raw = {
        "id": "i1",
        "identifier": "ENG-1",
        "title": "Export",
        "createdAt": "2026-11-10T09:00:00.000Z",
        "estimate": 3,
        "state": {"name": "Canceled", "type": "canceled"},
        "cycle": {"id": "c12"},
        "labels": {"nodes": [{"name": "tech-debt"}]},
        "comments": {"nodes": [{"createdAt": "2026-11-17T09:00:00.000Z", "body": "Why?"}]},
    }
    found = cycles.issue_of(raw, [], "c12")
    assert found is not None
    assert (found.key, found.points, found.labels, found.in_sprint_now) == (
        "ENG-1",
        3.0,
        ("tech-debt",),
        True,
    )
    assert found.status_category == "new"  # canceled: dropped, not done
    assert cycles.issue_of({**raw, "createdAt": None}, [], "c12") is None


def test_linear_cycle_ids_are_kept_short_and_given_back_whole() -> None:
    whole = "0c0c0c0c-1111-4111-8111-000000000012"
    kept = cycles.short_id(whole)
    assert len(kept) == 32
    assert cycles.long_id(kept) == whole
    assert cycles.long_id("not-a-uuid") == "not-a-uuid"
    assert cycles.cycle_name({"number": 12, "name": None}) == "12"
    assert cycles.cycle_name({"number": 13, "name": "Launch"}) == "13 (Launch)"


@pytest.mark.parametrize(
    ("labels", "prefix", "points"),
    [
        (("points: 3",), "points:", 3.0),
        (("bug", "Points:5"), "points:", 5.0),
        (("points: many", "points: 2.5"), "points:", 2.5),
        (("points: 3",), "", None),
        (("sp-8",), "points:", None),
    ],
)
def test_github_points_come_from_the_teams_label(
    labels: tuple[str, ...], prefix: str, points: float | None
) -> None:
    assert milestones.points_of(labels, prefix) == points


def test_a_milestone_starts_the_sprint_length_before_it_is_due() -> None:
    raw = {
        "number": 3,
        "title": "Sprint 7",
        "state": "closed",
        "created_at": "2026-11-01T09:00:00Z",
        "due_on": "2026-11-30T09:00:00Z",
        "closed_at": "2026-11-30T10:00:00Z",
    }
    sprint = milestones.milestone_of(raw, 14)
    assert sprint.start == datetime(2026, 11, 16, 9, tzinfo=UTC)
    assert (sprint.end, sprint.completed) == (
        datetime(2026, 11, 30, 9, tzinfo=UTC),
        datetime(2026, 11, 30, 10, tzinfo=UTC),
    )
    assert not sprint.points_tracked
    undated = milestones.milestone_of({**raw, "due_on": None}, 14)
    assert undated.start == datetime(2026, 11, 1, 9, tzinfo=UTC)


def test_a_github_timeline_becomes_milestone_and_state_changes() -> None:
    events: list[dict[str, Any]] = [
        {"event": "reopened", "created_at": "2026-11-21T09:00:00Z"},
        {
            "event": "milestoned",
            "created_at": "2026-11-13T09:00:00Z",
            "milestone": {"title": "Sprint 7"},
        },
        {"event": "closed", "created_at": "2026-11-19T09:00:00Z", "state_reason": "completed"},
        {
            "event": "demilestoned",
            "created_at": "2026-11-25T09:00:00Z",
            "milestone": {"title": "Sprint 7"},
        },
        {
            "event": "milestoned",
            "created_at": "2026-11-25T09:00:00Z",
            "milestone": {"title": "Sprint 8"},
        },
        {"event": "closed", "created_at": "2026-11-26T09:00:00Z", "state_reason": "not_planned"},
        {"event": "labeled", "created_at": "2026-11-26T10:00:00Z", "label": {"name": "x"}},
    ]
    found = milestones.changes_of(events, "Sprint 7", "3")
    assert [(c.field, c.before, c.after) for c in found] == [
        (SPRINT_FIELD, (), ("3",)),
        (STATUS_FIELD, ("Open",), ("Closed",)),
        (STATUS_FIELD, ("Closed",), ("Open",)),
        (SPRINT_FIELD, ("3",), ()),
        (SPRINT_FIELD, (), ("title:Sprint 8",)),
        (STATUS_FIELD, ("Open",), ("Closed as not planned",)),
    ]


def test_a_github_issue_is_open_from_its_creation_and_its_comments_come_from_the_timeline() -> None:
    raw = {
        "number": 5,
        "title": "Story 5",
        "state": "closed",
        "state_reason": "completed",
        "created_at": "2026-11-12T09:00:00Z",
        "labels": [{"name": "points: 1"}, {"name": "tech-debt"}],
        "milestone": {"number": 3, "title": "Sprint 7"},
    }
    sprint = milestones.milestone_of(
        {"number": 3, "title": "Sprint 7", "due_on": "2026-11-30T09:00:00Z"}, 14, True
    )
    events = [
        {"event": "commented", "created_at": "2026-11-17T09:00:00Z", "body": "Which one?"},
        {"event": "closed", "created_at": "2026-11-24T09:00:00Z", "state_reason": "completed"},
    ]
    found = milestones.issue_of(raw, events, sprint, "points:")
    assert found is not None
    assert (found.key, found.points, found.status, found.in_sprint_now) == (
        "#5",
        1.0,
        "Closed",
        True,
    )
    assert [c.text for c in found.comments] == ["Which one?"]
    assert status_at(found, datetime(2026, 11, 20, tzinfo=UTC)) == "Open"
    assert found.changes[0] == Change(
        datetime(2026, 11, 12, 9, tzinfo=UTC), STATUS_FIELD, (), ("Open",)
    )
