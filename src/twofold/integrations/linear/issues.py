"""What Twofold sends Linear for an item, and what it reads back of an issue.

A description is Markdown: the item's own text, a link back to the item in Twofold, and a
last line naming the item's marker. Linear labels are team-wide names a person picks from a
menu, so a label per item would crowd that menu; the marker goes in the description instead,
and a push tried again finds an earlier ticket by searching descriptions for it. Every ticket
also carries the one `twofold` label, which the polling search filters on.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from twofold.domain.connections import Outgoing, RemoteStatus
from twofold.domain.linear import LinearSettings

ISSUE = "id identifier url updatedAt state { id name type }"

CHECK = """query TwofoldCheck($key: String!) {
  viewer { id name email }
  teams(filter: { key: { eq: $key } }) { nodes { id key name } }
}"""

TEAM = """query TwofoldTeam($key: String!) {
  teams(filter: { key: { eq: $key } }) {
    nodes { id key name states { nodes { id name type position } } }
  }
}"""

LABELS = """query TwofoldLabels($names: [String!]!, $first: Int, $after: String) {
  issueLabels(filter: { name: { in: $names } }, first: $first, after: $after) {
    nodes { id name team { id } }
    pageInfo { hasNextPage endCursor }
  }
}"""

LABEL_CREATE = """mutation TwofoldLabelCreate($input: IssueLabelCreateInput!) {
  issueLabelCreate(input: $input) { success issueLabel { id name } }
}"""

USER_BY_EMAIL = """query TwofoldUser($email: String!) {
  users(filter: { email: { eq: $email } }) { nodes { id email active } }
}"""

MARKED = f"""query TwofoldMarked($key: String!, $marker: String!) {{
  issues(filter: {{ team: {{ key: {{ eq: $key }} }}, description: {{ contains: $marker }} }},
         first: 1) {{
    nodes {{ {ISSUE} }}
  }}
}}"""

CREATE = f"""mutation TwofoldCreate($input: IssueCreateInput!) {{
  issueCreate(input: $input) {{ success issue {{ {ISSUE} }} }}
}}"""

CHANGED = f"""query TwofoldChanged($filter: IssueFilter!, $first: Int, $after: String) {{
  issues(filter: $filter, first: $first, after: $after, orderBy: updatedAt) {{
    nodes {{ {ISSUE} }}
    pageInfo {{ hasNextPage endCursor }}
  }}
}}"""

ONE = f"""query TwofoldIssue($id: String!) {{
  issue(id: $id) {{ {ISSUE} }}
}}"""

UPDATE = f"""mutation TwofoldMove($id: String!, $input: IssueUpdateInput!) {{
  issueUpdate(id: $id, input: $input) {{ success issue {{ {ISSUE} }} }}
}}"""


def description(item: Outgoing, marker: str) -> str:
    lines = [line.rstrip() for line in item.text.splitlines()]
    body = "\n".join(lines).strip()
    back = f"From Twofold: [{item.link}]({item.link})"
    tag = f"Twofold item: `{marker}`"
    return "\n\n".join(part for part in (body, back, tag) if part)


def create_input(
    team_id: str, item: Outgoing, marker: str, label_ids: list[str], assignee: str | None
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "teamId": team_id,
        "title": item.title[:255],
        "description": description(item, marker),
        "labelIds": label_ids,
    }
    if item.due is not None:
        out["dueDate"] = item.due.isoformat()
    if assignee is not None:
        out["assigneeId"] = assignee
    return out


def changed_filter(settings: LinearSettings, label: str, since: datetime) -> dict[str, Any]:
    return {
        "team": {"key": {"eq": settings.team_key}},
        "labels": {"name": {"eq": label}},
        "updatedAt": {"gt": since.isoformat()},
    }


@dataclass(frozen=True)
class IssueState:
    key: str
    url: str
    state: str
    state_type: str | None
    by: str | None
    at: datetime | None


def when(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def issue_state(issue: Any, by: str | None = None) -> IssueState | None:
    """The state of an issue as queries and webhooks both carry it."""
    if not isinstance(issue, dict):
        return None
    key, state = issue.get("identifier"), issue.get("state")
    if not isinstance(key, str) or not isinstance(state, dict):
        return None
    name, kind = state.get("name"), state.get("type")
    if not isinstance(name, str):
        return None
    return IssueState(
        key,
        str(issue.get("url") or ""),
        name,
        kind if isinstance(kind, str) else None,
        by,
        when(issue.get("updatedAt")),
    )


def remote_status(settings: LinearSettings, found: IssueState) -> RemoteStatus:
    done = settings.is_done(found.state, found.state_type)
    return RemoteStatus(found.key, found.state, done, found.by, found.at)
