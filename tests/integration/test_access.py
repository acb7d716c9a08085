"""The access rules against a real team: who is a member, who a guest of one retro, who may
own an action item. Every feature asks these, so each answer is shown here once."""

import pytest

from tests.conftest import World, user_id
from twofold.domain.actions import JointOwner, PersonOwner
from twofold.domain.entities import Guest, User
from twofold.domain.errors import Forbidden, Invalid, NotFound
from twofold.services import access
from twofold.services.context import Ctx
from twofold.store.database import Tx
from twofold.store.queries import retros as retro_q
from twofold.store.queries import users as user_q


def _user(tx: Tx, c_id: str) -> User:
    found = user_q.user_by_id(tx, c_id)
    assert found is not None
    return found


def _guest(tx: Tx, retro_id: str) -> Guest:
    (guest,) = retro_q.guests_of(tx, retro_id)
    return guest


def test_members_see_their_team_and_outsiders_and_guests_read_not_found(
    world: World, ctx: Ctx
) -> None:
    with ctx.db.read() as tx:
        eng = _user(tx, user_id(world.eng))
        team, me = access.check_member(tx, eng, world.team_id)
        assert (team.id, me.user_id) == (world.team_id, eng.id)
        with pytest.raises(NotFound, match="Team not found"):
            access.check_member(tx, eng, world.other_team_id)
        with pytest.raises(NotFound, match="Team not found"):
            access.check_team_member(tx, _guest(tx, world.retro["id"]), world.team_id)
        # An item of another team reads as missing, in the item's own words.
        with pytest.raises(NotFound, match="Debt item not found"):
            access.check_in_team(tx, eng, world.other_team_id, "Debt item not found.")


def test_facilitator_rights_are_checked_after_membership(world: World, ctx: Ctx) -> None:
    with ctx.db.read() as tx:
        owner = _user(tx, user_id(world.owner))
        eng = _user(tx, user_id(world.eng))
        access.check_team_facilitator(tx, owner, world.team_id, "rename it")
        with pytest.raises(Forbidden, match="Only a facilitator of this team can rename it"):
            access.check_team_facilitator(tx, eng, world.team_id, "rename it")
        # Outside the team the answer stays "not found", so a team's id cannot be probed.
        with pytest.raises(NotFound):
            access.check_team_facilitator(tx, eng, world.other_team_id, "rename it")


def test_a_guest_takes_part_in_their_retro_only(world: World, ctx: Ctx) -> None:
    with ctx.db.read() as tx:
        guest = _guest(tx, world.retro["id"])
        retro, me = access.check_participant(tx, guest, world.retro["id"])
        assert (retro.id, me.kind, me.is_facilitator) == (world.retro["id"], "guest", False)
        with pytest.raises(NotFound, match="Card not found"):
            access.check_in_retro(tx, guest, world.other_retro["id"], "Card not found.")
        # A retro seen from the team's history is for members only.
        with pytest.raises(NotFound, match="Retro not found"):
            access.check_retro_member(tx, guest, world.retro["id"])  # type: ignore[arg-type]
        eng = _user(tx, user_id(world.eng))
        assert access.check_retro_member(tx, eng, world.retro["id"]).id == world.retro["id"]
        _, as_member = access.check_participant(tx, eng, world.retro["id"])
        assert as_member.kind == "member"


def test_action_items_are_owned_by_members_and_joint_owners_by_pm_and_tech_lead(
    world: World, ctx: Ctx
) -> None:
    pm, lead, eng, outsider = (
        user_id(c) for c in (world.pm, world.tech_lead, world.eng, world.outsider)
    )
    with ctx.db.read() as tx:
        access.check_action_owner(tx, world.team_id, None)
        access.check_action_owner(tx, world.team_id, PersonOwner(user_id=eng))
        access.check_action_owner(
            tx, world.team_id, JointOwner(pm_user_id=pm, tech_lead_user_id=lead)
        )
        with pytest.raises(Invalid) as not_member:
            access.check_action_owner(tx, world.other_team_id, PersonOwner(user_id=eng))
        assert not_member.value.details == [
            {"field": "owner", "message": "The owner must be a member of this team."}
        ]
        with pytest.raises(Invalid) as wrong_role:
            access.check_action_owner(
                tx, world.team_id, JointOwner(pm_user_id=eng, tech_lead_user_id=lead)
            )
        assert wrong_role.value.details[0]["field"] == "owner.pm_user_id"
        assert "role is eng, not PM" in wrong_role.value.message
        with pytest.raises(Invalid, match="tech lead must be a member"):
            access.check_action_owner(
                tx, world.team_id, JointOwner(pm_user_id=pm, tech_lead_user_id=outsider)
            )


def test_teams_compared_are_ones_own_or_any_for_the_instance_owner(world: World, ctx: Ctx) -> None:
    alpha, beta = world.team_id, world.other_team_id
    with ctx.db.read() as tx:
        pm = _user(tx, user_id(world.pm))
        owner = _user(tx, user_id(world.owner))
        outsider = _user(tx, user_id(world.outsider))
        view = access.check_may_compare(tx, pm, [alpha, alpha])
        assert ([t.id for t in view.teams], view.own) == ([alpha], frozenset({alpha}))
        for asked in ([alpha, beta], [beta], ["no-such-team"]):
            with pytest.raises(NotFound, match="compare only teams you belong to"):
                access.check_may_compare(tx, pm, asked)
        # The owner compares any team, in the order asked, and still belongs only to Alpha.
        view = access.check_may_compare(tx, owner, [beta, alpha])
        assert ([t.id for t in view.teams], view.own) == ([beta, alpha], frozenset({alpha}))
        with pytest.raises(NotFound):
            access.check_may_compare(tx, owner, [alpha, "no-such-team"])
        # The company view: every team for the owner (an engineering manager too), one's own
        # teams for anyone else.
        assert {t.id for t in access.company_teams(tx, owner).teams} == {alpha, beta}
        assert [t.id for t in access.company_teams(tx, pm).teams] == [alpha]
        assert [t.id for t in access.company_teams(tx, outsider).teams] == [beta]
