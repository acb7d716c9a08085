"""A retro's closing summary."""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response

from twofold.api import summary_exports, summary_pdf
from twofold.api.deps import ActorDep, CtxDep
from twofold.api.routes.signals import retro_signals
from twofold.api.schemas import summary as ss
from twofold.api.schemas.situations import gap_view
from twofold.domain.audit import AuditKind
from twofold.domain.equal_voice import EqualVoice, Tally
from twofold.domain.events import CardView
from twofold.domain.export_text import file_name
from twofold.domain.summary import FrictionCount, Topic
from twofold.domain.vocab import Role, TextLanguage
from twofold.services import audit, summary
from twofold.services.summary import ClosingSummary

router = APIRouter(prefix="/api", tags=["summary"])


@router.get("/retros/{retro_id}/summary")
def get_summary(retro_id: str, actor: ActorDep, ctx: CtxDep) -> ss.ClosingSummary:
    """Open to everyone who may open the board once the retro is closed (facilitators may
    preview it sooner); each sees what they may see on the board."""
    return closing_summary(summary.closing_summary(ctx, actor, retro_id))


Export = Literal["summary.md", "summary.pdf", "summary.json", "cards.csv", "actions.csv"]
MEDIA_TYPES: dict[str, str] = {
    "md": "text/markdown; charset=utf-8",
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
}
FILE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {media.partition(";")[0]: {} for media in MEDIA_TYPES.values()},
        "description": "The summary as a file: Markdown, PDF, JSON (the `ClosingSummary` schema), "
        "or CSV of its cards or its action items.",
    }
}


@router.get(
    "/retros/{retro_id}/export/{name}",
    response_class=Response,
    responses=FILE_RESPONSES,
)
def export_summary(
    retro_id: str,
    name: Export,
    actor: ActorDep,
    ctx: CtxDep,
    language: Annotated[TextLanguage | None, Query()] = None,
) -> Response:
    """The summary as a file to download, with what the summary holds for you and nothing
    more. CSV cells that a spreadsheet would run as a formula start with an apostrophe.
    Worded in `language` (the web UI gives the reader's), else in the team's language."""
    held = summary.closing_summary(ctx, actor, retro_id)
    audit.record_now(
        ctx,
        AuditKind.EXPORT_DOWNLOADED,
        actor,
        team_id=held.retro.team_id,
        target=retro_id,
        detail={"file": name},
    )
    chosen = language or held.team_language
    return summary_file(closing_summary(held, chosen), name, chosen)


def summary_file(
    found: ss.ClosingSummary, name: Export, language: TextLanguage = TextLanguage.EN
) -> Response:
    stem, _, extension = name.partition(".")
    content: str | bytes
    if name == "summary.md":
        content = summary_exports.markdown(found, language)
    elif name == "summary.pdf":
        content = summary_pdf.pdf(found, language)
    elif name == "summary.json":
        content = found.model_dump_json(indent=2)
    elif name == "cards.csv":
        content = summary_exports.cards_csv(found)
    else:
        content = summary_exports.actions_csv(found)
    filename = file_name(f"{found.title} {stem}", stem, extension)
    return Response(
        content=content,
        media_type=MEDIA_TYPES[extension],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def closing_summary(s: ClosingSummary, language: TextLanguage | None = None) -> ss.ClosingSummary:
    """`language` words the flags (the team's when None)."""
    titles = {c.id: c.title for c in s.columns}
    r = s.retro
    return ss.ClosingSummary(
        retro_id=r.id,
        team_name=s.team_name,
        title=r.title,
        sprint_name=r.sprint_name,
        sprint_start=r.sprint_start,
        sprint_end=r.sprint_end,
        phase=r.phase,
        preview=s.preview,
        anonymous=s.anonymous,
        people_by_role=s.people_by_role,
        names=s.names,
        signals=retro_signals(s.signals, language or s.team_language),
        satisfaction=s.signals.pulses.average,
        topics=[_topic(t, titles) for t in s.topics],
        hidden_cards=s.hidden_cards,
        actions=s.actions,
        debt=[ss.SummaryDebt(id=d.id, title=d.title, area=d.area, status=d.status) for d in s.debt],
        friction_by_column=[
            ss.ColumnFriction(column_id=c.id, column_title=c.title, counts=_counts(found))
            for c in s.columns
            if (found := s.friction_by_column.get(c.id))
        ],
        friction_by_role=[
            ss.RoleFriction(role=role, counts=_counts(found))
            for role in Role
            if (found := s.friction_by_role.get(role.value))
        ],
        equal_voice=voice_view(s.equal_voice) if s.equal_voice else None,
        perception_gaps=[gap_view(g) for g in s.perception_gaps],
    )


def _card(c: CardView, titles: dict[str, str]) -> ss.SummaryCard:
    return ss.SummaryCard(
        id=c.id,
        column_id=c.column_id,
        column_title=titles.get(c.column_id, ""),
        text=c.text,
        polarity=c.polarity,
        friction=c.friction,
        author_role=c.author_role,
        author_name=c.author_name,
    )


def _topic(t: Topic, titles: dict[str, str]) -> ss.SummaryTopic:
    return ss.SummaryTopic(
        id=t.id,
        title=t.title,
        votes=t.votes,
        notes=t.notes,
        cards=[_card(c, titles) for c in t.cards],
    )


def _counts(found: list[FrictionCount]) -> list[ss.FrictionCount]:
    return [ss.FrictionCount(friction=f.friction, count=f.count) for f in found]


def _tally(t: Tally | None) -> ss.SideTally | None:
    if t is None:
        return None
    return ss.SideTally(
        product=t.product,
        engineering=t.engineering,
        apart=t.apart,
        joint=t.joint,
        product_share=t.product_share,
        engineering_share=t.engineering_share,
    )


def voice_view(v: EqualVoice) -> ss.EqualVoice:
    return ss.EqualVoice(
        shown=v.shown,
        people=_tally(v.people),
        cards=_tally(v.cards),
        votes=_tally(v.votes),
        notes=_tally(v.notes),
        actions=_tally(v.actions),
        flags=list(v.flags),
    )
