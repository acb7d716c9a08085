"""Every board command, checked as a contract between the server and the clients that follow
it (the idea of Zulip's `verify_action`).

For each command, on a board brought to where the command means something, everyone who may
see its effects holds a socket: the facilitator, the member who sends it (the author), another
member and a guest, in an ordinary and in an anonymous retro. Then: each one's snapshot →
the command → the events each one receives, each checked against the event models (the
schema) → those events folded into that person's snapshot by the twin of the web UI's reducer
(tests/board_model.py) → a fresh snapshot for that person → the two are equal. The same events
come from `GET /api/retros/{id}/events` for each person, too.

The cases are parametrised from the command table itself: a command without a case here is a
failing test, not a silent gap.
"""

import typing
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.board_model import EVENT_TYPES, BoardModel
from tests.live_server import (
    Person,
    Server,
    join_as_guest,
    receive,
    receive_until,
    serve_on,
    signup,
)
from twofold.domain import commands, events
from twofold.services.board.execute import HANDLERS


def command_names() -> list[str]:
    """The board's commands, by name, as the command table defines them."""
    union = typing.get_args(commands.BoardCommand)[0]
    return [str(model.model_fields["name"].default) for model in typing.get_args(union)]


def event_types() -> set[str]:
    union = typing.get_args(events.BoardEvent)[0]
    return {str(model.model_fields["type"].default) for model in typing.get_args(union)}


@dataclass
class Team:
    server: Server
    owner: Person
    """A facilitator (the team's creator)."""
    eng: Person
    qa: Person
    team_id: str
    guests: int = 0

    def guest_address(self) -> str:
        """An address of its own for each case's guest: joins are limited per address (30,
        refilling slowly), and the server trusts the X-Forwarded-For of a local proxy, so the
        one server serves every case without a restart."""
        self.guests += 1
        return f"198.18.{self.guests // 256}.{self.guests % 256}"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def team(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Team]:
    """One server and team for the module (each case has a retro of its own): signing people
    up for every case would cost most of the run."""
    folder = tmp_path_factory.mktemp("verify")
    with ExitStack() as stack:
        server = serve_on(request, folder, stack)
        owner = signup(server, "owner@example.com", "Olive Owner")
        created = owner.http("POST", "/api/teams", 201, json={"name": "Alpha", "role": "pm"})
        members = []
        for email, name, role in (("eng@example.com", "Eli Eng", "eng"), ("qa@example.com", "Quinn QA", "qa")):  # fmt: skip
            token = owner.http("POST", f"/api/teams/{created['id']}/invites", 201, json={})
            person = signup(server, email, name, token["token"])
            person.http("POST", f"/api/invites/{token['token']}/accept", json={"role": role})
            members.append(person)
        yield Team(server, owner, members[0], members[1], created["id"])


@dataclass
class Board:
    """One retro of the team, with its guest, and the steps cases take to set it up."""

    team: Team
    rid: str
    columns: list[str]
    guest: Person
    people: dict[str, Person] = field(default_factory=dict)

    def card(self, who: str, text: str, column: int = 0) -> str:
        body = self.people[who].command(
            self.rid, "add_card", column_id=self.columns[column], text=text
        )
        return str(body["result"]["card_id"])

    def phase(self, *phases: str) -> "Board":
        """The facilitator moves the board through these phases; returns the board, so a
        case's setup can be one expression."""
        for phase in phases:
            self.people["owner"].command(self.rid, "set_phase", phase=phase)
        return self

    def do(self, who: str, name: str, **args: Any) -> dict[str, Any]:
        result: dict[str, Any] = self.people[who].command(self.rid, name, **args)["result"]
        return result

    def group(self, who: str, card_ids: list[str], title: str) -> str:
        return str(self.do(who, "group_cards", card_ids=card_ids, title=title)["group_id"])


def new_board(team: Team, anonymous: bool) -> Board:
    owner = team.owner
    retro = owner.http(
        "POST", f"/api/teams/{team.team_id}/retros", 201, json={"title": uuid.uuid4().hex[:8]}
    )
    rid = retro["id"]
    if anonymous:
        owner.command(rid, "update_settings", anonymous=True)
    link = owner.http(
        "POST",
        f"/api/teams/{team.team_id}/invites",
        201,
        json={"retro_id": rid, "guests_only": True},
    )["token"]
    guest = join_as_guest(team.server, link, "Gus Guest", address=team.guest_address())
    board = Board(team, rid, [c["id"] for c in retro["columns"]], guest)
    board.people = {"owner": owner, "eng": team.eng, "qa": team.qa, "guest": guest}
    owner.command(rid, "set_phase", phase="reflect")
    return board


