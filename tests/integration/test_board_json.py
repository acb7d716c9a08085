"""A snapshot put together from one shared read of the board (`BoardJson`, what a crowd opening
a board at once is sent) says exactly what the board's own page says to each viewer: hidden
cards, anonymous authors and reactions, hidden tallies, what guests may not see, and `me`."""

import json
from typing import Any

from tests.conftest import Client, World, command
from tests.integration.boards import add_card, board, to_phase
from twofold.api.board_json import BoardJson
from twofold.services import sockets
from twofold.services.board.snapshot import read_state
from twofold.services.context import Ctx
from twofold.store.queries import retros as retro_q


def _people(world: World) -> list[Client]:
    return [world.owner, world.pm, world.eng, world.tech_lead, world.guest]


def _assert_same_for_everyone(ctx: Ctx, world: World) -> None:
    rid = world.retro["id"]
    with ctx.db.read() as tx:
        retro = retro_q.retro_by_id(tx, rid)
        assert retro is not None
        shared = BoardJson(read_state(tx, retro)).prepare()
    for person in _people(world):
        entry = sockets.entry_for(ctx, person.cookies.get("twofold_session"), rid)
        assert entry is not None
        rendered: dict[str, Any] = json.loads(shared.render(entry.me))
        assert rendered == board(person, rid), entry.me.display_name


def _cards_everywhere(world: World) -> dict[str, str]:
    return {
        "pm": add_card(world.pm, world, "Scope grew twice mid-sprint", column=0),
        "eng": add_card(world.eng, world, "Flaky CI ate two days", column=1, friction="tech_debt"),
        "guest": add_card(world.guest, world, "Designs landed late", column=2),
        "lead": add_card(world.tech_lead, world, "Pairing on the migration helped", column=1),
    }


def test_a_shared_read_matches_each_viewer_while_cards_are_hidden(ctx: Ctx, world: World) -> None:
    _cards_everywhere(world)
    _assert_same_for_everyone(ctx, world)


def test_a_shared_read_matches_each_viewer_with_votes_reactions_and_actions(
    ctx: Ctx, world: World
) -> None:
    rid = world.retro["id"]
    cards = _cards_everywhere(world)
    # An item open in another of the team's retros: members see it for review, the guest not.
    other = world.owner.ok(
        "POST", f"/api/teams/{world.team_id}/retros", 201, json={"title": "Sprint 2 retro"}
    )
    command(world.owner, other["id"], "set_phase", phase="discuss")
    command(world.owner, other["id"], "create_action", title="Write the edge cases down first")
    to_phase(world, "reveal")
    command(world.eng, rid, "react", card_id=cards["pm"], emoji="👍")
    command(world.guest, rid, "react", card_id=cards["pm"], emoji="👍")
    command(world.pm, rid, "react", card_id=cards["eng"], emoji="🎉")
    _assert_same_for_everyone(ctx, world)

    command(world.owner, rid, "update_settings", hide_tallies=True)
    to_phase(world, "vote")
    command(world.pm, rid, "vote", topic_id=cards["eng"])
    command(world.pm, rid, "vote", topic_id=cards["eng"])
    command(world.guest, rid, "vote", topic_id=cards["guest"])
    _assert_same_for_everyone(ctx, world)  # tallies hidden: each sees only their own

    to_phase(world, "discuss")
    command(world.owner, rid, "create_action", title="Pair on the flaky suite")
    _assert_same_for_everyone(ctx, world)


def test_a_shared_read_matches_each_viewer_in_an_anonymous_retro(ctx: Ctx, world: World) -> None:
    rid = world.retro["id"]
    command(world.owner, rid, "update_settings", anonymous=True)
    cards = _cards_everywhere(world)
    _assert_same_for_everyone(ctx, world)
    to_phase(world, "reveal")
    command(world.eng, rid, "react", card_id=cards["pm"], emoji="👍")
    command(world.guest, rid, "react", card_id=cards["pm"], emoji="👍")
    to_phase(world, "vote")
    command(world.eng, rid, "vote", topic_id=cards["pm"])
    _assert_same_for_everyone(ctx, world)


def test_a_board_nobody_wrote_on_yet(ctx: Ctx, world: World) -> None:
    _assert_same_for_everyone(ctx, world)
