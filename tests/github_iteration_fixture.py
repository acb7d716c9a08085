"""A GitHub project whose iteration field plans the sprints, on the local GitHub: "Sprint 7"
(completed, 2026-11-16 for 14 days, so S = 11-16 00:00 and E = 11-30 00:00), "Sprint 8"
(started 11-30, still running) and "Sprint 9" (from 2027-01-11, not started). Points are the
project's number field "Estimate". Issues are opened 11-10 09:00 unless said; "added" is when
the item was added to the project.

Sprint 7's items, by hand:
- #1 Estimate 3, added 11-12, closed 11-20 09:00.
- #2 Estimate 2, added 11-14; comment "Which currencies do refunds cover?" 11-18 while open;
  closed 11-22, reopened 11-24 09:00, closed again 11-27 09:00.
- #3 Estimate 2, label tech-debt, added 11-15, closed 11-25.
- #4 Estimate 5, opened 11-19, added 11-20 (after S), closed 11-28; comment "Looks good." 11-26.
- #5 Estimate 1, added 11-10, still open; comment "Is this still wanted?" 11-12 (before S).
- #6 Estimate 1, added 11-10, closed as not planned 11-21.
- left out: an issue of another repository and a draft in the same iteration; #7, in Sprint 8.

- committed (in the project before S): #1, 2, 3, 5, 6 = 5 stories; 3+2+2+1+1 = 9 points.
- done at E (closed as completed): #1, 2, 3, 4; completed = committed and done: #1, 2, 3 = 3
  stories, 7 points. Added after S: #4 = 1 story, 5 points; added and completed: 1. Removed:
  GitHub keeps no record of an item leaving an iteration, so none are given.
- reopened: #2, 11-24 09:00 until closed 11-27 09:00 = 3.0 rework days.
- cycle time, opened to last closed: #1 10.0, #2 17.0, #3 15.0, #4 9.0 → median 12.5, mean
  51 / 4 = 12.75 → 12.8.
- tech debt by points: done weigh 3 + 2 + 2 + 5 = 12, tech-debt #3 (2) → 16.67 → 16.7 %.
- questions (comments holding "?" while open, within the sprint): #2's = 1.
"""

from datetime import UTC, datetime
from typing import Any

from tests.fake_github import FakeGitHub
from tests.github_milestone_fixture import Builder, at, stamp

EXPECTED: dict[str, Any] = {
    "stories_committed": 5,
    "stories_completed": 3,
    "points_committed": 9.0,
    "points_completed": 7.0,
    "stories_added_after_start": 1,
    "rework_days": 3.0,
    "tech_debt_share": 16.7,
    "clarifying_questions": 1,
}
EXPECTED_EXTRAS: dict[str, Any] = {
    "points_added_after_start": 5.0,
    "stories_reopened": 1,
    "stories_added_and_completed": 1,
    "removed_after_start": "not tracked",
    "cycle_time_days_median": 12.5,
    "cycle_time_days_mean": 12.8,
    "tech_debt_share_counted_in": "points",
}
PROJECT = "octo-org/5"


def build(github: FakeGitHub) -> None:
    """The project described at the top, on `github`."""
    b = Builder(github)
    issues = {n: b.issue(n, None, debt=n == 3) for n in (1, 2, 3, 5, 6)}
    issues[4] = b.issue(4, None, opened=at(19))
    issues[7] = b.issue(7, None, opened=datetime(2026, 12, 1, 9, tzinfo=UTC))
    for issue in issues.values():
        issue["title"] = f"Story {issue['number']}"
    b.close(issues[1], at(20))
    b.comment(issues[2], at(18), "Which currencies do refunds cover?")
    b.close(issues[2], at(22))
    b.reopen(issues[2], at(24))
    b.close(issues[2], at(27))
    b.close(issues[3], at(25))
    b.comment(issues[4], at(26), "Looks good.")
    b.close(issues[4], at(28))
    b.comment(issues[5], at(12), "Is this still wanted?")
    b.close(issues[6], at(21), "not_planned")

    def item(
        n: int | None, added: datetime, iteration: str, estimate: int | None
    ) -> dict[str, Any]:
        values: dict[str, Any] = {"Iteration": iteration}
        if estimate is not None:
            values["Estimate"] = estimate
        return {
            "created_at": stamp(added),
            "issue": n,
            "repository": github.repository,
            "values": values,
        }

    other = item(1, at(12), "it7", 2)
    other["repository"] = "octo-org/other"
    github.project = {
        "owner": "octo-org",
        "number": 5,
        "title": "Checkout roadmap",
        "iteration_fields": {
            "Iteration": {
                "iterations": [
                    {"id": "it8", "title": "Sprint 8", "startDate": "2026-11-30", "duration": 14},
                    {"id": "it9", "title": "Sprint 9", "startDate": "2027-01-11", "duration": 14},
                ],
                "completed": [
                    {"id": "it7", "title": "Sprint 7", "startDate": "2026-11-16", "duration": 14},
                ],
            }
        },
        "number_fields": ["Estimate"],
        "items": [
            item(1, at(12), "it7", 3),
            item(2, at(14), "it7", 2),
            item(3, at(15), "it7", 2),
            item(4, at(20), "it7", 5),
            item(5, at(10, 10), "it7", 1),
            item(6, at(10, 10), "it7", 1),
            other,
            item(None, at(12), "it7", 8),
            item(7, datetime(2026, 12, 1, 10, tzinfo=UTC), "it8", 3),
        ],
    }
