"""A demo team with a history, so a newcomer sees on first run what Twofold keeps between retros:
three sprints of one team with their signals and health radar, the action items followed from retro to retro, a
scored debt backlog, recurring themes, rituals with their agendas, agreements and a template.

Everything goes through the services a team uses, board commands included, so the demo shows
only what the product allows. Two rules need "today" and are met differently, because the
demo's retros were held weeks ago: an action item due before today cannot be agreed through a
board command, and a review is dated the day it is recorded. Those are written through the
store, checked by the same domain rules against the retro's own date. Each retro is then moved
back to the day it was held (`store.queries.backdating`).
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from twofold.domain import actions as action_rules
from twofold.domain import commands as c
from twofold.domain import events as ev
from twofold.domain.actions import JointOwner, NewActionItem, PersonOwner, ReviewOutcome
from twofold.domain.debt import NewDebtItem
from twofold.domain.entities import User
from twofold.domain.errors import Conflict
from twofold.domain.phases import Phase
from twofold.domain.radar import DIMENSIONS
from twofold.domain.rituals import RitualKind
from twofold.domain.visibility import member_key
from twofold.domain.vocab import TemplateKey, TextLanguage
from twofold.services import (
    accounts,
    agreements,
    debt,
    debt_capacity,
    radar,
    retros,
    rituals,
    signals,
    sockets,
    teams,
    templates,
)
from twofold.services.access import check_action_owner
from twofold.services.actions import today
from twofold.services.board.execute import execute
from twofold.services.context import Ctx
from twofold.services.demo_data import (
    ACCEPTANCE_TEMPLATE,
    DEBT_ITEMS,
    DEFINITION_OF_DONE,
    DEMO_PASSWORD,
    DEMO_TEAM,
    MARCO,
    PAIRING_POINTS_OVER,
    PAIRINGS,
    PEOPLE,
    PRIYA,
    RITUALS,
    TEMPLATE_DESCRIPTION,
    TEMPLATE_NAME,
    ActionSpec,
    ReviewSpec,
    SprintSpec,
)
from twofold.services.demo_sprints import SPRINTS
from twofold.services.demo_texts import RETRO_TITLE, Said, said_in
from twofold.store.queries import actions as action_q
from twofold.store.queries import backdating
from twofold.store.queries import retros as retro_q
from twofold.store.queries import teams as team_q
from twofold.store.queries import users as user_q

__all__ = ["DEMO_PASSWORD", "DEMO_TEAM", "PEOPLE", "DemoResult", "load_demo"]

# Retros are held on the sprint's last day, in the afternoon (UTC, like every stored time).
RETRO_TIME = time(15)
# The last sprint ends at least this many days ago, so its first action item is already late.
LAST_SPRINT_ENDS_DAYS_AGO = 4
SPRINT_DAYS = 14


@dataclass(frozen=True)
class DemoResult:
    team_id: str
    retro_id: str
    """The latest retro."""
    login_email: str
    password: str
    created: bool


@dataclass(frozen=True)
class Sprint:
    start: date
    end: date


def workdays_after(day: date, count: int) -> date:
    """`count` working days (Monday to Friday) after `day`."""
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def sprint_dates(now: date, count: int) -> list[Sprint]:
    """`count` back-to-back two-week sprints, oldest first, the last ending on a working day
    a few days before `now`."""
    end = now - timedelta(days=LAST_SPRINT_ENDS_DAYS_AGO)
    while end.weekday() >= 5:
        end -= timedelta(days=1)
    sprints = []
    for back in range(count - 1, -1, -1):
        last = end - timedelta(days=SPRINT_DAYS * back)
        first = last - timedelta(days=SPRINT_DAYS - 1)
        while first.weekday() >= 5:
            first += timedelta(days=1)
        sprints.append(Sprint(first, last))
    return sprints


def load_demo(ctx: Ctx, language: TextLanguage = TextLanguage.EN) -> DemoResult:
    """The demo team, its texts written in `language`, which becomes the team's language too.
    A demo loaded before is left as it is, in whatever language it was loaded in."""
    found = _existing(ctx)
    if found is not None:
        return found
    say = said_in(language)
    people: list[User] = [
        accounts.create_user(ctx, email, DEMO_PASSWORD, name, may_own=False)
        for email, name, _ in PEOPLE
    ]
    page = teams.do_create_team(ctx, people[PRIYA], DEMO_TEAM, PEOPLE[PRIYA][2], language)
    team_id = page.team.id
    with ctx.db.write() as tx:
        for user, (_, _, role) in zip(people[1:], PEOPLE[1:], strict=True):
            team_q.insert_membership(tx, team_id, user.id, role, is_facilitator=False)
        team_q.update_membership(tx, team_id, people[MARCO].id, None, True)
    dates = sprint_dates(today(), len(SPRINTS))
    held = _Held(ctx, people, team_id, say)
    retro_ids = [held.retro(spec, sprint) for spec, sprint in zip(SPRINTS, dates, strict=True)]
    _backlog(ctx, people, team_id, held.cards, say)
    _rituals(ctx, people, team_id, dates, say)
    sprints = dict(zip((s.number for s in SPRINTS), dates, strict=True))
    _agreements(ctx, people, team_id, sprints, say)
    templates.do_save_retro_as_template(
        ctx, people[PRIYA], retro_ids[-1], say(TEMPLATE_NAME), say(TEMPLATE_DESCRIPTION)
    )
    return DemoResult(team_id, retro_ids[-1], PEOPLE[PRIYA][0], DEMO_PASSWORD, True)


def _existing(ctx: Ctx) -> DemoResult | None:
    """The demo loaded earlier, found through any of its people: the team may have been
    renamed, or the PM may have left it, since."""
    with ctx.db.read() as tx:
        people = [u for email, _, _ in PEOPLE if (u := user_q.user_by_email(tx, email))]
    if not people:
        return None
    found = [(person, s.team) for person in people for s in teams.list_teams(ctx, person)]
    named = [pair for pair in found if pair[1].name == DEMO_TEAM]
    if not (named or found):
        raise Conflict(
            "The demo accounts exist but are in no team any more, so the demo cannot be "
            "loaded again here. Load it into a fresh data folder instead.",
            code="demo_accounts_taken",
        )
    person, team = (named or found)[0]
    # Newest first: the latest retro is the one to point people to.
    past = retros.list_retros(ctx, person, team.id)
    latest = past[0][0].id if past else ""
    return DemoResult(team.id, latest, PEOPLE[PRIYA][0], DEMO_PASSWORD, False)


class _Held:
    """Holds the team's retros one after the other, remembering what later ones refer to:
    the cards (for the backlog) and the action items (for the next reviews)."""

    def __init__(self, ctx: Ctx, people: list[User], team_id: str, say: Said) -> None:
        self.ctx = ctx
        self.say = say
        self.people = people
        self.team_id = team_id
        self.cards: dict[str, str] = {}
        self.actions: dict[str, str] = {}

    def retro(self, spec: SprintSpec, sprint: Sprint) -> str:
        ctx, people = self.ctx, self.people
        chair = people[spec.facilitator]
        board = retros.do_create_retro(
            ctx,
            chair,
            self.team_id,
            title=self.say(RETRO_TITLE).format(number=spec.number),
            sprint_name=f"Sprint {spec.number}",
            sprint_start=sprint.start,
            sprint_end=sprint.end,
            template=TemplateKey.PM_ENGINEERING,
        )
        rid = board.retro.id
        columns = [column.id for column in board.columns]

        def run(who: int, command: c.BoardCommand) -> dict[str, Any]:
            return execute(ctx, people[who], rid, command).result

        if spec.settings is not None:
            run(spec.facilitator, spec.settings)
        # Everyone opens the board, as each person's browser does: the summary's "who took part"
        # and equal voice count those who joined, and a vote by someone who never did is not
        # theirs to count.
        sockets.join_all(ctx, rid, list(people))
        self._check_in(rid, spec)
        if spec.reviews:
            run(spec.facilitator, c.SetPhase(phase=Phase.REVIEW))
            for review in spec.reviews:
                self._review(rid, review, sprint.end, chair)
        run(spec.facilitator, c.SetPhase(phase=Phase.REFLECT))
        for card in spec.cards:
            added = run(
                card.author,
                c.AddCard(
                    column_id=columns[card.column],
                    text=self.say(card.text),
                    polarity=card.polarity,
                    friction=card.friction,
                ),
            )
            self.cards[card.key] = str(added["card_id"])
        run(spec.facilitator, c.SetPhase(phase=Phase.REVEAL))
        for who, card_key, emoji in spec.reactions:
            run(who, c.React(card_id=self.cards[card_key], emoji=emoji))
        run(spec.facilitator, c.SetPhase(phase=Phase.GROUP))
        topics = {key: self.cards[key] for key in (card.key for card in spec.cards)}
        for group in spec.groups:
            ids = [self.cards[key] for key in group.cards]
            made = run(MARCO, c.GroupCards(card_ids=ids, title=self.say(group.title)))
            topics[group.key] = str(made["group_id"])
        run(spec.facilitator, c.SetPhase(phase=Phase.VOTE))
        for who, picks in enumerate(spec.votes):
            for key in picks:
                run(who, c.Vote(topic_id=topics[key]))
        run(spec.facilitator, c.SetPhase(phase=Phase.DISCUSS))
        # Notes are typed by the two leads in turn, each save a command with its own id as a
        # browser sends it: equal voice counts who wrote in a topic's notes from those commands.
        other_lead = MARCO if spec.facilitator == PRIYA else PRIYA
        for i, (key, text) in enumerate(spec.notes):
            run(spec.facilitator, c.SetTopic(topic_id=topics[key]))
            writer = spec.facilitator if i % 2 == 0 else other_lead
            note = c.SaveNotes(topic_id=topics[key], text=self.say(text))
            execute(ctx, people[writer], rid, note, command_id=f"demo-notes-{rid}-{i}")
        run(spec.facilitator, c.SetPhase(phase=Phase.ACTIONS))
        for action in spec.actions:
            self.actions[action.key] = self._agree(rid, action, topics[action.topic], sprint.end)
        run(spec.facilitator, c.SetPhase(phase=Phase.CLOSED))
        with ctx.db.write() as tx:
            held_at = datetime.combine(sprint.end, RETRO_TIME, tzinfo=UTC)
            backdating.move_retro_to(tx, rid, held_at)
        return rid

    def _check_in(self, rid: str, spec: SprintSpec) -> None:
        """What the team gives while the retro is in check-in: the sprint's figures, a pulse
        from everyone, a few check-ins, and the health radar (answered only in this phase)."""
        ctx, people = self.ctx, self.people
        signals.do_put_signals(ctx, people[PRIYA], rid, spec.signals)
        for who, score in enumerate(spec.pulses):
            signals.do_add_pulse(ctx, people[who], rid, score)
        debt_capacity.do_set_capacity(ctx, people[MARCO], rid, *spec.capacity)
        for who, text in spec.check_ins:
            execute(ctx, people[who], rid, c.CheckIn(text=self.say(text)))
        for who, scores in spec.radar:
            answers = {d.value: score for d, score in zip(DIMENSIONS, scores, strict=True)}
            radar.do_put_answers(ctx, people[who], rid, answers)

    def _owner(self, owner: int | tuple[int, int]) -> PersonOwner | JointOwner:
        if isinstance(owner, int):
            return PersonOwner(user_id=self.people[owner].id)
        pm, lead = owner
        return JointOwner(pm_user_id=self.people[pm].id, tech_lead_user_id=self.people[lead].id)

    def _agree(self, rid: str, spec: ActionSpec, topic_id: str, held_on: date) -> str:
        owner = self._owner(spec.owner)
        title = self.say(spec.title)
        due = workdays_after(held_on, spec.due_workdays)
        # The domain's own check, against the day of the retro rather than today.
        NewActionItem(title=title, category=spec.category, owner=owner, created_on=held_on, due=due)
        by = self.people[spec.by]
        if due >= today():
            command = c.CreateAction(
                title=title, category=spec.category, owner=owner, due=due, topic_id=topic_id
            )
            return str(execute(self.ctx, by, rid, command).result["action_id"])
        with self.ctx.recording() as rec:
            tx = rec.tx
            retro_q.lock_retro(tx, rid)
            check_action_owner(tx, self.team_id, owner)
            record = action_q.insert_action(
                tx,
                team_id=self.team_id,
                retro_id=rid,
                topic_id=topic_id,
                title=title,
                category=spec.category,
                owner=owner,
                owner_name=None,
                due=due,
                source_card_id=None,
                created_by=member_key(by.id),
            )
            rec.board(rid, ev.ActionCreated(action=record.view))
            return record.item.id

    def _review(self, rid: str, spec: ReviewSpec, held_on: date, chair: User) -> None:
        """What the board's review command does, on the day the retro was held."""
        reason = self.say(spec.reason) if spec.reason else None
        new_due = (
            workdays_after(held_on, spec.new_due_workdays)
            if spec.new_due_workdays is not None
            else None
        )
        with self.ctx.recording() as rec:
            tx = rec.tx
            retro_q.lock_retro(tx, rid)
            record = action_q.action_by_id(tx, self.actions[spec.action], lock=True)
            assert record is not None
            changed = action_rules.review(
                record.item, spec.outcome, held_on, reason=reason, new_due=new_due
            )
            action_q.record_review(
                tx,
                action_id=record.item.id,
                retro_id=rid,
                outcome=spec.outcome,
                reason=reason if spec.outcome == ReviewOutcome.DROP else None,
                by=member_key(chair.id),
            )
            saved = action_q.save_item(tx, changed)
            reviewed = ev.ActionReviewed(action=saved.view, outcome=spec.outcome, reason=reason)
            rec.board(rid, reviewed)


