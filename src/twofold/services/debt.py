"""The tech-debt backlog: items, their two-sided scores, recurring themes and sprint capacity.

The backlog belongs to the team: any member may add, edit and score items, guests never see it
(they are let into one retro, not into the team's history), and outsiders get "not found". Card
text only enters the backlog once the card is revealed to everyone, because the backlog is read
by the whole team and a card in the reflect phase belongs to its author alone. An item raised
from a card of an anonymous retro does not say who added it to anyone else (`_shown`). Boards
mark the cards in the backlog live (`backlog_marks`).
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, NoReturn

from pydantic import ValidationError

from twofold.domain import debt as rules
from twofold.domain.debt import (
    DEBT_TITLE_MAX,
    DebtStatus,
    MissingScore,
    NewDebtItem,
)
from twofold.domain.entities import Card, Retro, User
from twofold.domain.errors import Conflict, NotFound
from twofold.domain.item_history import HistoryEntry, debt_changes
from twofold.domain.phases import cards_hidden
from twofold.domain.team_events import DebtCreated, DebtScored, DebtStatusChanged
from twofold.domain.themes import Theme, ThemeCard, escalation_draft, recurring_themes
from twofold.domain.visibility import member_key, public_view, roles_shown, view_for
from twofold.insights.situations import SituationCard, same_situation
from twofold.services import backlog_marks, item_history
from twofold.services.access import (
    check_in_retro,
    check_in_team,
    check_may_delete_debt,
    check_member,
    check_retro_member,
)
from twofold.services.context import Ctx
from twofold.services.recorder import Recorder
from twofold.services.side_grouping import grouping_of_team
from twofold.services.validation import field_error, invalid_from
from twofold.store.database import Tx
from twofold.store.queries import cards as card_q
from twofold.store.queries import debt as debt_q
from twofold.store.queries import item_history as history_q
from twofold.store.queries import retros as retro_q
from twofold.store.queries import teams as team_q
from twofold.store.queries.debt import DebtLink, DebtRecord, LinkKind

THEME_CARDS_MAX = 2000
"""The most recent cards recurring themes are looked for in: two years and more of a busy
team's retros. Every pair of them is compared, so the work and memory grow with the square of
the cards; a team's whole history would have no bound."""

_ENG_FIELDS = ("drag_hours", "effort")
_SCORES = ("drag_hours", "impact", "effort")


@dataclass(frozen=True)
class DebtView:
    """A stored item with its scores worked out, or the scores it is still waiting for."""

    record: DebtRecord
    missing: tuple[MissingScore, ...]
    drag_score: float | None
    value: float | None
    priority: float | None


@dataclass(frozen=True)
class RankingView:
    ranked: list[DebtView]
    unscored: list[DebtView]
    awaiting_pm: list[str]
    awaiting_eng: list[str]


def _view(record: DebtRecord) -> DebtView:
    item = record.item
    drag, impact, effort = item.drag_hours, item.impact, item.effort
    if drag is None or impact is None or effort is None:
        drag_score = rules.drag_score(drag) if drag is not None else None
        return DebtView(record, rules.missing_scores(item), drag_score, None, None)
    return DebtView(
        record,
        (),
        rules.drag_score(drag),
        rules.value(drag, impact),
        rules.priority(drag, impact, effort),
    )


def _shown(tx: Tx, user: User, records: Sequence[DebtRecord]) -> list[DebtRecord]:
    """The items as `user` may see them. An item raised from a card of an anonymous retro does
    not name who added it (nor who scored it on adding it) to anyone but that person: people
    send their own cards to the backlog more than anyone's, so the name would point at the
    card's author. That person still sees it, and may still delete the item."""
    retro_ids = {
        link.retro_id
        for r in records
        for link in r.links
        if link.kind == "card" and link.retro_id is not None
    }
    anonymous = retro_q.anonymous_retro_ids(tx, retro_ids)
    shown: list[DebtRecord] = []
    for record in records:
        creator = record.created_by
        hide = creator not in (None, user.id) and any(
            link.kind == "card" and link.retro_id in anonymous for link in record.links
        )
        shown.append(_without_creator(record) if hide else record)
    return shown


