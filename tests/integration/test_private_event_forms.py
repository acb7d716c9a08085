"""Events logged before reactions and other retros' action items were kept private get the forms
the server records now, so replays after `since` do not hand them out (migration 0012)."""

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from fastapi import FastAPI
from sqlalchemy import text

import twofold.store.migrations as migrations
from tests.conftest import World, command, invite, new_client
from tests.integration.boards import add_card, me_key, to_phase
from twofold.services.context import Ctx
from twofold.store.queries import events as event_q

PRIVATE_TYPES = ("reaction_toggled", "action_changed", "action_reviewed")


def _migration() -> ModuleType:
    path = Path(migrations.__file__).parent / "versions" / "0012_private_event_forms.py"
    spec = importlib.util.spec_from_file_location("private_event_forms", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _run(ctx: Ctx, step: str) -> None:
    with ctx.db.engine.begin() as conn, Operations.context(MigrationContext.configure(conn)):
        getattr(_migration(), step)()


def _as_logged_before(ctx: Ctx) -> None:
    """The log as earlier versions wrote it: these events went to everyone alike."""
    with ctx.db.engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE board_events SET visibility = 'all', public_payload = NULL"
                " WHERE type IN ('reaction_toggled', 'action_changed', 'action_reviewed')"
            )
        )


def _replayed(ctx: Ctx, retro_id: str, viewer: str) -> list[dict[str, Any]]:
    import json

    with ctx.db.read() as tx:
        found = event_q.since(tx, retro_id, 0, limit=1000)
    return [json.loads(e.body(viewer)) for e in found if e.event.type in PRIVATE_TYPES]


def test_old_events_are_replayed_as_the_rules_now_say(ctx: Ctx, app: FastAPI, world: World) -> None:
    rid = world.retro["id"]
    command(world.owner, rid, "update_settings", anonymous=True)
    card = add_card(world.pm, world, "Roadmap changed twice")
    to_phase(world, "discuss")
    command(world.eng, rid, "react", card_id=card, emoji="👍")
    earlier = command(
        world.pm, rid, "create_action", title="Freeze the roadmap", source_card_id=card
    )
    earlier_id = earlier["result"]["action_id"]
    second = world.owner.ok("POST", f"/api/teams/{world.team_id}/retros", 201, json={"title": "R2"})
    guest = new_client(app)
    token = invite(world.owner, world.team_id, second["id"])
    guest.remember(
        guest.post(f"/api/invites/{token}/guest", json={"display_name": "Gia", "role": "qa"})
    )
    third = world.owner.ok("POST", f"/api/teams/{world.team_id}/retros", 201, json={"title": "R3"})
    command(world.owner, third["id"], "set_phase", phase="discuss")
    later = command(world.pm, third["id"], "create_action", title="Agreed in R3")["result"][
        "action_id"
    ]
    command(world.owner, second["id"], "set_phase", phase="review")
    command(world.owner, second["id"], "review_action", action_id=earlier_id, outcome="carry_over")
    world.eng.ok("PATCH", f"/api/actions/{later}", json={"status": "in_progress"})
    world.eng.ok("PATCH", f"/api/actions/{earlier_id}", json={"status": "in_progress"})
    eng, pm, outside = me_key(world.eng, rid), me_key(world.pm, rid), me_key(guest, second["id"])
    now = {
        (rid, pm): _replayed(ctx, rid, pm),
        (second["id"], outside): _replayed(ctx, second["id"], outside),
    }

    _as_logged_before(ctx)
    leaked = _replayed(ctx, rid, pm)
    assert [e["participant"] for e in leaked if e["type"] == "reaction_toggled"] == [eng]
    assert any(
        e.get("action", {}).get("source_card_id") == card
        for e in _replayed(ctx, second["id"], outside)
    )

    _run(ctx, "upgrade")
    # Replayed as if recorded today: the same forms, to the letter, for whoever asks.
    for (retro_id, viewer), expected in now.items():
        assert _replayed(ctx, retro_id, viewer) == expected
    reaction = next(e for e in _replayed(ctx, rid, pm) if e["type"] == "reaction_toggled")
    assert reaction["participant"] == "anonymous"
    mine = next(e for e in _replayed(ctx, rid, eng) if e["type"] == "reaction_toggled")
    assert mine["participant"] == eng
    guest_sees = _replayed(ctx, second["id"], outside)
    assert {e["type"] for e in guest_sees} == {"action_reviewed", "action_changed", "withheld"}
    assert all(e.get("action", {}).get("source_card_id") is None for e in guest_sees)
    # A member of the team still gets every event in full.
    member = _replayed(ctx, second["id"], me_key(world.eng, second["id"]))
    assert {e["action"]["id"] for e in member} == {earlier_id, later}

    # Run again, it changes nothing more.
    _run(ctx, "upgrade")
    assert _replayed(ctx, second["id"], outside) == guest_sees

    # Going back leaves a log the earlier version can read: no members-only audience, no event
    # type it does not know.
    world.pm.ok("POST", f"/api/cards/{card}/debt", 201)
    _run(ctx, "downgrade")
    with ctx.db.engine.connect() as conn:
        kinds = {
            (str(t), str(v))
            for t, v in conn.execute(text("SELECT type, visibility FROM board_events"))
        }
    assert not {k for k, _ in kinds} & {"backlog_changed", "withheld"}
    assert "members" not in {v for _, v in kinds}
    guest.close()
