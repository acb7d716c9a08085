"""A client's copy of a board, rebuilt from a snapshot and the events that follow, the way a
real client (the web UI's reducer, frontend/src/live/reducer.ts) does; tests compare it with a
fresh snapshot to prove nothing was lost and nothing was kept that a snapshot would not say."""

from dataclasses import dataclass, field
from typing import Any

HIDDEN_PHASES = ("check_in", "review", "reflect")
"""Phases in which other people's cards are hidden."""

TALLY_HIDDEN_PHASES = (*HIDDEN_PHASES, "reveal", "group", "vote")
"""Phases in which, with hidden tallies, a viewer sees only their own votes."""


@dataclass
class BoardModel:
    seq: int
    phase: str
    cards: dict[str, dict[str, Any]] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)
    votes: dict[str, int] = field(default_factory=dict)
    my_votes: dict[str, int] = field(default_factory=dict)
    votes_used: dict[str, int] = field(default_factory=dict)
    me: str = ""
    """The viewer's participant key."""
    mine: set[str] = field(default_factory=set)
    """The viewer's own cards."""
    hide_tallies: bool = False
    log: str = ""
    """The log's identity and the tag of the last event applied, to resume with."""
    tag: str = ""

    @classmethod
    def from_snapshot(
        cls, board: dict[str, Any], seq: int, log: str = "", tag: str = ""
    ) -> "BoardModel":
        return cls(
            seq=seq,
            log=log,
            tag=tag,
            phase=board["phase"],
            cards={c["id"]: _card(c) for c in board["cards"]},
            groups={g["id"]: g["title"] for g in board["groups"]},
            votes=dict(board["votes"]),
            my_votes=dict(board["my_votes"]),
            votes_used=dict(board["votes_used"]),
            me=board["me"]["key"],
            mine={c["id"] for c in board["cards"] if c["is_mine"]},
            hide_tallies=board["settings"]["hide_tallies"],
        )

    def _drop_topics(self, *topic_ids: str | None) -> None:
        """Topics gone from the board, with their votes. One's own count of votes used follows
        from one's own votes (others' counts come as `vote_changed` events)."""
        lost = 0
        for topic_id in topic_ids:
            if topic_id:
                self.votes.pop(topic_id, None)
                lost += self.my_votes.pop(topic_id, 0)
        if lost:
            _put(self.votes_used, self.me, sum(self.my_votes.values()))

    def _reveal(self, cards: list[dict[str, Any]] | None) -> None:
        """Cards as everyone sees them now. Of one's own cards, an anonymous retro's public form
        says nothing about the author; a snapshot tells the author, so the client keeps it."""
        for card in cards or ():
            seen = _card(card)
            known = self.cards.get(card["id"])
            if card["id"] in self.mine and known is not None and seen["author_id"] is None:
                seen.update({k: known[k] for k in AUTHOR_FIELDS})
            self.cards[card["id"]] = seen

    def _join(self, group_id: str, card_ids: list[str]) -> None:
        """Cards join a group; a card that was alone brings its votes along."""
        for card_id in card_ids:
            card = self.cards[card_id]
            if card["group_id"] is None:
                for counts in (self.votes, self.my_votes):
                    moved = counts.pop(card_id, 0)
                    if moved:
                        counts[group_id] = counts.get(group_id, 0) + moved
            card["group_id"] = group_id

    def apply(self, seq: int, event: dict[str, Any], tag: str = "") -> None:
        assert seq == self.seq + 1, f"gap or repeat: at {self.seq}, got {seq}"
        self.seq = seq
        self.tag = tag
        kind = event["type"]
        if kind in ("card_added", "card_edited"):
            card = event["card"]
            self.cards[card["id"]] = _card(card)
            if card.get("author_id") is not None:
                key = ("g:" if card["author_kind"] == "guest" else "m:") + card["author_id"]
                if key == self.me:
                    self.mine.add(card["id"])
        elif kind == "card_deleted":
            self.cards.pop(event["card_id"], None)
            self.groups.pop(event.get("removed_group_id") or "", None)
            self._drop_topics(event["card_id"], event.get("removed_group_id"))
        elif kind == "phase_changed":
            self.phase = event["phase"]
            self._reveal(event.get("revealed"))
            if self.hide_tallies and self.phase in TALLY_HIDDEN_PHASES:
                # Back before the vote's end: only one's own votes show again.
                self.votes = dict(self.my_votes)
            elif event.get("tallies") is not None:
                self.votes = dict(event["tallies"])
            if self.phase in HIDDEN_PHASES:
                for card_id, card in self.cards.items():
                    if card_id not in self.mine:
                        self.cards[card_id] = _hidden(card)
        elif kind == "settings_changed":
            self.hide_tallies = event["settings"]["hide_tallies"]
            self._reveal(event.get("revealed"))
        elif kind in ("group_created", "cards_grouped"):
            group_id = event["group"]["id"] if kind == "group_created" else event["group_id"]
            if kind == "group_created":
                self.groups[group_id] = event["group"]["title"]
            elif event.get("title") is not None:
                self.groups[group_id] = event["title"]
            self._join(group_id, event["card_ids"])
            for gone in event["removed_group_ids"]:
                self.groups.pop(gone, None)
                self._drop_topics(gone)
        elif kind == "card_ungrouped":
            self.cards[event["card_id"]]["group_id"] = None
            if event["removed_group_id"]:
                self.groups.pop(event["removed_group_id"], None)
                self._drop_topics(event["removed_group_id"])
        elif kind == "group_renamed":
            self.groups[event["group"]["id"]] = event["group"]["title"]
        elif kind == "groups_merged":
            for card in self.cards.values():
                if card["group_id"] == event["source_group_id"]:
                    card["group_id"] = event["target_group_id"]
            self.groups.pop(event["source_group_id"], None)
            target = event["target_group_id"]
            for counts in (self.votes, self.my_votes):
                moved = counts.pop(event["source_group_id"], 0)
                if moved:
                    counts[target] = counts.get(target, 0) + moved
        elif kind == "vote_changed":
            if event.get("voter"):
                _put(self.votes_used, event["voter"], event["votes_used"])
            if event.get("topic_id") is not None:
                if event.get("topic_votes") is not None:
                    _put(self.votes, event["topic_id"], event["topic_votes"])
                if event.get("my_topic_votes") is not None:
                    _put(self.my_votes, event["topic_id"], event["my_topic_votes"])

    def comparable(self) -> dict[str, Any]:
        return {
            "phase": self.phase,
            "cards": self.cards,
            "groups": self.groups,
            "votes": self.votes,
            "my_votes": self.my_votes,
            "votes_used": self.votes_used,
        }


def _put(counts: dict[str, int], key: str, n: int) -> None:
    """A count of nothing is no entry, as in a snapshot."""
    if n:
        counts[key] = n
    else:
        counts.pop(key, None)


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


def _card(c: dict[str, Any]) -> dict[str, Any]:
    return {k: c.get(k) for k in CARD_FIELDS}


def _hidden(c: dict[str, Any]) -> dict[str, Any]:
    """A card as others see it while cards are hidden: that it exists, and where."""
    return {
        **dict.fromkeys(CARD_FIELDS),
        "column_id": c["column_id"],
        "group_id": c["group_id"],
        "hidden": True,
    }
