"""A client's copy of a board, rebuilt from a snapshot and the events that follow, the way a
real client (the web UI's reducer, frontend/src/live/reducer.ts) does; tests compare it with a
fresh snapshot to prove nothing was lost and nothing was kept that a snapshot would not say.

It holds the whole board a snapshot gives (the `Retro` of the API) and applies every kind of
board event, branch for branch as the web UI's reducer does; `EVENT_TYPES` is checked against
the server's event models, so a new kind of event cannot go without a rule here.
"""

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

PHASES = (
    "check_in",
    "review",
    "reflect",
    "reveal",
    "group",
    "vote",
    "discuss",
    "actions",
    "closed",
)
HIDDEN_PHASES = PHASES[: PHASES.index("reveal")]
"""Phases in which other people's cards are hidden."""

TALLY_HIDDEN_PHASES = PHASES[: PHASES.index("vote") + 1]
"""Phases in which, with hidden tallies, a viewer sees only their own votes."""

ANONYMOUS = "anonymous"

CARD_FIELDS = (
    "column_id",
    "group_id",
    "hidden",
    "text",
    "polarity",
    "friction",
    "author_role",
    "author_kind",
    "author_id",
    "author_name",
    "created_at",
    "updated_at",
)
AUTHOR_FIELDS = ("author_role", "author_kind", "author_id", "author_name")

Board = dict[str, Any]
Event = dict[str, Any]


@dataclass
class BoardModel:
    seq: int
    board: Board
    log: str = ""
    """The log's identity and the tag of the last event applied, to resume with."""
    tag: str = ""
    applied: list[str] = field(default_factory=list)
    """The kinds of event applied, in order."""

    @classmethod
    def from_snapshot(cls, board: Board, seq: int, log: str = "", tag: str = "") -> "BoardModel":
        return cls(seq=seq, board=copy.deepcopy(board), log=log, tag=tag)

    def apply(self, seq: int, event: Event, tag: str = "") -> None:
        assert seq == self.seq + 1, f"gap or repeat: at {self.seq}, got {seq}"
        self.seq = seq
        self.tag = tag
        self.applied.append(event["type"])
        RULES[event["type"]](self.board, copy.deepcopy(event))

    @property
    def cards(self) -> dict[str, dict[str, Any]]:
        return {c["id"]: c for c in self.board["cards"]}

    def comparable(self) -> dict[str, Any]:
        return comparable(self.board)


def comparable(board: Board) -> dict[str, Any]:
    """A board with what order and representation leave open taken out: lists keyed by id,
    reaction lists as multisets, empty entries dropped, the seq left to the caller."""
    b = {k: v for k, v in board.items() if k != "seq"}
    b["cards"] = {c["id"]: _full_card(c) for c in board["cards"]}
    b["columns"] = {c["id"]: c for c in board["columns"]}
    b["groups"] = {g["id"]: g["title"] for g in board["groups"]}
    b["participants"] = {p["key"]: p for p in board["participants"]}
    b["actions"] = {a["id"]: a for a in board["actions"]}
    b["earlier_actions"] = {a["id"]: a for a in board.get("earlier_actions") or []}
    b["reactions"] = {
        card: {emoji: sorted(who) for emoji, who in by_emoji.items() if who}
        for card, by_emoji in board["reactions"].items()
        if any(by_emoji.values())
    }
    return b


def _full_card(c: dict[str, Any]) -> dict[str, Any]:
    return {"id": c["id"], **{k: c.get(k) for k in CARD_FIELDS}, "is_mine": c["is_mine"]}


def _card(b: Board, view: dict[str, Any], previous: dict[str, Any] | None) -> dict[str, Any]:
    """An event's card as a board card. Of one's own cards, an anonymous retro's public form
    says nothing about the author; a snapshot tells the author, so the client keeps it."""
    me = b["me"]
    named = view.get("author_id") is not None
    if named:
        mine = view["author_id"] == me["id"] and view.get("author_kind") == me["kind"]
    else:
        mine = bool(previous and previous["is_mine"])
    card = {**view, "retro_id": b["id"], "is_mine": mine}
    if mine and not named and previous is not None:
        card.update({k: previous.get(k) for k in AUTHOR_FIELDS})
    return card


def _hide(card: dict[str, Any]) -> dict[str, Any]:
    """A card as others see it while cards are hidden: that it exists, and where."""
    return {
        "id": card["id"],
        "column_id": card["column_id"],
        "group_id": card.get("group_id"),
        "hidden": True,
        "retro_id": card["retro_id"],
        "is_mine": False,
    }


def _upsert(b: Board, views: list[dict[str, Any]] | None) -> None:
    by_id = {c["id"]: c for c in b["cards"]}
    for view in views or ():
        by_id[view["id"]] = _card(b, view, by_id.get(view["id"]))
    b["cards"] = list(by_id.values())


