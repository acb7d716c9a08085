"""A Linear cycle of 11 issues on the local Linear workspace, with scope added and removed, a
review bounce, a reopening, tech-debt labels and questions in comments, and the signals
worked out from it by hand.

Cycle 12 of team ENG starts S = 2026-11-16 09:00 and is completed E = 2026-11-30 09:00. States:
Todo (unstarted), In Progress and In Review (started; In Review is the team's QA state), Done
(completed), Canceled (canceled: neither in progress nor done). Estimates: ENG-1 3, ENG-2 5,
ENG-3 2, ENG-4 8, ENG-5 3, ENG-6 1, ENG-7 none, ENG-8 5, ENG-9 2, ENG-10 1, ENG-11 3.

By hand:
- committed (in the cycle at S): ENG-1, 2, 3, 4, 5, 9, 11 = 7 stories; 3+5+2+8+3+2+3 = 26 points.
- in the cycle at E: ENG-1, 2, 3, 4 (moved to cycle 13 a minute after E), 6, 7, 9, 11. Done at
  E: ENG-1, 2, 3, 11 of the committed, ENG-6 of the added.
- completed: 4 stories, 3 + 5 + 2 + 3 = 13 points.
- added after start: ENG-6 (11-18), ENG-7 (made in the cycle 11-20), ENG-8 (11-19, out 11-24)
  = 3 stories, 1 + 0 + 5 = 6 points. Removed: ENG-5 (11-19), ENG-8 (11-24) = 2, 3 + 5 = 8.
- sent back from review: ENG-2 (11-20 09:00, back In Review 11-21 09:00: 1.0 day). Reopened
  from Done: ENG-3 (11-24 09:00, Done again 11-25 21:00: 1.5 days). Rework 2.5 days.
- no time tracking in Linear, so cycle time (first move into a started state to the last
  into Done) of the five done: ENG-1 2.0, ENG-2 5.0, ENG-3 8.5, ENG-11 3.0, ENG-6 1.96 →
  median 3.0, mean 20.46 / 5 = 4.09 → 4.1.
- tech debt by points: done weigh 3 + 5 + 2 + 3 + 1 = 14; labelled tech-debt ENG-2 (5),
  ENG-6 (1) = 6 → 42.857 → 42.9 %.
- questions (comments holding "?" while started): ENG-1 11-17 12:00, ENG-4 11-19 = 2. Not
  counted: ENG-2's before S, ENG-9's while Todo, ENG-11's after Done.
- added and completed: ENG-6 = 1.
ENG-10 (cycle 13 only, updated 11-29) comes with the team's updated issues and is left out.
"""

from datetime import UTC, datetime
from typing import Any

from tests.fake_linear import FakeLinear

C11 = "0c0c0c0c-1111-4111-8111-000000000011"
C12 = "0c0c0c0c-1111-4111-8111-000000000012"
C13 = "0c0c0c0c-1111-4111-8111-000000000013"
C14 = "0c0c0c0c-1111-4111-8111-000000000014"

EXPECTED: dict[str, Any] = {
    "stories_committed": 7,
    "stories_completed": 4,
    "points_committed": 26.0,
    "points_completed": 13.0,
    "stories_added_after_start": 3,
    "stories_removed_after_start": 2,
    "stories_rejected_in_qa": 1,
    "rework_days": 2.5,
    "tech_debt_share": 42.9,
    "clarifying_questions": 2,
}
EXPECTED_EXTRAS: dict[str, Any] = {
    "points_added_after_start": 6.0,
    "points_removed_after_start": 8.0,
    "stories_reopened": 1,
    "stories_added_and_completed": 1,
    "cycle_time_days_median": 3.0,
    "cycle_time_days_mean": 4.1,
    "tech_debt_share_counted_in": "points",
}