def _without_creator(record: DebtRecord) -> DebtRecord:
    creator = record.created_by
    return replace(
        record,
        created_by=None,
        eng_scored_by=None if record.eng_scored_by == creator else record.eng_scored_by,
        pm_scored_by=None if record.pm_scored_by == creator else record.pm_scored_by,
    )


def _view_for(tx: Tx, user: User, record: DebtRecord) -> DebtView:
    return _view(_shown(tx, user, [record])[0])


def new_item(data: dict[str, Any]) -> NewDebtItem:
    """Check a whole item against the domain's rules; the API checks bodies the same way, so
    this only catches callers that skipped it."""
    try:
        return NewDebtItem.model_validate(data)
    except ValidationError as exc:
        raise invalid_from(exc, default_field="body") from None


def _item_in_team(tx: Tx, user: User, debt_id: str) -> DebtRecord:
    record = debt_q.item_by_id(tx, debt_id)
    if record is None:
        raise NotFound("Debt item not found.")
    check_in_team(tx, user, record.item.team_id, "Debt item not found.")
    return record


def _check_links(tx: Tx, team_id: str, wanted: Sequence[tuple[LinkKind, str]]) -> list[DebtLink]:
    """Links the caller may make: to revealed cards and to action items of this team. Anything
    else reads as unknown, so the answer for a hidden card is the one for a missing card."""
    links: list[DebtLink] = []
    for index, (kind, target_id) in enumerate(wanted):
        retro_id: str | None = None
        if kind == "card":
            card = card_q.card_by_id(tx, target_id)
            retro = retro_q.retro_by_id(tx, card.retro_id) if card else None
            if card and retro and retro.team_id == team_id and not public_view(card, retro).hidden:
                retro_id = retro.id
            else:
                _unknown_link(index, "No revealed card of this team has that id.")
        else:
            action = debt_q.action_team_and_retro(tx, target_id)
            if action is None or action[0] != team_id:
                _unknown_link(index, "No action item of this team has that id.")
            else:
                retro_id = action[1]
        links.append(DebtLink(kind, target_id, retro_id))
    return links


def _unknown_link(index: int, message: str) -> NoReturn:
    raise field_error(f"links.{index}.target_id", message)


def _insert(
    rec: Recorder, team_id: str, new: NewDebtItem, by: str, links: Sequence[DebtLink]
) -> DebtRecord:
    created = debt_q.insert_item(rec.tx, team_id, new, by, links)
    rec.team(DebtCreated(team_id, created.item.id))
    return created


def list_debt(ctx: Ctx, user: User, team_id: str, status: DebtStatus | None) -> list[DebtView]:
    with ctx.db.read() as tx:
        check_member(tx, user, team_id)
        return [_view(r) for r in _shown(tx, user, debt_q.items_of_team(tx, team_id, status))]


def get_debt(ctx: Ctx, user: User, debt_id: str) -> DebtView:
    with ctx.db.read() as tx:
        return _view_for(tx, user, _item_in_team(tx, user, debt_id))


def do_create_debt(
    ctx: Ctx,
    user: User,
    team_id: str,
    new: NewDebtItem,
    links: Sequence[tuple[LinkKind, str]] = (),
) -> DebtView:
    with ctx.recording() as rec:
        tx = rec.tx
        check_member(tx, user, team_id)
        checked = _check_links(tx, team_id, links)
        boards = backlog_marks.card_boards(checked)
        before = backlog_marks.lock_boards(tx, boards)
        created = _insert(rec, team_id, new, user.id, checked)
        backlog_marks.record_changes(rec, boards, before)
        return _view(created)


