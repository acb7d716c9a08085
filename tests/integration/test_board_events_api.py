"""`GET /api/retros/{id}/events`: a board's events over HTTP, exactly as the socket sends them
to the one asking, with its faults answered clearly."""

from contextlib import ExitStack
from typing import Any

import httpx
import sqlalchemy as sa

from tests.integration.conftest import Live
from tests.live_server import Person, receive, receive_until


def _page(person: Person, live: Live, status: int = 200, **query: Any) -> Any:
    return person.http("GET", f"/api/retros/{live.rid}/events", status, params=query)


def _of(page: Any, kind: str) -> list[dict[str, Any]]:
    return [e["event"] for e in page["events"] if e["event"]["type"] == kind]


def _card(person: Person, live: Live, text: str) -> str:
    body = person.command(live.rid, "add_card", column_id=live.column(0), text=text)
    return str(body["result"]["card_id"])


def test_events_are_what_each_persons_socket_receives(live: Live) -> None:
    live.owner.command(live.rid, "update_settings", anonymous=True)
    start = live.owner.http("GET", f"/api/retros/{live.rid}")["seq"]
    people = {"owner": live.owner, "eng": live.eng, "guest": live.guest}
    with ExitStack() as stack:
        sockets = {name: stack.enter_context(p.socket(live.rid)) for name, p in people.items()}
        seen = {name: receive_until(ws, "snapshot")[0]["seq"] for name, ws in sockets.items()}
        card = _card(live.eng, live, "a hidden thought")
        live.owner.command(live.rid, "set_phase", phase="reveal")
        live.guest.command(live.rid, "react", card_id=card, emoji="👍")
        head = live.owner.http("GET", f"/api/retros/{live.rid}")["seq"]
        for name, ws in sockets.items():
            sent: list[dict[str, Any]] = []
            while not sent or sent[-1]["seq"] < head:
                frame = receive(ws)
                if frame["type"] == "event":
                    sent.append({k: frame[k] for k in ("seq", "tag", "event")})
            page = _page(people[name], live, since=seen[name])
            assert page["events"] == sent, name
            assert (page["head"], page["next_since"], page["more"]) == (head, head, False)
    [hidden] = _of(_page(live.owner, live, since=start), "card_added")
    assert hidden["card"]["hidden"] is True
    assert "text" not in hidden["card"]
    [mine] = _of(_page(live.eng, live, since=start), "card_added")
    assert mine["card"]["text"] == "a hidden thought"
    # An anonymous retro's reaction names nobody but to the one who reacted.
    reacted = [e["event"] for e in _page(live.eng, live, since=start)["events"]]
    assert {"type": "reaction_toggled", "card_id": card, "emoji": "👍",
            "participant": "anonymous", "on": True} in reacted  # fmt: skip


def test_pages_follow_on_to_the_head(live: Live) -> None:
    for i in range(5):
        _card(live.eng, live, f"card {i}")
    everything = _page(live.eng, live, since=0)
    assert everything["more"] is False
    assert len(everything["events"]) == everything["head"]
    since, log, seen = 0, "", []
    while True:
        page = _page(live.eng, live, since=since, limit=2, log=log)
        assert len(page["events"]) <= 2
        seen += page["events"]
        since, log = page["next_since"], page["log"]
        if not page["more"]:
            break
    assert seen == everything["events"]
    assert [e["seq"] for e in seen] == list(range(1, everything["head"] + 1))
    assert _page(live.eng, live, since=everything["head"])["events"] == []


def test_who_may_not_see_the_board_is_refused(live: Live) -> None:
    assert _page(live.outsider, live, 404)["error"]["code"] == "not_found"
    other = live.guest.http("GET", f"/api/retros/{live.other_retro_id}/events", 404)
    assert other["error"]["code"] == "not_found"
    anonymous = httpx.get(f"{live.server.url}/api/retros/{live.rid}/events", timeout=10)
    assert anonymous.status_code == 401
    assert _page(live.guest, live)["events"]  # the guest's own retro


def test_a_bad_since_is_named(live: Live) -> None:
    _card(live.eng, live, "one")
    head = live.eng.http("GET", f"/api/retros/{live.rid}")["seq"]
    assert _page(live.eng, live, 422, since=-1)["error"]["code"] == "since_negative"
    ahead = _page(live.eng, live, 422, since=head + 1)["error"]
    assert (ahead["code"], ahead["details"]) == ("since_ahead", {"head": head})
    assert _page(live.eng, live, 422, limit=0)["error"]["code"] == "validation_error"
    assert _page(live.eng, live, 422, limit=501)["error"]["code"] == "validation_error"
    log = _page(live.eng, live)["log"]
    assert _page(live.eng, live, 410, log="0" * 32)["error"]["code"] == "log_changed"
    # The log's start no longer kept (as after a compaction): what follows cannot be replayed.
    engine = sa.create_engine(live.server.database_url)
    with engine.begin() as conn:
        conn.execute(
            sa.text("DELETE FROM board_events WHERE retro_id = :r AND seq <= 1"), {"r": live.rid}
        )
    engine.dispose()
    gone = _page(live.eng, live, 410, since=0, log=log)["error"]
    assert (gone["code"], gone["details"]) == ("since_too_old", {"head": head})
    assert [e["seq"] for e in _page(live.eng, live, since=1)["events"]] == list(range(2, head + 1))
