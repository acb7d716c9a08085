"""A sprint of 30 issues on the local Jira site, with scope added and removed, reopenings, QA
bounces, tech-debt labels and questions in comments, and the signals worked out from it by
hand.

Sprint 42 of board 7 (project OPS) starts S = 2026-11-16 09:00 and is completed
E = 2026-11-27 18:00 (planned end 17:00; a completed sprint runs to its completion). Statuses:
To Do (new), In Progress (indeterminate), In QA (the team's QA status), Done (done).
Story points: OPS-1..16 odd 3, even 5; OPS-17..20 8; OPS-21 5; OPS-22 3; OPS-23 2; OPS-24 none;
OPS-25 3; OPS-26 5; OPS-27 2; OPS-28 8.

By hand:
- committed (in the sprint at S): OPS-1..24 = 24 stories; points 8x3 + 8x5 (OPS-1..16) + 4x8
  (OPS-17..20) + 5 + 3 + 2 + 0 = 64 + 32 + 10 = 106.
- in the sprint at E: OPS-1..20, 23, 24 (OPS-21, 22 left on 11-19) and OPS-25, 26, 27 (OPS-28 left
  on 11-24). Done at E: OPS-1..16, 23, 24 of the committed (OPS-18 was reopened on 11-25 and
  never finished; OPS-17, 19, 20 still in progress), and OPS-25, 27 of the added.
- completed: 18 stories; points 64 + 2 + 0 = 66.
- added after start: OPS-25, 26 (moved in 11-18), OPS-27 (created into the sprint 11-20),
  OPS-28 (moved in 11-19, out 11-24) = 4 stories, 3 + 5 + 2 + 8 = 18 points.
- removed after start: OPS-21, 22 (11-19), OPS-28 (11-24) = 3 stories, 5 + 3 + 8 = 16 points.
- sent back from QA: OPS-3, OPS-5, OPS-25 = 3 stories. Reopened from Done: OPS-7, OPS-18 = 2.
- rework days: OPS-3 QA→In Progress 11-20 10:00 until In QA 11-21 10:00 = 1.0;
  OPS-5 11-19 12:00 until 11-20 00:00 = 0.5; OPS-7 Done→In Progress 11-23 09:00 until Done
  11-24 21:00 = 1.5; OPS-18 11-25 06:00 until E 11-27 18:00 = 2.5; OPS-25 11-24 09:00 until
  11-25 09:00 = 1.0. Total 6.5.
- estimates (done stories tracking time): OPS-1 8 h → 10 h, OPS-2 16 h → 12 h, OPS-25 4 h → 7 h
  (OPS-17 tracks time too but is not done). Ratio 29 / 28 ≈ 1.04.
- tech-debt share of completed work, by points: done at E weigh 64 + 2 + 0 + 3 + 2 = 71; of
  them labelled tech-debt OPS-4 (5), OPS-9 (3), OPS-27 (2) = 10 (OPS-18 and OPS-21 carry the
  label but were not completed) → 100 x 10 / 71 = 14.08 → 14.1 %.
- clarifying questions (comments holding "?" while in progress): OPS-1 on 11-17 (In Progress),
  OPS-8 on 11-19 15:00 (In QA), OPS-26 on 11-20 (In Progress) = 3. Not counted: OPS-1's second
  comment (no "?"), OPS-2's before the start, OPS-6's while To Do, OPS-10's after Done, OPS-29's
  (never in sprint 42).
- added and completed: OPS-25, OPS-27 = 2.
OPS-29 (sprint 43 only) and OPS-30 (untouched since 11-01) are on the board but not the sprint.
"""

from datetime import UTC, datetime
from typing import Any

from tests.fake_jira_agile import Agile, SprintIssue, jira_time

EXPECTED: dict[str, Any] = {
    "stories_committed": 24,
    "stories_completed": 18,
    "points_committed": 106.0,
    "points_completed": 66.0,
    "stories_added_after_start": 4,
    "stories_removed_after_start": 3,
    "stories_rejected_in_qa": 3,
    "rework_days": 6.5,
    "estimates": [
        {"story": "OPS-1 Story 1", "estimate": 8.0, "actual": 10.0},
        {"story": "OPS-2 Story 2", "estimate": 16.0, "actual": 12.0},
        {"story": "OPS-25 Story 25", "estimate": 4.0, "actual": 7.0},
    ],
    "tech_debt_share": 14.1,
    "clarifying_questions": 3,
}
EXPECTED_EXTRAS: dict[str, Any] = {
    "points_added_after_start": 18.0,
    "points_removed_after_start": 16.0,
    "stories_reopened": 2,
    "stories_added_and_completed": 2,
    "tech_debt_share_counted_in": "points",
}