def do_update_debt(ctx: Ctx, user: User, debt_id: str, changes: dict[str, Any]) -> DebtView:
    """Change the fields given; whoever gives a score is recorded as its scorer, so the PM and
    the engineers can see who to ask about a number."""
    with ctx.recording() as rec:
        tx = rec.tx
        record = _item_in_team(tx, user, debt_id)
        item = record.item
        current = {
            "title": item.title,
            "description": item.description,
            "area": item.area,
            "drag_hours": item.drag_hours,
            "impact": item.impact,
            "effort": item.effort,
            "status": item.status,
        }
        merged = new_item({**current, **changes})
        values: dict[str, object] = {
            name: getattr(merged, name) for name in changes if name in current
        }
        if any(name in changes for name in _ENG_FIELDS):
            scored = merged.drag_hours is not None or merged.effort is not None
            values["eng_scored_by"] = user.id if scored else None
        if "impact" in changes:
            values["pm_scored_by"] = user.id if merged.impact is not None else None
        if values:
            debt_q.update_item(tx, debt_id, values)
        updated = debt_q.item_by_id(tx, debt_id)
        assert updated is not None
        scores = tuple(f for f in _SCORES if f in values and current[f] != values[f])
        if scores:
            complete = not rules.missing_scores(updated.item)
            rec.team(DebtScored(item.team_id, debt_id, scores, complete))
        history_q.add(
            tx,
            item.team_id,
            "debt",
            debt_id,
            debt_changes(current, {**current, **values}),
            item_history.by(user),
        )
        if updated.item.status != item.status:
            rec.team(DebtStatusChanged(item.team_id, debt_id, updated.item.status.value))
        return _view_for(tx, user, updated)


def do_delete_debt(ctx: Ctx, user: User, debt_id: str) -> None:
    with ctx.recording() as rec:
        tx = rec.tx
        record = _item_in_team(tx, user, debt_id)
        me = team_q.membership(tx, record.item.team_id, user.id)
        check_may_delete_debt(me, user.id, record.created_by)
        # Its cards may still be in the backlog through another item; if not, boards offer
        # them again.
        boards = backlog_marks.card_boards(record.links)
        before = backlog_marks.lock_boards(tx, boards)
        debt_q.delete_item(tx, debt_id)
        backlog_marks.record_changes(rec, boards, before)


def ranking(ctx: Ctx, user: User, team_id: str) -> RankingView:
    with ctx.db.read() as tx:
        check_member(tx, user, team_id)
        records = _shown(tx, user, debt_q.items_of_team(tx, team_id))
    by_id = {r.item.id: r for r in records}
    result = rules.rank(r.item for r in records)
    return RankingView(
        ranked=[_view(by_id[r.item.id]) for r in result.ranked],
        unscored=[_view(by_id[u.item.id]) for u in result.unscored],
        awaiting_pm=[i.id for i in result.awaiting_pm],
        awaiting_eng=[i.id for i in result.awaiting_eng],
    )


def card_title(text: str) -> str:
    """A debt item's title from a card: its text on one line, cut at a word where it is too
    long, so the title still reads as the card did."""
    line = re.sub(r"\s+", " ", text).strip()
    if len(line) <= DEBT_TITLE_MAX:
        return line
    cut = line[: DEBT_TITLE_MAX - 1]
    space = cut.rfind(" ")
    if space >= DEBT_TITLE_MAX // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-") + "…"


def do_card_to_debt(ctx: Ctx, user: User, card_id: str) -> DebtView:
    with ctx.recording() as rec:
        tx = rec.tx
        card = card_q.card_by_id(tx, card_id)
        if card is None:
            raise NotFound("Card not found.")
        retro, _ = check_in_retro(tx, user, card.retro_id, "Card not found.")
        if view_for(card, retro, member_key(user.id)).hidden:
            raise NotFound("Card not found.")
        if public_view(card, retro).hidden:
            raise Conflict(
                "A card can join the backlog once it is revealed to everyone.",
                code="card_not_revealed",
            )
        team_q.lock_team(tx, retro.team_id)
        boards = {card.id: retro.id}
        existing = backlog_marks.lock_boards(tx, boards).get(card.id)
        if existing is not None:
            raise Conflict(
                "This card is already in the backlog.",
                code="card_in_backlog",
                details={"debt_id": existing},
            )
        title = card_title(card.text)
        new = new_item(
            {"title": title, "description": card.text if title != card.text.strip() else ""}
        )
        link = DebtLink("card", card.id, retro.id)
        created = _insert(rec, retro.team_id, new, user.id, [link])
        backlog_marks.record_changes(rec, boards, {})
        return _view(created)


def _retro_date(retro: Retro) -> date:
    return retro.sprint_end or retro.created_at.date()


