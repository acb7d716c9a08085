"""Turns what services return into API response bodies."""

from twofold.api.schemas import accounts as sa
from twofold.api.schemas import retros as sr
from twofold.api.schemas import teams as st
from twofold.domain import entities as e
from twofold.domain.access import Participant, is_author
from twofold.domain.templates import Template
from twofold.services.invites import InviteView
from twofold.services.retros import Board
from twofold.services.teams import TeamPage, TeamSummary


def user(u: e.User) -> sa.User:
    return sa.User(id=u.id, email=u.email, display_name=u.display_name, is_owner=u.is_owner)


def guest(g: e.Guest) -> sa.Guest:
    return sa.Guest(id=g.id, retro_id=g.retro_id, display_name=g.display_name, role=g.role)


def session(u: e.User | None, g: e.Guest | None, csrf: str | None) -> sa.Session:
    return sa.Session(user=user(u) if u else None, guest=guest(g) if g else None, csrf_token=csrf)


def api_token(t: e.ApiToken, secret: str | None = None) -> sa.ApiToken:
    return sa.ApiToken(
        id=t.id, name=t.name, created_at=t.created_at, last_used_at=t.last_used_at, token=secret
    )


def team_summary(s: TeamSummary) -> st.TeamSummary:
    return st.TeamSummary(
        id=s.team.id,
        name=s.team.name,
        my_role=s.me.role,
        is_facilitator=s.me.is_facilitator,
        member_count=s.member_count,
        retro_count=s.retro_count,
    )


def team(p: TeamPage) -> st.Team:
    return st.Team(
        id=p.team.id,
        name=p.team.name,
        created_at=p.team.created_at,
        me=st.TeamMe(user_id=p.me.user_id, role=p.me.role, is_facilitator=p.me.is_facilitator),
        members=[
            st.Member(
                user_id=m.membership.user_id,
                display_name=m.display_name,
                email=m.email,
                role=m.membership.role,
                is_facilitator=m.membership.is_facilitator,
                joined_at=m.membership.joined_at,
            )
            for m in p.members
        ],
    )


def invite(v: InviteView, public_url: str) -> st.Invite:
    i = v.invite
    return st.Invite(
        id=i.id,
        token=i.token,
        url=f"{public_url.rstrip('/')}/invite/{i.token}",
        team_id=i.team_id,
        retro_id=i.retro_id,
        retro_title=v.retro_title,
        expires_at=i.expires_at,
        revoked=i.revoked,
        created_at=i.created_at,
    )


def template(t: Template) -> sr.Template:
    return sr.Template(
        key=t.key,
        name=t.name,
        description=t.description,
        columns=[
            sr.TemplateColumn(title=c.title, polarities=list(c.polarities)) for c in t.columns
        ],
    )


def column(c: e.Column) -> sr.Column:
    return sr.Column(
        id=c.id,
        retro_id=c.retro_id,
        title=c.title,
        position=c.position,
        polarities=list(c.polarities),
    )


def card(c: e.Card, me: Participant) -> sr.Card:
    guest_author = c.author_guest_id is not None
    return sr.Card(
        id=c.id,
        retro_id=c.retro_id,
        column_id=c.column_id,
        text=c.text,
        polarity=c.polarity,
        friction=c.friction,
        author_role=c.author_role,
        author=sr.CardAuthor(
            kind="guest" if guest_author else "member",
            id=(c.author_guest_id or c.author_user_id or ""),
            display_name=c.author_name,
        ),
        is_mine=is_author(me, c),
        created_at=c.created_at,
        updated_at=c.updated_at,
    )


def retro_summary(r: e.Retro, card_count: int) -> sr.RetroSummary:
    return sr.RetroSummary(
        id=r.id,
        team_id=r.team_id,
        title=r.title,
        sprint_name=r.sprint_name,
        sprint_start=r.sprint_start,
        sprint_end=r.sprint_end,
        template=r.template,
        created_at=r.created_at,
        card_count=card_count,
    )


def board(b: Board) -> sr.Retro:
    summary = retro_summary(b.retro, len(b.cards))
    return sr.Retro(
        **summary.model_dump(),
        team_name=b.team.name,
        columns=[column(c) for c in b.columns],
        cards=[card(c, b.me) for c in b.cards],
        me=sr.Participant(
            kind=b.me.kind,
            id=b.me.id,
            display_name=b.me.display_name,
            role=b.me.role,
            is_facilitator=b.me.is_facilitator,
        ),
    )
