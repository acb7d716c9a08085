"""What only the instance owner may do: look after other people's accounts."""

from twofold.domain.entities import User
from twofold.domain.errors import Forbidden


def check_owner(user: User) -> None:
    """Everyone signed in knows the instance exists, so a non-owner is told "not allowed"
    (403), as a team member is for a facilitator's action; nothing about the account asked
    for is looked up first, so no id can be probed."""
    if not user.is_owner:
        raise Forbidden("Only the owner of this Twofold instance can look after accounts.")
