"""The team's list of retros: each one's phase, when it closed, its cards and action items;
renaming, archiving (out of the list, kept whole) and deleting (action items stay)."""

from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from tests.conftest import World, command, expect_error
from tests.databases import pg_database, require_pg
from twofold.store.database import Database
from twofold.store.migrate import upgrade
from twofold.store.queries.retros import retro_listings


def _listed(world: World, archived: bool = False) -> dict[str, dict[str, Any]]:
    query = "?include_archived=true" if archived else ""
    rows = world.eng.ok("GET", f"/api/teams/{world.team_id}/retros{query}")
    return {r["title"]: r for r in rows}


def _card(world: World, rid: str, text: str, column: str) -> str:
    body = {"column_id": column, "text": text}
    return str(world.eng.ok("POST", f"/api/retros/{rid}/cards", 201, json=body)["id"])


def _action(world: World, rid: str, title: str) -> str:
    answer = command(world.owner, rid, "create_action", title=title)
    return str(answer["result"]["action_id"])


def test_each_retro_shows_its_phase_counts_and_when_it_closed(world: World) -> None:
    rid = world.retro["id"]
    empty = world.owner.ok(
        "POST", f"/api/teams/{world.team_id}/retros", 201, json={"title": "Sprint 2 retro"}
    )
    for words in ("Slow reviews", "Great demo", "Flaky CI"):
        _card(world, rid, words, world.column_id())
    rows = _listed(world)
    # Cards still hidden in reflect are counted, never shown: the count is no secret.
    assert rows["Sprint 1 retro"]["card_count"] == 3
    assert rows["Sprint 1 retro"]["phase"] == "reflect"
    assert rows["Sprint 1 retro"]["action_count"] == 0
    assert rows["Sprint 1 retro"]["closed_at"] is None
    assert rows["Sprint 2 retro"] | {"id": None} == rows["Sprint 2 retro"] | {
        "id": None,
        "card_count": 0,
        "action_count": 0,
        "closed_at": None,
        "archived_at": None,
        "phase": "check_in",
    }
    # Newest first.
    assert list(rows) == ["Sprint 2 retro", "Sprint 1 retro"]

    command(world.owner, rid, "set_phase", phase="discuss")
    _action(world, rid, "Pair on reviews")
    _action(world, rid, "Quarantine flaky tests")
    command(world.owner, empty["id"], "set_phase", phase="discuss")
    _action(world, empty["id"], "Demo every sprint")
    command(world.owner, rid, "set_phase", phase="closed")
    rows = _listed(world)
    closed = rows["Sprint 1 retro"]
    assert (closed["phase"], closed["card_count"], closed["action_count"]) == ("closed", 3, 2)
    assert closed["closed_at"] is not None
    assert rows["Sprint 2 retro"]["action_count"] == 1
    # Reopened, it is open again.
    command(world.owner, rid, "set_phase", phase="actions")
    assert _listed(world)["Sprint 1 retro"]["closed_at"] is None
    # Outsiders learn nothing, not even that the team exists.
    expect_error(world.outsider.get(f"/api/teams/{world.team_id}/retros"), 404)
    expect_error(world.guest.get(f"/api/teams/{world.team_id}/retros"), 403)


