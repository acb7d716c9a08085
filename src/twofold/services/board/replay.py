"""The events a participant missed, as their board socket would have sent them, for anyone
who catches up over plain HTTP (scripts, integrations) rather than by holding a socket open.

A page comes from the same log and through the same per-viewer forms
(`RecordedEvent.for_viewer`) as the socket's replay, so the two can never disagree about what
a hidden card, an anonymous author or a private vote shows to whom.
"""

from dataclasses import dataclass

from twofold.domain.errors import Gone, Invalid
from twofold.domain.events import BoardEvent, RecordedEvent
from twofold.services.access import Actor, check_participant, key_of
from twofold.services.context import Ctx
from twofold.store.queries import events as event_q
from twofold.store.queries import log_identity as log_q

PAGE_MAX = 500
"""The most events one page holds; the page says where the next one starts."""


@dataclass(frozen=True)
class Page:
    viewer: str
    """The participant key the events were shaped for."""
    log: str
    """The log's identity, to send back with the next page (and to resume a socket with)."""
    head: int
    """The board's last seq when the page was read."""
    events: list[tuple[RecordedEvent, BoardEvent]]
    """Each logged event with the form this viewer receives."""

    @property
    def last(self) -> int:
        return self.events[-1][0].seq if self.events else self.head


def events_since(
    ctx: Ctx, actor: Actor, retro_id: str, since: int, limit: int, log: str = ""
) -> Page:
    """The events after `since`, at most `limit`, in this actor's forms. `log` is the log
    identity of an earlier page, if any: a log restored since then has other events at the same
    seqs, and its pages no longer follow on from that one."""
    if since < 0:
        raise Invalid("`since` counts events from 0.", code="since_negative")
    with ctx.db.read(consistent=True) as tx:
        retro, me = check_participant(tx, actor, retro_id)
        log_id = log_q.current_log_id(tx)
        if log and log != log_id:
            raise Gone(
                "The board's log was restored since that page; load the board afresh.",
                code="log_changed",
            )
        if since > retro.last_seq:
            raise Invalid(
                f"`since` is beyond the board's last event ({retro.last_seq}).",
                code="since_ahead",
                details={"head": retro.last_seq},
            )
        events = event_q.since(tx, retro_id, since, limit=min(limit, PAGE_MAX))
        if since < retro.last_seq and (not events or events[0].seq != since + 1):
            # The events right after `since` are no longer kept: a gap would go unnoticed.
            raise Gone(
                "The events after `since` are no longer kept; load the board afresh.",
                code="since_too_old",
                details={"head": retro.last_seq},
            )
    viewer = key_of(me)
    return Page(viewer, log_id, retro.last_seq, [(e, e.for_viewer(viewer)) for e in events])
