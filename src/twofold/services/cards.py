"""Adding, editing and removing cards."""

from twofold.domain import events as ev
from twofold.domain.access import (
    Participant,
    check_may_delete_card,
    check_may_edit_card,
    resolve_polarity,
)
from twofold.domain.entities import Card, Column
from twofold.domain.errors import Invalid, NotFound
from twofold.domain.vocab import Friction, Polarity
from twofold.services.context import Ctx
from twofold.services.participants import Actor, check_participant
from twofold.store.database import Tx
from twofold.store.queries import cards as card_q
from twofold.store.queries import events as event_q
from twofold.store.queries import retros as retro_q


def card_payload(card: Card) -> ev.CardPayload:
    guest = card.author_guest_id is not None
    return ev.CardPayload(
        id=card.id,
        column_id=card.column_id,
        text=card.text,
        polarity=card.polarity,
        friction=card.friction,
        author_role=card.author_role,
        author_kind="guest" if guest else "member",
        author_id=card.author_guest_id or card.author_user_id or "",
        author_name=card.author_name,
        created_at=card.created_at,
        updated_at=card.updated_at,
    )


def _check_text(text: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise Invalid(
            "A card needs some text.",
            code="validation_error",
            details=[{"field": "text", "message": "Write something first."}],
        )
    return cleaned


def _check_column(tx: Tx, retro_id: str, column_id: str) -> Column:
    column = retro_q.column_by_id(tx, column_id)
    if column is None or column.retro_id != retro_id:
        raise Invalid(
            "That column is not on this board.",
            code="validation_error",
            details=[{"field": "column_id", "message": "Unknown column for this retro."}],
        )
    return column


def _card_for(tx: Tx, actor: Actor, card_id: str) -> tuple[Card, Participant]:
    card = card_q.card_by_id(tx, card_id)
    if card is None:
        raise NotFound("Card not found.")
    try:
        _, me = check_participant(tx, actor, card.retro_id)
    except NotFound:
        raise NotFound("Card not found.") from None
    return card, me


def do_add_card(
    ctx: Ctx,
    actor: Actor,
    retro_id: str,
    *,
    column_id: str,
    text: str,
    polarity: Polarity | None,
    friction: Friction | None,
) -> tuple[Card, Participant]:
    cleaned = _check_text(text)
    with ctx.board_write() as (tx, events):
        _, me = check_participant(tx, actor, retro_id)
        column = _check_column(tx, retro_id, column_id)
        card = card_q.insert_card(
            tx,
            retro_id=retro_id,
            column_id=column.id,
            text=cleaned,
            polarity=resolve_polarity(column, polarity),
            friction=friction,
            author_role=me.role,
            author_user_id=me.id if me.kind == "member" else None,
            author_guest_id=me.id if me.kind == "guest" else None,
            author_name=me.display_name,
        )
        events.append(event_q.append(tx, retro_id, ev.CardAdded(card=card_payload(card))))
        return card, me


def do_edit_card(
    ctx: Ctx,
    actor: Actor,
    card_id: str,
    *,
    text: str | None = None,
    polarity: Polarity | None = None,
    friction: Friction | None = None,
    set_friction: bool = False,
    column_id: str | None = None,
) -> tuple[Card, Participant]:
    with ctx.board_write() as (tx, events):
        card, me = _card_for(tx, actor, card_id)
        check_may_edit_card(me, card)
        column = _check_column(tx, card.retro_id, column_id or card.column_id)
        if polarity is not None:
            new_polarity = resolve_polarity(column, polarity)
        elif card.polarity in column.polarities:
            new_polarity = card.polarity
        else:
            new_polarity = column.polarities[0]
        updated = card_q.update_card(
            tx,
            card_id,
            text=_check_text(text) if text is not None else card.text,
            polarity=new_polarity,
            friction=friction if set_friction else card.friction,
            column_id=column.id,
        )
        events.append(event_q.append(tx, card.retro_id, ev.CardEdited(card=card_payload(updated))))
        return updated, me


def do_delete_card(ctx: Ctx, actor: Actor, card_id: str) -> None:
    with ctx.board_write() as (tx, events):
        card, me = _card_for(tx, actor, card_id)
        check_may_delete_card(me, card)
        card_q.delete_card(tx, card_id)
        events.append(event_q.append(tx, card.retro_id, ev.CardDeleted(card_id=card_id)))
