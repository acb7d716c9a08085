"""Suggested groups and perception gaps over the API: for whom, on which cards, and what they
never reveal (hidden cards before the reveal, authors in anonymous retros)."""

from dataclasses import replace
from typing import Any

from tests.conftest import Client, World, command, expect_error
from twofold.domain.sides import Side
from twofold.domain.vocab import Polarity
from twofold.insights.situations import SituationCard, same_situation_odds

GROUPS = "/api/retros/{}/group-suggestions"
GAPS = "/api/retros/{}/perception-gaps"

CALENDAR_WELL = "Calendar sync shipped a week early and customers love calendar sync"
CALENDAR_BADLY = "We skipped the load tests on calendar sync to get calendar sync out early"
BILLING = ("The legacy billing invoice module has no tests", "Billing invoice code again took days")


def _add(c: Client, world: World, text: str, polarity: str, friction: str | None = None) -> str:
    args: dict[str, Any] = {"column_id": world.column_id(), "text": text, "polarity": polarity}
    if friction:
        args["friction"] = friction
    return str(command(c, world.retro["id"], "add_card", **args)["result"]["card_id"])


def _board(world: World) -> dict[str, str]:
    return {
        "pm_well": _add(world.pm, world, CALENDAR_WELL, "went_well"),
        "eng_badly": _add(world.eng, world, CALENDAR_BADLY, "didnt_go_well", "velocity_quality"),
        "billing_1": _add(world.tech_lead, world, BILLING[0], "didnt_go_well"),
        "billing_2": _add(world.eng, world, BILLING[1], "didnt_go_well"),
    }


def _groups(c: Client, retro_id: str) -> list[set[str]]:
    return [set(g["card_ids"]) for g in c.ok("GET", GROUPS.format(retro_id))["groups"]]


def test_a_facilitator_gets_groups_to_accept_and_nothing_moves_until_then(world: World) -> None:
    cards = _board(world)
    rid = world.retro["id"]
    command(world.owner, rid, "set_phase", phase="group")
    found = world.owner.ok("GET", GROUPS.format(rid))
    assert found["enabled"] is True
    assert {cards["billing_1"], cards["billing_2"]} in [set(g["card_ids"]) for g in found["groups"]]
    assert all(g["name"] for g in found["groups"])
    board = world.owner.ok("GET", f"/api/retros/{rid}")
    assert all(card["group_id"] is None for card in board["cards"])
    # Accepted through the ordinary command, with the name edited, the cards leave the pool.
    command(
        world.owner,
        rid,
        "group_cards",
        card_ids=[cards["billing_1"], cards["billing_2"]],
        title="Billing rewrite",
    )
    assert all(cards["billing_1"] not in g for g in _groups(world.owner, rid))


def test_only_facilitators_of_the_retro_and_only_while_grouping(world: World) -> None:
    _board(world)
    rid = world.retro["id"]
    expect_error(world.owner.get(GROUPS.format(rid)), 409)
    command(world.owner, rid, "set_phase", phase="group")
    assert world.pm.ok("GET", GROUPS.format(rid))["enabled"] is True
    expect_error(world.eng.get(GROUPS.format(rid)), 403)
    expect_error(world.guest.get(GROUPS.format(rid)), 403)
    expect_error(world.outsider.get(GROUPS.format(rid)), 404)


def test_hidden_cards_take_no_part_before_the_reveal(world: World) -> None:
    cards = _board(world)
    rid = world.retro["id"]
    # In reflect each person reads only their own cards: the engineer's gap needs the PM's card.
    assert world.eng.ok("GET", GAPS.format(rid))["gaps"] == []
    assert world.pm.ok("GET", GAPS.format(rid))["gaps"] == []
    command(world.owner, rid, "set_phase", phase="reveal")
    gaps = world.eng.ok("GET", GAPS.format(rid))["gaps"]
    assert [(g["product"]["card_id"], g["engineering"]["card_id"], g["kind"]) for g in gaps] == [
        (cards["pm_well"], cards["eng_badly"], "opposite_polarity")
    ]
    assert gaps[0]["product"]["text"] == CALENDAR_WELL
    expect_error(world.outsider.get(GAPS.format(rid)), 404)


def test_gaps_name_sides_never_people_and_can_be_turned_off(world: World) -> None:
    rid = world.retro["id"]
    command(world.owner, rid, "update_settings", anonymous=True, show_roles=True)
    _board(world)
    command(world.owner, rid, "set_phase", phase="reveal")
    found = world.guest.ok("GET", GAPS.format(rid))
    assert [(g["product"]["side"], g["engineering"]["side"]) for g in found["gaps"]] == [
        ("product", "engineering")
    ]
    sides = found["gaps"][0]["product"]
    assert set(sides) == {"card_id", "side", "text", "polarity", "friction", "topic_id"}
    command(world.owner, rid, "update_settings", situation_hints=False)
    assert world.guest.ok("GET", GAPS.format(rid)) == {
        "enabled": False,
        "too_few_to_show": False,
        "gaps": [],
    }
    command(world.owner, rid, "set_phase", phase="group")
    assert world.owner.ok("GET", GROUPS.format(rid)) == {"enabled": False, "groups": []}


