"""Retro summaries and weekly digests posted to a team's chat channels (Slack, Microsoft
Teams).

Nothing is posted inside a request: a post is a row in `channel_posts` and an outbox row,
written in one transaction, when a retro closes (for each channel set to post on close), when
a facilitator presses Publish, or when the week's digest falls due. The worker draws the post
at send time from the summary the app shows a team member (`summary_in`, which already hides
what a member may not see) and hands back what the channel answered; the row keeps the
message's id, so a summary published again to a Slack bot updates its message in place.

A channel that refuses a post for good (a removed webhook, a bot outside the channel) fails it
with the vendor's reason at once; a busy or unreachable one is tried again by the outbox, each
failed attempt kept on the row for the summary page to show.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from twofold.domain.access import Participant
from twofold.domain.actions import ACTIVE
from twofold.domain.channels import (
    ChannelPost,
    ChannelSettings,
    Outline,
    Posted,
    PostKind,
    Section,
    digest_due,
    iso_week,
    week_end,
)
from twofold.domain.connections import Connection
from twofold.domain.entities import User
from twofold.domain.errors import Conflict, Forbidden, NotFound
from twofold.domain.export_text import owner_of
from twofold.domain.flag_words import prompt
from twofold.domain.outbox import OutboxItem
from twofold.domain.phases import Phase
from twofold.domain.team_events import ChannelPostRequested
from twofold.domain.vendors import VENDORS
from twofold.domain.vocab import Role, TextLanguage
from twofold.domain.words import words
from twofold.services import outbox
from twofold.services.access import Actor, check_participant
from twofold.services.connections import Secrets, opened
from twofold.services.context import Ctx
from twofold.services.recorder import Recorder
from twofold.services.summary import ClosingSummary, summary_in
from twofold.store.database import Tx
from twofold.store.queries import actions as action_q
from twofold.store.queries import channel_posts as post_q
from twofold.store.queries import connections as conn_q
from twofold.store.queries import retros as retro_q
from twofold.store.queries import teams as team_q
from twofold.store.queries.ids import now

TEAM_MEMBER = Participant("member", "", "", Role.ENG, False)
"""Whom a post is drawn for: any member of the team, and nobody's own cards in particular."""
TOPICS_SHOWN = 5
ACTIONS_SHOWN = 20


@dataclass(frozen=True)
class PostView:
    post: ChannelPost
    vendor: str
    delivery: OutboxItem | None
    """The outbox row while the post is pending: its tries and when the next one is."""


def _channels(tx: Tx, team_id: str) -> list[Connection]:
    return [
        c for c in conn_q.connections_of_team(tx, team_id) if VENDORS[c.vendor].kind == "channel"
    ]


def _view(tx: Tx, post: ChannelPost, vendor: str) -> PostView:
    delivery = None
    if post.state == "pending" and post.outbox_id:
        delivery = outbox.items_by_id(tx, [post.outbox_id]).get(post.outbox_id)
    return PostView(post, vendor, delivery)


def _queue(
    rec: Recorder, connection: Connection, kind: PostKind, subject: str, retro_id: str | None
) -> ChannelPost:
    """The post queued, once: a post still waiting for the worker is left as it is; one
    posted, failed or given up on is queued again (and updates its message where it can)."""
    tx = rec.tx
    post = post_q.post_for(tx, connection.id, kind, subject, lock=True)
    if post is not None and post.state == "pending":
        delivery = _view(tx, post, connection.vendor).delivery
        if delivery is not None and delivery.state == "pending":
            return post
    if post is None:
        post = post_q.insert_post(tx, connection.team_id, connection.id, kind, subject, retro_id)
    outbox_id = rec.job(ChannelPostRequested(connection.team_id, post.id))
    post_q.requeue(tx, post.id, outbox_id)
    found = post_q.post_by_id(tx, post.id)
    assert found is not None
    return found


