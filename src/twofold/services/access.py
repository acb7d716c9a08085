"""Who may see and do what: in the instance, in a team, in a retro, on an item of a team.

Feature services ask here instead of asking each other, so every rule about people has one home
and one test file. Single sign-on and team roles plug in here: a new way to be a member, or a
finer role than "facilitator", changes these checks and leaves the features alone.

Two habits hold throughout. Someone outside a team or retro is told "not found", never "not
allowed", so ids cannot be probed; someone inside who lacks the right is told "not allowed"
(403). The pure rules of the board (who may edit or delete a card) are `domain.access`; this
module adds what needs the database: memberships, roles, the retro a guest was let into.
"""

from collections.abc import Collection
from dataclasses import dataclass

from twofold.domain.access import Participant
from twofold.domain.actions import JointOwner, PersonOwner
from twofold.domain.entities import Guest, Membership, Retro, Team, User
from twofold.domain.errors import Conflict, Forbidden, NotFound, invalid_at
from twofold.domain.phases import Phase
from twofold.domain.visibility import guest_key, member_key
from twofold.domain.vocab import Role
from twofold.store.database import Tx
from twofold.store.queries import retros as retro_q
from twofold.store.queries import teams as team_q

Actor = User | Guest


def check_instance_owner(user: User) -> None:
    """Everyone signed in knows the instance exists, so a non-owner is told "not allowed"
    (403), as a team member is for a facilitator's action; nothing about the account asked
    for is looked up first, so no id can be probed."""
    if not user.is_owner:
        raise Forbidden("Only the owner of this Twofold instance can look after accounts.")


@dataclass(frozen=True)
class TeamsInView:
    """Teams one view sets side by side, and which of them the viewer belongs to: only for
    those may the view say what was written (titles, names of rituals); for the others it
    gives figures alone."""

    teams: list[Team]
    own: frozenset[str]


def check_may_compare(tx: Tx, user: User, team_ids: Collection[str]) -> TeamsInView:
    """Teams compared side by side, in the order asked: each must be one the person belongs
    to, or any team for the owner of the instance. A team that does not exist and one that is
    not theirs get the same answer, so ids cannot be probed."""
    roles = team_q.roles_of_user(tx, user.id)
    wanted = list(dict.fromkeys(team_ids))
    found = {t.id: t for t in team_q.teams_by_ids(tx, wanted)}
    if len(found) != len(wanted) or not (user.is_owner or set(wanted) <= set(roles)):
        raise NotFound(
            "One of these teams was not found: you can compare only teams you belong to."
        )
    return TeamsInView([found[team_id] for team_id in wanted], frozenset(roles))


def company_teams(tx: Tx, user: User) -> TeamsInView:
    """The teams in the company view. The owner of the instance and engineering managers (who
    look after several teams, not all of which they sit in) see every team; anyone else sees
    the teams they belong to. Someone in no team has nothing to compare and is told so."""
    roles = team_q.roles_of_user(tx, user.id)
    if user.is_owner or Role.EM in roles.values():
        return TeamsInView(team_q.teams_by_ids(tx), frozenset(roles))
    if not roles:
        raise Forbidden(
            "The company view compares the teams you belong to, and you are in none yet; "
            "create or join a team first.",
            code="no_teams",
        )
    return TeamsInView(team_q.teams_by_ids(tx, roles), frozenset(roles))


def check_member(tx: Tx, user: User, team_id: str) -> tuple[Team, Membership]:
    """The team and the user's place in it; 'not found' for outsiders so ids can't be probed."""
    team = team_q.team_by_id(tx, team_id)
    me = team_q.membership(tx, team_id, user.id) if team else None
    if team is None or me is None:
        raise NotFound("Team not found.")
    return team, me


def check_team_member(tx: Tx, actor: Actor, team_id: str) -> Membership:
    """The caller's membership; guests read as outsiders, so a team's id cannot be probed
    through a retro invite."""
    if not isinstance(actor, User):
        raise NotFound("Team not found.")
    return check_member(tx, actor, team_id)[1]


def check_facilitates(me: Membership, action: str) -> None:
    """A member who is not a facilitator learns what they may not do (403)."""
    if not me.is_facilitator:
        raise Forbidden(f"Only a facilitator of this team can {action}.")


def check_team_facilitator(
    tx: Tx, user: User, team_id: str, action: str
) -> tuple[Team, Membership]:
    team, me = check_member(tx, user, team_id)
    check_facilitates(me, action)
    return team, me


def check_in_team(tx: Tx, actor: Actor, team_id: str, missing: str) -> Membership:
    """Membership of the team that holds an item; anyone else reads `missing` ("Debt item not
    found."), the same answer as for an id that does not exist."""
    try:
        return check_team_member(tx, actor, team_id)
    except NotFound:
        raise NotFound(missing) from None


