"""Guided prompts over the API, on both databases: a retro's prompts, and a team's own set."""

from typing import Any

from tests.conftest import World, command, expect_error, user_id
from twofold.domain.prompts import DEFAULT_PROMPTS, PROMPT_TEXT_MAX

FAKE_ID = "0123456789abcdef0123456789abcdef"

MINE = [
    {
        "id": "rp.ready",
        "group": "requirements_planning",
        "text": "Was every story ready when we picked it up?",
        "friction": "requirements_clarity",
    },
    {
        "id": "co.heard",
        "group": "communication",
        "text": "Did the people who needed to know hear it from us first?",
        "friction": "communication",
    },
]


def _team_url(world: World) -> str:
    return f"/api/teams/{world.team_id}/prompts"


def _retro_url(world: World, retro: dict[str, Any] | None = None) -> str:
    return f"/api/retros/{(retro or world.retro)['id']}/prompts"


def _topic(answer: dict[str, Any], friction: str | None) -> list[str]:
    [found] = [t["prompts"] for t in answer["topics"] if t["friction"] == friction]
    return [p["id"] for p in found]


def test_a_retro_shows_its_templates_prompts_in_groups(world: World) -> None:
    answer = world.eng.ok("GET", _retro_url(world))
    assert answer["template"] == "pm_engineering"
    # The PM / Engineering template asks about all four groups, in a fixed order.
    assert [(g["group"], g["label"]) for g in answer["groups"]] == [
        ("requirements_planning", "Requirements & Planning"),
        ("execution", "Execution"),
        ("technical_debt", "Technical Debt"),
        ("communication", "Communication"),
    ]
    listed = [p["id"] for g in answer["groups"] for p in g["prompts"]]
    assert listed == [p.id for p in DEFAULT_PROMPTS]
    first = answer["groups"][0]["prompts"][0]
    assert set(first) == {"id", "group", "text", "friction", "builtin"}

    # A topic opens with the prompts for its friction point; an untagged one with a broad mix.
    assert _topic(answer, "tech_debt") == [
        p.id for p in DEFAULT_PROMPTS if p.friction == "tech_debt"
    ]
    assert _topic(answer, None) == [
        "rp.clear_before_start",
        "ex.rework",
        "td.visible_to_pm",
        "co.customer_context",
    ]
    # Guests see the same questions.
    assert world.guest.ok("GET", _retro_url(world)) == answer


def test_other_templates_show_their_own_groups(world: World) -> None:
    retro = world.owner.ok(
        "POST",
        f"/api/teams/{world.team_id}/retros",
        201,
        json={"title": "Debt review", "template": "tech_debt_review"},
    )
    answer = world.eng.ok("GET", _retro_url(world, retro))
    # Its group, then the two single prompts the template adds from other groups.
    assert [g["group"] for g in answer["groups"]] == [
        "requirements_planning",
        "technical_debt",
        "communication",
    ]
    assert [p["id"] for p in answer["groups"][0]["prompts"]] == ["rp.estimates_off"]
    assert [p["id"] for p in answer["groups"][2]["prompts"]] == ["co.constraints_early"]


def test_a_team_set_round_trip_and_reset(world: World) -> None:
    url = _team_url(world)
    before = world.eng.ok("GET", url)
    assert before["custom"] is False
    assert [p["id"] for p in before["prompts"]] == [p.id for p in DEFAULT_PROMPTS]
    assert [g["label"] for g in before["groups"]] == [
        "Requirements & Planning",
        "Execution",
        "Technical Debt",
        "Communication",
    ]
    assert (before["updated_at"], before["updated_by"]) == (None, None)

    saved = world.pm.ok("PUT", url, json={"prompts": MINE})
    assert saved["custom"] is True
    assert saved["prompts"] == [{**p, "builtin": False} for p in MINE]
    assert saved["updated_by"] == user_id(world.pm)
    assert saved["updated_at"] is not None
    assert world.eng.ok("GET", url) == saved

    # The team's retros ask the team's questions.
    answer = world.guest.ok("GET", _retro_url(world))
    assert [[p["id"] for p in g["prompts"]] for g in answer["groups"]] == [
        ["rp.ready"],
        ["co.heard"],
    ]
    assert _topic(answer, "communication") == ["co.heard"]
    assert _topic(answer, "estimation") == []

    # Text is trimmed; a second save replaces the whole set.
    edited = [{**MINE[1], "text": "  Who heard it last?  "}]
    assert world.owner.ok("PUT", url, json={"prompts": edited})["prompts"] == [
        {**MINE[1], "text": "Who heard it last?", "builtin": False}
    ]

    reset = world.pm.ok("DELETE", url)
    assert reset["custom"] is False
    assert [p["id"] for p in reset["prompts"]] == [p.id for p in DEFAULT_PROMPTS]
    assert world.eng.ok("GET", url) == reset

    # Another team's set is its own.
    world.pm.ok("PUT", url, json={"prompts": MINE})
    assert world.outsider.ok("GET", f"/api/teams/{world.other_team_id}/prompts")["custom"] is False


