"""A retro's closing summary as files: Markdown, CSV of its cards and of its action items.

Each file is written from the very summary the reader gets from `GET /api/retros/{id}/summary`
(its JSON is the JSON export), so no file can hold more than the reader's summary does:
hidden cards, anonymous authors and the team's backlog stay out exactly as they do there.
"""

import csv
import io
from collections.abc import Iterable

from twofold.api.schemas.summary import (
    ClosingSummary,
    FrictionCount,
    SideTally,
    SummaryCard,
    SummaryTopic,
)
from twofold.domain.equal_voice import MEASURES, VOICE_FLAG_WORDS
from twofold.domain.export_text import markdown_inline as md
from twofold.domain.export_text import neutralise, owner_of
from twofold.domain.signals import PULSES_SHOWN_MIN
from twofold.domain.vocab import ROLE_LABELS, Role


def _label(value: str) -> str:
    return value.replace("_", " ").capitalize()


def _role(role: str) -> str:
    known = {r.value: r for r in Role}
    return ROLE_LABELS[known[role]] if role in known else _label(role)


def topic_heading(topic: SummaryTopic) -> str:
    if topic.title is not None:
        return topic.title
    return topic.cards[0].text or "" if topic.cards else ""


def _people(s: ClosingSummary) -> str:
    counts = sorted(s.people_by_role.items(), key=lambda kv: (-kv[1], kv[0]))
    line = ", ".join(f"{_role(role)}: {n}" for role, n in counts) or "Nobody joined the board"
    if s.names:
        line += ": " + ", ".join(md(n) for n in s.names)
    return line


def _share(t: SideTally, product: bool) -> str:
    count, share = (t.product, t.product_share) if product else (t.engineering, t.engineering_share)
    shown = f"{count} + {t.joint} joint" if t.joint else str(count)
    return f"{shown} ({'—' if share is None else f'{round(share * 100)}%'})"


def markdown(s: ClosingSummary) -> str:
    parts = (_head, _signals, _topics, _actions, _friction, _voice)
    lines = [line for part in parts for line in part(s)]
    return "\n".join(lines).rstrip() + "\n"


def _head(s: ClosingSummary) -> list[str]:
    out = [f"# {md(s.title)}", ""]
    head = [md(s.team_name)]
    if s.sprint_name:
        head.append(md(s.sprint_name))
    if s.sprint_start or s.sprint_end:
        head.append(f"{s.sprint_start or '…'} to {s.sprint_end or '…'}")
    out += [" · ".join(head), ""]
    if s.preview:
        out += ["_Preview: the retro is still open._", ""]
    out.append(f"**Who took part:** {_people(s)}  ")
    if s.satisfaction is not None:
        out.append(f"**Satisfaction:** {s.satisfaction:.1f} / 5 ({s.signals.pulses.count} pulses)")
    elif s.signals.pulses.count < PULSES_SHOWN_MIN:
        out.append("**Satisfaction:** too few pulses to show")
    return out


def _signals(s: ClosingSummary) -> list[str]:
    out = ["", "## Sprint signals", ""]
    if not s.signals.flags:
        return [*out, "No signal was outside the team's thresholds."]
    return out + [f"- {md(f.prompt)} (healthy: {md(f.threshold)})" for f in s.signals.flags]


def _card_line(card: SummaryCard) -> str:
    about = [_label(x) for x in (card.polarity, card.friction) if x]
    if card.author_name:
        about.append(md(card.author_name))
    elif card.author_role:
        about.append(_role(card.author_role))
    tail = f" ({' · '.join(about)})" if about else ""
    return f"- [{md(card.column_title)}] {md(card.text or '')}{tail}"


def _topics(s: ClosingSummary) -> list[str]:
    out = ["", "## Topics", ""]
    if not s.topics:
        out.append("No cards were written.")
    for i, topic in enumerate(s.topics, 1):
        votes = "vote" if topic.votes == 1 else "votes"
        out += [f"### {i}. {md(topic_heading(topic))} ({topic.votes} {votes})", ""]
        if topic.notes:
            out += [f"Notes: {md(topic.notes)}", ""]
        out += [_card_line(card) for card in topic.cards]
        out.append("")
    return out


def _actions(s: ClosingSummary) -> list[str]:
    out = ["## Action items", ""]
    if not s.actions:
        out.append("No action items were agreed.")
    for a in s.actions:
        due = f", due {a.due}" if a.due else ""
        out.append(f"- **{md(a.title)}**: {md(owner_of(a))}{due} ({_label(a.status)})")
    if s.debt:
        out += ["", "## Tech debt raised", ""]
        out += [f"- {md(d.title)} ({_label(d.status)})" for d in s.debt]
    return out


def _friction(s: ClosingSummary) -> list[str]:
    out = ["", "## Friction points", ""]
    if not s.friction_by_column:
        out += ["No card named a friction point.", ""]
    out += _friction_table("Column", [(c.column_title, c.counts) for c in s.friction_by_column])
    return out + _friction_table("Role", [(_role(r.role), r.counts) for r in s.friction_by_role])


def _voice(s: ClosingSummary) -> list[str]:
    out = ["## Equal voice", ""]
    v = s.equal_voice
    if v is None:
        return [*out, "Shown once the cards are revealed."]
    if not v.shown:
        return [*out, "Too few to show: fewer than 3 people on a side in this anonymous retro."]
    out += ["| Measure | Product | Engineering | Apart |", "| --- | --- | --- | --- |"]
    for label, field in MEASURES:
        t = getattr(v, field)
        if t is not None:
            out.append(f"| {label} | {_share(t, True)} | {_share(t, False)} | {t.apart} |")
    return [*out, "", *(f"- {VOICE_FLAG_WORDS[f]}" for f in v.flags)]


def _friction_table(what: str, rows: list[tuple[str, list[FrictionCount]]]) -> list[str]:
    if not rows:
        return []
    out = [f"| {what} | Friction point | Cards |", "| --- | --- | --- |"]
    for name, counts in rows:
        for c in counts:
            out.append(f"| {md(name)} | {_label(c.friction)} | {c.count} |")
    return [*out, ""]


def _csv(header: list[str], rows: Iterable[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return buffer.getvalue()


def cards_csv(s: ClosingSummary) -> str:
    """One row a card, topic by topic in vote order."""
    return _csv(
        ["topic", "votes", "column", "text", "polarity", "friction", "author_role", "author"],
        (
            [
                topic_heading(t),
                str(t.votes),
                c.column_title,
                c.text or "",
                c.polarity or "",
                c.friction or "",
                c.author_role or "",
                c.author_name or "",
            ]
            for t in s.topics
            for c in t.cards
        ),
    )


def actions_csv(s: ClosingSummary) -> str:
    topics = {t.id: topic_heading(t) for t in s.topics}
    return _csv(
        ["title", "owner", "due", "status", "category", "topic"],
        (
            [
                a.title,
                owner_of(a) if (a.owner_name or a.owner_kind == "joint") else "",
                a.due.isoformat() if a.due else "",
                a.status,
                a.category or "",
                topics.get(a.topic_id or "", ""),
            ]
            for a in s.actions
        ),
    )
