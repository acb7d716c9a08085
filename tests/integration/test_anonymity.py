"""Anonymous retros stay anonymous after the reveal: roles cannot be switched on to name the
only PM, reactions count without naming anyone, and a card sent to the backlog does not name
who sent it (docs/running-a-retro.md, "Privacy")."""

from typing import Any

from tests.conftest import World, command, expect_error, user_id
from tests.integration.boards import add_card, board, card_in, me_key, send, to_phase


def _anonymous_with_cards(world: World) -> tuple[str, str, str]:
    rid = world.retro["id"]
    command(world.owner, rid, "update_settings", anonymous=True)
    pm_card = add_card(world.pm, world, "Roadmap changed under us", column=1)
    eng_card = add_card(world.eng, world, "On-call was brutal", column=1)
    return rid, pm_card, eng_card


def test_anonymous_retros_hide_roles_and_roles_cannot_be_shown_later(world: World) -> None:
    rid, pm_card, eng_card = _anonymous_with_cards(world)
    # Turned anonymous without a word about roles: roles are hidden.
    assert board(world.eng, rid)["settings"]["show_roles"] is False
    to_phase(world, "reveal")
    b = board(world.tech_lead, rid)
    assert [card_in(b, c)["author_role"] for c in (pm_card, eng_card)] == [None, None]

    # With one PM in the room, showing roles would name the PM's card: refused, in any phase.
    for attempt, changes in enumerate(
        ({"show_roles": True}, {"anonymous": True, "show_roles": True})
    ):
        r = send(world.owner, rid, f"roles-on-{attempt}", name="update_settings", **changes)
        assert "Roles cannot be shown" in expect_error(r, 409, "anonymity_locked")["message"]
    to_phase(world, "group")
    expect_error(
        send(world.owner, rid, "roles-on-group", name="update_settings", show_roles=True),
        409,
        "anonymity_locked",
    )
    b = board(world.tech_lead, rid)
    assert b["settings"]["show_roles"] is False
    assert card_in(b, pm_card)["author_role"] is None
    # Other settings still change, with roles left as they are.
    command(world.owner, rid, "update_settings", votes_per_person=5, show_roles=False)
    assert board(world.eng, rid)["settings"]["votes_per_person"] == 5


def test_roles_are_a_choice_made_before_anyone_writes(world: World) -> None:
    rid = world.retro["id"]
    command(world.owner, rid, "update_settings", anonymous=True)
    command(world.owner, rid, "update_settings", show_roles=True)
    card = add_card(world.eng, world, "Flaky CI ate two days", column=1)
    to_phase(world, "reveal")
    assert card_in(board(world.pm, rid), card)["author_role"] == "eng"
    # Hiding roles again only hides more, so it is always allowed; showing them again is not.
    command(world.owner, rid, "update_settings", show_roles=False)
    assert card_in(board(world.pm, rid), card)["author_role"] is None
    expect_error(
        send(world.owner, rid, "roles-back-on", name="update_settings", show_roles=True),
        409,
        "anonymity_locked",
    )


def test_the_anonymous_template_hides_roles(world: World) -> None:
    made = world.owner.ok(
        "POST",
        f"/api/teams/{world.team_id}/retros",
        201,
        json={"title": "Cross-functional", "template": "cross_functional_product_team"},
    )
    assert (made["settings"]["anonymous"], made["settings"]["show_roles"]) == (True, False)
    templates = {t["key"]: t for t in world.owner.ok("GET", "/api/templates")}
    for template in templates.values():
        settings = template["settings"]
        assert not (settings["anonymous"] and settings["show_roles"]), template["key"]


def _reactors(b: dict[str, Any], card_id: str, emoji: str) -> list[str]:
    return list(b["reactions"].get(card_id, {}).get(emoji, []))