def test_bad_sets_are_refused_with_a_clear_message(world: World) -> None:
    url = _team_url(world)
    twice = world.pm.put(url, json={"prompts": [MINE[0], {**MINE[1], "id": MINE[0]["id"]}]})
    error = expect_error(twice, 422, "validation_error")
    assert "repeated: rp.ready" in error["message"]

    long = world.pm.put(url, json={"prompts": [{**MINE[0], "text": "x" * (PROMPT_TEXT_MAX + 1)}]})
    error = expect_error(long, 422, "validation_error")
    assert error["details"][0]["field"] == "prompts.0.text"
    assert str(PROMPT_TEXT_MAX) in error["details"][0]["message"]

    for bad, field in (
        ({"prompts": []}, "prompts"),
        ({"prompts": [{**MINE[0], "text": "   "}]}, "prompts.0.text"),
        ({"prompts": [{**MINE[0], "id": "Not An Id"}]}, "prompts.0.id"),
        ({"prompts": [{**MINE[0], "group": "vibes"}]}, "prompts.0.group"),
        ({"prompts": [{**MINE[0], "friction": "vibes"}]}, "prompts.0.friction"),
        ({"prompts": [{**MINE[0], "extra": 1}]}, "prompts.0.extra"),
        ({"prompts": [MINE[0]] * 81}, "prompts"),
        ({"prompts": [{**MINE[0], "text": "a\x00b"}]}, "prompts.0.text"),
    ):
        error = expect_error(world.pm.put(url, json=bad), 422, "validation_error")
        assert error["details"][0]["field"] == field, (bad, error)
    # Nothing was saved along the way.
    assert world.eng.ok("GET", url)["custom"] is False


def test_who_may_see_and_change_prompts(world: World) -> None:
    url = _team_url(world)
    for member in (world.eng, world.tech_lead):
        member.ok("GET", url)
        for answer in (member.put(url, json={"prompts": MINE}), member.delete(url)):
            assert "facilitator" in expect_error(answer, 403, "forbidden")["message"]

    # A guest takes part in one retro, not in the team.
    world.guest.ok("GET", _retro_url(world))
    expect_error(world.guest.get(url), 403)
    expect_error(world.guest.put(url, json={"prompts": MINE}), 403)

    # Outsiders cannot tell another team's prompts from nothing at all.
    other_team = f"/api/teams/{world.team_id}/prompts"
    for answer in (
        world.outsider.get(other_team),
        world.outsider.put(other_team, json={"prompts": MINE}),
        world.outsider.delete(other_team),
        world.outsider.get(_retro_url(world)),
        world.guest.get(_retro_url(world, world.other_retro)),
        world.eng.get(f"/api/retros/{FAKE_ID}/prompts"),
        world.eng.get(f"/api/teams/{FAKE_ID}/prompts"),
    ):
        expect_error(answer, 404, "not_found")
    assert world.eng.ok("GET", url)["custom"] is False


def test_prompts_follow_the_retro_through_its_phases(world: World) -> None:
    # Prompts are read-only guidance: any phase, including a closed retro, shows them.
    command(world.owner, world.retro["id"], "set_phase", phase="closed")
    assert world.eng.ok("GET", _retro_url(world))["groups"]


