"""Grouping cards into topics, and dot voting on the topics."""

from collections.abc import Mapping, Sequence
from typing import Any

from tests.conftest import World, command, expect_error
from tests.integration.boards import add_card, board, card_in, me_key, send, to_phase


def groups_of(b: dict[str, Any]) -> dict[str, str]:
    return {g["id"]: g["title"] for g in b["groups"]}


def test_grouping_makes_extends_splits_and_renames_groups(world: World) -> None:
    rid = world.retro["id"]
    a, b, c, d = (add_card(world.eng, world, f"card {n}") for n in "abcd")
    to_phase(world, "reveal")

    g1 = command(world.tech_lead, rid, "group_cards", card_ids=[a, b])["result"]["group_id"]
    board_ = board(world.guest, rid)
    assert groups_of(board_) == {g1: ""}
    assert [card_in(board_, x)["group_id"] for x in (a, b, c, d)] == [g1, g1, None, None]

    # Into an existing group (the ack names it), and a new group of one card needs a title.
    assert command(world.guest, rid, "group_cards", card_ids=[c], group_id=g1)["result"] == {
        "group_id": g1
    }
    expect_error(send(world.eng, rid, "lone-group-0001", name="group_cards", card_ids=[d]), 422)
    g2 = command(world.eng, rid, "group_cards", card_ids=[d], title="Solo")["result"]["group_id"]
    assert groups_of(board(world.eng, rid)) == {g1: "", g2: "Solo"}

    command(world.pm, rid, "rename_group", group_id=g1, title="  Onboarding  ")
    assert groups_of(board(world.eng, rid)) == {g1: "Onboarding", g2: "Solo"}

    command(world.eng, rid, "ungroup_card", card_id=c)
    assert card_in(board(world.eng, rid), c)["group_id"] is None
    expect_error(send(world.eng, rid, "ungroup-again-01", name="ungroup_card", card_id=c), 422)

    # Moving the only card out of a group makes that group vanish.
    to_phase(world, "group")
    command(world.eng, rid, "group_cards", card_ids=[d], group_id=g1)
    assert groups_of(board(world.eng, rid)) == {g1: "Onboarding"}
    command(world.eng, rid, "ungroup_card", card_id=a)
    command(world.eng, rid, "ungroup_card", card_id=b)
    command(world.eng, rid, "ungroup_card", card_id=d)
    final = board(world.eng, rid)
    assert final["groups"] == []
    assert {x["id"]: x["group_id"] for x in final["cards"]} == dict.fromkeys((a, b, c, d))
    expect_error(
        send(world.eng, rid, "rename-gone-0001", name="rename_group", group_id=g1, title="x"), 404
    )


def test_merging_groups_moves_their_cards_and_votes(world: World) -> None:
    rid = world.retro["id"]
    a, b, c, d = (add_card(world.eng, world, f"card {n}") for n in "abcd")
    to_phase(world, "group")
    g1 = command(world.eng, rid, "group_cards", card_ids=[a, b])["result"]["group_id"]
    g2 = command(world.eng, rid, "group_cards", card_ids=[c, d])["result"]["group_id"]
    to_phase(world, "vote")
    command(world.guest, rid, "vote", topic_id=g2)
    command(world.guest, rid, "vote", topic_id=g2)
    command(world.eng, rid, "vote", topic_id=g1)
    to_phase(world, "group")
    expect_error(
        send(
            world.eng,
            rid,
            "merge-self-00001",
            name="merge_groups",
            source_group_id=g1,
            target_group_id=g1,
        ),
        422,
    )
    command(world.tech_lead, rid, "merge_groups", source_group_id=g2, target_group_id=g1)
    b_ = board(world.guest, rid)
    assert list(groups_of(b_)) == [g1]
    assert {x["group_id"] for x in b_["cards"]} == {g1}
    assert b_["votes"] == {g1: 3}
    assert b_["my_votes"] == {g1: 2}
    assert b_["votes_used"] == {me_key(world.guest, rid): 2, me_key(world.eng, rid): 1}


def test_grouping_is_refused_outside_reveal_and_group(world: World) -> None:
    rid = world.retro["id"]
    a, b, c = (add_card(world.eng, world, f"card {n}") for n in "abc")
    grouping = [{"name": "group_cards", "card_ids": [a, b]}]

    def refused(phase: str, commands: Sequence[Mapping[str, object]]) -> None:
        before = board(world.owner, rid)
        for i, cmd in enumerate(commands):
            r = send(world.tech_lead, rid, f"{phase}-group-{i:04}", **cmd)
            expect_error(r, 409, "wrong_phase")
        after = board(world.owner, rid)
        assert (after["seq"], after["groups"]) == (before["seq"], before["groups"])

    refused("reflect", grouping)
    to_phase(world, "reveal")
    g1 = command(world.eng, rid, "group_cards", card_ids=[a, b])["result"]["group_id"]
    g2 = command(world.eng, rid, "group_cards", card_ids=[c], title="C")["result"]["group_id"]
    later = [
        {"name": "group_cards", "card_ids": [c], "group_id": g1},
        {"name": "ungroup_card", "card_id": a},
        {"name": "merge_groups", "source_group_id": g2, "target_group_id": g1},
    ]
    for phase in ("vote", "discuss", "closed"):
        to_phase(world, phase)
        refused(phase, later)
    # Renaming goes on through discuss, but not after.
    to_phase(world, "discuss")
    command(world.eng, rid, "rename_group", group_id=g1, title="Talked about")
    to_phase(world, "actions")
    refused("actions", [{"name": "rename_group", "group_id": g1, "title": "Too late"}])


