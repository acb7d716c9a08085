"""A GitHub milestone of 8 issues (and a pull request) on the local GitHub, with scope added
and removed, a reopening, an issue closed as not planned, tech-debt labels, points as labels
and questions in comments, and the signals worked out from it by hand.

Milestone 3, "Sprint 7", is due 2026-11-30 09:00 and was closed 11-30 10:00; with the team's
14-day sprints it starts S = 11-16 09:00 and runs to E = 11-30 10:00. Points as labels
(`points: N`, prefix `points:`): #1 3, #2 5, #3 2, #4 8, #5 1, #6 5, #7 none, #8 3, #11 2.
Issues are opened 11-10 09:00 unless said.

By hand, with the points prefix:
- committed (milestoned 11-13): #1, 2, 3, 4, 8, 11 = 6 stories; 3+5+2+8+3+2 = 23 points.
- in the milestone at E: #1, 2, 3, 8, 11 and the added #5, #7 (#4 left 11-19, #6 11-25 for
  Sprint 8). Done (closed as completed) at E: #1, #2 (reopened 11-21, closed again 11-22),
  #11, #5. #8 was closed as not planned: not done.
- completed: #1, #2, #11 = 3 stories, 3 + 5 + 2 = 10 points.
- added: #5 (11-18), #6 (11-19), #7 (opened and milestoned 11-20) = 3, 1 + 5 + 0 = 6 points.
  Removed: #4, #6 = 2, 8 + 5 = 13 points.
- reopened: #2, 11-21 09:00 until closed 11-22 21:00 = 1.5 rework days. No QA on GitHub.
- cycle time, opened to last closed: #1 10.0, #2 12.5, #11 7.5, #5 (opened 11-12) 12.0 →
  median 11.0, mean 42 / 4 = 10.5.
- tech debt by points: done weigh 3 + 5 + 2 + 1 = 11, tech-debt #2 (5) and #5 (1) = 6 →
  54.545 → 54.5 %. Without points: 2 of 4 stories = 50.0 %.
- questions (comments holding "?" while open): #1 11-17, #3 11-18 = 2. Not counted: #8's after
  it was closed as not planned, #11's before S.
- added and completed: #5 = 1.
#9 is a pull request in the milestone (left out); #10 is in Sprint 8 only.
"""

from datetime import UTC, datetime
from typing import Any

from tests.fake_github import FakeGitHub

EXPECTED: dict[str, Any] = {
    "stories_committed": 6,
    "stories_completed": 3,
    "points_committed": 23.0,
    "points_completed": 10.0,
    "stories_added_after_start": 3,
    "stories_removed_after_start": 2,
    "rework_days": 1.5,
    "tech_debt_share": 54.5,
    "clarifying_questions": 2,
}
EXPECTED_EXTRAS: dict[str, Any] = {
    "points_added_after_start": 6.0,
    "points_removed_after_start": 13.0,
    "stories_reopened": 1,
    "stories_added_and_completed": 1,
    "cycle_time_days_median": 11.0,
    "cycle_time_days_mean": 10.5,
    "tech_debt_share_counted_in": "points",
}
UNPOINTED = {
    **{k: v for k, v in EXPECTED.items() if not k.startswith("points_")},
    "tech_debt_share": 50.0,
}
UNPOINTED_EXTRAS: dict[str, Any] = {
    "stories_reopened": 1,
    "stories_added_and_completed": 1,
    "points": "not tracked",
    "cycle_time_days_median": 11.0,
    "cycle_time_days_mean": 10.5,
    "tech_debt_share_counted_in": "stories",
}


