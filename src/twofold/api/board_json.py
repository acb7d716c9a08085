"""A board's snapshot as JSON for many viewers from one read.

When hundreds of people open a board at once, building and serialising the whole board once per
person is what costs: the same cards, participants and notes, over and over. Most of a snapshot
is the same for every viewer; what differs is small and known (the viewer's own cards, votes and
reactions, tallies while they are hidden, what guests may not see, and `me`). So the parts
everyone shares are serialised once, and each viewer's JSON is put together from them with only
its own parts made for it. `render` gives what `present.board(view(state, me))` would, which a
test holds it to.
"""

import json
from collections import defaultdict
from functools import cached_property
from typing import Any

from twofold.api import present
from twofold.domain.access import Participant
from twofold.domain.visibility import author_key, full_view
from twofold.domain.vocab import Role
from twofold.services.access import key_of
from twofold.services.board.snapshot import (
    BoardState,
    earlier_actions,
    reactions_seen,
    view,
    votes_seen,
)


def _dump(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


BYSTANDER_KEY = ""
"""A participant key no card, vote or reaction can have (every real key has a prefix)."""


class _Parts:
    """The board as a member who wrote, voted and reacted nothing sees it, field by field."""

    def __init__(self, state: BoardState) -> None:
        me = Participant("member", "", "", Role.ENG, False)
        board = present.board(view(state, me, key=BYSTANDER_KEY)).model_dump(mode="json")
        self.cards = [_dump(card) for card in board.pop("cards")]
        self.fields = {name: _dump(value) for name, value in board.items()}


class BoardJson:
    """One read of a board (`state`), rendered for any number of viewers."""

    def __init__(self, state: BoardState) -> None:
        self.state = state
        self._anonymous = state.retro.settings.anonymous
        self._authored: dict[str, list[int]] = defaultdict(list)
        for i, card in enumerate(state.cards):
            self._authored[author_key(card)].append(i)
        self._voters = {voter for _, voter in state.votes}
        self._reactors = {who for _, _, who in state.reactions}

    @cached_property
    def _shared(self) -> _Parts:
        return _Parts(self.state)

    @cached_property
    def _guests_review(self) -> str:
        """A guest sees only the items this retro reviews, and nothing of the backlog."""
        return _dump([a.model_dump(mode="json") for a in earlier_actions(self.state, False)])

    def prepare(self) -> "BoardJson":
        """Make the shared parts now (on a worker thread), not for the first viewer."""
        _ = self._shared
        return self

    def render(self, me: Participant) -> str:
        key = key_of(me)
        parts = self._shared
        fields = dict(parts.fields)
        if me.kind != "member":
            fields["earlier_actions"] = self._guests_review
            fields["backlog_cards"] = "{}"
        cards = parts.cards
        own = self._authored.get(key)
        if own:
            cards = list(cards)
            retro_id = self.state.retro.id
            for i in own:
                mine = present.card(full_view(self.state.cards[i]), retro_id, True)
                cards[i] = mine.model_dump_json()
        if key in self._voters:  # (with tallies hidden, a bystander's are everyone else's)
            votes, my_votes, votes_used = votes_seen(self.state, key)
            fields["votes"], fields["my_votes"] = _dump(votes), _dump(my_votes)
            fields["votes_used"] = _dump(votes_used)
        if self._anonymous and key in self._reactors:
            fields["reactions"] = _dump(reactions_seen(self.state, key))
        fields["me"] = present.participant(me, key).model_dump_json()
        body = ",".join(f'"{name}":{fragment}' for name, fragment in fields.items())
        return f'{{{body},"cards":[{",".join(cards)}]}}'
