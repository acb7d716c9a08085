"""Telling open boards about an action item that changed or went off the board, each board's
guests only what that retro reviews (`domain.visibility.action_forms`)."""

from collections.abc import Sequence

from twofold.domain import events as ev
from twofold.domain.entities import Retro
from twofold.domain.events import ActionView
from twofold.domain.visibility import action_forms
from twofold.services.recorder import Recorder
from twofold.store.queries import reviews as review_q


def record_changed(
    rec: Recorder,
    view: ActionView,
    boards: Sequence[Retro],
    *,
    was_active: bool,
) -> None:
    """One `action_changed` on each of `boards` (held by the caller): in full for members; for
    guests the item without other retros' ids where their retro reviews it, else `withheld`.
    `was_active`: the item was open before the change, so guests who saw it open see it close."""
    reviewers = review_q.retros_that_reviewed(rec.tx, view.id)
    event = ev.ActionChanged(action=view)
    for retro in boards:
        audience, guest = action_forms(
            view, retro, reviewed_here=retro.id in reviewers, was_active=was_active
        )
        if audience == "all":
            rec.board(retro.id, event)
            continue
        public = ev.ActionChanged(action=guest) if guest else ev.Withheld()
        rec.board(retro.id, event, audience=audience, public=public)


def record_removed(rec: Recorder, view: ActionView, boards: Sequence[Retro]) -> None:
    """One `action_removed` on each of `boards` (held by the caller), before the item and its
    reviews are deleted: members all get it; a board's guests only if they could see the item,
    else `withheld`."""
    reviewers = review_q.retros_that_reviewed(rec.tx, view.id)
    event = ev.ActionRemoved(action_id=view.id)
    active = view.status in ("open", "in_progress")
    for retro in boards:
        audience, guest = action_forms(
            view, retro, reviewed_here=retro.id in reviewers, was_active=active
        )
        if audience == "all" or guest is not None:
            # Its guests could see the item, so they see it go; only the id travels.
            rec.board(retro.id, event)
        else:
            rec.board(retro.id, event, audience=ev.MEMBERS, public=ev.Withheld())
