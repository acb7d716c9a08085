"""The formulas that turn a sprint's issues and their history into signals, one by one, on
small hand-made sprints (the 30-issue sprint is in tests/jira_sprint_fixture.py)."""

from datetime import UTC, datetime, timedelta

import pytest

from twofold.domain.sprint_figures import Rules, cycle_days, questions_of, rework_of, sprint_figures
from twofold.domain.sprint_history import (
    SPRINT_FIELD,
    STATUS_FIELD,
    Change,
    Comment,
    Issue,
    Sprint,
    StatusMap,
    in_sprint_at,
    moves,
    status_at,
)

S = datetime(2026, 3, 2, 9, tzinfo=UTC)
E = S + timedelta(days=10)
SPRINT = Sprint("7", "Sprint 7", "closed", S, E - timedelta(hours=1), E)


def day(n: float) -> datetime:
    return S + timedelta(days=n)


def moved(at: datetime, before: str, after: str) -> Change:
    return Change(at, STATUS_FIELD, (before,), (after,))


def issue(key: str = "X-1", **fields: object) -> Issue:
    base: dict[str, object] = {
        "key": key,
        "summary": "A story",
        "issue_type": "Story",
        "labels": (),
        "points": 3.0,
        "status": "Done",
        "status_category": "done",
        "created": day(-5),
        "in_sprint_now": True,
    }
    base.update(fields)
    return Issue(**base)  # type: ignore[arg-type]


STATUSES = StatusMap.of([], (), ("In QA",))


def test_status_and_membership_are_read_backwards_from_now() -> None:
    found = issue(
        changes=(
            moved(day(1), "To Do", "In Progress"),
            moved(day(3), "In Progress", "Done"),
            Change(day(2), SPRINT_FIELD, ("7",), ("7", "8")),
            Change(day(4), SPRINT_FIELD, ("7", "8"), ("8",)),
        ),
        in_sprint_now=False,
    )
    assert [status_at(found, day(n)) for n in (0, 2, 5)] == ["To Do", "In Progress", "Done"]
    assert [in_sprint_at(found, "7", day(n)) for n in (0, 3, 5)] == [True, True, False]
    assert moves(found, "7", S, E) == (False, True)
    assert in_sprint_at(issue(created=day(1)), "7", S) is False


def test_an_issue_made_into_a_running_sprint_was_added() -> None:
    assert moves(issue(created=day(2)), "7", S, E) == (True, False)
    assert moves(issue(created=day(2), in_sprint_now=False), "7", S, E) == (False, False)


def test_done_statuses_named_by_the_team_decide_over_categories() -> None:
    named = StatusMap.of(
        [issue(status="Shipped", status_category="indeterminate")], ("Shipped",), ()
    )
    assert named.is_done("shipped")
    assert not named.is_done("Done")
    learnt = StatusMap.of([issue(status="Released", status_category="done")], (), ())
    assert learnt.is_done("Released")
    assert learnt.is_done("Done")
    assert learnt.in_progress("Anything else")
    assert not learnt.in_progress("To Do")


def test_rework_runs_from_the_move_back_until_qa_or_done_again() -> None:
    found = issue(
        changes=(
            moved(day(1), "In Progress", "In QA"),
            moved(day(2), "In QA", "In Progress"),  # bounced: 1.5 days until In QA
            moved(day(3.5), "In Progress", "In QA"),
            moved(day(4), "In QA", "Done"),
            moved(day(6), "Done", "In Progress"),  # reopened: never done again, until E
            moved(day(7), "In Progress", "Blocked"),
        )
    )
    found_rework = rework_of(found, STATUSES, S, E)
    assert [(r.from_qa, r.until - r.at) for r in found_rework] == [
        (True, timedelta(days=1.5)),
        (False, timedelta(days=4)),
    ]
    # QA to done is no bounce; a move back before the sprint started is not this sprint's.
    calm = issue(changes=(moved(day(-1), "Done", "In Progress"), moved(day(1), "In QA", "Done")))
    assert rework_of(calm, STATUSES, S, E) == []


def test_estimates_come_from_time_tracking_else_cycle_time_is_shown() -> None:
    tracked = issue(original_estimate_seconds=7200, time_spent_seconds=5400)
    flowing = issue(
        "X-2",
        changes=(moved(day(1), "To Do", "In Progress"), moved(day(3.5), "In Progress", "Done")),
    )
    figures = sprint_figures(SPRINT, [tracked, flowing], Rules(), E)
    [estimate] = figures.values["estimates"]
    assert (estimate.story, estimate.estimate, estimate.actual) == ("X-1 A story", 2.0, 1.5)
    assert "cycle_time_days_median" not in figures.extras

    slower = issue(
        "X-3",
        changes=(moved(day(2), "To Do", "In Progress"), moved(day(8.5), "In Progress", "Done")),
    )
    figures = sprint_figures(SPRINT, [flowing, slower], Rules(), E)
    assert "estimates" not in figures.values
    assert cycle_days(flowing, STATUSES, E) == 2.5
    assert figures.extras["cycle_time_days_median"] == 4.5  # (2.5 + 6.5) / 2
    assert figures.extras["cycle_time_days_mean"] == 4.5


def test_tech_debt_share_weighs_points_else_counts_stories() -> None:
    rules = Rules(debt_labels=("debt",), debt_issue_types=("Chore",))
    by_points = [
        issue("X-1", points=6.0, labels=("Debt",)),
        issue("X-2", points=2.0, issue_type="chore"),
        issue("X-3", points=12.0),
    ]
    figures = sprint_figures(SPRINT, by_points, rules, E)
    assert figures.values["tech_debt_share"] == 40.0  # (6 + 2) / 20
    assert figures.extras["tech_debt_share_counted_in"] == "points"
    unpointed = [
        issue(f"X-{n}", points=None, labels=("debt",) if n == 1 else ()) for n in (1, 2, 3)
    ]
    figures = sprint_figures(SPRINT, unpointed, rules, E)
    assert figures.values["tech_debt_share"] == 33.3
    assert figures.extras["tech_debt_share_counted_in"] == "stories"