STATUSES = {
    "To Do": ("1", "new"),
    "In Progress": ("3", "indeterminate"),
    "In QA": ("10001", "indeterminate"),
    "Done": ("10002", "done"),
}
SPRINT_NAMES = {"41": "OPS Sprint 41", "42": "OPS Sprint 42", "43": "OPS Sprint 43"}


def at(day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def _status(name: str) -> dict[str, Any]:
    return {"id": STATUSES[name][0], "name": name, "statusCategory": {"key": STATUSES[name][1]}}


def _adf(text: str) -> dict[str, Any]:
    return {
        "type": "doc",
        "version": 1,
        "content": [{"type": "paragraph", "content": [{"type": "text", "text": text}]}],
    }


class Builder:
    def __init__(self, agile: Agile) -> None:
        self.agile = agile

    def issue(
        self,
        n: int,
        points: float | None,
        *,
        created: datetime | None = None,
        labels: tuple[str, ...] = (),
        sprints_now: set[int] | None = None,
        tracked: tuple[int, int] | None = None,
        issue_type: str = "Story",
    ) -> SprintIssue:
        key = f"OPS-{n}"
        when = created or at(10)
        fields: dict[str, Any] = {
            "id": str(10000 + n),
            "summary": f"Story {n}",
            "issuetype": {"name": issue_type},
            "labels": list(labels),
            "status": _status("To Do"),
            "created": jira_time(when),
            "updated": jira_time(when),
            "comment": {"comments": [], "total": 0, "startAt": 0, "maxResults": 50},
        }
        if points is not None:
            fields["customfield_10016"] = points
        if tracked is not None:
            fields["timeoriginalestimate"], fields["timespent"] = tracked
        issue = SprintIssue(key, fields, [], sprints_now if sprints_now is not None else {42})
        self.agile.issues[key] = issue
        return issue

    def _history(self, issue: SprintIssue, when: datetime, item: dict[str, Any]) -> None:
        issue.histories.append(
            {
                "id": str(len(issue.histories) + 1),
                "author": {"displayName": "Ada Admin"},
                "created": jira_time(when),
                "items": [item],
            }
        )
        issue.fields["updated"] = max(issue.fields["updated"], jira_time(when))

    def sprint(self, issue: SprintIssue, when: datetime, before: str, after: str) -> None:
        names = ", ".join(SPRINT_NAMES[s.strip()] for s in after.split(",") if s.strip())
        self._history(
            issue,
            when,
            {
                "field": "Sprint",
                "fieldtype": "custom",
                "fieldId": "customfield_10020",
                "from": before or None,
                "fromString": None,
                "to": after or None,
                "toString": names or None,
            },
        )

    def move(self, issue: SprintIssue, when: datetime, before: str, after: str) -> None:
        self._history(
            issue,
            when,
            {
                "field": "status",
                "fieldtype": "jira",
                "fieldId": "status",
                "from": STATUSES[before][0],
                "fromString": before,
                "to": STATUSES[after][0],
                "toString": after,
            },
        )
        issue.fields["status"] = _status(after)

    def path(self, issue: SprintIssue, *steps: tuple[datetime, str]) -> None:
        """Status moves one after the other, starting from To Do."""
        now = "To Do"
        for when, status in steps:
            self.move(issue, when, now, status)
            now = status

    def comment(self, issue: SprintIssue, when: datetime, text: str) -> None:
        issue.fields["comment"]["comments"].append(
            {
                "id": str(len(issue.fields["comment"]["comments"]) + 1),
                "created": jira_time(when),
                "body": _adf(text),
            }
        )
        issue.fields["comment"]["total"] += 1
        issue.fields["updated"] = max(issue.fields["updated"], jira_time(when))


def build(agile: Agile) -> None:
    """The sprint described at the top, on `agile`."""
    agile.add_board(7, "OPS board", "OPS")
    agile.add_board(9, "Web board", "WEB")
    agile.add_sprint(
        41,
        7,
        "OPS Sprint 41",
        "closed",
        startDate=jira_time(at(2)),
        endDate=jira_time(at(13, 17)),
        completeDate=jira_time(at(13, 18)),
    )
    agile.add_sprint(
        42,
        7,
        "OPS Sprint 42",
        "closed",
        startDate=jira_time(at(16)),
        endDate=jira_time(at(27, 17)),
        completeDate=jira_time(at(27, 18)),
    )
    agile.add_sprint(
        43,
        7,
        "OPS Sprint 43",
        "active",
        startDate=jira_time(at(30)),
        endDate="2026-12-11T17:00:00.000+0000",
    )
    agile.add_sprint(44, 7, "OPS Sprint 44", "future")
    agile.add_sprint(90, 9, "Web Sprint 1", "active", startDate=jira_time(at(16)))
    b = Builder(agile)
    usual = ((at(17), "In Progress"), (at(19), "In QA"), (at(20), "Done"))
    debt = ("tech-debt",)

    for n in range(1, 17):
        tracked = {1: (8 * 3600, 10 * 3600), 2: (16 * 3600, 12 * 3600)}.get(n)
        issue = b.issue(n, 3 if n % 2 else 5, labels=debt if n in (4, 9) else (), tracked=tracked)
        b.sprint(issue, at(13, 15), "", "42")
        if n == 3:
            b.path(
                issue,
                (at(17), "In Progress"),
                (at(19), "In QA"),
                (at(20, 10), "In Progress"),
                (at(21, 10), "In QA"),
                (at(22), "Done"),
            )
        elif n == 5:
            b.path(
                issue,
                (at(17), "In Progress"),
                (at(18), "In QA"),
                (at(19, 12), "In Progress"),
                (at(20, 0), "In QA"),
                (at(20), "Done"),
            )
        elif n == 6:
            b.comment(issue, at(17), "Is this still needed?")
            b.path(issue, (at(20), "In Progress"), (at(21), "In QA"), (at(22), "Done"))
        elif n == 7:
            b.path(issue, *usual, (at(23), "In Progress"), (at(24, 21), "Done"))
        else:
            b.path(issue, *usual)
        if n == 1:
            b.comment(issue, at(17, 10), "Should the export include archived rows?")
            b.comment(issue, at(18, 10), "Done with the first part, thanks.")
        if n == 2:
            b.comment(issue, at(15), "Why?")
        if n == 8:
            b.comment(issue, at(19, 15), "Which browser should we test on?")
        if n == 10:
            b.comment(issue, at(21), "Can we close this?")

    for n in range(17, 21):
        tracked = (8 * 3600, 4 * 3600) if n == 17 else None
        issue = b.issue(
            n, 8, labels=debt if n == 18 else (), sprints_now={41, 42, 43}, tracked=tracked
        )
        b.sprint(issue, at(13, 15), "41", "41, 42")
        if n == 18:
            b.path(
                issue,
                (at(18), "In Progress"),
                (at(19), "In QA"),
                (at(20), "Done"),
                (at(25, 6), "In Progress"),
            )
        else:
            b.path(issue, (at(18), "In Progress"))
        b.sprint(issue, at(27, 18, 1), "41, 42", "41, 42, 43")

    for n, points in ((21, 5), (22, 3)):
        issue = b.issue(n, points, labels=debt if n == 21 else (), sprints_now=set())
        b.sprint(issue, at(13, 15), "", "42")
        b.sprint(issue, at(19), "42", "")

    unestimated: tuple[tuple[int, float | None], ...] = ((23, 2), (24, None))
    for n, maybe in unestimated:
        issue = b.issue(n, maybe)
        b.sprint(issue, at(13, 15), "", "42")
        b.path(issue, *usual)

    issue = b.issue(25, 3, tracked=(4 * 3600, 7 * 3600))
    b.sprint(issue, at(18), "", "42")
    b.path(
        issue,
        (at(18, 10), "In Progress"),
        (at(21), "In QA"),
        (at(24), "In Progress"),
        (at(25), "In QA"),
        (at(26), "Done"),
    )

    issue = b.issue(26, 5, sprints_now={42, 43})
    b.sprint(issue, at(18), "", "42")
    b.path(issue, (at(19), "In Progress"))
    b.comment(issue, at(20), "What is the limit per team?")
    b.sprint(issue, at(27, 18, 1), "42", "42, 43")

    issue = b.issue(27, 2, created=at(20), labels=debt)
    b.path(issue, (at(20, 10), "In Progress"), (at(23), "Done"))

    issue = b.issue(28, 8, sprints_now=set())
    b.sprint(issue, at(19), "", "42")
    b.sprint(issue, at(24), "42", "")

    issue = b.issue(29, 1, sprints_now={43})
    b.sprint(issue, at(26), "", "43")
    b.path(issue, (at(26), "In Progress"))
    b.comment(issue, at(26, 10), "Anyone?")

    b.issue(30, 1, created=at(1), sprints_now={41})
