"""A board client that resumes across a restore from a backup ends up with the database's board,
on a real server and both databases (docs/operations.md, "A database restored from a backup").

The board is backed up, written to, restored, and written to again with other cards until its
`seq` is past where the client stopped. The client then resumes with the `since`, log id and
tag it has: it must be sent a snapshot equal to the database (no card written after the backup,
every card written after the restore), whether the restore went through Twofold
(`twofold restore`, or pg_restore followed by `twofold db mark-restored`) or was a plain copy
Twofold was not told about.
"""

import os
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from tests.board_model import BoardModel
from tests.command_line import run_here
from tests.integration.conftest import Live
from tests.live_server import receive, receive_until


@pytest.fixture
def live(own_live: Live) -> Live:
    """A server of the test's own: it is stopped, and its database restored under it."""
    return own_live


def _twofold(live: Live, *args: str) -> str:
    env = {
        **os.environ,
        "TWOFOLD_DATA_DIR": str(live.server.data_dir),
        "TWOFOLD_DATABASE_URL": live.server.database_url,
        "TWOFOLD_PORT": str(live.server.port),
        "TWOFOLD_SECRET_KEY": "live-test-secret",
    }
    done = run_here(env, live.server.data_dir, *args)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _follow(live: Live, model: BoardModel) -> None:
    """Resume as the web client does and apply what comes, up to the board's current seq."""
    target = live.owner.http("GET", f"/api/retros/{live.rid}")["seq"]
    with live.owner.socket(live.rid, since=model.seq, log=model.log, tag=model.tag) as ws:
        while model.seq < target:
            frame = receive(ws)
            assert frame["type"] != "snapshot", "a resume on the same log must be replayed"
            if frame["type"] == "event":
                model.apply(frame["seq"], frame["event"], frame["tag"])


def _add_cards(live: Live, label: str, n: int) -> set[str]:
    return {
        live.eng.command(live.rid, "add_card", column_id=live.column(), text=f"{label} {i}")[
            "result"
        ]["card_id"]
        for i in range(n)
    }


def _backup(live: Live, to: Path) -> None:
    url = make_url(live.server.database_url)
    if url.get_backend_name() == "sqlite":
        src = sqlite3.connect(str(url.database))
        dst = sqlite3.connect(to)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
    else:
        subprocess.run(
            ["pg_dump", "--format=custom", "--file", str(to), _libpq(live)],
            check=True,
            capture_output=True,
            timeout=120,
        )