def at(day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def stamp(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S.000Z")


class Builder:
    def __init__(self, linear: FakeLinear) -> None:
        self.linear = linear

    def issue(
        self,
        n: int,
        estimate: float | None,
        *,
        created: datetime | None = None,
        labels: tuple[str, ...] = (),
        cycle: str | None = C12,
    ) -> dict[str, Any]:
        key = f"ENG-{n}"
        when = created or at(10)
        ids = [lab["id"] for lab in self.linear.labels if lab["name"] in labels]
        issue: dict[str, Any] = {
            "id": f"issue-{n}",
            "identifier": key,
            "team": "ENG",
            "url": f"https://linear.app/acme/issue/{key}/story-{n}",
            "title": f"Story {n}",
            "description": "",
            "labelIds": ids,
            "dueDate": None,
            "assigneeId": None,
            "state": dict(self.linear.state("ENG", "Todo")),
            "createdAt": stamp(when),
            "updatedAt": stamp(when),
            "estimate": estimate,
            "cycleId": cycle,
            "history": [],
            "comments": [],
        }
        self.linear.issues[key] = issue
        return issue

    def _history(self, issue: dict[str, Any], when: datetime, entry: dict[str, Any]) -> None:
        # Linear lists an issue's history newest first.
        issue["history"].insert(0, {"createdAt": stamp(when), **entry})
        issue["updatedAt"] = max(issue["updatedAt"], stamp(when))

    def cycle(
        self, issue: dict[str, Any], when: datetime, before: str | None, after: str | None
    ) -> None:
        self._history(
            issue,
            when,
            {
                "fromCycle": {"id": before} if before else None,
                "toCycle": {"id": after} if after else None,
                "fromState": None,
                "toState": None,
            },
        )

    def path(self, issue: dict[str, Any], *steps: tuple[datetime, str]) -> None:
        """State moves one after the other, starting from Todo."""
        for when, name in steps:
            before = issue["state"]
            after = self.linear.state("ENG", name)
            self._history(
                issue,
                when,
                {
                    "fromCycle": None,
                    "toCycle": None,
                    "fromState": {"name": before["name"], "type": before["type"]},
                    "toState": {"name": after["name"], "type": after["type"]},
                },
            )
            issue["state"] = dict(after)

    def comment(self, issue: dict[str, Any], when: datetime, text: str) -> None:
        issue["comments"].append({"createdAt": stamp(when), "body": text})
        issue["updatedAt"] = max(issue["updatedAt"], stamp(when))


def build(linear: FakeLinear) -> None:
    """The cycle described at the top, on `linear`."""
    linear.labels.append({"id": "label-debt", "name": "tech-debt", "team": None})
    cycles = (
        (C11, 11, None, at(2), at(16), at(16)),
        (C12, 12, None, at(16), at(30), at(30)),
        (C13, 13, "Launch", at(30), datetime(2026, 12, 14, 9, tzinfo=UTC), None),
        (C14, 14, None, datetime(2027, 1, 4, 9, tzinfo=UTC), None, None),
    )
    for cid, number, name, starts, ends, completed in cycles:
        linear.cycles[cid] = {
            "id": cid,
            "number": number,
            "name": name,
            "startsAt": stamp(starts),
            "endsAt": stamp(ends) if ends else None,
            "completedAt": stamp(completed) if completed else None,
            "team": "ENG",
        }
    b = Builder(linear)
    debt = ("tech-debt",)
    committed = {1: 3, 2: 5, 3: 2, 4: 8, 5: 3, 9: 2, 11: 3}
    issues = {
        n: b.issue(n, points, labels=debt if n == 2 else (), cycle=C12)
        for n, points in committed.items()
    }
    for issue in issues.values():
        b.cycle(issue, at(13, 15), None, C12)
    b.path(issues[1], (at(17), "In Progress"), (at(18), "In Review"), (at(19), "Done"))
    b.comment(issues[1], at(17, 12), "Which endpoint should this call?")
    b.comment(issues[2], at(15), "Ready to start?")
    b.path(
        issues[2],
        (at(17), "In Progress"),
        (at(19), "In Review"),
        (at(20), "In Progress"),
        (at(21), "In Review"),
        (at(22), "Done"),
    )
    b.path(
        issues[3],
        (at(17), "In Progress"),
        (at(18), "Done"),
        (at(24), "In Progress"),
        (at(25, 21), "Done"),
    )
    b.path(issues[4], (at(18), "In Progress"))
    b.comment(issues[4], at(19), "Is the copy final?")
    b.cycle(issues[4], at(30, 9, 1), C12, C13)
    issues[4]["cycleId"] = C13
    b.cycle(issues[5], at(19), C12, None)
    issues[5]["cycleId"] = None
    b.comment(issues[9], at(17), "Why?")
    b.path(issues[9], (at(21), "Canceled"))
    b.path(issues[11], (at(17), "In Progress"), (at(20), "Done"))
    b.comment(issues[11], at(21), "Anything else?")

    six = b.issue(6, 1, labels=debt, cycle=C12)
    b.cycle(six, at(18), None, C12)
    b.path(six, (at(18, 10), "In Progress"), (at(20), "Done"))
    seven = b.issue(7, None, created=at(20), cycle=C12)
    b.cycle(seven, at(20), None, C12)
    eight = b.issue(8, 5, cycle=None)
    b.cycle(eight, at(19), None, C12)
    b.cycle(eight, at(24), C12, None)
    ten = b.issue(10, 1, created=at(29), cycle=C13)
    b.cycle(ten, at(29), None, C13)