def _text(answer: dict[str, Any], prompt_id: str) -> str:
    found = [p["text"] for t in answer["topics"] for p in t["prompts"] if p["id"] == prompt_id]
    return str(found[0])


def test_prompts_quote_the_teams_own_thresholds(world: World) -> None:
    asked = world.eng.ok("GET", _retro_url(world))
    assert "Fewer than 5 is a healthy sprint." in _text(asked, "rp.clarifying_questions")
    assert "close to 20% of capacity" in _text(asked, "td.capacity_share")

    thresholds = f"/api/teams/{world.team_id}/thresholds"
    world.pm.ok(
        "PUT", thresholds, json={"clarifying_questions_below": 8, "tech_debt_share_min": 15}
    )
    asked = world.guest.ok("GET", _retro_url(world))
    assert "Fewer than 8 is a healthy sprint." in _text(asked, "rp.clarifying_questions")
    assert "close to 15% of capacity" in _text(asked, "td.capacity_share")

    # The team's set keeps what was written, and says what each placeholder shows now.
    team = world.eng.ok("GET", _team_url(world))
    [raw] = [p["text"] for p in team["prompts"] if p["id"] == "rp.clarifying_questions"]
    assert "Fewer than {clarifying_questions_below} is" in raw
    assert team["placeholders"]["clarifying_questions_below"] == "8"
    assert team["placeholders"]["completion_min"] == "80"

    # A team's own prompt can quote any threshold.
    own = [{**MINE[0], "text": "More than {stories_added_max} stories added late?"}]
    world.pm.ok("PUT", _team_url(world), json={"prompts": own})
    world.pm.ok("PUT", thresholds, json={"stories_added_max": 3})
    asked = world.eng.ok("GET", _retro_url(world))
    assert _text(asked, "rp.ready") == "More than 3 stories added late?"


def _builtin(answer: dict[str, Any]) -> dict[str, bool]:
    listed = [p for g in answer["groups"] for p in g["prompts"]]
    listed += [p for t in answer["topics"] for p in t["prompts"]]
    return {p["id"]: p["builtin"] for p in listed}


def test_built_in_prompts_are_marked_until_the_team_rewrites_them(world: World) -> None:
    url = _team_url(world)
    team = world.eng.ok("GET", url)
    assert all(p["builtin"] is True for p in team["prompts"])
    asked = world.guest.ok("GET", _retro_url(world))
    assert set(_builtin(asked).values()) == {True}
    # Built-in words quote thresholds by name; the answer says what the names show now.
    assert asked["placeholders"]["clarifying_questions_below"] == "5"

    # The team keeps the built-in set but rewrites one prompt and adds its own.
    kept = [
        {"id": p.id, "group": p.group, "text": p.text, "friction": p.friction}
        for p in DEFAULT_PROMPTS
    ]
    kept[0] = {**kept[0], "text": "Was every story really ready?"}
    saved = world.pm.ok("PUT", url, json={"prompts": [*kept, MINE[1]]})
    marks = {p["id"]: p["builtin"] for p in saved["prompts"]}
    assert marks.pop("rp.clear_before_start") is False
    assert marks.pop("co.heard") is False
    assert set(marks.values()) == {True}
    # A text stays as the team wrote it either way.
    [rewritten] = [p for p in saved["prompts"] if p["id"] == "rp.clear_before_start"]
    assert rewritten["text"] == "Was every story really ready?"

    # Retros mark them the same, though they fill thresholds into the text.
    world.pm.ok("PUT", f"/api/teams/{world.team_id}/thresholds", json={"tech_debt_share_min": 15})
    asked = _builtin(world.eng.ok("GET", _retro_url(world)))
    assert asked["rp.clear_before_start"] is False
    assert asked["co.heard"] is False
    assert asked["td.capacity_share"] is True
    assert asked["rp.clarifying_questions"] is True

    # A default id carrying other words is the team's own too.
    swapped = [{**MINE[0], "id": "ex.rework"}]
    saved = world.pm.ok("PUT", url, json={"prompts": swapped})
    assert [p["builtin"] for p in saved["prompts"]] == [False]

    assert all(p["builtin"] for p in world.pm.ok("DELETE", url)["prompts"])