def at(day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def stamp(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


class Builder:
    def __init__(self, github: FakeGitHub) -> None:
        self.github = github

    def issue(
        self,
        n: int,
        points: int | None,
        *,
        opened: datetime | None = None,
        debt: bool = False,
        pull: bool = False,
    ) -> dict[str, Any]:
        labels = [f"points: {points}"] if points is not None else []
        if debt:
            labels.append("tech-debt")
        when = stamp(opened or at(10))
        kind = "pull" if pull else "issues"
        issue: dict[str, Any] = {
            "id": 5000 + n,
            "node_id": f"I_{n}",
            "url": f"{self.github.url}/repos/{self.github.repository}/issues/{n}",
            "html_url": f"{self.github.web}/{kind}/{n}",
            "number": n,
            "state": "open",
            "state_reason": None,
            "title": f"Story {n}",
            "body": "",
            "labels": [{"name": name} for name in labels],
            "assignees": [],
            "milestone": None,
            "created_at": when,
            "updated_at": when,
            "closed_at": None,
        }
        if pull:
            issue["pull_request"] = {"html_url": issue["html_url"]}
        self.github.issues[n] = issue
        self.github.timelines[n] = []
        return issue

    def _event(self, issue: dict[str, Any], when: datetime, event: dict[str, Any]) -> None:
        self.github.timelines[issue["number"]].append({"created_at": stamp(when), **event})
        issue["updated_at"] = max(issue["updated_at"], stamp(when))

    def milestone(self, issue: dict[str, Any], when: datetime, number: int | None) -> None:
        """Into milestone `number`, out of the one it was in first (None: out only)."""
        was = issue["milestone"]
        if was is not None:
            self._event(
                issue, when, {"event": "demilestoned", "milestone": {"title": was["title"]}}
            )
        issue["milestone"] = None
        if number is not None:
            found = self.github.milestones[number]
            self._event(
                issue, when, {"event": "milestoned", "milestone": {"title": found["title"]}}
            )
            issue["milestone"] = {"number": number, "title": found["title"]}

    def close(self, issue: dict[str, Any], when: datetime, reason: str = "completed") -> None:
        self._event(issue, when, {"event": "closed", "state_reason": reason})
        issue.update(state="closed", state_reason=reason, closed_at=stamp(when))

    def reopen(self, issue: dict[str, Any], when: datetime) -> None:
        self._event(issue, when, {"event": "reopened"})
        issue.update(state="open", state_reason="reopened", closed_at=None)

    def comment(self, issue: dict[str, Any], when: datetime, text: str) -> None:
        self._event(issue, when, {"event": "commented", "body": text})


def build(github: FakeGitHub) -> None:
    """The milestone described at the top, on `github`."""
    for number, title, state, due, closed in (
        (2, "Sprint 6", "closed", at(16), at(16, 10)),
        (3, "Sprint 7", "closed", at(30), at(30, 10)),
        (4, "Sprint 8", "open", datetime(2026, 12, 14, 9, tzinfo=UTC), None),
        (5, "Sprint 9", "open", datetime(2027, 1, 11, 9, tzinfo=UTC), None),
    ):
        github.milestones[number] = {
            "number": number,
            "title": title,
            "state": state,
            "description": None,
            "created_at": stamp(at(1)),
            "due_on": stamp(due),
            "closed_at": stamp(closed) if closed else None,
        }
    b = Builder(github)
    committed = {1: 3, 2: 5, 3: 2, 4: 8, 8: 3, 11: 2}
    issues = {n: b.issue(n, p, debt=n == 2) for n, p in committed.items()}
    for issue in issues.values():
        b.milestone(issue, at(13, 15), 3)
    b.comment(issues[1], at(17), "Which API version should this use?")
    b.close(issues[1], at(20))
    b.close(issues[2], at(19))
    b.reopen(issues[2], at(21))
    b.close(issues[2], at(22, 21))
    b.comment(issues[3], at(18), "Is this blocked on the design?")
    b.milestone(issues[4], at(19), None)
    b.close(issues[8], at(21), "not_planned")
    b.comment(issues[8], at(22), "Why was this dropped?")
    b.comment(issues[11], at(15), "Ready?")
    b.close(issues[11], at(17, 21))

    five = b.issue(5, 1, opened=at(12), debt=True)
    b.milestone(five, at(18), 3)
    b.close(five, at(24))
    six = b.issue(6, 5)
    b.milestone(six, at(19), 3)
    b.milestone(six, at(25), 4)
    seven = b.issue(7, None, opened=at(20))
    b.milestone(seven, at(20), 3)
    pull = b.issue(9, 1, pull=True)
    b.milestone(pull, at(17), 3)
    b.close(pull, at(18))
    ten = b.issue(10, 1, opened=at(29))
    b.milestone(ten, at(30, 10, 30), 4)
