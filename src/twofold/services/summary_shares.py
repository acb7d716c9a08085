"""Read-only links that show a retro's closing summary to someone without an account.

A facilitator of the retro's team makes, lists and revokes them. The link's secret is shown
once and kept only as a keyed hash. Whoever holds a live link sees what an outsider may see:
the summary as a guest of the retro would get it (no backlog, no satisfaction average), every
card as the room sees it (no author in an anonymous retro), nothing hidden, and only while the
retro is closed: reopening it pauses every link until it is closed again.
"""

from dataclasses import dataclass, replace
from datetime import datetime

from twofold.domain.access import Participant
from twofold.domain.audit import AuditKind
from twofold.domain.entities import Retro, User
from twofold.domain.errors import Conflict, Gone, Invalid, NotFound
from twofold.domain.phases import Phase
from twofold.domain.summary import SHARE_PROBLEMS, SummaryShare
from twofold.domain.vocab import Role
from twofold.services import audit
from twofold.services.access import check_facilitates, check_retro_member
from twofold.services.context import Ctx
from twofold.services.summary import ClosingSummary, summary_in
from twofold.store.database import Tx
from twofold.store.queries import retros as retro_q
from twofold.store.queries import summary_shares as share_q
from twofold.store.queries import teams as team_q
from twofold.store.queries.ids import new_secret, now

SHARE_PATH = "/shared/"
NOT_VALID = "This link to a retro summary is not valid. Check that it was copied whole."
TOKEN_MAX = 100

# Who reads through a link: nobody in particular, seen as a guest is, never a facilitator.
OUTSIDER = Participant("guest", "", "Shared link", Role.PM, False)


@dataclass(frozen=True)
class NewShare:
    share: SummaryShare
    path: str
    """`/shared/<secret>`, shown once: only its hash is kept."""


def _check_facilitator(tx: Tx, user: User, retro_id: str, action: str) -> Retro:
    """The retro, for a facilitator of its team; members are told "not allowed", everyone
    else "not found"."""
    retro = check_retro_member(tx, user, retro_id)
    me = team_q.membership(tx, retro.team_id, user.id)
    assert me is not None
    check_facilitates(me, action)
    return retro


def do_create_share(ctx: Ctx, user: User, retro_id: str, expires_at: datetime | None) -> NewShare:
    if expires_at is not None and expires_at <= now():
        raise Invalid(
            "A link's expiry must be in the future.",
            code="validation_error",
            details=[{"field": "expires_at", "message": "Must be in the future."}],
        )
    token = new_secret()
    with ctx.db.write() as tx:
        retro = _check_facilitator(tx, user, retro_id, "share a retro's summary")
        share = share_q.insert(tx, retro.id, user.id, token, expires_at)
        audit.record(
            tx,
            AuditKind.SHARE_CREATED,
            user,
            team_id=retro.team_id,
            target=share.id,
            detail={"retro_id": retro.id, "expires_at": expires_at},
        )
    return NewShare(share, SHARE_PATH + token)


def list_shares(ctx: Ctx, user: User, retro_id: str) -> list[SummaryShare]:
    with ctx.db.read() as tx:
        retro = _check_facilitator(tx, user, retro_id, "see a retro's share links")
        return share_q.of_retro(tx, retro.id)


def do_revoke_share(ctx: Ctx, user: User, retro_id: str, share_id: str) -> SummaryShare:
    with ctx.db.write() as tx:
        retro = _check_facilitator(tx, user, retro_id, "turn off a retro's share links")
        share = share_q.revoke(tx, retro.id, share_id)
        if share is None:
            raise NotFound("Share link not found.")
        audit.record(
            tx,
            AuditKind.SHARE_REVOKED,
            user,
            team_id=retro.team_id,
            target=share.id,
            detail={"retro_id": retro.id},
        )
        return share


def shared_summary(ctx: Ctx, token: str) -> ClosingSummary:
    with ctx.db.read() as tx:
        share = share_q.by_token(tx, token) if len(token) <= TOKEN_MAX else None
        retro = retro_q.retro_by_id(tx, share.retro_id) if share else None
        if share is None or retro is None:
            raise NotFound(NOT_VALID)
        problem = share.problem(now())
        if problem is not None:
            raise Gone(SHARE_PROBLEMS[problem], code=problem)
        if retro.phase != Phase.CLOSED:
            raise Conflict(
                "This retro was reopened; its summary is shown again once it is closed.",
                code="wrong_phase",
                params={"phase": retro.phase.value},
            )
        return _without_accounts(summary_in(tx, retro, OUTSIDER))


def _without_accounts(found: ClosingSummary) -> ClosingSummary:
    """Someone reading through a link has no use for the team's account ids: owners and who
    recorded the signals keep their names, as on the board, but not their ids."""
    anonymous_ids = {
        "owner_user_id": None,
        "joint_pm_user_id": None,
        "joint_tech_lead_user_id": None,
    }
    return replace(
        found,
        actions=[a.model_copy(update=anonymous_ids) for a in found.actions],
        signals=replace(found.signals, updated_by=None),
    )