Setup = Callable[[Board], dict[str, Any]]
"""Brings a board to where the command means something; returns the command's arguments."""


@dataclass(frozen=True)
class Case:
    command: str
    label: str
    by: str
    setup: Setup


def _voted_lone_card(b: Board) -> dict[str, Any]:
    """(b) A facilitator deletes a lone card others voted for: their votes come back."""
    doomed = b.card("eng", "off topic")
    b.card("owner", "on topic")
    b.phase("reveal", "group", "vote")
    b.do("eng", "vote", topic_id=doomed)
    b.do("guest", "vote", topic_id=doomed)
    return {"card_id": doomed}


def _regroup_after_vote(b: Board) -> dict[str, Any]:
    """(c) Back from the vote, a voted lone card joins a group and brings its votes."""
    ids = [b.card("eng", f"card {i}") for i in range(3)]
    b.phase("reveal", "group")
    group = b.group("eng", ids[:2], "Flaky CI")
    b.phase("vote")
    b.do("eng", "vote", topic_id=ids[2])
    b.do("guest", "vote", topic_id=ids[2])
    b.do("owner", "vote", topic_id=group)
    b.phase("group")
    return {"card_ids": [ids[2]], "group_id": group}


def _ungroup_last_voted(b: Board) -> dict[str, Any]:
    """(d) The last card of a voted group leaves it: the group and its votes are gone."""
    ids = [b.card("eng", f"card {i}") for i in range(2)]
    b.phase("reveal", "group")
    group = b.group("eng", ids, "Meetings")
    b.phase("vote")
    b.do("eng", "vote", topic_id=group)
    b.do("guest", "vote", topic_id=group)
    b.phase("group")
    b.do("guest", "ungroup_card", card_id=ids[0])
    return {"card_id": ids[1]}


def _grouping(b: Board) -> list[str]:
    ids = [b.card(who, f"{who}'s card") for who in ("eng", "qa", "guest", "owner")]
    b.phase("reveal", "group")
    return ids


def _voting(b: Board, *votes: tuple[str, int], hidden_tallies: bool = False) -> list[str]:
    """The vote under way on four lone cards, with these (person, card index) votes given."""
    if hidden_tallies:
        b.do("owner", "update_settings", hide_tallies=True)
    ids = _grouping(b)
    b.phase("vote")
    for who, i in votes:
        b.do(who, "vote", topic_id=ids[i])
    return ids


def _two_groups(b: Board) -> tuple[str, str]:
    ids = _grouping(b)
    return b.group("eng", ids[:2], "Slow reviews"), b.group("qa", ids[2:], "Review speed")


def _discussing(b: Board) -> str:
    ids = _grouping(b)
    group = b.group("eng", ids[:2], "Deploys")
    b.phase("vote")
    b.do("qa", "vote", topic_id=group)
    b.do("guest", "vote", topic_id=ids[2])
    b.phase("discuss")
    return group


def _reacted(b: Board) -> dict[str, Any]:
    card = b.card("qa", "worth a smile")
    b.phase("reveal")
    b.do("guest", "react", card_id=card, emoji="🎉")
    b.do("owner", "react", card_id=card, emoji="🎉")
    return {"card_id": card, "emoji": "🎉"}


def _earlier_action(b: Board) -> dict[str, Any]:
    """An action item agreed in an earlier retro of the team, for this one's review."""
    owner = b.people["owner"]
    earlier = owner.http(
        "POST", f"/api/teams/{b.team.team_id}/retros", 201, json={"title": "earlier"}
    )
    owner.command(earlier["id"], "set_phase", phase="actions")
    me = b.people["eng"].http("GET", "/api/auth/session")["user"]["id"]
    made = owner.command(earlier["id"], "create_action", title="Fix the flaky test",
                         owner_user_id=me)  # fmt: skip
    b.phase("review")
    return {"action_id": made["result"]["action_id"]}