def test_reactions_in_an_anonymous_retro_count_but_name_nobody_else(world: World) -> None:
    rid, pm_card, _ = _anonymous_with_cards(world)
    to_phase(world, "reveal")
    eng_key, pm_key = me_key(world.eng, rid), me_key(world.pm, rid)
    command(world.eng, rid, "react", card_id=pm_card, emoji="👍")
    command(world.tech_lead, rid, "react", card_id=pm_card, emoji="👍")

    # The reactor sees their own reaction as theirs; nobody, the card's author included, learns
    # who else reacted.
    assert sorted(_reactors(board(world.eng, rid), pm_card, "👍")) == ["anonymous", eng_key]
    for viewer in (world.pm, world.owner, world.guest):
        assert _reactors(board(viewer, rid), pm_card, "👍") == ["anonymous", "anonymous"]
    # A reaction taken back is counted out the same way.
    command(world.eng, rid, "react", card_id=pm_card, emoji="👍")
    assert _reactors(board(world.pm, rid), pm_card, "👍") == ["anonymous"]
    assert _reactors(board(world.eng, rid), pm_card, "👍") == ["anonymous"]
    command(world.pm, rid, "react", card_id=pm_card, emoji="🎉")
    assert _reactors(board(world.pm, rid), pm_card, "🎉") == [pm_key]


def test_reactions_in_a_named_retro_still_name_the_reactor(world: World) -> None:
    rid = world.retro["id"]
    card = add_card(world.pm, world, "Specs were great")
    to_phase(world, "reveal")
    command(world.eng, rid, "react", card_id=card, emoji="❤️")
    assert _reactors(board(world.guest, rid), card, "❤️") == [me_key(world.eng, rid)]


def test_a_card_sent_to_the_backlog_does_not_name_who_sent_it(world: World) -> None:
    _, pm_card, eng_card = _anonymous_with_cards(world)
    to_phase(world, "reveal")
    eng_id = user_id(world.eng)
    own = world.eng.ok("POST", f"/api/cards/{eng_card}/debt", 201)
    # The sender is told it was them (and may delete it); the rest of the team is not.
    assert own["created_by"] == eng_id
    assert world.eng.ok("GET", f"/api/debt/{own['id']}")["created_by"] == eng_id
    for viewer in (world.pm, world.tech_lead, world.owner):
        assert viewer.ok("GET", f"/api/debt/{own['id']}")["created_by"] is None
        listed = viewer.ok("GET", f"/api/teams/{world.team_id}/debt")
        assert [i["created_by"] for i in listed if i["id"] == own["id"]] == [None]
        ranking = viewer.ok("GET", f"/api/teams/{world.team_id}/debt/ranking")
        assert [i["created_by"] for i in ranking["unscored"] if i["id"] == own["id"]] == [None]
    # Scoring it names the scorer, as anywhere else; it still does not name the sender.
    scored = world.tech_lead.ok("PATCH", f"/api/debt/{own['id']}", json={"drag_hours": 4})
    assert (scored["created_by"], scored["eng_scored_by"]) == (None, user_id(world.tech_lead))

    # Who may delete it is unchanged: the sender, or a facilitator.
    expect_error(world.tech_lead.delete(f"/api/debt/{own['id']}"), 403)
    world.eng.ok("DELETE", f"/api/debt/{own['id']}", 204)

    # Created with a link to an anonymous card and scores, it names nobody either.
    created = world.pm.ok(
        "POST",
        f"/api/teams/{world.team_id}/debt",
        201,
        json={
            "title": "Roadmap churn",
            "impact": 4,
            "links": [{"kind": "card", "target_id": pm_card}],
        },
    )
    seen = world.eng.ok("GET", f"/api/debt/{created['id']}")
    assert (seen["created_by"], seen["pm_scored_by"]) == (None, None)
    assert world.pm.ok("GET", f"/api/debt/{created['id']}")["pm_scored_by"] == user_id(world.pm)


def test_a_card_of_a_named_retro_still_names_who_sent_it(world: World) -> None:
    card = add_card(world.eng, world, "The legacy billing module needs a rewrite")
    to_phase(world, "reveal")
    own = world.eng.ok("POST", f"/api/cards/{card}/debt", 201)
    assert world.pm.ok("GET", f"/api/debt/{own['id']}")["created_by"] == user_id(world.eng)
