"""A team's working agreements and the pairings its big stories get before planning.

Members read the agreements; facilitators change them, because they bind the whole team. Any
member records a pairing (the PM or the tech lead who held it, usually) and runs the check.
Outsiders and guests get "not found".
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from pydantic import ValidationError

from twofold.domain.agreements import (
    AcceptanceCriteriaTemplate,
    DefinitionOfDone,
    Pairing,
    PairingRecord,
    PairingRule,
    Story,
    TeamAgreements,
    stories_needing_pairing,
)
from twofold.services.access import Actor, check_facilitates, check_team_member
from twofold.services.context import Ctx
from twofold.services.validation import field_error, invalid_from
from twofold.store.queries import agreements as agreement_q
from twofold.store.queries import teams as team_q


@dataclass(frozen=True)
class AgreementsView:
    team_id: str
    agreements: TeamAgreements
    updated_at: datetime | None
    may_edit: bool


@dataclass(frozen=True)
class StoryToCheck:
    title: str
    points: float | None
    ref: str = ""


@dataclass(frozen=True)
class PairingCheck:
    points_over: float
    needing_pairing: list[StoryToCheck]
    """Over the threshold with no pairing recorded, biggest first."""
    paired: list[StoryToCheck]
    """Over the threshold and already paired on."""


def get_agreements(ctx: Ctx, actor: Actor, team_id: str) -> AgreementsView:
    with ctx.db.read() as tx:
        me = check_team_member(tx, actor, team_id)
        stored = agreement_q.agreements_of(tx, team_id)
    return AgreementsView(team_id, stored.agreements, stored.updated_at, me.is_facilitator)


def agreements_from(
    definition_of_done: Sequence[str], acceptance_template: str, pairing_points_over: float
) -> TeamAgreements:
    """The agreements checked by the domain's rules, each problem under the API's field name."""
    try:
        dod = DefinitionOfDone(items=tuple(definition_of_done))
    except ValidationError as exc:
        raise invalid_from(exc, "definition_of_done") from None
    try:
        template = AcceptanceCriteriaTemplate(text=acceptance_template)
    except ValidationError as exc:
        raise invalid_from(exc, "acceptance_template") from None
    try:
        rule = PairingRule(points_over=pairing_points_over)
    except ValidationError as exc:
        raise invalid_from(exc, "pairing_points_over") from None
    return TeamAgreements(definition_of_done=dod, acceptance_criteria=template, pairing=rule)


def do_put_agreements(
    ctx: Ctx, actor: Actor, team_id: str, agreements: TeamAgreements
) -> AgreementsView:
    with ctx.db.write() as tx:
        team_q.lock_team(tx, team_id)  # two first saves would otherwise both insert
        me = check_team_member(tx, actor, team_id)
        check_facilitates(me, "change its agreements")
        agreement_q.save_agreements(tx, team_id, agreements)
        stored = agreement_q.agreements_of(tx, team_id)
    return AgreementsView(team_id, stored.agreements, stored.updated_at, True)


def list_pairings(ctx: Ctx, actor: Actor, team_id: str) -> list[PairingRecord]:
    with ctx.db.read() as tx:
        check_team_member(tx, actor, team_id)
        return agreement_q.pairings_of_team(tx, team_id)


def do_record_pairing(
    ctx: Ctx,
    actor: Actor,
    team_id: str,
    *,
    story_ref: str,
    story_title: str,
    points: float | None,
    paired_on: date | None,
    pm_user_id: str,
    tech_lead_user_id: str,
) -> PairingRecord:
    """Both people must be members of the team; their role in Twofold is not checked, since an
    engineering manager or a senior engineer often stands in for either side."""
    # A day of slack for time zones ahead of UTC; a pairing that has not happened is a plan.
    if paired_on is not None and paired_on > datetime.now(UTC).date() + timedelta(days=1):
        raise field_error("paired_on", "Record a pairing once it has happened.")
    if pm_user_id == tech_lead_user_id:
        raise field_error(
            "tech_lead_user_id", "A pairing needs two people: the PM and the tech lead."
        )
    with ctx.db.write() as tx:
        me = check_team_member(tx, actor, team_id)
        members = {m.membership.user_id for m in team_q.members_of(tx, team_id)}
        for field, user_id in (
            ("pm_user_id", pm_user_id),
            ("tech_lead_user_id", tech_lead_user_id),
        ):
            if user_id not in members:
                raise field_error(field, "Not a member of this team.")
        return agreement_q.insert_pairing(
            tx,
            team_id=team_id,
            story_ref=story_ref,
            story_title=story_title,
            points=points,
            paired_on=paired_on or datetime.now(UTC).date(),
            pm_user_id=pm_user_id,
            tech_lead_user_id=tech_lead_user_id,
            recorded_by=me.user_id,
        )


def _title_key(title: str) -> str:
    return " ".join(title.split()).casefold()


def check_pairings(
    ctx: Ctx, actor: Actor, team_id: str, stories: Sequence[StoryToCheck]
) -> PairingCheck:
    """Which of these stories still need a pairing under the team's rule.

    A story matches a recorded pairing by its reference (PROJ-123) when both have one, else by
    its title with case and spacing ignored: people paste titles from the tracker, not ids.
    """
    with ctx.db.read() as tx:
        check_team_member(tx, actor, team_id)
        rule = agreement_q.agreements_of(tx, team_id).agreements.pairing
        recorded = agreement_q.paired_stories(tx, team_id)
    refs = {ref.casefold() for ref, _ in recorded if ref}
    titles = {_title_key(title) for _, title in recorded}
    keyed = [Story(str(i), s.title, s.points) for i, s in enumerate(stories)]
    done = [
        Pairing(story_id=str(i), pm_user_id="pm", tech_lead_user_id="tech_lead")
        for i, s in enumerate(stories)
        if (s.ref and s.ref.casefold() in refs) or _title_key(s.title) in titles
    ]
    waiting = stories_needing_pairing(keyed, done, rule)
    over = stories_needing_pairing(keyed, [], rule)
    waiting_ids = {s.id for s in waiting}
    return PairingCheck(
        points_over=rule.points_over,
        needing_pairing=[stories[int(s.id)] for s in waiting],
        paired=[stories[int(s.id)] for s in over if s.id not in waiting_ids],
    )
