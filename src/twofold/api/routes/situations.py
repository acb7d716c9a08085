"""Same-situation group suggestions and perception gaps on a retro's board."""

from fastapi import APIRouter, Request

from twofold.api.deps import ActorDep, CtxDep
from twofold.api.ratelimit import RateLimiter
from twofold.api.schemas import situations as ss
from twofold.services import situations
from twofold.services.access import Actor

router = APIRouter(prefix="/api", tags=["board"])

# Each answer compares every visible card with every other: a person may ask a few times in a
# row (after regrouping), not in a loop. One limiter per app, kept on its state.
RATE_PER_SECOND = 1
BURST = 10


def _limit(request: Request, actor: Actor) -> None:
    state = request.app.state
    limiter: RateLimiter | None = getattr(state, "situation_limiter", None)
    if limiter is None:
        limiter = state.situation_limiter = RateLimiter(RATE_PER_SECOND, BURST)
    limiter.hit(f"{type(actor).__name__}:{actor.id}")


@router.get("/retros/{retro_id}/group-suggestions")
def group_suggestions(
    retro_id: str, request: Request, actor: ActorDep, ctx: CtxDep
) -> ss.GroupSuggestions:
    """Groups of the cards not yet in a group that seem to be about the same situation, for a
    facilitator to accept (with `group_cards`), rename or dismiss. Nothing is moved here. Only
    cards the facilitator may read are considered; only in the reveal and group phases."""
    _limit(request, actor)
    found = situations.group_suggestions(ctx, actor, retro_id)
    return ss.GroupSuggestions(
        enabled=found.enabled,
        groups=[
            ss.SuggestedGroup(name=g.name, card_ids=list(g.card_ids), cohesion=g.cohesion)
            for g in found.groups
        ],
    )


@router.get("/retros/{retro_id}/perception-gaps")
def perception_gaps(
    retro_id: str, request: Request, actor: ActorDep, ctx: CtxDep
) -> ss.PerceptionGaps:
    """Pairs of a product-side card and an engineering-side card about the same situation that
    disagree, among the cards the asker may read. Sides follow the team's grouping of roles;
    no author is named, in anonymous retros or otherwise."""
    _limit(request, actor)
    found = situations.retro_gaps(ctx, actor, retro_id)
    return ss.PerceptionGaps(
        enabled=found.enabled,
        too_few_to_show=found.too_few_to_show,
        gaps=[ss.gap_view(g) for g in found.gaps],
    )
