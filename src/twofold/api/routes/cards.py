"""Cards on a retro board."""

from fastapi import APIRouter, status

from twofold.api import present
from twofold.api.deps import ActorDep, CtxDep
from twofold.api.schemas.retros import Card, CardCreate, CardUpdate
from twofold.services import cards

router = APIRouter(prefix="/api", tags=["cards"])


@router.post("/retros/{retro_id}/cards", status_code=status.HTTP_201_CREATED)
def add_card(retro_id: str, body: CardCreate, actor: ActorDep, ctx: CtxDep) -> Card:
    card, me = cards.do_add_card(
        ctx,
        actor,
        retro_id,
        column_id=body.column_id,
        text=body.text,
        polarity=body.polarity,
        friction=body.friction,
    )
    return present.card(card, me)


@router.patch("/cards/{card_id}")
def edit_card(card_id: str, body: CardUpdate, actor: ActorDep, ctx: CtxDep) -> Card:
    """Only fields present in the body change; `"friction": null` clears the friction point."""
    card, me = cards.do_edit_card(
        ctx,
        actor,
        card_id,
        text=body.text,
        polarity=body.polarity,
        friction=body.friction,
        set_friction="friction" in body.model_fields_set,
        column_id=body.column_id,
    )
    return present.card(card, me)


@router.delete("/cards/{card_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_card(card_id: str, actor: ActorDep, ctx: CtxDep) -> None:
    cards.do_delete_card(ctx, actor, card_id)
