"""A realistic demo team, so a newcomer sees a populated product on first run."""

from dataclasses import dataclass
from datetime import date, timedelta

from twofold.domain import commands as c
from twofold.domain.entities import User
from twofold.domain.phases import Phase
from twofold.domain.vocab import Friction, Polarity, Role, TemplateKey
from twofold.services import accounts, retros, teams
from twofold.services.board.execute import execute
from twofold.services.context import Ctx
from twofold.store.queries import teams as team_q
from twofold.store.queries import users as user_q

DEMO_TEAM = "Checkout Squad (demo)"
DEMO_PASSWORD = "twofold-demo-2026"  # noqa: S105 - printed to the person who asked for the demo

PEOPLE = (
    ("priya@demo.twofold.local", "Priya Raman", Role.PM),
    ("marco@demo.twofold.local", "Marco Silva", Role.TECH_LEAD),
    ("lena@demo.twofold.local", "Lena Hoffmann", Role.ENG),
    ("sam@demo.twofold.local", "Sam Okafor", Role.ENG),
    ("june@demo.twofold.local", "June Park", Role.QA),
)

# (person index, column index, polarity, friction, text)
CARDS = (
    (
        0,
        0,
        Polarity.WENT_WELL,
        None,
        "The customer interviews on saved carts paid off: the beta cohort converted 12% better.",
    ),
    (
        0,
        0,
        Polarity.DIDNT_GO_WELL,
        Friction.REQUIREMENTS_CLARITY,
        "I handed over the promo-code story without the rules for stacking discounts.",
    ),
    (
        0,
        0,
        Polarity.DIDNT_GO_WELL,
        Friction.COMMUNICATION,
        "I heard about the payment provider rate limit only at the demo.",
    ),
    (
        1,
        1,
        Polarity.DIDNT_GO_WELL,
        Friction.TECH_DEBT,
        "The legacy pricing module cost us two days again; nobody outside Eng sees that cost.",
    ),
    (
        2,
        1,
        Polarity.DIDNT_GO_WELL,
        Friction.REQUIREMENTS_CLARITY,
        "We asked seven clarifying questions mid-sprint on the promo-code story.",
    ),
    (
        3,
        1,
        Polarity.DIDNT_GO_WELL,
        Friction.ESTIMATION,
        "Address validation was a 3 that became an 8 once we saw the edge cases.",
    ),
    (
        2,
        1,
        Polarity.WENT_WELL,
        None,
        "Pairing with June on test cases before coding caught three bugs early.",
    ),
    (
        4,
        1,
        Polarity.DIDNT_GO_WELL,
        Friction.VELOCITY_QUALITY,
        "Two stories bounced back from QA because we cut the error states to hit the date.",
    ),
    (
        1,
        2,
        Polarity.PROPOSAL,
        Friction.REQUIREMENTS_CLARITY,
        "Add an Edge Cases section to every acceptance-criteria template.",
    ),
    (
        0,
        2,
        Polarity.PROPOSAL,
        Friction.TECH_DEBT,
        "Review the tech-debt list together once a month and give it 20% of capacity.",
    ),
    (
        3,
        2,
        Polarity.PROPOSAL,
        Friction.COMMUNICATION,
        "A 30-minute PM + tech lead sync every Tuesday to surface constraints early.",
    ),
)


@dataclass(frozen=True)
class DemoResult:
    team_id: str
    retro_id: str
    login_email: str
    password: str
    created: bool


def load_demo(ctx: Ctx) -> DemoResult:
    with ctx.db.read() as tx:
        existing = user_q.user_by_email(tx, PEOPLE[0][0])
        if existing is not None:
            summaries = teams.list_teams(ctx, existing)
            for s in summaries:
                if s.team.name == DEMO_TEAM:
                    past = retros.list_retros(ctx, existing, s.team.id)
                    return DemoResult(
                        s.team.id,
                        past[-1][0].id if past else "",
                        PEOPLE[0][0],
                        DEMO_PASSWORD,
                        False,
                    )
    users: list[User] = [
        accounts.create_user(ctx, email, DEMO_PASSWORD, name, may_own=False)
        for email, name, _ in PEOPLE
    ]
    page = teams.do_create_team(ctx, users[0], DEMO_TEAM, PEOPLE[0][2])
    with ctx.db.write() as tx:
        for user, (_, _, role) in zip(users[1:], PEOPLE[1:], strict=True):
            team_q.insert_membership(tx, page.team.id, user.id, role, is_facilitator=False)
        team_q.update_membership(tx, page.team.id, users[1].id, None, True)
    end = date.today() - timedelta(days=3)
    board = retros.do_create_retro(
        ctx,
        users[0],
        page.team.id,
        title="Sprint 14 retro",
        sprint_name="Sprint 14",
        sprint_start=end - timedelta(days=13),
        sprint_end=end,
        template=TemplateKey.PM_ENGINEERING,
    )
    rid = board.retro.id
    execute(ctx, users[0], rid, c.SetPhase(phase=Phase.REFLECT))
    ids = [
        execute(
            ctx,
            users[person],
            rid,
            c.AddCard(
                column_id=board.columns[column].id, text=text, polarity=polarity, friction=friction
            ),
        ).result["card_id"]
        for person, column, polarity, friction, text in CARDS
    ]
    execute(ctx, users[0], rid, c.SetPhase(phase=Phase.GROUP))
    group = execute(
        ctx,
        users[1],
        rid,
        c.GroupCards(card_ids=[ids[1], ids[4]], title="Unclear promo-code rules"),
    ).result["group_id"]
    execute(ctx, users[0], rid, c.SetPhase(phase=Phase.VOTE))
    for user, topics in zip(
        users, ([group, ids[3]], [group, ids[3]], [group], [ids[5]], [group]), strict=True
    ):
        for topic in topics:
            execute(ctx, user, rid, c.Vote(topic_id=topic))
    execute(ctx, users[0], rid, c.SetPhase(phase=Phase.DISCUSS))
    execute(ctx, users[0], rid, c.SetTopic(topic_id=group))
    execute(
        ctx,
        users[0],
        rid,
        c.SaveNotes(topic_id=group, text="Stacking rules lived in a sales deck, not the story."),
    )
    execute(ctx, users[0], rid, c.SetPhase(phase=Phase.ACTIONS))
    execute(
        ctx,
        users[1],
        rid,
        c.CreateAction(
            title="Add an Edge Cases section to the acceptance-criteria template",
            owner_user_id=users[0].id,
            due=end + timedelta(days=7),
            topic_id=group,
        ),
    )
    execute(ctx, users[0], rid, c.SetPhase(phase=Phase.CLOSED))
    return DemoResult(page.team.id, board.retro.id, PEOPLE[0][0], DEMO_PASSWORD, True)
