"""A person's data: a copy of everything Twofold holds about them, and deleting their account.

Either can be asked by the person, or by the instance owner for anyone. Deleting keeps what the
team made together: the person's cards stay, by "a former member" (or are removed, when the
instance is set so: `TWOFOLD_DELETED_MEMBER_CARDS=remove`), their action items stay with no
owner, their votes and radar answers still count; a team they alone facilitated passes to its
longest-standing member. What named them goes: the account, its
sessions, tokens and memberships, and every place their id, email or name was kept, the board
event logs included (`store.queries.personal_data.scrub`), so nothing read later can say who
it was.
"""

from typing import Any, Literal

from twofold.domain.audit import FORMER_MEMBER, AuditKind
from twofold.domain.entities import User
from twofold.domain.errors import Conflict, NotFound, invalid_at
from twofold.domain.events import CardDeleted
from twofold.services import audit
from twofold.services.access import check_instance_owner
from twofold.services.account_settings import confirm_password
from twofold.services.context import Ctx
from twofold.store.database import Tx
from twofold.store.queries import audit as audit_q
from twofold.store.queries import personal_data as data_q
from twofold.store.queries import teams as team_q
from twofold.store.queries import users as user_q
from twofold.store.queries.ids import new_id, now

DeletedCards = Literal["keep", "remove"]

CONFIRM_PHRASE = "delete my account"
"""What an account without a password types to confirm its deletion."""


def _check_may_act(viewer: User, user_id: str) -> None:
    """The person themself, or the instance owner; anyone else is told "not allowed" before
    anything about the account is looked up."""
    if viewer.id != user_id:
        check_instance_owner(viewer)


def _account(tx: Tx, user_id: str) -> User:
    found = user_q.user_by_id(tx, user_id)
    if found is None:
        raise NotFound("Account not found.")
    return found


def download(ctx: Ctx, viewer: User, user_id: str) -> dict[str, Any]:
    """Everything held about the account as one JSON document; the download is itself
    recorded in the audit log first, so the copy lists it."""
    _check_may_act(viewer, user_id)
    with ctx.db.write() as tx:
        _account(tx, user_id)
        audit.record(tx, AuditKind.DATA_EXPORTED, viewer, target=user_id)
    with ctx.db.read() as tx:
        data = data_q.account_data(tx, user_id)
        data["audit_events"] = [
            {
                "at": e.at.isoformat(),
                "kind": e.kind.value,
                "by": e.actor_label,
                "ip": e.ip,
                "detail": e.detail,
            }
            for e in audit_q.about(tx, user_id)
        ]
    return {"generated_at": now().isoformat(), **data}


def _confirm(ctx: Ctx, viewer: User, user_id: str, password: str | None, confirm: str) -> None:
    """The person deleting their own account enters their password (or, for an account with
    none, the phrase); the owner deleting someone else's types that account's email."""
    if viewer.id == user_id and viewer.password_hash:
        if not password:
            raise invalid_at("password", "Enter your password to delete your account.")
        confirm_password(ctx, viewer, password)
        return
    with ctx.db.read() as tx:
        account = _account(tx, user_id)
    wanted = CONFIRM_PHRASE if viewer.id == user_id else account.email
    if confirm.strip().lower() != wanted:
        raise invalid_at("confirm", f'Type "{wanted}" to confirm.')


def _check_not_last_owner(tx: Tx, account: User) -> None:
    """Someone must stay able to look after the instance."""
    if account.is_owner and data_q.other_owners(tx, account.id) == 0:
        raise Conflict("The instance's only owner cannot delete their account.", code="last_owner")


def do_delete_account(
    ctx: Ctx,
    viewer: User,
    user_id: str,
    *,
    password: str | None,
    confirm: str = "",
    cards: DeletedCards = "keep",
) -> None:
    _check_may_act(viewer, user_id)
    with ctx.db.read() as tx:
        _check_not_last_owner(tx, _account(tx, user_id))
    _confirm(ctx, viewer, user_id, password, confirm)
    with ctx.recording() as rec:
        tx = rec.tx
        if not data_q.lock_user(tx, user_id):
            raise NotFound("Account not found.")
        account = _account(tx, user_id)
        _check_not_last_owner(tx, account)
        teams = [t.id for t, *_ in team_q.teams_of_user(tx, user_id)]
        written = data_q.cards_of(tx, user_id)
        if cards == "remove":
            for card_id, retro_id in written:
                rec.board(retro_id, CardDeleted(card_id=card_id))
            data_q.remove_cards(tx, [c for c, _ in written])
            data_q.blank_card_text(tx, {r for _, r in written}, {c for c, _ in written})
        else:
            data_q.detach_cards(tx, user_id, FORMER_MEMBER)
        released = data_q.release_actions(tx, user_id)
        for team_id, heir in data_q.hand_over_facilitation(tx, user_id):
            audit.record(
                tx,
                AuditKind.MEMBER_CHANGED,
                None,
                team_id=team_id,
                target=heir,
                detail={"facilitator": [False, True], "reason": "last_facilitator_left"},
            )
        data_q.rename_participant(tx, user_id, FORMER_MEMBER)
        audit_q.forget_person(tx, user_id, FORMER_MEMBER)
        by_self = viewer.id == user_id
        audit.record(
            tx,
            AuditKind.ACCOUNT_DELETED,
            None if by_self else viewer,
            label=FORMER_MEMBER if by_self else None,
            anonymous=by_self,
            target=FORMER_MEMBER,
            detail={
                "cards": "removed" if cards == "remove" else "kept",
                "card_count": len(written),
                "action_items_unassigned": len(released),
                "by_owner": not by_self,
            },
        )
        data_q.delete_user(tx, user_id, account.email)
        data_q.scrub(
            tx,
            user_id=user_id,
            email=account.email,
            name=account.display_name,
            stand_in=new_id(),
            label=FORMER_MEMBER,
        )
    for team_id in teams:
        ctx.notify_team(team_id, "members")