def do_publish(ctx: Ctx, user: User, retro_id: str, connection_id: str) -> PostView:
    """A closed retro's summary posted to one of the team's channels, by a facilitator."""
    with ctx.recording() as rec:
        retro, me = check_participant(rec.tx, user, retro_id)
        if not me.is_facilitator:
            raise Forbidden("Only a facilitator can publish the summary.")
        if retro.phase != Phase.CLOSED:
            raise Conflict(
                "The summary is published once the retro is closed.",
                code="wrong_phase",
                params={"phase": retro.phase.value},
            )
        connection = conn_q.connection_by_id(rec.tx, connection_id)
        if (
            connection is None
            or connection.team_id != retro.team_id
            or VENDORS[connection.vendor].kind != "channel"
        ):
            raise NotFound("Channel not found.", code="not_found")
        post = _queue(rec, connection, "summary", retro.id, retro.id)
        return _view(rec.tx, post, connection.vendor)


def do_queue_closed(ctx: Ctx, retro_id: str) -> int:
    """A retro just closed: its summary queued for each channel set to post on close."""
    queued = 0
    with ctx.recording() as rec:
        retro = retro_q.retro_by_id(rec.tx, retro_id)
        if retro is None or retro.phase != Phase.CLOSED:
            return 0
        for connection in _channels(rec.tx, retro.team_id):
            settings = connection.settings
            if isinstance(settings, ChannelSettings) and settings.post_on_close:
                _queue(rec, connection, "summary", retro.id, retro.id)
                queued += 1
    return queued


def posts_of_retro(ctx: Ctx, actor: Actor, retro_id: str) -> list[PostView]:
    """Where the summary was posted, for the team's members (guests see none of it)."""
    with ctx.db.read() as tx:
        _, me = check_participant(tx, actor, retro_id)
        if me.kind != "member":
            return []
        vendors = {c.id: c.vendor for c in conn_q.connections_of_team(tx, _team(tx, retro_id))}
        return [
            _view(tx, p, vendors[p.connection_id])
            for p in post_q.posts_of_retro(tx, retro_id)
            if p.connection_id in vendors
        ]


def _team(tx: Tx, retro_id: str) -> str:
    retro = retro_q.retro_by_id(tx, retro_id)
    assert retro is not None
    return retro.team_id


def enqueue_digests(ctx: Ctx, at: datetime | None = None) -> int:
    """The week's digest queued for each channel that wants one, once per ISO week, from
    Monday 09:00 UTC, when the team has an open action item due that week or overdue."""
    at = at or now()
    if not digest_due(at):
        return 0
    week = iso_week(at)
    # Looked for in a read first, so a pass with nothing new takes no write lock.
    with ctx.db.read() as tx:
        wanted = [
            c
            for c in conn_q.all_connections(tx)
            if isinstance(c.settings, ChannelSettings)
            and c.settings.weekly_digest
            and post_q.post_for(tx, c.id, "digest", week) is None
            and _due_items(tx, c.team_id, week_end(at))
        ]
    if not wanted:
        return 0
    queued = 0
    with ctx.recording() as rec:
        for connection in wanted:
            # Locked and looked for again: another worker may have queued it meanwhile.
            conn_q.connections_of_team(rec.tx, connection.team_id, lock=True)
            if post_q.post_for(rec.tx, connection.id, "digest", week) is None:
                _queue(rec, connection, "digest", week, None)
                queued += 1
    return queued


def _due_items(tx: Tx, team_id: str, last: date) -> list[action_q.ActionRecord]:
    records = action_q.actions_of_team(tx, team_id)
    due = [r for r in records if r.item.status in ACTIVE and r.item.due and r.item.due <= last]
    return sorted(due, key=lambda r: (r.item.due or last, r.item.title))


@dataclass(frozen=True)
class PostJob:
    post: ChannelPost
    connection: Connection
    secrets: Secrets
    outline: Outline
    earlier: Posted | None


