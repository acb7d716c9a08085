"""Cards on a retro board (the same rules as the live board's commands)."""

from fastapi import APIRouter, status

from twofold.api import present
from twofold.api.deps import ActorDep, CtxDep
from twofold.api.schemas.retros import (
    Card,
    CardCreate,
    CardUpdate,
    FrictionSuggestion,
    FrictionSuggestionRequest,
    FrictionSuggestions,
)
from twofold.domain import commands as c
from twofold.services import cards, friction

router = APIRouter(prefix="/api", tags=["cards"])


@router.post("/retros/{retro_id}/cards", status_code=status.HTTP_201_CREATED)
def add_card(retro_id: str, body: CardCreate, actor: ActorDep, ctx: CtxDep) -> Card:
    command = c.AddCard(**body.model_dump())
    view, rid, mine = cards.do_add_card(ctx, actor, retro_id, command)
    return present.card(view, rid, mine)


@router.patch("/cards/{card_id}")
def edit_card(card_id: str, body: CardUpdate, actor: ActorDep, ctx: CtxDep) -> Card:
    """Only fields present in the body change; `"friction": null` clears the friction point."""
    command = c.EditCard(card_id=card_id, **body.model_dump(exclude_unset=True))
    view, rid, mine = cards.do_edit_card(ctx, actor, command)
    return present.card(view, rid, mine)


@router.delete("/cards/{card_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_card(card_id: str, actor: ActorDep, ctx: CtxDep) -> None:
    cards.do_delete_card(ctx, actor, card_id)


@router.post("/retros/{retro_id}/friction-suggestions")
def suggest_friction(
    retro_id: str, body: FrictionSuggestionRequest, actor: ActorDep, ctx: CtxDep
) -> FrictionSuggestions:
    """Friction points that fit a card, best first, learnt from Twofold's examples and this
    team's tagged cards; `column_id` and `polarity`, when sent, and the asker's role weigh in.
    Nothing is stored. The list is empty when the text is very short, when the card is about
    none of the friction points, or when no friction point is likely enough. `ready` is false
    while the server is still fitting its model after a start: ask again in a moment."""
    found = friction.suggest(
        ctx, actor, retro_id, body.text, column_id=body.column_id, polarity=body.polarity
    )
    return FrictionSuggestions(
        suggestions=[
            FrictionSuggestion(
                friction=s.friction, confidence=round(s.confidence, 3), confident=s.confident
            )
            for s in found or ()
        ],
        ready=found is not None,
    )