def _put(counts: dict[str, int], key: str, n: int) -> None:
    """A count of nothing is no entry, as in a snapshot."""
    if n:
        counts[key] = n
    else:
        counts.pop(key, None)


def _move(counts: dict[str, int], source: str, target: str) -> None:
    if source in counts:
        counts[target] = counts.get(target, 0) + counts.pop(source)


def _without_groups(b: Board, *gone: str | None) -> None:
    b["groups"] = [g for g in b["groups"] if g["id"] not in gone]


def _drop_topics(b: Board, *gone: str | None) -> None:
    """Topics gone from the board, with their votes. One's own count of votes used follows
    from one's own votes (others' counts come as `vote_changed` events)."""
    lost = False
    for topic in gone:
        if topic:
            b["votes"].pop(topic, None)
            lost = b["my_votes"].pop(topic, None) is not None or lost
    if lost:
        _put(b["votes_used"], b["me"]["key"], sum(b["my_votes"].values()))


def _join(b: Board, group_id: str, card_ids: list[str], removed: list[str]) -> None:
    """Cards join a group; a card that was alone brings its votes along; groups the move
    emptied are gone, with their votes."""
    joining = set(card_ids)
    for card in b["cards"]:
        if card["id"] in joining:
            if not card.get("group_id"):
                _move(b["votes"], card["id"], group_id)
                _move(b["my_votes"], card["id"], group_id)
            card["group_id"] = group_id
    _without_groups(b, *removed)
    _drop_topics(b, *removed)


def _finish(b: Board) -> None:
    b["card_count"] = len(b["cards"])


def _card_changed(b: Board, e: Event) -> None:
    _upsert(b, [e["card"]])
    _finish(b)


def _card_deleted(b: Board, e: Event) -> None:
    b["cards"] = [c for c in b["cards"] if c["id"] != e["card_id"]]
    b["reactions"].pop(e["card_id"], None)
    _without_groups(b, e.get("removed_group_id"))
    _drop_topics(b, e["card_id"], e.get("removed_group_id"))
    _finish(b)


def _column_changed(b: Board, e: Event) -> None:
    column = {**e["column"], "retro_id": b["id"]}
    b["columns"] = [c for c in b["columns"] if c["id"] != column["id"]] + [column]


def _column_removed(b: Board, e: Event) -> None:
    b["columns"] = [c for c in b["columns"] if c["id"] != e["column_id"]]


def _retro_changed(b: Board, e: Event) -> None:
    b["title"], b["sprint_name"] = e["title"], e["sprint_name"]


def _phase_changed(b: Board, e: Event) -> None:
    _upsert(b, e.get("revealed"))
    if e["phase"] in HIDDEN_PHASES:
        b["cards"] = [c if c["is_mine"] else _hide(c) for c in b["cards"]]
    if b["settings"]["hide_tallies"] and e["phase"] in TALLY_HIDDEN_PHASES:
        # Back before the vote's end: only one's own votes show again.
        b["votes"] = dict(b["my_votes"])
    elif e.get("tallies"):
        b["votes"] = dict(e["tallies"])
    b["phase"] = e["phase"]
    b["timer_ends_at"] = b["timer_seconds"] = None
    _finish(b)


def _settings_changed(b: Board, e: Event) -> None:
    b["settings"] = e["settings"]
    _upsert(b, e.get("revealed"))
    _finish(b)


def _group_created(b: Board, e: Event) -> None:
    group = e["group"]
    removed = e.get("removed_group_ids") or []
    _join(b, group["id"], e["card_ids"], removed)
    b["groups"] = [g for g in b["groups"] if g["id"] != group["id"]] + [group]


def _cards_grouped(b: Board, e: Event) -> None:
    _join(b, e["group_id"], e["card_ids"], e.get("removed_group_ids") or [])
    if isinstance(e.get("title"), str):
        for g in b["groups"]:
            if g["id"] == e["group_id"]:
                g["title"] = e["title"]


def _card_ungrouped(b: Board, e: Event) -> None:
    for card in b["cards"]:
        if card["id"] == e["card_id"]:
            card["group_id"] = None
    _without_groups(b, e.get("removed_group_id"))
    _drop_topics(b, e.get("removed_group_id"))


def _group_renamed(b: Board, e: Event) -> None:
    b["groups"] = [e["group"] if g["id"] == e["group"]["id"] else g for g in b["groups"]]


def _groups_merged(b: Board, e: Event) -> None:
    source, target = e["source_group_id"], e["target_group_id"]
    b["groups"] = [g for g in b["groups"] if g["id"] != source]
    for card in b["cards"]:
        if card.get("group_id") == source:
            card["group_id"] = target
    _move(b["votes"], source, target)
    _move(b["my_votes"], source, target)
    if source in b["notes"] and target not in b["notes"]:
        b["notes"][target] = b["notes"][source]
    if b["topic_id"] == source:
        b["topic_id"] = target


