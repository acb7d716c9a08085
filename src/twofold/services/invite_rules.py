"""Whether an invite link can still be used, and for what: shared by sign-up and joining."""

from twofold.domain.entities import Invite
from twofold.domain.errors import Conflict, Gone, NotFound
from twofold.store.database import Tx
from twofold.store.queries import teams as team_q
from twofold.store.queries.ids import now


def check_usable(tx: Tx, token: str) -> Invite:
    invite = team_q.invite_by_token(tx, token)
    if invite is None:
        raise NotFound("That invite link does not exist.")
    if invite.revoked:
        raise Gone(
            "This invite link was revoked. Ask the team for a new one.", code="invite_revoked"
        )
    if invite.expires_at <= now():
        raise Gone(
            "This invite link has expired. Ask the team for a new one.", code="invite_expired"
        )
    return invite


def check_members_allowed(invite: Invite) -> None:
    if invite.guests_only:
        raise Conflict(
            "This link lets people into one retro as guests; it does not add them to the team.",
            code="guests_only",
        )
