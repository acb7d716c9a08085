"""Equal voice: whether the product side and the engineering side were both heard in a retro.

Twofold exists so that a PM/Engineering retro is not one side talking to the other. These rules
measure, for one retro, each side's share of the cards written, the votes cast, the discussion
notes taken and the action items owned, and flag a retro where one side barely spoke or owns
nothing that was agreed.

Roles fall on a side by `DEFAULT_SIDES`, which is `domain.sides` (the one grouping the radar
uses too) with the roles on neither side counted apart. Engineering managers stand apart: they
often facilitate, and counting them on either side would tilt the very figure meant to show
balance. A team may group its roles otherwise; `voice_sides` turns its grouping into the
mapping these rules take.

In an anonymous retro, a share with one or two people on a side is as good as naming them
("the only PM wrote 2 cards"), so the figures are shown only when each side had at least
`ANONYMOUS_SIDE_MIN` people; otherwise the result says there were too few to show.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from twofold.domain import sides
from twofold.domain.vocab import Role
from twofold.domain.words import N_


class Side(StrEnum):
    PRODUCT = "product"
    ENGINEERING = "engineering"
    APART = "apart"
    """Counted and shown, but on neither side (engineering managers by default)."""


def voice_sides(grouping: sides.Grouping) -> Mapping[Role, Side]:
    """A team's grouping as equal voice counts it: a role on neither side is counted apart."""
    return {
        role: Side.APART if (side := grouping.get(role)) is None else Side(side.value)
        for role in Role
    }


DEFAULT_SIDES: Mapping[Role, Side] = voice_sides(sides.DEFAULT_GROUPING)

CARD_SHARE_MIN = 0.30
"""Below this share of the cards, a side is flagged as barely heard."""

ANONYMOUS_SIDE_MIN = 3
"""People each side needs in an anonymous retro before its figures are shown."""


class VoiceFlag(StrEnum):
    PRODUCT_FEW_CARDS = "product_few_cards"
    ENGINEERING_FEW_CARDS = "engineering_few_cards"
    NO_PRODUCT_ACTION = "no_product_action"
    NO_ENGINEERING_ACTION = "no_engineering_action"


JOINT = "joint"
"""An action item owned jointly by the PM and the tech lead: it counts for both sides."""


@dataclass(frozen=True)
class Tally:
    """One measure split by side. `share` is of product + engineering only (the two whose
    balance is the point); `apart` is shown beside it."""

    product: int
    engineering: int
    apart: int = 0
    joint: int = 0
    """Only for action items: owned by both sides together."""

    @property
    def product_share(self) -> float | None:
        return _share(self.product + self.joint, self.engineering + self.joint)

    @property
    def engineering_share(self) -> float | None:
        return _share(self.engineering + self.joint, self.product + self.joint)


def _share(mine: int, theirs: int) -> float | None:
    total = mine + theirs
    return None if total == 0 else mine / total


@dataclass(frozen=True)
class EqualVoice:
    shown: bool
    """False in an anonymous retro with too few people on a side: nothing else is filled."""
    people: Tally | None
    cards: Tally | None
    votes: Tally | None
    notes: Tally | None
    actions: Tally | None
    flags: tuple[VoiceFlag, ...]


def tally(by_role: Mapping[str, int], sides: Mapping[Role, Side] = DEFAULT_SIDES) -> Tally:
    """Counts by role (as stored: `pm`, `eng`, …; `joint` for joint owners) folded into sides.
    An unknown role (say, one a later version added) is counted apart rather than guessed."""
    counts = {Side.PRODUCT: 0, Side.ENGINEERING: 0, Side.APART: 0}
    joint = 0
    known = {r.value: r for r in Role}
    for role, n in by_role.items():
        if role == JOINT:
            joint += n
        elif role in known:
            counts[sides.get(known[role], Side.APART)] += n
        else:
            counts[Side.APART] += n
    return Tally(counts[Side.PRODUCT], counts[Side.ENGINEERING], counts[Side.APART], joint)


def flags_for(cards: Tally, actions: Tally) -> tuple[VoiceFlag, ...]:
    """A side with under `CARD_SHARE_MIN` of the cards (once anyone wrote one), and a side that
    owns none of the action items agreed (once any were; a retro that agreed nothing says so
    elsewhere, and owning nothing of nothing is no imbalance)."""
    flags: list[VoiceFlag] = []
    product, engineering = cards.product_share, cards.engineering_share
    if product is not None and product < CARD_SHARE_MIN:
        flags.append(VoiceFlag.PRODUCT_FEW_CARDS)
    if engineering is not None and engineering < CARD_SHARE_MIN:
        flags.append(VoiceFlag.ENGINEERING_FEW_CARDS)
    owned = actions.product + actions.engineering + actions.apart + actions.joint
    if owned:
        if actions.product + actions.joint == 0:
            flags.append(VoiceFlag.NO_PRODUCT_ACTION)
        if actions.engineering + actions.joint == 0:
            flags.append(VoiceFlag.NO_ENGINEERING_ACTION)
    return tuple(flags)


def measure(
    *,
    people: Mapping[str, int],
    cards: Mapping[str, int],
    votes: Mapping[str, int],
    notes: Mapping[str, int],
    actions: Mapping[str, int],
    anonymous: bool,
    sides: Mapping[Role, Side] = DEFAULT_SIDES,
) -> EqualVoice:
    """The equal-voice figures of one retro from its counts by role. `actions` counts the
    owned items by their owner's role (`joint` for joint owners); unowned items are left out."""
    who = tally(people, sides)
    if anonymous and min(who.product, who.engineering) < ANONYMOUS_SIDE_MIN:
        return EqualVoice(False, None, None, None, None, None, ())
    card_tally, action_tally = tally(cards, sides), tally(actions, sides)
    return EqualVoice(
        shown=True,
        people=who,
        cards=card_tally,
        votes=tally(votes, sides),
        notes=tally(notes, sides),
        actions=action_tally,
        flags=flags_for(card_tally, action_tally),
    )


MEASURES = (
    (N_("People"), "people"),
    (N_("Cards"), "cards"),
    (N_("Votes"), "votes"),
    (N_("Discussion notes"), "notes"),
    (N_("Action items owned"), "actions"),
)
"""Each measure's label and its field, in the order the summary shows them."""

VOICE_FLAG_WORDS: dict[VoiceFlag, str] = {
    VoiceFlag.PRODUCT_FEW_CARDS: N_("The product side wrote under 30% of the cards."),
    VoiceFlag.ENGINEERING_FEW_CARDS: N_("The engineering side wrote under 30% of the cards."),
    VoiceFlag.NO_PRODUCT_ACTION: N_("No action item is owned by the product side."),
    VoiceFlag.NO_ENGINEERING_ACTION: N_("No action item is owned by the engineering side."),
}
"""Each flag in a sentence, for the summary's exports and pages (`Words.known` words it in
another language)."""
