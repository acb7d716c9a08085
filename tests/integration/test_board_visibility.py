"""Hidden and anonymous cards, enforced by the server in what it sends (docs/live.md)."""

from tests.conftest import World, command, expect_error
from tests.integration.boards import add_card, board, card_in, send, to_phase

PRIVATE = ("text", "polarity", "friction", "author_role", "author_kind", "author_id")


def test_cards_are_hidden_from_everyone_but_their_author_until_the_reveal(world: World) -> None:
    rid = world.retro["id"]
    card_id = add_card(
        world.eng,
        world,
        "Specs changed twice mid-sprint",
        column=1,
        polarity="didnt_go_well",
        friction="requirements_clarity",
    )
    # A facilitator, a teammate and a guest all learn only that a card exists, and where: the
    # card carries nothing else, not even empty fields.
    for viewer in (world.owner, world.pm, world.tech_lead, world.guest):
        seen = card_in(board(viewer, rid), card_id)
        assert seen == {
            "id": card_id,
            "column_id": world.column_id(1),
            "hidden": True,
            "retro_id": rid,
            "is_mine": False,
        }
    own = card_in(board(world.eng, rid), card_id)
    assert own["hidden"] is False
    assert own["is_mine"] is True
    assert (own["text"], own["polarity"], own["friction"]) == (
        "Specs changed twice mid-sprint",
        "didnt_go_well",
        "requirements_clarity",
    )
    assert (own["author_name"], own["author_role"], own["author_kind"]) == ("Eng", "eng", "member")

    to_phase(world, "reveal")
    for viewer in (world.owner, world.tech_lead, world.guest):
        seen = card_in(board(viewer, rid), card_id)
        assert seen["hidden"] is False
        assert seen["text"] == "Specs changed twice mid-sprint"
        assert seen["friction"] == "requirements_clarity"
        assert (seen["author_name"], seen["author_role"]) == ("Eng", "eng")

    # Back in a hidden phase, the server stops sending other people's text again.
    to_phase(world, "reflect")
    assert "text" not in card_in(board(world.guest, rid), card_id)
    assert card_in(board(world.eng, rid), card_id)["text"] == "Specs changed twice mid-sprint"
    # Someone outside the team sees nothing at all.
    expect_error(world.outsider.get(f"/api/retros/{rid}"), 404, "not_found")


def test_anonymous_cards_never_name_their_author_to_anyone_else(world: World) -> None:
    rid = world.retro["id"]
    # Roles shown, as chosen before anyone wrote.
    command(world.owner, rid, "update_settings", anonymous=True, show_roles=True)
    eng_card = add_card(world.eng, world, "On-call was brutal", column=1)
    guest_card = add_card(world.guest, world, "Mockups landed late", column=0)
    to_phase(world, "reveal")

    for viewer in (world.owner, world.pm, world.tech_lead):
        b = board(viewer, rid)
        for card_id, role in ((eng_card, "eng"), (guest_card, "design")):
            seen = card_in(b, card_id)
            assert seen["text"] is not None
            assert (seen["author_name"], seen["author_id"], seen["author_kind"]) == (
                None,
                None,
                None,
            ), seen
            # Roles still show, because the facilitator chose so before anyone wrote.
            assert seen["author_role"] == role
    own = card_in(board(world.eng, rid), eng_card)
    assert (own["author_name"], own["author_kind"], own["author_role"]) == ("Eng", "member", "eng")

    command(world.owner, rid, "update_settings", show_roles=False)
    assert card_in(board(world.pm, rid), eng_card)["author_role"] is None
    assert card_in(board(world.eng, rid), guest_card)["author_role"] is None
    assert card_in(board(world.guest, rid), guest_card)["author_role"] == "design"

    # People wrote their cards trusting they would stay anonymous.
    r = send(world.pm, rid, "anon-off-attempt-1", name="update_settings", anonymous=False)
    expect_error(r, 409, "anonymity_locked")
    b = board(world.pm, rid)
    assert b["settings"]["anonymous"] is True
    assert card_in(b, eng_card)["author_name"] is None


def test_anonymity_can_be_turned_off_while_no_card_exists(world: World) -> None:
    rid = world.retro["id"]
    command(world.owner, rid, "update_settings", anonymous=True)
    command(world.owner, rid, "update_settings", anonymous=False)
    assert board(world.eng, rid)["settings"]["anonymous"] is False
    # The lock is about cards on this board: once one exists, it holds.
    command(world.owner, rid, "update_settings", anonymous=True)
    add_card(world.tech_lead, world, "Pairing helped")
    expect_error(
        send(world.owner, rid, "anon-off-attempt-2", name="update_settings", anonymous=False),
        409,
        "anonymity_locked",
    )