def test_votes_are_limited_per_person_and_per_topic(world: World) -> None:
    rid = world.retro["id"]
    a, b, c, d, e = (add_card(world.eng, world, f"card {n}") for n in "abcde")
    to_phase(world, "reveal")
    g = command(world.eng, rid, "group_cards", card_ids=[d, e])["result"]["group_id"]
    expect_error(send(world.eng, rid, "vote-too-early-1", name="vote", topic_id=a), 409)
    to_phase(world, "vote")
    tl = me_key(world.tech_lead, rid)

    # Three votes each by default; a fourth is refused and changes nothing.
    acks = [command(world.tech_lead, rid, "vote", topic_id=t) for t in (a, a, g)]
    assert [x["seq"] for x in acks] == [acks[0]["seq"] + i for i in range(3)]
    before = board(world.tech_lead, rid)
    expect_error(
        send(world.tech_lead, rid, "fourth-vote-0001", name="vote", topic_id=b),
        409,
        "no_votes_left",
    )
    after = board(world.tech_lead, rid)
    assert after["seq"] == before["seq"]
    assert after["my_votes"] == {a: 2, g: 1}
    assert after["votes_used"] == {tl: 3}

    # A card in a group is not a topic: its group is.
    expect_error(send(world.pm, rid, "grouped-card-001", name="vote", topic_id=d), 404)
    expect_error(send(world.pm, rid, "unknown-topic-01", name="vote", topic_id="nope"), 404)

    command(world.owner, rid, "update_settings", votes_per_person=5, max_votes_per_card=2)
    command(world.guest, rid, "vote", topic_id=c)
    command(world.guest, rid, "vote", topic_id=c)
    expect_error(
        send(world.guest, rid, "third-on-topic-1", name="vote", topic_id=c), 409, "topic_vote_limit"
    )
    command(world.tech_lead, rid, "vote", topic_id=b)  # four now

    command(world.tech_lead, rid, "unvote", topic_id=a)
    expect_error(
        send(world.tech_lead, rid, "unvote-none-0001", name="unvote", topic_id=c), 409, "no_vote"
    )
    mine = board(world.tech_lead, rid)
    assert mine["my_votes"] == {a: 1, g: 1, b: 1}
    assert mine["votes"] == {a: 1, g: 1, b: 1, c: 2}
    assert mine["votes_used"] == {tl: 3, me_key(world.guest, rid): 2}
    # The per-topic limit never exceeds the per-person budget.
    command(world.owner, rid, "update_settings", votes_per_person=2)
    assert board(world.eng, rid)["settings"]["max_votes_per_card"] == 2


def test_hidden_tallies_show_only_your_own_votes_until_voting_ends(world: World) -> None:
    rid = world.retro["id"]
    a, b = (add_card(world.eng, world, f"card {n}") for n in "ab")
    command(world.owner, rid, "update_settings", hide_tallies=True)
    to_phase(world, "vote")
    command(world.eng, rid, "vote", topic_id=a)
    command(world.pm, rid, "vote", topic_id=b)
    command(world.pm, rid, "vote", topic_id=b)
    eng, pm = me_key(world.eng, rid), me_key(world.pm, rid)

    seen = board(world.eng, rid)
    assert (seen["votes"], seen["my_votes"]) == ({a: 1}, {a: 1})
    # Everyone still sees how many votes each person has used.
    assert seen["votes_used"] == {eng: 1, pm: 2}
    facilitator = board(world.owner, rid)
    assert (facilitator["votes"], facilitator["my_votes"]) == ({}, {})
    assert board(world.pm, rid)["votes"] == {b: 2}

    to_phase(world, "discuss")
    for c in (world.eng, world.owner, world.guest):
        assert board(c, rid)["votes"] == {a: 1, b: 2}
    assert board(world.eng, rid)["my_votes"] == {a: 1}


def test_anonymous_retros_do_not_say_who_used_how_many_votes(world: World) -> None:
    rid = world.retro["id"]
    command(world.owner, rid, "update_settings", anonymous=True)
    a = add_card(world.eng, world, "card a")
    to_phase(world, "vote")
    command(world.eng, rid, "vote", topic_id=a)
    command(world.pm, rid, "vote", topic_id=a)
    assert board(world.eng, rid)["votes_used"] == {me_key(world.eng, rid): 1}
    assert board(world.owner, rid)["votes_used"] == {}
    assert board(world.owner, rid)["votes"] == {a: 2}


def test_deleting_the_last_card_of_a_group_removes_the_group_and_its_votes(world: World) -> None:
    rid = world.retro["id"]
    a, b, c = (add_card(world.eng, world, f"card {n}") for n in "abc")
    to_phase(world, "group")
    g = command(world.eng, rid, "group_cards", card_ids=[a, b])["result"]["group_id"]
    to_phase(world, "vote")
    for _ in range(3):
        command(world.guest, rid, "vote", topic_id=g)
    # A facilitator removes both cards of the topic during the vote.
    command(world.owner, rid, "delete_card", card_id=a)
    assert board(world.guest, rid)["my_votes"] == {g: 3}  # the group still has card b
    command(world.owner, rid, "delete_card", card_id=b)
    seen = board(world.guest, rid)
    assert seen["groups"] == []
    assert (seen["votes"], seen["my_votes"], seen["votes_used"]) == ({}, {}, {})
    # The guest's votes came back to them.
    for _ in range(3):
        command(world.guest, rid, "vote", topic_id=c)
