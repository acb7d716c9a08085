"""Friction-point suggestions over the API: computed on the server, for participants only, and
shaped by the team's own confirmed tags."""

from tests.conftest import World, command, expect_error

URL = "/api/retros/{}/friction-suggestions"


def _suggest(c, retro_id: str, text: str) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    return c.ok("POST", URL.format(retro_id), json={"text": text})["suggestions"]


def test_a_clear_card_gets_its_friction_point_first(world: World) -> None:
    found = _suggest(
        world.eng,
        world.retro["id"],
        "Acceptance criteria changed twice mid-sprint and nobody told us about the edge cases",
    )
    assert found[0]["friction"] == "requirements_clarity"
    assert 0 < float(found[0]["confidence"]) <= 1  # type: ignore[arg-type]
    assert len({s["friction"] for s in found}) == len(found)


def test_guests_get_suggestions_outsiders_do_not(world: World) -> None:
    assert _suggest(world.guest, world.retro["id"], "The legacy billing module needs a rewrite")
    expect_error(
        world.outsider.post(URL.format(world.retro["id"]), json={"text": "anything at all"}), 404
    )


def test_short_or_bad_text(world: World) -> None:
    assert _suggest(world.pm, world.retro["id"], "ok") == []
    expect_error(world.pm.post(URL.format(world.retro["id"]), json={"text": ""}), 422)
    expect_error(world.pm.post(URL.format(world.retro["id"]), json={"text": "x" * 5000}), 422)
    expect_error(world.pm.post(URL.format(world.retro["id"]), json={}), 422)


def test_the_team_s_confirmed_tags_shape_the_suggestion(world: World) -> None:
    retro = world.retro["id"]
    column = world.retro["columns"][0]["id"]
    text = "the release train felt chaotic"
    before = _suggest(world.pm, retro, text)[0]
    # The team keeps tagging its release-train cards with one friction point that is not the
    # suggestion's first pick; after enough of them, that is what it suggests.
    target = "estimation" if before["friction"] != "estimation" else "communication"
    for i in range(12):
        command(
            world.pm,
            retro,
            "add_card",
            column_id=column,
            text=f"release train number {i} was chaotic again",
            polarity="didnt_go_well",
            friction=target,
        )
    after = _suggest(world.pm, retro, text)[0]
    assert after["friction"] == target
