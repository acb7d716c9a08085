"""The closing summary: what it holds, and that each viewer's summary holds only what their
board shows (docs/running-a-retro.md, "The closing summary")."""

from typing import Any

from tests.conftest import World, command, expect_error, user_id
from tests.integration.boards import add_card, to_phase


def _summary(c: Any, rid: str, status: int = 200) -> Any:
    return c.ok("GET", f"/api/retros/{rid}/summary", status)


def run_retro(world: World) -> dict[str, str]:
    """A retro with cards from both sides and a guest, a group, votes, notes, an action
    item, a debt item and three pulses; left in the actions phase."""
    rid = world.retro["id"]
    cards = {
        "pm": add_card(
            world.pm, world, "Specs changed mid-sprint", 0, friction="requirements_clarity"
        ),
        "eng": add_card(world.eng, world, "Flaky CI ate two days", 1, friction="tech_debt"),
        "tl": add_card(world.tech_lead, world, "Review queue too long", 1, friction="tech_debt"),
        "guest": add_card(world.guest, world, "Mockups late", 0, friction="communication"),
    }
    to_phase(world, "group")
    group = command(
        world.pm, rid, "group_cards", card_ids=[cards["eng"], cards["tl"]], title="Slow delivery"
    )["result"]["group_id"]
    to_phase(world, "vote")
    for c in (world.pm, world.eng, world.tech_lead):
        command(c, rid, "vote", topic_id=group)
    command(world.guest, rid, "vote", topic_id=cards["guest"])
    to_phase(world, "discuss")
    command(world.tech_lead, rid, "save_notes", topic_id=group, text="CI owner needed")
    command(world.tech_lead, rid, "save_notes", topic_id=group, text="CI owner needed now")
    command(world.pm, rid, "save_notes", topic_id=group, text="CI owner needed now; PM agrees")
    to_phase(world, "actions")
    command(
        world.pm,
        rid,
        "create_action",
        title="Fix the flaky tests",
        owner={"kind": "person", "user_id": user_id(world.eng)},
        due="2099-01-31",
        topic_id=group,
    )
    world.eng.ok("POST", f"/api/cards/{cards['eng']}/debt", 201)
    for c, score in ((world.pm, 4), (world.eng, 2), (world.tech_lead, 3)):
        c.ok("POST", f"/api/retros/{rid}/signals/pulse", json={"score": score})
    return {**cards, "group": group}


def test_a_closed_retro_summary_holds_topics_actions_signals_and_equal_voice(
    world: World,
) -> None:
    rid = world.retro["id"]
    ids = run_retro(world)
    to_phase(world, "closed")
    s = _summary(world.eng, rid)
    assert (s["title"], s["team_name"], s["preview"], s["phase"]) == (
        "Sprint 1 retro",
        "Alpha",
        False,
        "closed",
    )
    assert s["people_by_role"] == {"pm": 1, "eng": 1, "tech_lead": 1, "design": 1, "em": 1}
    assert sorted(s["names"]) == ["Eng", "Gus Guest", "Olive Owner", "Pm", "Tech Lead"]
    # Topics, most votes first, each card with its column.
    [first, second, *rest] = s["topics"]
    assert (first["id"], first["title"], first["votes"]) == (ids["group"], "Slow delivery", 3)
    assert first["notes"] == "CI owner needed now; PM agrees"
    assert {c["column_title"] for c in first["cards"]} == {"Engineering Perspective"}
    assert {c["author_name"] for c in first["cards"]} == {"Eng", "Tech Lead"}
    assert (second["id"], second["votes"]) == (ids["guest"], 1)
    assert [t["votes"] for t in rest] == [0]
    [action] = s["actions"]
    assert (action["title"], action["owner_name"], action["due"]) == (
        "Fix the flaky tests",
        "Eng",
        "2099-01-31",
    )
    assert [d["title"] for d in s["debt"]] == ["Flaky CI ate two days"]
    assert s["satisfaction"] == 3.0
    assert s["signals"]["pulses"]["count"] == 3
    assert {f["column_title"]: f["counts"] for f in s["friction_by_column"]}[
        "Engineering Perspective"
    ] == [{"friction": "tech_debt", "count": 2}]
    by_role = {f["role"]: f["counts"] for f in s["friction_by_role"]}
    assert by_role["design"] == [{"friction": "communication", "count": 1}]
    voice = s["equal_voice"]
    assert voice["shown"] is True
    # Product = pm + design (the guest), engineering = eng + tech lead, the EM apart.
    assert (voice["people"]["product"], voice["people"]["engineering"]) == (2, 2)
    assert voice["people"]["apart"] == 1
    assert (voice["cards"]["product"], voice["cards"]["engineering"]) == (2, 2)
    assert (voice["votes"]["product"], voice["votes"]["engineering"]) == (2, 2)
    # Three saves, two writers: once per person and topic.
    assert (voice["notes"]["product"], voice["notes"]["engineering"]) == (1, 1)
    assert (voice["actions"]["product"], voice["actions"]["engineering"]) == (0, 1)
    assert voice["flags"] == ["no_product_action"]


