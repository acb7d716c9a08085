"""A retro's closing summary as a wiki page: the same summary as a shared link shows (no
backlog, no author of an anonymous card, nothing hidden), laid out in a few plain blocks each
wiki draws in its own format.

The title names the retro, the team and the day the page was made for, so two retros of the
same name do not collide in a Confluence space (where titles are unique); the link back to the
retro comes first and is the page's marker.
"""

from twofold.domain.entities import Retro
from twofold.domain.equal_voice import MEASURES, VOICE_FLAG_WORDS, EqualVoice, Tally
from twofold.domain.export_text import owner_of
from twofold.domain.flag_words import prompt, threshold
from twofold.domain.summary import Topic
from twofold.domain.wiki_pages import Block, Bullets, Heading, Link, PageDoc, Paragraph, marker
from twofold.domain.words import Words, words
from twofold.services.summary import ClosingSummary

TOPICS_SHOWN = 10
CARDS_PER_TOPIC = 5
TITLE_MAX = 240


def title_of(retro: Retro, team_name: str) -> str:
    made = retro.created_at.date().isoformat()
    return f"Retro: {retro.title} · {team_name} · {made}"[:TITLE_MAX]


def _topic(i: int, topic: Topic, w: Words) -> list[Block]:
    heading = topic.title or (topic.cards[0].text if topic.cards else "") or w._("Untitled")
    votes = w.ngettext("{count} vote", "{count} votes", topic.votes)
    out: list[Block] = [Paragraph(f"{i}. {heading} ({votes})")]
    if topic.notes:
        out.append(Paragraph(w._("Notes: {notes}", notes=topic.notes)))
    cards = [c.text for c in topic.cards[:CARDS_PER_TOPIC] if c.text]
    if topic.title is None:
        cards = cards[1:]
    if cards:
        out.append(Bullets(tuple(cards)))
    return out


def _share(t: Tally, product: bool) -> str:
    share = t.product_share if product else t.engineering_share
    return "—" if share is None else f"{round(share * 100)}%"


def _voice(v: EqualVoice | None, w: Words) -> list[Block]:
    if v is None or not v.shown:
        return []
    rows = []
    for name, field in MEASURES:
        t: Tally | None = getattr(v, field)
        if t is not None:
            rows.append(
                w._(
                    "{measure}: product {product}, engineering {engineering}",
                    measure=w.known(name),
                    product=_share(t, True),
                    engineering=_share(t, False),
                )
            )
    return [
        Heading(w._("Equal voice")),
        Bullets(tuple(rows + [w.known(VOICE_FLAG_WORDS[f]) for f in v.flags])),
    ]


def page_doc(s: ClosingSummary, link: str) -> PageDoc:
    """In the team's language: a wiki page is read by the team and beyond it."""
    r = s.retro
    language = s.team_language
    w = words(language)
    head = [s.team_name]
    if r.sprint_name:
        head.append(r.sprint_name)
    if r.sprint_start or r.sprint_end:
        start = w.date(r.sprint_start) if r.sprint_start else "…"
        end = w.date(r.sprint_end) if r.sprint_end else "…"
        head.append(w._("{start} to {end}", start=start, end=end))
    opening = Link(w._("Open this retro in Twofold"), link)
    blocks: list[Block] = [opening, Paragraph(" · ".join(head))]
    pulses = s.signals.pulses
    if pulses.average is not None:
        count = w.ngettext("{count} pulse", "{count} pulses", pulses.count)
        average = w.number(round(pulses.average, 1))
        blocks.append(Paragraph(f"{w._('Satisfaction:')} {average} / 5 ({count})"))
    blocks.append(Heading(w._("Top topics")))
    if not s.topics:
        blocks.append(Paragraph(w._("No cards were written.")))
    for i, topic in enumerate(s.topics[:TOPICS_SHOWN], 1):
        blocks += _topic(i, topic, w)
    blocks.append(Heading(w._("Action items")))
    actions = []
    for a in s.actions:
        due = w._(", due {day}", day=w.date(a.due)) if a.due else ""
        actions.append(f"{a.title}: {owner_of(a, language)}{due}")
    none_agreed = Paragraph(w._("No action items were agreed."))
    blocks.append(Bullets(tuple(actions)) if actions else none_agreed)
    blocks.append(Heading(w._("Sprint signals")))
    flags = [
        w._(
            "{prompt} (healthy: {threshold})",
            prompt=prompt(f, language),
            threshold=threshold(f, language),
        )
        for f in s.signals.flags
    ]
    blocks.append(
        Bullets(tuple(flags))
        if flags
        else Paragraph(w._("No signal was outside the team's thresholds."))
    )
    blocks += _voice(s.equal_voice, w)
    return PageDoc(title_of(r, s.team_name), tuple(blocks), marker(r.id))