CASES: list[Case] = [
    Case("add_card", "in reflect", "eng", lambda b: {"column_id": b.columns[0], "text": "Hi"}),
    Case(
        "add_card",
        "before reflect, collecting early",
        "guest",
        lambda b: (
            b.do("owner", "update_settings", collect_early=True),
            b.phase("check_in"),
            {"column_id": b.columns[1], "text": "early", "polarity": "went_well"},
        )[-1],
    ),
    Case(
        "edit_card",
        "hidden",
        "eng",
        lambda b: {"card_id": b.card("eng", "draft"), "text": "final", "friction": "tech_debt"},
    ),
    Case(
        "edit_card",
        "revealed, to another column",
        "qa",
        lambda b: (
            card := b.card("qa", "moved"),
            b.phase("reveal"),
            {"card_id": card, "column_id": b.columns[1]},
        )[-1],
    ),
    Case("delete_card", "own, hidden", "eng", lambda b: {"card_id": b.card("eng", "oops")}),
    Case("delete_card", "voted lone card, by the facilitator (b)", "owner", _voted_lone_card),
    Case(
        "delete_card",
        "the last card of a group",
        "owner",
        lambda b: (
            ids := _grouping(b),
            b.group("eng", ids[:1], "Solo"),
            {"card_id": ids[0]},
        )[-1],
    ),
    Case(
        "group_cards",
        "into a new group",
        "guest",
        lambda b: {"card_ids": _grouping(b)[:3], "title": "Onboarding"},
    ),
    Case(
        "group_cards",
        "into a group, renaming it (a)",
        "qa",
        lambda b: (
            ids := _grouping(b),
            group := b.group("eng", ids[:2], "Pricing"),
            {"card_ids": [ids[2]], "group_id": group, "title": "Checkout"},
        )[-1],
    ),
    Case("group_cards", "a voted lone card, after the vote (c)", "owner", _regroup_after_vote),
    Case(
        "group_cards",
        "emptying another group",
        "eng",
        lambda b: (
            ids := _grouping(b),
            b.group("eng", ids[:1], "Left behind"),
            {"card_ids": [ids[0], ids[1]], "title": "Together"},
        )[-1],
    ),
    Case(
        "ungroup_card",
        "from a group that stays",
        "eng",
        lambda b: (ids := _grouping(b), b.group("eng", ids[:3], "Three"), {"card_id": ids[0]})[-1],
    ),
    Case("ungroup_card", "the last card of a voted group (d)", "guest", _ungroup_last_voted),
    Case(
        "rename_group",
        "while grouping",
        "qa",
        lambda b: {"group_id": b.group("eng", _grouping(b)[:2], "Old"), "title": "New"},
    ),
    Case(
        "merge_groups",
        "with votes and notes",
        "eng",
        lambda b: dict(zip(("source_group_id", "target_group_id"), _two_groups(b), strict=True)),
    ),
    Case(
        "vote",
        "on a lone card",
        "guest",
        lambda b: {"topic_id": _voting(b)[0]},
    ),
    Case(
        "vote",
        "with hidden tallies",
        "qa",
        lambda b: {"topic_id": _voting(b, ("eng", 1), hidden_tallies=True)[1]},
    ),
    Case(
        "unvote",
        "a vote given",
        "eng",
        lambda b: {"topic_id": _voting(b, ("eng", 3), ("qa", 3))[3]},
    ),
    Case(
        "set_phase",
        "to the reveal",
        "owner",
        lambda b: (b.card("eng", "secret"), b.card("guest", "mine"), {"phase": "reveal"})[-1],
    ),
    Case(
        "set_phase",
        "back to a hidden phase (e)",
        "owner",
        lambda b: (
            b.card("eng", "written before the reveal"),
            b.card("guest", "the guest's"),
            b.phase("reveal"),
            {"phase": "reflect"},
        )[-1],
    ),
    Case(
        "set_phase",
        "leaving a vote with hidden tallies, timer running",
        "owner",
        lambda b: (
            _voting(b, ("eng", 0), ("guest", 0), hidden_tallies=True),
            b.do("owner", "set_timer", seconds=300),
            {"phase": "discuss"},
        )[-1],
    ),
    Case(
        "set_phase",
        "closing the retro",
        "owner",
        lambda b: (b.phase("actions"), {"phase": "closed"})[-1],
    ),
    Case("set_ready", "ready", "guest", lambda b: {"ready": True}),
    Case(
        "set_ready",
        "no longer ready",
        "eng",
        lambda b: (b.do("eng", "set_ready", ready=True), {"ready": False})[-1],
    ),
    Case("check_in", "", "qa", lambda b: (b.phase("check_in"), {"text": "Tired but keen"})[-1]),
    Case("set_timer", "start", "owner", lambda b: {"seconds": 120}),
    Case(
        "set_timer",
        "stop",
        "owner",
        lambda b: (b.do("owner", "set_timer", seconds=60), {"seconds": None})[-1],
    ),
    Case("react", "on", "eng", _reacted),
    Case("react", "off", "guest", _reacted),
    Case("set_topic", "", "owner", lambda b: {"topic_id": _discussing(b)}),
    Case("save_notes", "", "owner", lambda b: {"topic_id": _discussing(b), "text": "Agreed."}),
    Case(
        "create_action",
        "for a member, from a topic",
        "qa",
        lambda b: {
            "topic_id": _discussing(b),
            "title": "Write the runbook",
            "owner_name": "Quinn",
            "due": "2031-01-31",
        },
    ),
    Case("review_action", "done, by its owner", "eng", _earlier_action),
    Case(
        "review_action",
        "dropped, by the facilitator",
        "owner",
        lambda b: {**_earlier_action(b), "outcome": "drop", "reason": "Not needed"},
    ),
    Case("update_settings", "hide tallies", "owner", lambda b: {"hide_tallies": True}),
    Case(
        "update_settings",
        "anonymity, after the reveal",
        "owner",
        lambda b: (
            b.card("eng", "named?"),
            b.card("guest", "the guest's"),
            b.phase("reveal"),
            {"anonymous": True},
        )[-1],
    ),
    Case(
        "update_settings",
        "votes and skipped phases",
        "owner",
        lambda b: {"votes_per_person": 3, "skipped_phases": ["check_in", "review"]},
    ),
]
"""Each case's setup ends with the command's arguments; `review_action` cases without an
outcome are marked done."""