def _backlog(ctx: Ctx, people: list[User], team_id: str, cards: dict[str, str], say: Said) -> None:
    """Each side scores what it knows: engineers the drag and effort, the PM the impact."""
    for spec in DEBT_ITEMS:
        by = people[spec.added_by]
        if spec.from_card is not None:
            item = debt.do_card_to_debt(ctx, by, cards[spec.from_card])
        else:
            item = debt.do_create_debt(ctx, by, team_id, NewDebtItem(title=say(spec.title)))
        debt_id = item.record.item.id
        details = {
            "title": say(spec.title),
            "area": say(spec.area),
            "description": say(spec.description),
        }
        debt.do_update_debt(ctx, by, debt_id, details)
        if spec.drag_hours is not None or spec.effort is not None:
            eng = {"drag_hours": spec.drag_hours, "effort": spec.effort}
            debt.do_update_debt(ctx, people[MARCO], debt_id, eng)
        if spec.impact is not None:
            debt.do_update_debt(ctx, people[PRIYA], debt_id, {"impact": spec.impact})
        if spec.status != item.record.item.status:
            debt.do_update_debt(ctx, people[MARCO], debt_id, {"status": spec.status})


def _rituals(ctx: Ctx, people: list[User], team_id: str, dates: list[Sprint], say: Said) -> None:
    """Set up after the first retro, which asked for the sync and the debt review; the retro
    falls every two weeks on the day the sprints end."""
    first = dates[0].end
    weekday = first.strftime("%A").lower()
    for spec in RITUALS:
        recurrence = {**spec.recurrence, "starts_on": first + timedelta(days=1)}
        if spec.kind == RitualKind.RETRO:
            recurrence.update(starts_on=first, weekday=weekday)
        title = say(spec.title)
        rituals.do_create_ritual(ctx, people[MARCO], team_id, spec.kind, title, recurrence)


def _agreements(
    ctx: Ctx, people: list[User], team_id: str, sprints: dict[int, Sprint], say: Said
) -> None:
    agreed = agreements.agreements_from(
        tuple(say(line) for line in DEFINITION_OF_DONE),
        say(ACCEPTANCE_TEMPLATE),
        PAIRING_POINTS_OVER,
    )
    agreements.do_put_agreements(ctx, people[PRIYA], team_id, agreed)
    for ref, title, points, sprint, days_before in PAIRINGS:
        start = sprints[sprint].start
        paired_on = start - timedelta(days=days_before)
        while paired_on.weekday() >= 5:
            paired_on -= timedelta(days=1)
        agreements.do_record_pairing(
            ctx,
            people[PRIYA],
            team_id,
            story_ref=ref,
            story_title=say(title),
            points=points,
            paired_on=paired_on,
            pm_user_id=people[PRIYA].id,
            tech_lead_user_id=people[MARCO].id,
        )
