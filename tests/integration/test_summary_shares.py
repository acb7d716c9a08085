"""Share links: a read-only summary for someone without an account, what it shows, and that
it stops on revoke and on expiry (docs/running-a-retro.md, "Share links")."""

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.conftest import World, command, expect_error, new_client, user_id
from tests.integration.boards import to_phase
from tests.integration.test_summary import run_retro


def _share(c: Any, rid: str, **body: Any) -> dict[str, Any]:
    return dict(c.ok("POST", f"/api/retros/{rid}/shares", 201, json=body))


def _token(share: dict[str, Any]) -> str:
    path = str(share["path"])
    assert path.startswith("/shared/")
    return path.removeprefix("/shared/")


def test_a_share_link_shows_an_outsider_the_summary_without_an_account(
    world: World, app: Any
) -> None:
    rid = world.retro["id"]
    command(world.owner, rid, "update_settings", anonymous=True)
    run_retro(world)
    to_phase(world, "closed")
    share = _share(world.pm, rid)
    assert share["revoked_at"] is None
    assert share["expires_at"] is None
    with new_client(app) as stranger:
        s = stranger.ok("GET", f"/api/shared/{_token(share)}")
        assert s["title"] == "Sprint 1 retro"
        assert s["names"] is None
        cards = [c for t in s["topics"] for c in t["cards"]]
        assert len(cards) == 4
        assert {(c["author_name"], c["author_role"]) for c in cards} == {(None, None)}
        # What the team keeps to itself stays with it, as for a guest.
        assert s["debt"] == []
        assert s["satisfaction"] is None
        assert s["signals"]["signals"] is None
        # Owners keep their names, as on the board, but no account id leaves for a stranger.
        [action] = s["actions"]
        assert action["owner_name"] == "Eng"
        assert action["owner_user_id"] is None
        assert user_id(world.eng) not in str(s)
        md = stranger.get(f"/api/shared/{_token(share)}/export/summary.md")
        assert md.status_code == 200
        assert md.text.startswith("# Sprint 1 retro")
        assert "Gus Guest" not in md.text
    # The link is listed for facilitators without its secret.
    [listed] = world.pm.ok("GET", f"/api/retros/{rid}/shares")
    assert listed["id"] == share["id"]
    assert "path" not in listed
    assert _token(share) not in str(listed)


def test_revoked_and_expired_links_are_refused_with_a_clear_reason(
    world: World, app: Any, ctx: Any
) -> None:
    rid = world.retro["id"]
    run_retro(world)
    to_phase(world, "closed")
    revoked = _share(world.pm, rid)
    soon = datetime.now(UTC) + timedelta(seconds=2)
    expiring = _share(world.owner, rid, expires_at=soon.isoformat())
    world.pm.ok("DELETE", f"/api/retros/{rid}/shares/{revoked['id']}")
    with new_client(app) as stranger:
        error = expect_error(stranger.get(f"/api/shared/{_token(revoked)}"), 410, "share_revoked")
        assert "turned off" in error["message"]
        expect_error(
            stranger.get(f"/api/shared/{_token(revoked)}/export/cards.csv"), 410, "share_revoked"
        )
        assert stranger.ok("GET", f"/api/shared/{_token(expiring)}")["title"]
        from twofold.store.tables import SummaryShareRow

        with ctx.db.write() as tx:
            tx.get(SummaryShareRow, expiring["id"]).expires_at = datetime.now(UTC) - timedelta(
                seconds=1
            )
        expect_error(stranger.get(f"/api/shared/{_token(expiring)}"), 410, "share_expired")
        expect_error(stranger.get("/api/shared/not-a-real-link"), 404, "not_found")
        expect_error(stranger.get(f"/api/shared/{'x' * 500}"), 404, "not_found")
    # Reopened, the retro's links pause until it is closed again.
    live = _share(world.pm, rid)
    to_phase(world, "actions")
    with new_client(app) as stranger:
        expect_error(stranger.get(f"/api/shared/{_token(live)}"), 409, "wrong_phase")
        to_phase(world, "closed")
        assert stranger.ok("GET", f"/api/shared/{_token(live)}")["title"]


def test_only_facilitators_make_list_and_revoke_links(world: World) -> None:
    rid = world.retro["id"]
    to_phase(world, "closed")
    share = _share(world.pm, rid)
    for c in (world.eng, world.tech_lead):
        expect_error(c.post(f"/api/retros/{rid}/shares", json={}), 403, "forbidden")
        expect_error(c.get(f"/api/retros/{rid}/shares"), 403, "forbidden")
        expect_error(c.delete(f"/api/retros/{rid}/shares/{share['id']}"), 403, "forbidden")
    expect_error(world.outsider.post(f"/api/retros/{rid}/shares", json={}), 404, "not_found")
    expect_error(world.outsider.get(f"/api/retros/{rid}/shares"), 404, "not_found")
    # Guests take part in their retro only; the team's links are not theirs to see.
    expect_error(world.guest.post(f"/api/retros/{rid}/shares", json={}), 403, "forbidden")
    expect_error(world.guest.get(f"/api/retros/{rid}/shares"), 403, "forbidden")
    expect_error(world.pm.delete(f"/api/retros/{rid}/shares/nope"), 404, "not_found")
    past = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    expect_error(
        world.pm.post(f"/api/retros/{rid}/shares", json={"expires_at": past}),
        422,
        "validation_error",
    )
    # A link of one retro cannot be revoked through another.
    other = world.outsider.ok("POST", f"/api/retros/{world.other_retro['id']}/shares", 201, json={})
    expect_error(world.pm.delete(f"/api/retros/{rid}/shares/{other['id']}"), 404, "not_found")
