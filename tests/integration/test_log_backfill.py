"""The hub fills gaps through `live.hub.Backfill`, which the services implement over the event
log (`services.sockets.LogBackfill`): what lies between two seqs, in order, on both databases."""

from tests.conftest import World, command
from tests.own_loop import run_in_own_loop
from twofold.live.hub import Backfill
from twofold.services.context import Ctx
from twofold.services.sockets import LogBackfill


def test_the_log_fills_a_gap_between_two_seqs(world: World, ctx: Ctx) -> None:
    rid = str(world.retro["id"])
    seqs = [
        command(world.eng, rid, "add_card", column_id=world.column_id(), text=f"Card {n}")["seq"]
        for n in range(5)
    ]
    backfill: Backfill = LogBackfill(ctx)
    missed = run_in_own_loop(lambda: backfill(rid, seqs[0], seqs[3], ""))
    assert [e.seq for e in missed] == seqs[1:4]
    assert all(e.retro_id == rid for e in missed)
    assert run_in_own_loop(lambda: backfill(rid, seqs[-1], seqs[-1] + 10, "")) == []
    assert run_in_own_loop(lambda: backfill(world.other_retro["id"], 0, seqs[-1], "")) != missed
