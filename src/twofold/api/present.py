"""Turns what services return into API response bodies."""

from twofold.api.schemas import accounts as sa
from twofold.api.schemas import retros as sr
from twofold.api.schemas import teams as st
from twofold.api.schemas import templates as stt
from twofold.domain import entities as e
from twofold.domain.access import Participant
from twofold.domain.events import CardView
from twofold.domain.templates import CustomTemplate, StoredTemplate, Template
from twofold.services.board.snapshot import Snapshot
from twofold.services.invites import InviteView
from twofold.services.teams import TeamPage, TeamSummary


def user(u: e.User) -> sa.User:
    return sa.User(
        id=u.id,
        email=u.email,
        display_name=u.display_name,
        is_owner=u.is_owner,
        theme=u.theme,
        language=u.language,
    )


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
        language=p.team.language,
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
        guests_only=i.guests_only,
    )


def _template_parts(t: Template | CustomTemplate) -> dict[str, object]:
    return {
        "name": t.name,
        "description": t.description,
        "columns": [
            stt.TemplateColumn(title=c.title, polarities=list(c.polarities), hint=c.hint)
            for c in t.template_columns()
        ],
        "prompt_groups": list(t.prompt_groups),
        "prompt_ids": list(t.prompt_ids),
        "settings": t.settings,
    }


def template(t: Template) -> stt.Template:
    return stt.Template(key=t.key, **_template_parts(t))


def team_template(s: StoredTemplate) -> stt.TeamTemplate:
    return stt.TeamTemplate(
        id=s.id,
        team_id=s.team_id,
        created_by_name=s.created_by_name,
        created_at=s.created_at,
        updated_at=s.updated_at,
        **_template_parts(s.template),
    )


def column(c: e.Column) -> sr.Column:
    return sr.Column(
        id=c.id,
        retro_id=c.retro_id,
        title=c.title,
        position=c.position,
        polarities=list(c.polarities),
    )


def card(view: CardView, retro_id: str, is_mine: bool) -> sr.Card:
    return sr.Card(**view.model_dump(), retro_id=retro_id, is_mine=is_mine)


def retro_head(r: e.Retro, card_count: int) -> sr.RetroHead:
    return sr.RetroHead(
        id=r.id,
        team_id=r.team_id,
        title=r.title,
        sprint_name=r.sprint_name,
        sprint_start=r.sprint_start,
        sprint_end=r.sprint_end,
        template=r.template,
        template_name=r.template_name,
        phase=r.phase,
        created_at=r.created_at,
        card_count=card_count,
        archived_at=r.archived_at,
    )


def retro_summary(listing: e.RetroListing) -> sr.RetroSummary:
    return sr.RetroSummary(
        **retro_head(listing.retro, listing.card_count).model_dump(),
        action_count=listing.action_count,
        closed_at=listing.closed_at,
    )


def board(b: Snapshot) -> sr.Retro:
    head = retro_head(b.retro, len(b.cards))
    return sr.Retro(
        **head.model_dump(),
        seq=b.seq,
        team_name=b.team.name,
        settings=b.retro.settings,
        timer_ends_at=b.retro.timer_ends_at,
        timer_seconds=b.retro.timer_seconds,
        topic_id=b.retro.topic_id,
        columns=[column(c) for c in b.columns],
        groups=b.groups,
        cards=[card(c, b.retro.id, c.id in b.mine) for c in b.cards],
        votes=b.votes,
        my_votes=b.my_votes,
        votes_used=b.votes_used,
        reactions=b.reactions,
        participants=b.participants,
        notes=b.notes,
        actions=b.actions,
        earlier_actions=b.earlier_actions,
        backlog_cards=b.backlog_cards,
        me=participant(b.me, b.key),
    )


def participant(me: Participant, key: str) -> sr.Participant:
    return sr.Participant(
        kind=me.kind,
        id=me.id,
        key=key,
        display_name=me.display_name,
        role=me.role,
        is_facilitator=me.is_facilitator,
    )