def test_an_anonymous_retro_hiding_roles_shows_no_side_of_one_or_two_people(
    world: World,
) -> None:
    rid = world.retro["id"]
    command(world.owner, rid, "update_settings", anonymous=True)
    _board(world)
    command(world.owner, rid, "set_phase", phase="reveal")
    # One PM wrote the product side's cards: "product thinks" would be "the PM thinks".
    found = world.eng.ok("GET", GAPS.format(rid))
    assert (found["too_few_to_show"], found["gaps"]) == (True, [])


def test_with_roles_hidden_who_wrote_a_card_does_not_shape_the_suggestions(world: World) -> None:
    rid = world.retro["id"]
    command(world.owner, rid, "update_settings", anonymous=True)
    cards = _board(world)
    command(world.owner, rid, "set_phase", phase="group")
    billing = {cards["billing_1"], cards["billing_2"]}

    def cohesion() -> float:
        found = world.owner.ok("GET", GROUPS.format(rid))["groups"]
        return float(next(g["cohesion"] for g in found if set(g["card_ids"]) == billing))

    unknown = [
        SituationCard(card_id, text, None, Polarity.DIDNT_GO_WELL, None)
        for card_id, text in zip((cards["billing_1"], cards["billing_2"]), BILLING, strict=True)
    ]
    known = [replace(c, side=Side.ENGINEERING) for c in unknown]
    # Had the sides counted (a tech lead and an engineer), the odds would differ.
    assert round(float(same_situation_odds(known)[0, 1]), 3) != cohesion()
    assert cohesion() == round(float(same_situation_odds(unknown)[0, 1]), 3)


def test_asking_in_a_loop_is_slowed_down(world: World) -> None:
    rid = world.retro["id"]
    answers = [world.eng.get(GAPS.format(rid)).status_code for _ in range(30)]
    assert answers[0] == 200
    assert 429 in answers
    # Someone else is not slowed down by it.
    assert world.pm.get(GAPS.format(rid)).status_code == 200


def test_cards_told_apart_only_by_a_number_make_one_suggestion(world: World) -> None:
    rid = world.retro["id"]
    for i in range(4):
        _add(world.pm, world, f"Calendar sync duplicate events, case {i}", "didnt_go_well")
    command(world.owner, rid, "set_phase", phase="group")
    found = world.owner.ok("GET", GROUPS.format(rid))["groups"]
    assert [len(g["card_ids"]) for g in found] == [4]


def test_the_summary_and_its_files_list_the_gaps_by_side(world: World) -> None:
    rid = world.retro["id"]
    _board(world)
    command(world.owner, rid, "set_phase", phase="closed")
    (gap,) = world.eng.ok("GET", f"/api/retros/{rid}/summary")["perception_gaps"]
    assert (gap["product"]["text"], gap["engineering"]["text"]) == (CALENDAR_WELL, CALENDAR_BADLY)
    assert not {"author_name", "author_id", "author_role"} & gap["engineering"].keys()
    md = world.eng.get(f"/api/retros/{rid}/export/summary.md").text
    section = md.split("## Where product and engineering saw it differently", 1)[1]
    assert "One side says it went well, the other not" in section
    assert f"**Product** (Went well): {CALENDAR_WELL}" in section
    assert f"**Engineering** (Didn't go well · Velocity vs quality): {CALENDAR_BADLY}" in section
    for person in ("Tara", "Eli", "Priya"):
        assert person not in section
    german = world.eng.get(f"/api/retros/{rid}/export/summary.md?language=de").text
    assert "## Wo Produkt und Engineering es unterschiedlich sahen" in german


def test_a_summary_lists_no_gap_where_the_retro_shows_none(world: World) -> None:
    rid = world.retro["id"]
    command(world.owner, rid, "update_settings", anonymous=True)
    _board(world)
    command(world.owner, rid, "set_phase", phase="closed")
    # One PM wrote the product side: in an anonymous retro hiding roles that would name them.
    assert world.eng.ok("GET", f"/api/retros/{rid}/summary")["perception_gaps"] == []
    md = world.eng.get(f"/api/retros/{rid}/export/summary.md").text
    assert "saw it differently" not in md


def test_trends_show_no_gap_of_a_retro_that_shows_none(world: World) -> None:
    rid = world.retro["id"]
    _board(world)
    command(world.owner, rid, "update_settings", situation_hints=False)
    command(world.owner, rid, "set_phase", phase="closed")
    url = f"/api/teams/{world.team_id}/trends/perception-gaps"
    (sprint,) = world.eng.ok("GET", url)["sprints"]
    assert (sprint["perception_gaps"], sprint["gaps"]) == (None, [])


def test_trends_count_each_closed_retro_s_gaps(world: World) -> None:
    rid = world.retro["id"]
    _board(world)
    command(world.owner, rid, "set_phase", phase="closed")
    url = f"/api/teams/{world.team_id}/trends/perception-gaps"
    sprints = world.eng.ok("GET", url)["sprints"]
    assert [(s["retro_id"], s["perception_gaps"]) for s in sprints] == [(rid, 1)]
    # The gap itself, both cards side by side, by side and never by author.
    (gap,) = sprints[0]["gaps"]
    assert gap["kind"] == "opposite_polarity"
    assert (gap["product"]["text"], gap["product"]["side"]) == (CALENDAR_WELL, "product")
    assert (gap["engineering"]["text"], gap["engineering"]["side"]) == (
        CALENDAR_BADLY,
        "engineering",
    )
    assert not {"author_name", "author_id", "author_role"} & (gap["product"].keys() | gap.keys())
    expect_error(world.outsider.get(url), 404)
    expect_error(world.guest.get(url), 403)