def test_the_summary_waits_for_the_close_except_for_facilitators(world: World) -> None:
    rid = world.retro["id"]
    add_card(world.eng, world, "Hidden until the reveal", 1, friction="tech_debt")
    expect_error(world.eng.get(f"/api/retros/{rid}/summary"), 409, "wrong_phase")
    expect_error(world.guest.get(f"/api/retros/{rid}/summary"), 409, "wrong_phase")
    preview = _summary(world.pm, rid)
    assert preview["preview"] is True
    # Before the reveal the card is counted but not shown, nor counted by role anywhere.
    assert preview["hidden_cards"] == 1
    assert preview["topics"] == []
    assert preview["friction_by_role"] == []
    assert preview["equal_voice"] is None
    assert "Hidden until the reveal" not in str(preview)


def test_outsiders_are_told_not_found_and_guests_see_what_guests_see(world: World) -> None:
    rid = world.retro["id"]
    run_retro(world)
    to_phase(world, "closed")
    expect_error(world.outsider.get(f"/api/retros/{rid}/summary"), 404, "not_found")
    expect_error(world.outsider.get("/api/retros/nope/summary"), 404, "not_found")
    guest = _summary(world.guest, rid)
    member = _summary(world.eng, rid)
    assert [t["id"] for t in guest["topics"]] == [t["id"] for t in member["topics"]]
    assert guest["actions"] == member["actions"]
    # The backlog and the satisfaction average are the team's, as on the board.
    assert guest["debt"] == []
    assert member["debt"]
    assert guest["satisfaction"] is None
    assert guest["signals"]["signals"] is None


def test_anonymous_summaries_name_nobody_and_keep_small_sides_to_themselves(
    world: World,
) -> None:
    rid = world.retro["id"]
    command(world.owner, rid, "update_settings", anonymous=True)
    run_retro(world)
    to_phase(world, "closed")
    for c in (world.pm, world.eng, world.guest, world.owner):
        s = _summary(c, rid)
        assert s["anonymous"] is True
        assert s["names"] is None
        cards = [card for t in s["topics"] for card in t["cards"]]
        assert len(cards) == 4
        assert {(card["author_name"], card["author_role"]) for card in cards} == {(None, None)}
        assert s["friction_by_role"] == []
        # Two people a side: too few to show anything by side.
        assert s["equal_voice"] == {
            "shown": False,
            "people": None,
            "cards": None,
            "votes": None,
            "notes": None,
            "actions": None,
            "flags": [],
        }
        for name in ("Gus Guest", "Tech Lead", "Olive Owner"):
            assert name not in str({k: v for k, v in s.items() if k != "actions"})
