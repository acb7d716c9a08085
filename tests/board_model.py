"""A client's copy of a board, rebuilt from a snapshot and the events that follow, the way a
real client does; tests compare it with a fresh snapshot to prove nothing was lost."""

from dataclasses import dataclass, field
from typing import Any


@dataclass
class BoardModel:
    seq: int
    phase: str
    cards: dict[str, dict[str, Any]] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)
    votes: dict[str, int] = field(default_factory=dict)
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
        )

    def apply(self, seq: int, event: dict[str, Any], tag: str = "") -> None:
        assert seq == self.seq + 1, f"gap or repeat: at {self.seq}, got {seq}"
        self.seq = seq
        self.tag = tag
        kind = event["type"]
        if kind in ("card_added", "card_edited"):
            self.cards[event["card"]["id"]] = _card(event["card"])
        elif kind == "card_deleted":
            self.cards.pop(event["card_id"], None)
            self.votes.pop(event["card_id"], None)
            if event.get("removed_group_id"):
                self.groups.pop(event["removed_group_id"], None)
                self.votes.pop(event["removed_group_id"], None)
        elif kind == "phase_changed":
            self.phase = event["phase"]
            for card in event.get("revealed") or ():
                self.cards[card["id"]] = _card(card)
            if event.get("tallies") is not None:
                self.votes = dict(event["tallies"])
        elif kind in ("group_created", "cards_grouped"):
            group_id = event["group"]["id"] if kind == "group_created" else event["group_id"]
            if kind == "group_created":
                self.groups[group_id] = event["group"]["title"]
            for card_id in event["card_ids"]:
                self.cards[card_id]["group_id"] = group_id
            for gone in event["removed_group_ids"]:
                self.groups.pop(gone, None)
                self.votes.pop(gone, None)
        elif kind == "card_ungrouped":
            self.cards[event["card_id"]]["group_id"] = None
            if event["removed_group_id"]:
                self.groups.pop(event["removed_group_id"], None)
        elif kind == "group_renamed":
            self.groups[event["group"]["id"]] = event["group"]["title"]
        elif kind == "groups_merged":
            for card in self.cards.values():
                if card["group_id"] == event["source_group_id"]:
                    card["group_id"] = event["target_group_id"]
            self.groups.pop(event["source_group_id"], None)
            moved = self.votes.pop(event["source_group_id"], 0)
            if moved:
                target = event["target_group_id"]
                self.votes[target] = self.votes.get(target, 0) + moved
        elif kind == "vote_changed" and event.get("topic_id") is not None:
            if event["topic_votes"]:
                self.votes[event["topic_id"]] = event["topic_votes"]
            else:
                self.votes.pop(event["topic_id"], None)

    def comparable(self) -> dict[str, Any]:
        return {
            "phase": self.phase,
            "cards": self.cards,
            "groups": self.groups,
            "votes": self.votes,
        }


def _card(c: dict[str, Any]) -> dict[str, Any]:
    return {
        k: c.get(k) for k in ("column_id", "group_id", "hidden", "text", "polarity", "friction")
    }
