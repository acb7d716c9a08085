"""The tech-debt backlog of a team: items, ranking, recurring themes and sprint capacity."""

from fastapi import APIRouter
from fastapi import status as http

from twofold.api.deps import CtxDep, UserDep
from twofold.api.schemas import debt as sd
from twofold.api.schemas.item_history import HistoryEntryOut, history_out
from twofold.domain.debt import DebtStatus
from twofold.domain.themes import Theme
from twofold.services import debt, debt_capacity
from twofold.services.debt import DebtView
from twofold.services.debt_capacity import CapacityView

router = APIRouter(prefix="/api", tags=["debt"])


def _item(v: DebtView) -> sd.DebtItem:
    r, i = v.record, v.record.item
    return sd.DebtItem(
        id=i.id,
        team_id=i.team_id,
        title=i.title,
        description=i.description,
        area=i.area,
        drag_hours=i.drag_hours,
        impact=i.impact,
        effort=i.effort,
        status=i.status,
        drag_score=v.drag_score,
        value=v.value,
        priority=v.priority,
        missing=list(v.missing),
        created_by=r.created_by,
        eng_scored_by=r.eng_scored_by,
        pm_scored_by=r.pm_scored_by,
        created_at=i.created_at,
        updated_at=r.updated_at,
        links=[
            sd.DebtLink(kind=k.kind, target_id=k.target_id, retro_id=k.retro_id) for k in r.links
        ],
    )


def _theme(t: Theme) -> sd.Theme:
    return sd.Theme(
        label=t.label,
        terms=list(t.terms),
        retro_ids=list(t.retro_ids),
        cards=[
            sd.ThemeCard(
                card_id=c.card_id,
                text=c.text,
                retro_id=c.retro_id,
                retro_date=c.retro_date,
                friction=c.friction,
                debt_item_id=c.debt_item_id,
            )
            for c in t.cards
        ],
        friction=t.friction,
        debt_item_ids=list(t.debt_item_ids),
        offer_escalation=t.offer_escalation,
        first_seen=t.first_seen,
        last_seen=t.last_seen,
    )


def _capacity(v: CapacityView) -> sd.Capacity:
    c = v.capacity
    return sd.Capacity(
        retro_id=v.retro_id,
        total_points=c.total_points if c else None,
        debt_points=c.debt_points if c else None,
        share=c.share if c else None,
        status=c.status if c else None,
        target_percent=v.target,
        at_target_band=v.band,
    )


@router.get("/teams/{team_id}/debt")
def list_debt(
    team_id: str, user: UserDep, ctx: CtxDep, status: DebtStatus | None = None
) -> list[sd.DebtItem]:
    """The team's backlog, oldest first; `status` keeps only items in that state."""
    return [_item(v) for v in debt.list_debt(ctx, user, team_id, status)]


@router.post("/teams/{team_id}/debt", status_code=http.HTTP_201_CREATED)
def create_debt(team_id: str, body: sd.DebtCreate, user: UserDep, ctx: CtxDep) -> sd.DebtItem:
    new = debt.new_item(body.model_dump(exclude={"links"}))
    links = [(link.kind, link.target_id) for link in body.links]
    return _item(debt.do_create_debt(ctx, user, team_id, new, links))


@router.get("/debt/{debt_id}/history")
def debt_history(debt_id: str, user: UserDep, ctx: CtxDep) -> list[HistoryEntryOut]:
    """What became of the item, newest first (the last 200 changes): its status and title, by a
    person or the team's tracker. Team members only."""
    return history_out(debt.debt_history(ctx, user, debt_id))


@router.get("/teams/{team_id}/debt/ranking")
def debt_ranking(team_id: str, user: UserDep, ctx: CtxDep) -> sd.DebtRanking:
    """Live items by joint priority; those still missing a score are listed apart."""
    view = debt.ranking(ctx, user, team_id)
    return sd.DebtRanking(
        ranked=[_item(v) for v in view.ranked],
        unscored=[_item(v) for v in view.unscored],
        awaiting_pm=view.awaiting_pm,
        awaiting_eng=view.awaiting_eng,
    )


@router.get("/teams/{team_id}/debt/themes")
def debt_themes(team_id: str, user: UserDep, ctx: CtxDep) -> list[sd.Theme]:
    """Problems raised again and again in the team's retros (revealed cards only)."""
    return [_theme(t) for t in debt.themes(ctx, user, team_id)]


@router.post("/teams/{team_id}/debt/themes/escalate", status_code=http.HTTP_201_CREATED)
def escalate_theme(team_id: str, body: sd.ThemeEscalate, user: UserDep, ctx: CtxDep) -> sd.DebtItem:
    return _item(debt.do_escalate_theme(ctx, user, team_id, body.card_ids))


@router.get("/debt/{debt_id}")
def get_debt(debt_id: str, user: UserDep, ctx: CtxDep) -> sd.DebtItem:
    return _item(debt.get_debt(ctx, user, debt_id))


@router.patch("/debt/{debt_id}")
def update_debt(debt_id: str, body: sd.DebtUpdate, user: UserDep, ctx: CtxDep) -> sd.DebtItem:
    """Only fields present in the body change; `null` clears a score."""
    changes = body.model_dump(exclude_unset=True)
    for name in ("title", "description", "area", "status"):
        if changes.get(name, "") is None:
            changes.pop(name)
    return _item(debt.do_update_debt(ctx, user, debt_id, changes))


@router.delete("/debt/{debt_id}", status_code=http.HTTP_204_NO_CONTENT)
def delete_debt(debt_id: str, user: UserDep, ctx: CtxDep) -> None:
    debt.do_delete_debt(ctx, user, debt_id)


@router.post("/cards/{card_id}/debt", status_code=http.HTTP_201_CREATED)
def card_to_debt(card_id: str, user: UserDep, ctx: CtxDep) -> sd.DebtItem:
    """A revealed card becomes a debt item titled after its text and linked back to it."""
    return _item(debt.do_card_to_debt(ctx, user, card_id))


@router.get("/retros/{retro_id}/backlog-cards")
def backlog_cards(retro_id: str, user: UserDep, ctx: CtxDep) -> list[sd.BacklogCard]:
    """This retro's cards that are already in the team's tech-debt backlog (members only)."""
    found = debt.backlog_cards(ctx, user, retro_id)
    return [sd.BacklogCard(card_id=c, debt_id=d) for c, d in found.items()]


@router.get("/retros/{retro_id}/debt-capacity")
def get_capacity(retro_id: str, user: UserDep, ctx: CtxDep) -> sd.Capacity:
    return _capacity(debt_capacity.get_capacity(ctx, user, retro_id))


@router.put("/retros/{retro_id}/debt-capacity")
def set_capacity(retro_id: str, body: sd.CapacityUpdate, user: UserDep, ctx: CtxDep) -> sd.Capacity:
    view = debt_capacity.do_set_capacity(ctx, user, retro_id, body.total_points, body.debt_points)
    return _capacity(view)