def _summary_outline(s: ClosingSummary, link: str) -> Outline:
    """In the team's language: a post goes to the whole team's channel."""
    retro = s.retro
    language = s.team_language
    w = words(language)
    head = [s.team_name, *([retro.sprint_name] if retro.sprint_name else [])]
    topics = [
        (t.title or (t.cards[0].text if t.cards else "") or w._("Untitled"))
        + f" ({w.ngettext('{count} vote', '{count} votes', t.votes)})"
        for t in s.topics[:TOPICS_SHOWN]
    ]
    actions = [
        f"{a.title} — {owner_of(a, language)}"
        + (w._(", due {day}", day=w.day(a.due)) if a.due else "")
        for a in s.actions[:ACTIONS_SHOWN]
    ]
    flags = [prompt(f, language) for f in s.signals.flags]
    sections = [
        Section(w._("Top topics"), tuple(topics) or (w._("No topics were raised."),)),
        Section(w._("Action items"), tuple(actions) or (w._("No action items were agreed."),)),
    ]
    if flags:
        sections.append(Section(w._("Flags"), tuple(flags)))
    return Outline(
        title=retro.title,
        subtitle=" · ".join(head) + " · " + w._("retro summary"),
        sections=tuple(sections),
        link=link,
        link_label=w._("Open the summary in Twofold"),
    )


def _digest_outline(tx: Tx, team_id: str, week: str, base_url: str) -> Outline:
    """The week's open items due by its Sunday; those due before the day it is sent (or the
    week's Monday, for a digest sent early) are overdue."""
    team = team_q.team_by_id(tx, team_id)
    language = team.language if team else TextLanguage.EN
    w = words(language)
    monday = datetime.strptime(week + "-1", "%G-W%V-%u").replace(tzinfo=UTC)
    today = max(now().date(), monday.date())
    items = _due_items(tx, team_id, week_end(monday))

    def line(r: action_q.ActionRecord) -> str:
        assert r.item.due is not None
        return f"{r.item.title} — {owner_of(r.view, language)}" + w._(
            ", due {day}", day=w.day(r.item.due)
        )

    overdue = tuple(line(r) for r in items if r.item.due and r.item.due < today)
    coming = tuple(line(r) for r in items if r.item.due and r.item.due >= today)
    sections = [
        *([Section(w._("Overdue"), overdue[:ACTIONS_SHOWN])] if overdue else []),
        *([Section(w._("Due this week"), coming[:ACTIONS_SHOWN])] if coming else []),
    ]
    if not sections:
        done = (w._("Every action item due this week is done."),)
        sections = [Section(w._("Nothing due"), done)]
    return Outline(
        title=w._("Action items due — {team}", team=team.name if team else w._("your team")),
        subtitle=w._(
            "Week {week}: {overdue} overdue, {coming} due by {day}",
            week=week,
            overdue=len(overdue),
            coming=len(coming),
            day=w.day(week_end(monday)),
        ),
        sections=tuple(sections),
        link=f"{base_url}/teams/{team_id}/actions",
        link_label=w._("Open the action items in Twofold"),
    )


def post_job(ctx: Ctx, post_id: str, base_url: str) -> PostJob | None:
    """What the worker needs to post; None when there is nothing to post any more (the
    connection or the retro was removed)."""
    base = base_url.rstrip("/")
    with ctx.db.read() as tx:
        post = post_q.post_by_id(tx, post_id)
        if post is None:
            return None
        if post.kind == "summary":
            retro = retro_q.retro_by_id(tx, post.subject)
            if retro is None:
                return None
            summary = summary_in(tx, retro, TEAM_MEMBER)
            outline = _summary_outline(summary, f"{base}/retros/{retro.id}")
        else:
            outline = _digest_outline(tx, post.team_id, post.subject, base)
    found = opened(ctx, post.connection_id)
    if found is None:
        return None
    earlier = Posted(post.ref, post.channel, post.url) if post.ref else None
    return PostJob(post, found[0], found[1], outline, earlier)


def posted(post_id: str, answer: Posted) -> outbox.Completion:
    def record(tx: Tx) -> None:
        post_q.mark_posted(tx, post_id, answer)

    return record


def do_record_failure(ctx: Ctx, post_id: str, error: str, *, final: bool) -> None:
    with ctx.db.write() as tx:
        post_q.record_failure(tx, post_id, error, final=final)
