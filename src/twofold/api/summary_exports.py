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
from twofold.domain.labels import label
from twofold.domain.signals import PULSES_SHOWN_MIN
from twofold.domain.vocab import TextLanguage
from twofold.domain.words import Words, words


def topic_heading(topic: SummaryTopic) -> str:
    if topic.title is not None:
        return topic.title
    return topic.cards[0].text or "" if topic.cards else ""


def _people(s: ClosingSummary, w: Words) -> str:
    counts = sorted(s.people_by_role.items(), key=lambda kv: (-kv[1], kv[0]))
    line = ", ".join(f"{label(role, w.language)}: {n}" for role, n in counts)
    line = line or w._("Nobody joined the board")
    if s.names:
        line += ": " + ", ".join(md(n) for n in s.names)
    return line


def _share(t: SideTally, product: bool, w: Words) -> str:
    count, share = (t.product, t.product_share) if product else (t.engineering, t.engineering_share)
    shown = w._("{count} + {joint} joint", count=count, joint=t.joint) if t.joint else str(count)
    return f"{shown} ({'—' if share is None else f'{round(share * 100)}%'})"


def markdown(s: ClosingSummary, language: TextLanguage = TextLanguage.EN) -> str:
    w = words(language)
    parts = (_head, _signals, _topics, _actions, _friction, _voice, _gaps)
    lines = [line for part in parts for line in part(s, w)]
    return "\n".join(lines).rstrip() + "\n"


def _head(s: ClosingSummary, w: Words) -> list[str]:
    out = [f"# {md(s.title)}", ""]
    head = [md(s.team_name)]
    if s.sprint_name:
        head.append(md(s.sprint_name))
    if s.sprint_start or s.sprint_end:
        start = w.date(s.sprint_start) if s.sprint_start else "…"
        end = w.date(s.sprint_end) if s.sprint_end else "…"
        head.append(w._("{start} to {end}", start=start, end=end))
    out += [" · ".join(head), ""]
    if s.preview:
        out += ["_" + w._("Preview: the retro is still open.") + "_", ""]
    out.append(f"**{w._('Who took part:')}** {_people(s, w)}  ")
    said = w._("Satisfaction:")
    if s.satisfaction is not None:
        pulses = w.ngettext("{count} pulse", "{count} pulses", s.signals.pulses.count)
        out.append(f"**{said}** {w.number(round(s.satisfaction, 1))} / 5 ({pulses})")
    elif s.signals.pulses.count < PULSES_SHOWN_MIN:
        out.append(f"**{said}** {w._('too few pulses to show')}")
    return out


def _signals(s: ClosingSummary, w: Words) -> list[str]:
    out = ["", "## " + w._("Sprint signals"), ""]
    if not s.signals.flags:
        return [*out, w._("No signal was outside the team's thresholds.")]
    return out + [
        "- "
        + w._("{prompt} (healthy: {threshold})", prompt=md(f.prompt), threshold=md(f.threshold))
        for f in s.signals.flags
    ]


def _card_line(card: SummaryCard, w: Words) -> str:
    about = [label(x, w.language) for x in (card.polarity, card.friction) if x]
    if card.author_name:
        about.append(md(card.author_name))
    elif card.author_role:
        about.append(label(card.author_role, w.language))
    tail = f" ({' · '.join(about)})" if about else ""
    return f"- [{md(card.column_title)}] {md(card.text or '')}{tail}"


def _topics(s: ClosingSummary, w: Words) -> list[str]:
    out = ["", "## " + w._("Topics"), ""]
    if not s.topics:
        out.append(w._("No cards were written."))
    for i, topic in enumerate(s.topics, 1):
        votes = w.ngettext("{count} vote", "{count} votes", topic.votes)
        out += [f"### {i}. {md(topic_heading(topic))} ({votes})", ""]
        if topic.notes:
            out += [w._("Notes: {notes}", notes=md(topic.notes)), ""]
        out += [_card_line(card, w) for card in topic.cards]
        out.append("")
    return out


def _actions(s: ClosingSummary, w: Words) -> list[str]:
    out = ["## " + w._("Action items"), ""]
    if not s.actions:
        out.append(w._("No action items were agreed."))
    for a in s.actions:
        due = w._(", due {day}", day=w.date(a.due)) if a.due else ""
        owner = md(owner_of(a, w.language))
        out.append(f"- **{md(a.title)}**: {owner}{due} ({label(a.status, w.language)})")
    if s.debt:
        out += ["", "## " + w._("Tech debt raised"), ""]
        out += [f"- {md(d.title)} ({label(d.status, w.language)})" for d in s.debt]
    return out


def _friction(s: ClosingSummary, w: Words) -> list[str]:
    out = ["", "## " + w._("Friction points"), ""]
    if not s.friction_by_column:
        out += [w._("No card named a friction point."), ""]
    columns = [(c.column_title, c.counts) for c in s.friction_by_column]
    out += _friction_table(w._("Column"), columns, w)
    roles = [(label(r.role, w.language), r.counts) for r in s.friction_by_role]
    return out + _friction_table(w._("Role"), roles, w)


def _voice(s: ClosingSummary, w: Words) -> list[str]:
    out = ["## " + w._("Equal voice"), ""]
    v = s.equal_voice
    if v is None:
        return [*out, w._("Shown once the cards are revealed.")]
    if not v.shown:
        return [
            *out,
            w._("Too few to show: fewer than 3 people on a side in this anonymous retro."),
        ]
    heads = (w._("Measure"), w._("Product"), w._("Engineering"), w._("Apart"))
    out += ["| " + " | ".join(heads) + " |", "| --- | --- | --- | --- |"]
    for name, field in MEASURES:
        t = getattr(v, field)
        if t is not None:
            shares = f"{_share(t, True, w)} | {_share(t, False, w)}"
            out.append(f"| {w.known(name)} | {shares} | {t.apart} |")
    return [*out, "", *(f"- {w.known(VOICE_FLAG_WORDS[f])}" for f in v.flags)]


def _gaps(s: ClosingSummary, w: Words) -> list[str]:
    """Each gap as the board shows it: how the sides disagree, then each side's card."""
    if not s.perception_gaps:
        return []
    out = ["", "## " + w._("Where product and engineering saw it differently"), ""]
    for gap in s.perception_gaps:
        why = (
            w._("One side says it went well, the other not")
            if gap.kind == "opposite_polarity"
            else w._("Both say it went badly, for different reasons")
        )
        out.append(f"- {why}:")
        for side, card in ((w._("Product"), gap.product), (w._("Engineering"), gap.engineering)):
            about = " · ".join(label(x, w.language) for x in (card.polarity, card.friction) if x)
            out.append(f"  - **{side}** ({about}): {md(card.text)}")
    return out


def _friction_table(what: str, rows: list[tuple[str, list[FrictionCount]]], w: Words) -> list[str]:
    if not rows:
        return []
    out = [f"| {what} | {w._('Friction point')} | {w._('Cards')} |", "| --- | --- | --- |"]
    for name, counts in rows:
        for c in counts:
            out.append(f"| {md(name)} | {label(c.friction, w.language)} | {c.count} |")
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