def test_questions_by_mark_by_label_or_off() -> None:
    found = issue(
        labels=("question",),
        status="In Progress",
        status_category="indeterminate",
        changes=(moved(day(1), "To Do", "In Progress"),),
        comments=(
            Comment(day(0.5), "Is this for mobile too?"),  # still To Do
            Comment(day(2), "Which endpoint?"),
            Comment(day(3), "Pushed a fix."),
        ),
    )
    assert questions_of(found, STATUSES, Rules(), S, E) == 1
    assert questions_of(found, STATUSES, Rules(questions="label"), S, E) == 2
    unlabelled = issue(labels=(), changes=found.changes, comments=found.comments)
    assert questions_of(unlabelled, STATUSES, Rules(questions="label"), S, E) == 0
    assert (
        "clarifying_questions"
        not in sprint_figures(SPRINT, [found], Rules(questions="off"), E).values
    )


def test_committed_completed_added_and_removed() -> None:
    committed_done = issue("X-1", points=5.0)
    committed_open = issue("X-2", points=3.0, status="In Progress", status_category="indeterminate")
    added_done = issue("X-3", points=2.0, changes=(Change(day(2), SPRINT_FIELD, (), ("7",)),))
    removed = issue(
        "X-4",
        points=8.0,
        status="To Do",
        status_category="new",
        in_sprint_now=False,
        changes=(Change(day(3), SPRINT_FIELD, ("7",), ()),),
    )
    figures = sprint_figures(
        SPRINT, [committed_done, committed_open, added_done, removed], Rules(), E
    )
    assert {k: figures.values[k] for k in ("stories_committed", "points_committed")} == {
        "stories_committed": 3,
        "points_committed": 16.0,
    }
    assert (figures.values["stories_completed"], figures.values["points_completed"]) == (1, 5.0)
    assert (
        figures.values["stories_added_after_start"],
        figures.extras["points_added_after_start"],
    ) == (1, 2.0)
    assert figures.values["stories_removed_after_start"] == 1
    assert figures.extras["stories_added_and_completed"] == 1


def test_an_active_sprint_is_counted_up_to_now_and_a_future_one_refused() -> None:
    running = Sprint("7", "Sprint 7", "active", S, E, None)
    reopened = issue(
        changes=(moved(day(1), "Done", "In Progress"),),
        status="In Progress",
        status_category="indeterminate",
    )
    figures = sprint_figures(running, [reopened], Rules(), day(3))
    assert figures.values["rework_days"] == 2.0  # from day 1 until now, day 3
    with pytest.raises(ValueError, match="has not started"):
        sprint_figures(Sprint("8", "Sprint 8", "future", None, None, None), [], Rules(), E)


def test_without_estimates_no_point_figures_are_given_and_debt_is_counted_in_stories() -> None:
    unpointed = Sprint("3", "Sprint 7", "closed", S, E, E, points_tracked=False)
    debt = issue("#1", points=None, labels=("tech-debt",))
    plain = issue("#2", points=None)
    figures = sprint_figures(unpointed, [debt, plain], Rules(), E)
    assert "points_committed" not in figures.values
    assert "points_completed" not in figures.values
    assert "points_added_after_start" not in figures.extras
    assert figures.extras["points"] == "not tracked"
    assert figures.values["tech_debt_share"] == 50.0
    assert figures.extras["tech_debt_share_counted_in"] == "stories"
    # With estimates tracked the same stories count in points.
    pointed = sprint_figures(
        SPRINT, [issue("X-1", points=1.0, labels=("tech-debt",)), issue("X-2")], Rules(), E
    )
    assert pointed.values["tech_debt_share"] == 25.0
    assert pointed.extras["tech_debt_share_counted_in"] == "points"


def test_rejections_in_qa_are_given_only_where_the_team_named_its_qa_statuses() -> None:
    bounced = issue(
        changes=(moved(day(1), "In QA", "In Progress"), moved(day(2), "In Progress", "Done"))
    )
    assert "stories_rejected_in_qa" not in sprint_figures(SPRINT, [bounced], Rules(), E).values
    named = sprint_figures(SPRINT, [bounced], Rules(qa_statuses=("In QA",)), E)
    assert named.values["stories_rejected_in_qa"] == 1


def test_categories_the_tracker_gives_win_over_the_defaults() -> None:
    # Linear's Canceled is neither in progress nor done; GitHub's Open is in progress.
    known = StatusMap.of([], (), (), {"Canceled": "new", "Open": "indeterminate"})
    assert not known.in_progress("Canceled")
    assert not known.is_done("Canceled")
    assert known.in_progress("Open")
    assert not StatusMap.of([], (), ()).in_progress("Open")  # Jira's default "Open" is to do
    # A comment on an open GitHub issue during the sprint is a question in progress.
    opened = issue(
        "#4",
        status="Open",
        status_category=None,
        comments=(Comment(day(1), "Which browser?"),),
    )
    milestone = Sprint("3", "Sprint 7", "closed", S, E, E, statuses={"Open": "indeterminate"})
    assert sprint_figures(milestone, [opened], Rules(), E).values["clarifying_questions"] == 1
    assert sprint_figures(SPRINT, [opened], Rules(), E).values["clarifying_questions"] == 0
