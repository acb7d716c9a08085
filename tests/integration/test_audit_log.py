"""The audit log over the real API on both databases: what is recorded (and what never is),
the owner's filters, pages and exports, and how long events are kept."""

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import FastAPI
from sqlalchemy import select, update

from tests.conftest import PASSWORD, Client, World, expect_error, new_client, user_id
from tests.fake_jira import fake_jira
from tests.integration.boards import to_phase
from tests.integration.test_signin_throttle import login
from twofold.domain.audit import UNKNOWN_ACCOUNT, AuditKind
from twofold.integrations.vault import Vault, new_key
from twofold.services import audit, connections
from twofold.services.context import Ctx
from twofold.settings import Settings
from twofold.store.tables import AuditEventRow
from twofold.worker.setup import worker_for


def _log(owner: Client, **params: Any) -> dict[str, Any]:
    return dict(owner.ok("GET", "/api/admin/audit", params=params))


def _kinds(owner: Client, **params: Any) -> list[str]:
    return [e["kind"] for e in _log(owner, **params)["events"]]


def test_sign_ins_are_recorded_without_what_was_typed(app: FastAPI, ctx: Ctx, world: World) -> None:
    stranger = new_client(app)
    assert login(stranger, "pm@example.com", PASSWORD).status_code == 200
    assert login(stranger, "pm@example.com", "hunter2 wrong guess").status_code == 401
    assert login(stranger, "nobody-here@example.com", "another guess").status_code == 401
    events = _log(world.owner, kind=["sign_in", "sign_in_failed"])["events"]
    unknown, wrong, good = events[:3]  # newest first
    pm = user_id(world.pm)
    assert (good["kind"], good["actor_id"], good["actor"]) == ("sign_in", pm, "Pm <pm@example.com>")
    assert good["ip"] == "testclient"
    assert (wrong["kind"], wrong["target"], wrong["detail"]) == (
        "sign_in_failed",
        pm,
        {"reason": "wrong_password"},
    )
    assert (unknown["actor"], unknown["actor_id"], unknown["target"]) == (
        UNKNOWN_ACCOUNT,
        None,
        None,
    )
    # Neither a password nor an address without an account is kept anywhere in the log.
    with ctx.db.read() as tx:
        stored = json.dumps([list(map(str, r)) for r in tx.execute(select(AuditEventRow)).all()])
    for secret in ("hunter2", "another guess", "nobody-here", PASSWORD):
        assert secret not in stored


def test_team_changes_links_exports_and_deletions_are_recorded(world: World) -> None:
    team, rid = world.team_id, world.retro["id"]
    eng = user_id(world.eng)
    world.pm.ok("PATCH", f"/api/teams/{team}/members/{eng}", json={"is_facilitator": True})
    made = world.pm.ok("POST", f"/api/teams/{team}/invites", 201, json={})
    world.pm.ok("DELETE", f"/api/teams/{team}/invites/{made['id']}", 204)
    # A refused action leaves no event: it rolled back with the rest.
    expect_error(world.pm.delete(f"/api/teams/{team}/invites/nope"), 404)
    to_phase(world, "closed")
    ends = datetime.now(UTC) + timedelta(days=2)
    share = world.pm.ok(
        "POST", f"/api/retros/{rid}/shares", 201, json={"expires_at": ends.isoformat()}
    )
    world.pm.ok("DELETE", f"/api/retros/{rid}/shares/{share['id']}")
    assert world.eng.get(f"/api/retros/{rid}/export/cards.csv").status_code == 200
    world.owner.ok("DELETE", f"/api/teams/{team}/members/{user_id(world.tech_lead)}", 204)
    world.pm.ok("DELETE", f"/api/retros/{rid}", 204)
    expected = [
        "retro_deleted",
        "member_removed",
        "export_downloaded",
        "share_revoked",
        "share_created",
        "invite_revoked",
        "invite_created",
        "member_changed",
    ]
    assert _kinds(world.owner, limit=len(expected)) == expected
    events: dict[str, Any] = {}
    for e in _log(world.owner)["events"]:  # newest first: the ones made here
        events.setdefault(e["kind"], e)
    assert events["member_changed"]["detail"] == {"facilitator": [False, True]}
    assert events["member_changed"]["target"] == eng
    assert events["member_changed"]["team_id"] == team
    assert events["invite_revoked"]["target"] == made["id"]
    assert events["export_downloaded"]["detail"] == {"file": "cards.csv"}
    assert events["export_downloaded"]["actor"] == "Eng <eng@example.com>"
    assert events["retro_deleted"]["detail"] == {"title": "Sprint 1 retro"}
    assert events["share_created"]["detail"]["retro_id"] == rid
    assert events["share_created"]["detail"]["expires_at"].startswith(ends.date().isoformat())