def _libpq(live: Live) -> str:
    url = make_url(live.server.database_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def _restore(live: Live, backup: Path, *, tell_twofold: bool) -> None:
    url = make_url(live.server.database_url)
    if url.get_backend_name() == "sqlite":
        if tell_twofold:
            out = _twofold(live, "restore", str(backup))
            assert "Restored" in out
            return
        # The way someone might restore without Twofold: copy the file back over.
        target = Path(str(url.database))
        target.write_bytes(backup.read_bytes())
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        return
    subprocess.run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--dbname",
            _libpq(live),
            str(backup),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    if tell_twofold:
        _twofold(live, "db", "mark-restored")


@pytest.mark.parametrize("tell_twofold", [True, False], ids=["restore_command", "plain_copy"])
def test_a_client_resuming_across_a_restore_gets_the_restored_board(
    live: Live, tmp_path: Path, tell_twofold: bool
) -> None:
    with live.owner.socket(live.rid) as ws:
        snapshot, _ = receive_until(ws, "snapshot")
    model = BoardModel.from_snapshot(
        snapshot["board"], snapshot["seq"], snapshot["log"], snapshot["tag"]
    )
    assert len(snapshot["log"]) == 32
    kept = _add_cards(live, "before the backup", 3)
    _follow(live, model)

    backup = tmp_path / "backup.db"
    _backup(live, backup)
    phantoms = _add_cards(live, "after the backup", 4)
    _follow(live, model)
    stopped_at = model.seq
    assert phantoms <= set(model.cards)

    live.server.stop()
    _restore(live, backup, tell_twofold=tell_twofold)
    live.server.start()
    replacements = _add_cards(live, "after the restore", 6)
    fresh = live.owner.http("GET", f"/api/retros/{live.rid}")
    assert fresh["seq"] > stopped_at

    with live.owner.socket(live.rid, since=model.seq, log=model.log, tag=model.tag) as ws:
        first: dict[str, Any] = receive(ws)
        while first["type"] == "presence":
            first = receive(ws)
    assert first["type"] == "snapshot"
    if tell_twofold:
        assert first["log"] != model.log
    resumed = BoardModel.from_snapshot(first["board"], first["seq"], first["log"], first["tag"])
    assert resumed.seq == fresh["seq"]
    assert resumed.comparable() == BoardModel.from_snapshot(fresh, fresh["seq"]).comparable()
    assert kept | replacements <= set(resumed.cards)
    assert not phantoms & set(resumed.cards)

    # From the snapshot on, resuming is a replay again.
    more = _add_cards(live, "later", 2)
    _follow(live, resumed)
    assert more <= set(resumed.cards)


def test_the_tag_of_every_event_sent_live_lets_its_viewer_resume_from_it(live: Live) -> None:
    """Tags are worked out from the event's full form when it is sent live and again from the
    log when a client resumes; they must agree for every kind of event and every viewer, or
    every reconnect would cost a snapshot."""
    live.owner.command(live.rid, "update_settings", anonymous=True, hide_tallies=True)
    with live.owner.socket(live.rid) as owner_ws, live.guest.socket(live.rid) as guest_ws:
        receive_until(owner_ws, "snapshot")
        receive_until(guest_ws, "snapshot")
        first = live.eng.command(live.rid, "add_card", column_id=live.column(), text="Slow CI")
        second = live.owner.command(live.rid, "add_card", column_id=live.column(), text="Flaky")
        cards = [first["result"]["card_id"], second["result"]["card_id"]]
        live.eng.command(live.rid, "edit_card", card_id=cards[0], text="Slow CI, again")
        live.owner.command(live.rid, "set_phase", phase="reveal")
        live.eng.command(live.rid, "react", card_id=cards[1], emoji="🤔")
        live.owner.command(live.rid, "set_phase", phase="group")
        group = live.owner.command(live.rid, "group_cards", card_ids=cards, title="CI")
        live.owner.command(live.rid, "set_phase", phase="vote")
        live.eng.command(live.rid, "vote", topic_id=group["result"]["group_id"])
        live.owner.command(live.rid, "set_timer", seconds=60)
        live.owner.command(live.rid, "set_phase", phase="discuss")
        live.eng.http("POST", f"/api/cards/{cards[0]}/debt", 201)
        last = live.owner.command(live.rid, "create_action", title="Fix CI")["seq"]
        seen: dict[str, list[tuple[int, str]]] = {}
        for name, ws in (("owner", owner_ws), ("guest", guest_ws)):
            frames: list[tuple[int, str]] = []
            while not frames or frames[-1][0] < last:
                frame = receive(ws)
                if frame["type"] == "event":
                    frames.append((frame["seq"], frame["tag"]))
            seen[name] = frames
    # Everyone is given the same tag for the same event, whatever form they got. The two
    # snapshots may be a join apart (they are built concurrently), so compare what both saw.
    owner_tags, guest_tags = dict(seen["owner"]), dict(seen["guest"])
    both = owner_tags.keys() & guest_tags.keys()
    assert len(both) >= 12
    assert {s: owner_tags[s] for s in both} == {s: guest_tags[s] for s in both}
    assert len(seen["owner"]) >= 12
    for person in (live.owner, live.guest):
        for seq, tag in seen["owner"]:
            log = _log(live)
            with person.socket(live.rid, since=seq, log=log, tag=tag) as ws:
                frame = receive(ws)
            if seq < last:
                assert (frame["type"], frame.get("seq")) == ("event", seq + 1), frame["type"]
            else:
                assert frame["type"] == "presence"


def _log(live: Live) -> str:
    with live.owner.socket(live.rid) as ws:
        snapshot, _ = receive_until(ws, "snapshot")
    return str(snapshot["log"])