def _theme_cards(tx: Tx, team_id: str) -> tuple[list[ThemeCard], list[str]]:
    """The team's revealed cards (those of its latest retros, up to `THEME_CARDS_MAX`) and its
    retros in the order they were held; cards still hidden take no part, so a theme never shows
    text its author has not shared yet."""
    retros = sorted(
        (r for r, _ in retro_q.retros_of_team(tx, team_id) if not cards_hidden(r.phase)),
        key=lambda r: (r.created_at, r.id),
    )
    grouping = grouping_of_team(tx, team_id)
    batches: list[list[tuple[Retro, Card]]] = []
    kept = 0
    for retro in reversed(retros):  # newest first, while their cards fit
        revealed = [c for c in card_q.cards_of(tx, retro.id) if not public_view(c, retro).hidden]
        kept += len(revealed)
        if kept > THEME_CARDS_MAX:
            break
        batches.append([(retro, c) for c in revealed])
    shown = [pair for batch in reversed(batches) for pair in batch]
    linked = debt_q.debt_ids_of_cards(tx, (c.id for _, c in shown))
    cards = [
        ThemeCard(
            c.id,
            c.text,
            retro.id,
            _retro_date(retro),
            c.friction,
            linked.get(c.id),
            polarity=c.polarity,
            # Where a retro hides roles, its cards' sides stay out of the reckoning.
            side=grouping.get(c.author_role) if roles_shown(retro) else None,
        )
        for retro, c in shown
    ]
    return cards, [r.id for r in retros]


def _same_situation(cards: Sequence[ThemeCard], position: Mapping[str, int]) -> list[list[int]]:
    """The themes' clusters: the same-situation odds of the cards, sprints counted in the
    order the team held its retros."""
    return same_situation(
        [
            SituationCard(
                c.card_id, c.text, c.side, c.polarity, c.friction, sprint=position[c.retro_id]
            )
            for c in cards
        ]
    )


def themes(ctx: Ctx, user: User, team_id: str) -> list[Theme]:
    with ctx.db.read(consistent=True) as tx:
        check_member(tx, user, team_id)
        cards, order = _theme_cards(tx, team_id)
    return recurring_themes(cards, retro_order=order, cluster_cards=_same_situation)


def do_escalate_theme(ctx: Ctx, user: User, team_id: str, card_ids: Sequence[str]) -> DebtView:
    """Turn the recurring theme holding these cards into one debt item linked to all of them.
    The theme is worked out again here, so what is escalated is what the team sees now."""
    with ctx.recording() as rec:
        tx = rec.tx
        check_member(tx, user, team_id)
        team_q.lock_team(tx, team_id)
        cards, order = _theme_cards(tx, team_id)
        wanted = set(card_ids)
        theme = next(
            (
                t
                for t in recurring_themes(cards, retro_order=order, cluster_cards=_same_situation)
                if wanted <= {c.card_id for c in t.cards}
            ),
            None,
        )
        if theme is None:
            raise NotFound("No recurring theme holds those cards now; reload the themes.")
        if theme.debt_item_ids:
            raise Conflict(
                "This theme is already in the backlog.",
                code="theme_in_backlog",
                details={"debt_ids": list(theme.debt_item_ids)},
            )
        links = [DebtLink("card", c.card_id, c.retro_id) for c in theme.cards]
        boards = backlog_marks.card_boards(links)
        before = backlog_marks.lock_boards(tx, boards)
        created = _insert(rec, team_id, escalation_draft(theme), user.id, links)
        backlog_marks.record_changes(rec, boards, before)
        return _view(created)


def backlog_cards(ctx: Ctx, user: User, retro_id: str) -> dict[str, str]:
    """Which of the retro's cards are in the backlog, so the board marks them after a reload
    instead of offering them again."""
    with ctx.db.read() as tx:
        check_retro_member(tx, user, retro_id)
        return debt_q.backlog_cards_of_retro(tx, retro_id)


def debt_history(ctx: Ctx, user: User, debt_id: str) -> list[HistoryEntry]:
    """What became of the item, newest first, for members of its team."""
    with ctx.db.read() as tx:
        _item_in_team(tx, user, debt_id)
        return item_history.entries(tx, "debt", debt_id)