def _vote_changed(b: Board, e: Event) -> None:
    if e.get("voter"):
        _put(b["votes_used"], e["voter"], e["votes_used"])
    if e.get("topic_id"):
        if isinstance(e.get("topic_votes"), int):
            _put(b["votes"], e["topic_id"], e["topic_votes"])
        if isinstance(e.get("my_topic_votes"), int):
            _put(b["my_votes"], e["topic_id"], e["my_topic_votes"])


def _participant(b: Board, e: Event) -> None:
    p = e["participant"]
    known = any(x["key"] == p["key"] for x in b["participants"])
    b["participants"] = (
        [p if x["key"] == p["key"] else x for x in b["participants"]]
        if known
        else [*b["participants"], p]
    )


def _timer_set(b: Board, e: Event) -> None:
    b["timer_ends_at"], b["timer_seconds"] = e["ends_at"], e["seconds"]


def _reaction_toggled(b: Board, e: Event) -> None:
    for_card = b["reactions"].setdefault(e["card_id"], {})
    who = list(for_card.get(e["emoji"], []))
    if e["participant"] == ANONYMOUS:
        # Someone unnamed: count them in, or one unnamed reaction out.
        if e["on"]:
            who.append(ANONYMOUS)
        elif ANONYMOUS in who:
            who.remove(ANONYMOUS)
    else:
        who = [k for k in who if k != e["participant"]]
        if e["on"]:
            who.append(e["participant"])
    if who:
        for_card[e["emoji"]] = who
    else:
        for_card.pop(e["emoji"], None)


def _topic_set(b: Board, e: Event) -> None:
    b["topic_id"] = e["topic_id"]


def _notes_saved(b: Board, e: Event) -> None:
    b["notes"][e["topic_id"]] = e["text"]


def _nothing(b: Board, e: Event) -> None:
    """The board holds nothing it says: signals are fetched anew; a withheld event only keeps
    the seq whole."""


def _backlog_changed(b: Board, e: Event) -> None:
    for card_id, debt_id in e["cards"].items():
        if debt_id is None:
            b["backlog_cards"].pop(card_id, None)
        else:
            b["backlog_cards"][card_id] = debt_id


def _replace(actions: list[dict[str, Any]], action: dict[str, Any]) -> list[dict[str, Any]]:
    return [action if a["id"] == action["id"] else a for a in actions]


def _action_created(b: Board, e: Event) -> None:
    b["actions"] = [a for a in b["actions"] if a["id"] != e["action"]["id"]] + [e["action"]]


def _action_reviewed(b: Board, e: Event) -> None:
    action = e["action"]
    earlier = b.get("earlier_actions") or []
    known = any(a["id"] == action["id"] for a in earlier)
    b["earlier_actions"] = _replace(earlier, action) if known else [*earlier, action]
    b["actions"] = _replace(b["actions"], action)


def _action_changed(b: Board, e: Event) -> None:
    action = e["action"]
    earlier = b.get("earlier_actions") or []
    reopened = (
        not any(a["id"] == action["id"] for a in earlier)
        and action.get("retro_id") != b["id"]
        and action["status"] in ("open", "in_progress")
    )
    b["earlier_actions"] = [*earlier, action] if reopened else _replace(earlier, action)
    b["actions"] = _replace(b["actions"], action)


def _action_removed(b: Board, e: Event) -> None:
    gone = e["action_id"]
    b["earlier_actions"] = [a for a in b.get("earlier_actions") or [] if a["id"] != gone]
    b["actions"] = [a for a in b["actions"] if a["id"] != gone]


RULES: dict[str, Callable[[Board, Event], None]] = {
    "card_added": _card_changed,
    "card_edited": _card_changed,
    "card_deleted": _card_deleted,
    "column_added": _column_changed,
    "column_changed": _column_changed,
    "column_removed": _column_removed,
    "retro_changed": _retro_changed,
    "phase_changed": _phase_changed,
    "settings_changed": _settings_changed,
    "group_created": _group_created,
    "cards_grouped": _cards_grouped,
    "card_ungrouped": _card_ungrouped,
    "group_renamed": _group_renamed,
    "groups_merged": _groups_merged,
    "vote_changed": _vote_changed,
    "ready_changed": _participant,
    "participant_joined": _participant,
    "checked_in": _participant,
    "timer_set": _timer_set,
    "reaction_toggled": _reaction_toggled,
    "topic_set": _topic_set,
    "notes_saved": _notes_saved,
    "action_created": _action_created,
    "action_reviewed": _action_reviewed,
    "action_changed": _action_changed,
    "action_removed": _action_removed,
    "backlog_changed": _backlog_changed,
    "withheld": _nothing,
    "signals_changed": _nothing,
    "radar_changed": _nothing,
}
EVENT_TYPES = frozenset(RULES)
