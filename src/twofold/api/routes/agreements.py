"""A team's working agreements and its PM + tech-lead pairing log."""

from fastapi import APIRouter
from fastapi import status as http

from twofold.api.deps import ActorDep, CtxDep
from twofold.api.schemas import agreements as sa
from twofold.domain.agreements import PairingRecord
from twofold.services import agreements
from twofold.services.agreements import AgreementsView, StoryToCheck

router = APIRouter(prefix="/api", tags=["agreements"])


def _agreements(v: AgreementsView) -> sa.TeamAgreements:
    a = v.agreements
    return sa.TeamAgreements(
        team_id=v.team_id,
        definition_of_done=list(a.definition_of_done.items),
        acceptance_template=a.acceptance_criteria.text,
        pairing_points_over=int(a.pairing.points_over),
        is_default=v.updated_at is None,
        may_edit=v.may_edit,
        updated_at=v.updated_at,
    )


def _pairing(p: PairingRecord) -> sa.StoryPairing:
    return sa.StoryPairing(
        id=p.id,
        team_id=p.team_id,
        story_ref=p.story_ref,
        story_title=p.story_title,
        points=p.points,
        paired_on=p.paired_on,
        pm_user_id=p.pm_user_id,
        tech_lead_user_id=p.tech_lead_user_id,
        recorded_by=p.recorded_by,
        created_at=p.created_at,
    )


def _story(s: StoryToCheck) -> sa.CheckedStory:
    return sa.CheckedStory(title=s.title, points=s.points, ref=s.ref)


@router.get("/teams/{team_id}/agreements")
def get_agreements(team_id: str, actor: ActorDep, ctx: CtxDep) -> sa.TeamAgreements:
    """The team's agreements; Twofold's defaults until it saves its own."""
    return _agreements(agreements.get_agreements(ctx, actor, team_id))


@router.put("/teams/{team_id}/agreements")
def put_agreements(
    team_id: str, body: sa.AgreementsUpdate, actor: ActorDep, ctx: CtxDep
) -> sa.TeamAgreements:
    """Facilitators only. Replaces all three agreements."""
    checked = agreements.agreements_from(
        body.definition_of_done, body.acceptance_template, body.pairing_points_over
    )
    return _agreements(agreements.do_put_agreements(ctx, actor, team_id, checked))


@router.get("/teams/{team_id}/pairings")
def list_pairings(team_id: str, actor: ActorDep, ctx: CtxDep) -> list[sa.StoryPairing]:
    """Newest first (the latest 500)."""
    return [_pairing(p) for p in agreements.list_pairings(ctx, actor, team_id)]


@router.post("/teams/{team_id}/pairings", status_code=http.HTTP_201_CREATED)
def record_pairing(
    team_id: str, body: sa.StoryPairingCreate, actor: ActorDep, ctx: CtxDep
) -> sa.StoryPairing:
    """Any member records that the PM and the tech lead paired on a story."""
    record = agreements.do_record_pairing(
        ctx,
        actor,
        team_id,
        story_ref=body.story_ref,
        story_title=body.story_title,
        points=body.points,
        paired_on=body.paired_on,
        pm_user_id=body.pm_user_id,
        tech_lead_user_id=body.tech_lead_user_id,
    )
    return _pairing(record)


@router.post("/teams/{team_id}/pairings/check")
def check_pairings(
    team_id: str, body: sa.PairingCheckRequest, actor: ActorDep, ctx: CtxDep
) -> sa.PairingCheckResult:
    """Which of these stories are over the team's threshold with no pairing recorded yet.
    Nothing is stored."""
    stories = [StoryToCheck(s.title, s.points, s.ref) for s in body.stories]
    result = agreements.check_pairings(ctx, actor, team_id, stories)
    return sa.PairingCheckResult(
        points_over=result.points_over,
        needing_pairing=[_story(s) for s in result.needing_pairing],
        paired=[_story(s) for s in result.paired],
    )
