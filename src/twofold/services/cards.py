"""Card use cases for the REST endpoints: each one is a board command plus a look at the result,
so REST and the live board can never disagree about a rule."""

from twofold.domain import commands as c
from twofold.domain.errors import NotFound
from twofold.domain.events import CardView
from twofold.domain.visibility import author_key, view_for
from twofold.services.access import Actor, check_in_retro, key_of
from twofold.services.board.execute import execute
from twofold.services.context import Ctx
from twofold.store.queries import cards as card_q


def card_for(ctx: Ctx, actor: Actor, card_id: str) -> tuple[CardView, str, bool]:
    """The card as this person may see it, with its retro id; "not found" for outsiders."""
    with ctx.db.read() as tx:
        card = card_q.card_by_id(tx, card_id)
        if card is None:
            raise NotFound("Card not found.")
        retro, me = check_in_retro(tx, actor, card.retro_id, "Card not found.")
        key = key_of(me)
        return view_for(card, retro, key), retro.id, author_key(card) == key


def do_add_card(
    ctx: Ctx, actor: Actor, retro_id: str, command: c.AddCard
) -> tuple[CardView, str, bool]:
    ack = execute(ctx, actor, retro_id, command)
    return card_for(ctx, actor, ack.result["card_id"])


def do_edit_card(ctx: Ctx, actor: Actor, command: c.EditCard) -> tuple[CardView, str, bool]:
    _, retro_id, _ = card_for(ctx, actor, command.card_id)
    execute(ctx, actor, retro_id, command)
    return card_for(ctx, actor, command.card_id)


def do_delete_card(ctx: Ctx, actor: Actor, card_id: str) -> None:
    _, retro_id, _ = card_for(ctx, actor, card_id)
    execute(ctx, actor, retro_id, c.DeleteCard(card_id=card_id))