def _params() -> list[Any]:
    """A case per command of the table (and a failing one for a command without any)."""
    by_name = {name: [c for c in CASES if c.command == name] for name in command_names()}
    params: list[Any] = []
    for name, cases in by_name.items():
        for case in cases or [Case(name, "no case", "owner", _no_case)]:
            params.append(pytest.param(case, id=f"{name}: {case.label}"))
    return params


def _no_case(b: Board) -> dict[str, Any]:
    raise AssertionError("this command has no verify_command case")


def test_every_command_and_event_is_covered() -> None:
    names = command_names()
    assert sorted(names) == sorted(str(m.model_fields["name"].default) for m in HANDLERS)
    assert set(names) == {c.command for c in CASES}, "every board command needs a case here"
    assert {c.command for c in CASES} <= set(names), "a case for a command that is gone"
    assert event_types() == EVENT_TYPES, "tests/board_model.py must apply every event type"


def _follow(ws: Any, model: BoardModel, head: int) -> list[dict[str, Any]]:
    """Read this socket's events up to `head`, each checked against the event models and
    folded into `model`; return them as sent."""
    sent: list[dict[str, Any]] = []
    while model.seq < head:
        frame = receive(ws)
        if frame["type"] != "event":
            continue
        parsed = events.board_event_adapter.validate_python(frame["event"])
        # Nothing sent that the schema does not describe, nothing it requires left out.
        assert events.board_event_adapter.dump_python(parsed, mode="json") == frame["event"]
        model.apply(frame["seq"], frame["event"], frame["tag"])
        sent.append({k: frame[k] for k in ("seq", "tag", "event")})
    return sent


@pytest.mark.parametrize("anonymous", [False, True], ids=["named", "anonymous"])
@pytest.mark.parametrize("case", _params())
def test_verify_command(team: Team, case: Case, anonymous: bool) -> None:
    board = new_board(team, anonymous)
    args = case.setup(board)
    if case.command == "review_action":
        args.setdefault("outcome", "done")
    with ExitStack() as stack:
        sockets = {n: stack.enter_context(p.socket(board.rid)) for n, p in board.people.items()}
        models: dict[str, BoardModel] = {}
        for name, ws in sockets.items():
            snap, _ = receive_until(ws, "snapshot")
            models[name] = BoardModel.from_snapshot(snap["board"], snap["seq"])
        owner = board.people["owner"]
        before = owner.http("GET", f"/api/retros/{board.rid}")["seq"]
        ack = board.people[case.by].command(board.rid, case.command, **args)
        assert ack["seq"] > before, "the command changed nothing"
        received = {name: _follow(ws, models[name], ack["seq"]) for name, ws in sockets.items()}
    for name, person in board.people.items():
        fresh = person.http("GET", f"/api/retros/{board.rid}")
        assert fresh["seq"] == ack["seq"]
        assert models[name].comparable() == BoardModel.from_snapshot(fresh, 0).comparable(), name
        start = models[name].seq - len(received[name])
        page = person.http("GET", f"/api/retros/{board.rid}/events", params={"since": start})
        assert page["events"] == received[name], name