def check_participant(
    tx: Tx, actor: Actor, retro_id: str, loaded: Retro | None = None
) -> tuple[Retro, Participant]:
    """The retro and who the actor is in it: a member of its team, or a guest let into this
    retro; "not found" for anyone else. `loaded` saves reading again a retro the caller has
    just read (and locked)."""
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


def check_in_retro(tx: Tx, actor: Actor, retro_id: str, missing: str) -> tuple[Retro, Participant]:
    """`check_participant` for something inside a retro (a card, a column): anyone who may not
    see the retro reads `missing`, as for an id that does not exist."""
    try:
        return check_participant(tx, actor, retro_id)
    except NotFound:
        raise NotFound(missing) from None


def check_retro_member(tx: Tx, user: User, retro_id: str) -> Retro:
    """A retro seen from its team's history (backlog, capacity): members only, guests and
    outsiders read "not found"."""
    retro = retro_q.retro_by_id(tx, retro_id)
    if retro is None:
        raise NotFound("Retro not found.")
    check_in_team(tx, user, retro.team_id, "Retro not found.")
    return retro


def check_may_change_member(
    me: Membership, user_id: str, member_id: str, *, rights: bool = False
) -> None:
    """Anyone may change their own role; a facilitator changes anyone, rights included."""
    if not (me.is_facilitator or (member_id == user_id and not rights)):
        raise Forbidden("Only a facilitator can change other members or facilitator rights.")


def check_may_remove_member(me: Membership, user_id: str, member_id: str) -> None:
    """Anyone may leave; only a facilitator removes someone else."""
    if member_id != user_id and not me.is_facilitator:
        raise Forbidden("Only a facilitator can remove someone else from the team.")


def check_may_record_signals(me: Participant) -> None:
    if me.kind != "member":
        raise Forbidden("Guests can see the flags, but only team members can record signals.")


# While a retro agrees its action items, the people in it (guests too) may still fix them.
CORRECTING = frozenset({Phase.DISCUSS, Phase.ACTIONS})


def check_may_correct_action(
    actor: Actor, agreed_in: Retro | None, *, status: bool = False
) -> None:
    """Members may change any item of their team at any time. A guest only fixes the items of
    their own retro (`agreed_in`, when the caller could see it) while it agrees them, and never
    moves one along: what became of an item is the team's record, kept between retros the
    guest is not part of."""
    if isinstance(actor, User):
        return
    if status:
        raise Forbidden("Only team members can change an action item's status.")
    if agreed_in is None or agreed_in.phase not in CORRECTING:
        raise Conflict(
            "Action items can be corrected by guests only while the retro is in its discuss or "
            "actions phase; ask a team member to change it now.",
            code="wrong_phase",
        )


def check_may_review_action(me: Participant, owners: Collection[str] | None = None) -> None:
    """What became of an earlier item is recorded by a facilitator or by its owner. Guests are
    refused before the item is looked up (`owners` None), so they learn nothing of its ids."""
    if me.kind == "guest" or (owners is not None and not (me.is_facilitator or me.id in owners)):
        raise Forbidden("Only a facilitator or the item's owner can record what became of it.")


def check_may_delete_debt(me: Membership | None, user_id: str, created_by: str | None) -> None:
    if created_by != user_id and not (me and me.is_facilitator):
        raise Forbidden(
            "Only whoever added a debt item, or a facilitator, can delete it; "
            "mark it done or won't fix instead."
        )


def key_of(me: Participant) -> str:
    """The key a participant's private things (hidden cards, votes, pulses) are stored under."""
    return member_key(me.id) if me.kind == "member" else guest_key(me.id)


def check_action_owner(
    tx: Tx, team_id: str, owner: PersonOwner | JointOwner | None, field: str = "owner"
) -> None:
    """Who may own an action item: members of the team; a joint owner is its PM together with
    its tech lead, so the pairing means what it says."""
    if owner is None:
        return
    roles = {m.membership.user_id: m.membership.role for m in team_q.members_of(tx, team_id)}
    if isinstance(owner, PersonOwner):
        if owner.user_id not in roles:
            raise invalid_at(field, "The owner must be a member of this team.")
        return
    for sub, user_id, role, name in (
        ("pm_user_id", owner.pm_user_id, Role.PM, "PM"),
        ("tech_lead_user_id", owner.tech_lead_user_id, Role.TECH_LEAD, "tech lead"),
    ):
        if user_id not in roles:
            raise invalid_at(
                f"{field}.{sub}",
                f"The {name} must be a member of this team.",
            )
        if roles[user_id] != role:
            raise invalid_at(
                f"{field}.{sub}",
                f"A joint owner pairs the team's {name} with the other side; this member's "
                f"role is {roles[user_id].value.replace('_', ' ')}, not {name}.",
            )
