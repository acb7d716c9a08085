"""Who is acting on a retro: a member of its team, or a guest let into that retro alone."""

from twofold.domain.access import Participant
from twofold.domain.entities import Guest, Retro, User
from twofold.domain.errors import NotFound
from twofold.store.database import Tx
from twofold.store.queries import retros as retro_q
from twofold.store.queries import teams as team_q

Actor = User | Guest


def check_participant(
    tx: Tx, actor: Actor, retro_id: str, loaded: Retro | None = None
) -> tuple[Retro, Participant]:
    """The retro and who the actor is in it; "not found" for anyone else. `loaded` saves
    reading again a retro the caller has just read (and locked)."""
    if loaded is not None and loaded.id == retro_id:
        retro: Retro | None = loaded
    else:
        retro = retro_q.retro_by_id(tx, retro_id)
    if retro is not None:
        if isinstance(actor, User):
            member = team_q.membership(tx, retro.team_id, actor.id)
            if member is not None:
                return retro, Participant(
                    "member", actor.id, actor.display_name, member.role, member.is_facilitator
                )
        elif actor.retro_id == retro.id:
            return retro, Participant("guest", actor.id, actor.display_name, actor.role, False)
    raise NotFound("Retro not found.")