def test_only_the_owner_reads_the_log_by_filters_and_pages(
    app: FastAPI, ctx: Ctx, world: World
) -> None:
    for c in (world.pm, world.eng, world.outsider):
        expect_error(c.get("/api/admin/audit"), 403, "forbidden")
        expect_error(c.get("/api/admin/audit/export"), 403, "forbidden")
    expect_error(new_client(app).get("/api/admin/audit"), 401)
    expect_error(world.guest.get("/api/admin/audit"), 403)
    stranger = new_client(app)
    for _ in range(7):
        login(stranger, "eng@example.com", PASSWORD)
    login(stranger, "pm@example.com", PASSWORD)
    everything = _log(world.owner)
    assert everything["retention_days"] == 365
    eng = user_id(world.eng)
    by_eng = _log(world.owner, actor=eng, kind="sign_in", limit=3)
    assert (by_eng["total"], len(by_eng["events"])) == (7, 3)
    rest = _log(world.owner, actor=eng, kind="sign_in", limit=3, offset=6)
    assert len(rest["events"]) == 1
    assert _log(world.owner, actor="PM@EXAMPLE")["total"] == 1  # name or email, any case
    # Time bounds: events moved a day back fall out of "since an hour ago".
    with ctx.db.write() as tx:
        tx.execute(
            update(AuditEventRow)
            .where(AuditEventRow.actor_id == eng)
            .values(at=datetime.now(UTC) - timedelta(days=1))
        )
    hour_ago = (datetime.now(UTC) - timedelta(hours=1)).isoformat()
    assert _log(world.owner, actor=eng, since=hour_ago)["total"] == 0
    assert _log(world.owner, actor=eng, until=hour_ago)["total"] == 7
    for bad in ({"kind": "nonsense"}, {"limit": 0}, {"limit": 101}, {"since": "yesterday"}):
        expect_error(world.owner.get("/api/admin/audit", params=bad), 422, "validation_error")


def test_the_owner_exports_the_log_as_csv_and_json(world: World) -> None:
    # A display name a spreadsheet would run as a formula.
    world.pm.ok("PATCH", "/api/account", json={"display_name": "=HYPERLINK(1)"})
    login(new_client(world.pm.app), "pm@example.com", PASSWORD)  # type: ignore[arg-type]
    answer = world.owner.get("/api/admin/audit/export", params={"kind": "sign_in"})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    assert 'filename="twofold-audit.csv"' in answer.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert [r["kind"] for r in rows] == ["sign_in"]
    assert rows[0]["actor"].startswith("'=HYPERLINK(1)")
    as_json = world.owner.get("/api/admin/audit/export", params={"format": "json"})
    events = as_json.json()
    assert [e["kind"] for e in events][-3:] == ["sign_in"] + ["export_downloaded"] * 2
    assert events == sorted(events, key=lambda e: e["id"])  # oldest first
    # Each export is itself in the log.
    assert _kinds(world.owner, kind="export_downloaded") == ["export_downloaded"] * 2


def test_old_events_are_forgotten_by_the_worker(ctx: Ctx, settings: Settings, world: World) -> None:
    with ctx.db.write() as tx:
        for days in (400, 20, 1):
            audit.record(tx, AuditKind.INVITE_CREATED, None, target=f"aged-{days}")
            tx.execute(
                update(AuditEventRow)
                .where(AuditEventRow.target == f"aged-{days}")
                .values(at=datetime.now(UTC) - timedelta(days=days))
            )
    worker_for(ctx, settings).schedule()
    left = _log(world.owner, kind="invite_created", actor="Twofold")["events"]
    assert sorted(e["target"] for e in left) == ["aged-1", "aged-20"]
    assert audit.do_purge(ctx, 10) == 1
    left = _log(world.owner, kind="invite_created", actor="Twofold")["events"]
    assert [e["target"] for e in left] == ["aged-1"]


def test_connections_and_key_rotation_are_recorded(ctx: Ctx, world: World) -> None:
    key = new_key()
    ctx.vault = Vault(key)
    with fake_jira() as jira:
        body = {
            "vendor": "jira",
            "settings": {"site_url": jira.url, "email": jira.email, "project_key": "ops"},
            "token": jira.token,
        }
        made = world.pm.ok("POST", f"/api/teams/{world.team_id}/connections", 201, json=body)
    # A refused connection (a second tracker) records nothing.
    again = world.pm.post(f"/api/teams/{world.team_id}/connections", json=body)
    expect_error(again, 409)
    assert connections.do_reseal(Vault(f"{new_key()},{key}"), ctx) == (1, 0)
    world.pm.ok("DELETE", f"/api/teams/{world.team_id}/connections/{made['id']}", 204)
    events = _log(world.owner, kind=[k.value for k in CONNECTION_KINDS])["events"]
    assert [e["kind"] for e in events] == [
        "connection_removed",
        "integration_key_rotated",
        "connection_created",
    ]
    removed, rotated, created = events
    assert (created["target"], created["detail"], created["team_id"]) == (
        made["id"],
        {"vendor": "jira"},
        world.team_id,
    )
    assert (rotated["actor"], rotated["detail"]) == ("Twofold", {"resealed": 1, "not_opened": 0})
    assert removed["actor"] == "Pm <pm@example.com>"
    assert jira.token not in json.dumps(events)


CONNECTION_KINDS = (
    AuditKind.CONNECTION_CREATED,
    AuditKind.CONNECTION_REMOVED,
    AuditKind.INTEGRATION_KEY_ROTATED,
)