def test_renaming_and_archiving_from_the_list(world: World) -> None:
    rid = world.retro["id"]
    world.pm.ok("PATCH", f"/api/retros/{rid}", json={"title": "Sprint 43 retro"})
    assert "Sprint 43 retro" in _listed(world)

    archived = world.pm.ok("PUT", f"/api/retros/{rid}/archived", json={"archived": True})
    assert archived["archived_at"] is not None
    assert archived["title"] == "Sprint 43 retro"
    assert "Sprint 43 retro" not in _listed(world)
    assert (
        _listed(world, archived=True)["Sprint 43 retro"]["archived_at"] == archived["archived_at"]
    )
    # Archiving again keeps the first date; the board still opens and keeps its cards.
    again = world.owner.ok("PUT", f"/api/retros/{rid}/archived", json={"archived": True})
    assert again["archived_at"] == archived["archived_at"]
    assert world.eng.ok("GET", f"/api/retros/{rid}")["archived_at"] == archived["archived_at"]

    # Only facilitators archive; outsiders are told nothing.
    expect_error(world.eng.put(f"/api/retros/{rid}/archived", json={"archived": False}), 403)
    expect_error(world.guest.put(f"/api/retros/{rid}/archived", json={"archived": False}), 403)
    outsider = world.outsider.put(f"/api/retros/{rid}/archived", json={"archived": False})
    expect_error(outsider, 404)
    expect_error(world.pm.put("/api/retros/nope/archived", json={"archived": False}), 404)
    bad = world.pm.put(f"/api/retros/{rid}/archived", json={"archived": "perhaps"})
    assert expect_error(bad, 422)["details"] == [
        {"field": "archived", "message": "Answer yes or no (true or false)."}
    ]
    assert "Sprint 43 retro" not in _listed(world)

    back = world.pm.ok("PUT", f"/api/retros/{rid}/archived", json={"archived": False})
    assert back["archived_at"] is None
    assert _listed(world)["Sprint 43 retro"]["id"] == rid


def test_deleting_a_retro_keeps_its_action_items(world: World) -> None:
    rid = world.retro["id"]
    _card(world, rid, "Slow reviews", world.column_id())
    command(world.owner, rid, "set_phase", phase="discuss")
    action_id = _action(world, rid, "Pair on reviews")

    expect_error(world.eng.delete(f"/api/retros/{rid}"), 403)
    expect_error(world.outsider.delete(f"/api/retros/{rid}"), 404)
    assert "Sprint 1 retro" in _listed(world)

    world.pm.ok("DELETE", f"/api/retros/{rid}", 204)
    assert _listed(world, archived=True) == {}
    expect_error(world.eng.get(f"/api/retros/{rid}"), 404)
    [kept] = world.eng.ok("GET", f"/api/teams/{world.team_id}/actions")
    assert (kept["id"], kept["title"], kept["retro_id"]) == (action_id, "Pair on reviews", None)


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_retros_closed_before_the_upgrade_get_their_closing_time(
    engine: str, tmp_path: Path
) -> None:
    """The migration that adds `closed_at` takes it from the retro's last phase change."""
    with ExitStack() as stack:
        if engine == "sqlite":
            url = f"sqlite:///{tmp_path / 'old.db'}"
        else:
            require_pg()
            url = stack.enter_context(pg_database(migrate=False))
        db = Database(url)
        stack.callback(db.dispose)
        upgrade(db, "0009")
        with db.engine.begin() as conn:
            conn.execute(
                text("INSERT INTO teams (id, name, created_at) VALUES ('t', 'T', :at)"),
                {"at": datetime(2026, 1, 1, tzinfo=UTC)},
            )
            for rid, phase in (("closed1", "closed"), ("open1", "reflect")):
                conn.execute(
                    text(
                        "INSERT INTO retros (id, team_id, title, template, created_at, last_seq,"
                        " phase, settings) VALUES (:id, 't', 'R', 'pm_engineering', :at, 3,"
                        " :phase, '{}')"
                    ),
                    {"id": rid, "phase": phase, "at": datetime(2026, 1, 1, tzinfo=UTC)},
                )
                for seq, kind, day in (
                    (1, "phase_changed", 2),
                    (2, "phase_changed", 3),
                    (3, "card_added", 4),
                ):
                    conn.execute(
                        text(
                            "INSERT INTO board_events (retro_id, seq, type, payload, visibility,"
                            " created_at) VALUES (:id, :seq, :type, '{}', 'all', :at)"
                        ),
                        {
                            "id": rid,
                            "seq": seq,
                            "type": kind,
                            "at": datetime(2026, 1, day, 9, tzinfo=UTC),
                        },
                    )
        upgrade(db)
        with db.read() as tx:
            listed = {r.retro.id: r for r in retro_listings(tx, "t", include_archived=True)}
        assert listed["closed1"].closed_at == datetime(2026, 1, 3, 9, tzinfo=UTC)
        assert listed["open1"].closed_at is None
        assert listed["closed1"].retro.archived_at is None
