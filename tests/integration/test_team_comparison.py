"""Trends across teams, through the API on both databases: a member sets their teams side by
side with the same figures as each team's own page; an engineering manager and the instance
owner see teams they are not in as figures only, never a word those teams wrote; anyone else
is refused, clearly."""

from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import delete, select, update

from tests.conftest import Client, expect_error, invite, new_client, signup
from tests.integration.test_demo import sign_in
from twofold.services.context import Ctx
from twofold.services.demo import PEOPLE, DemoResult, load_demo
from twofold.store.tables import (
    ActionItemRow,
    CardRow,
    DebtItemRow,
    ParticipantStateRow,
    RetroRow,
    RitualRow,
)


def _team(c: Client, name: str, role: str) -> str:
    return str(c.ok("POST", "/api/teams", 201, json={"name": name, "role": role})["id"])


def _join(app: FastAPI, host: Client, team_id: str, email: str, role: str | None) -> Client:
    """Someone signed up through the team's invite link; with a role, also its member."""
    token = invite(host, team_id)
    c = signup(app, email, email.split("@", maxsplit=1)[0].title(), token)
    if role is not None:
        c.ok("POST", f"/api/invites/{token}/accept", json={"role": role})
    return c


def _written_by(ctx: Ctx, team_id: str) -> set[str]:
    """Every title and text the team wrote that a figure-only view must not repeat."""
    with ctx.db.read() as tx:
        retros = select(RetroRow.id).where(RetroRow.team_id == team_id)
        words = set(tx.scalars(select(CardRow.text).where(CardRow.retro_id.in_(retros))))
        words |= set(
            tx.scalars(select(ActionItemRow.title).where(ActionItemRow.team_id == team_id))
        )
        words |= set(tx.scalars(select(DebtItemRow.title).where(DebtItemRow.team_id == team_id)))
        words |= set(tx.scalars(select(RetroRow.title).where(RetroRow.team_id == team_id)))
        words |= set(tx.scalars(select(RetroRow.sprint_name).where(RetroRow.team_id == team_id)))
        words |= set(tx.scalars(select(RitualRow.title).where(RitualRow.team_id == team_id)))
    return {w for w in words if w and len(w) > 3}


def _figures_only(response_text: str, words: set[str]) -> None:
    leaked = sorted(w for w in words if w in response_text)
    assert leaked == []


def test_across_teams(app: FastAPI, ctx: Ctx) -> None:
    """One demo load (the slow part) for every reader of the cross-team views."""
    boss = signup(app, "boss@example.com", "Bea Boss")  # the first account owns the instance
    demo = load_demo(ctx)
    priya = sign_in(app, PEOPLE[0][0])
    words = _written_by(ctx, demo.team_id)
    assert len(words) > 20
    # The check bites: a member's own trends page names the team's items.
    assert any(w in priya.get(f"/api/teams/{demo.team_id}/trends").text for w in words)
    _a_member_compares_own_teams(priya, demo, ctx)
    platform = _team(boss, "Platform", "pm")
    _an_em_sees_other_teams_as_figures_only(app, boss, platform, demo, words)
    _the_owner_sees_every_team_as_figures_only(boss, demo, words)
    _everyone_else_is_refused(app, boss, platform, demo)
    _bad_requests(priya, demo)


def _a_member_compares_own_teams(priya: Client, demo: DemoResult, ctx: Ctx) -> None:
    second = _team(priya, "Checkout", "pm")
    page = priya.ok("GET", f"/api/insights/teams?team={demo.team_id}&team={second}")
    assert [t["team_id"] for t in page["teams"]] == [demo.team_id, second]
    mine, empty = page["teams"]
    assert mine["member"] is True
    assert empty["sprints"] == []
    assert empty["follow_through"]["rate"] is None
    # The same figures as the team's own trends page, sprint by sprint.
    own = priya.ok("GET", f"/api/teams/{demo.team_id}/trends")
    assert len(mine["sprints"]) == len(own["sprints"]) == 3
    for compared, alone in zip(mine["sprints"], own["sprints"], strict=True):
        assert compared["ends"] == alone["ends"]
        assert compared["sprint_name"] == alone["sprint_name"]
        assert compared["values"] == alone["values"]
        assert compared["radar"] == alone["radar"]
        assert compared["equal_voice"] == alone["equal_voice"]
        assert compared["actions_agreed"] == alone["actions_agreed"]
    assert mine["follow_through"] == own["follow_through"]
    # An anonymous retro where the PM was the product side's only one shows no equal-voice
    # figures here either (the demo's designers are taken out of that retro for it).
    first = own["sprints"][0]["retro_id"]
    with ctx.db.write() as tx:
        settings = tx.scalar(select(RetroRow.settings).where(RetroRow.id == first))
        tx.execute(
            update(RetroRow)
            .where(RetroRow.id == first)
            .values(settings={**(settings or {}), "anonymous": True})
        )
        tx.execute(
            delete(ParticipantStateRow).where(
                ParticipantStateRow.retro_id == first, ParticipantStateRow.role == "design"
            )
        )
    again = priya.ok("GET", f"/api/insights/teams?team={demo.team_id}&last=3")
    voice = again["teams"][0]["sprints"][0]["equal_voice"]
    assert voice["shown"] is False
    assert voice["cards"] is None
    assert again["teams"][0]["sprints"][1]["equal_voice"]["shown"] is True
    # The company view of a member who manages nothing: their own teams.
    company = priya.ok("GET", "/api/insights/company")
    assert {t["team_id"] for t in company["teams"]} == {demo.team_id, second}
    demo_row = next(t for t in company["teams"] if t["team_id"] == demo.team_id)
    assert demo_row["sprints"] == 3
    assert demo_row["follow_through"] == own["follow_through"]
    shares = [s["values"]["tech_debt_share"] for s in own["sprints"]]
    known = [s for s in shares if s is not None]
    assert known
    assert demo_row["debt_share"] == pytest.approx(sum(known) / len(known))
    assert demo_row["debt_below_target"] == (demo_row["debt_share"] < company["debt_target"])
    assert company["debt_target"] == 20
    assert [g["dimension"] for g in demo_row["radar_gaps"]] == [
        d["dimension"] for d in own["sprints"][0]["radar"]
    ]


def _an_em_sees_other_teams_as_figures_only(
    app: FastAPI, boss: Client, platform: str, demo: DemoResult, words: set[str]
) -> None:
    emma = _join(app, boss, platform, "emma@example.com", "em")
    company = emma.get("/api/insights/company")
    body: Any = company.json()
    assert company.status_code == 200, company.text
    assert {t["team_id"] for t in body["teams"]} >= {demo.team_id, platform}
    demo_row = next(t for t in body["teams"] if t["team_id"] == demo.team_id)
    assert demo_row["member"] is False
    assert demo_row["sprints"] == 3
    assert demo_row["follow_through"]["agreed"] > 0
    _figures_only(company.text, words)
    # Side by side is for their own teams: someone else's is not found, with a reason.
    refused = expect_error(
        emma.get(f"/api/insights/teams?team={platform}&team={demo.team_id}"), 404, "not_found"
    )
    assert "teams you belong to" in refused["message"]
    assert emma.ok("GET", f"/api/insights/teams?team={platform}")["teams"][0]["member"] is True


def _the_owner_sees_every_team_as_figures_only(
    boss: Client, demo: DemoResult, words: set[str]
) -> None:
    response = boss.get(f"/api/insights/teams?team={demo.team_id}")
    assert response.status_code == 200, response.text
    team = response.json()["teams"][0]
    assert team["member"] is False
    assert [s["sprint_name"] for s in team["sprints"]] == [None, None, None]
    assert all(s["title"] == "" for s in team["started"])
    assert sum(s["actions_agreed"] for s in team["sprints"]) > 0
    _figures_only(response.text, words)
    company = boss.get("/api/insights/company")
    assert company.status_code == 200, company.text
    assert demo.team_id in {t["team_id"] for t in company.json()["teams"]}
    _figures_only(company.text, words)


def _everyone_else_is_refused(app: FastAPI, boss: Client, team_id: str, demo: DemoResult) -> None:
    loner = _join(app, boss, team_id, "loner@example.com", None)
    error = expect_error(loner.get("/api/insights/company"), 403, "no_teams")
    assert "create or join a team" in error["message"]
    expect_error(loner.get(f"/api/insights/teams?team={demo.team_id}"), 404, "not_found")
    expect_error(loner.get("/api/insights/teams?team=no-such-team"), 404, "not_found")
    # A guest of one retro sees no team's trends, not even that retro's.
    retro = boss.ok("POST", f"/api/teams/{team_id}/retros", 201, json={"title": "Open retro"})
    guest = new_client(app)
    guest.remember(
        guest.post(
            f"/api/invites/{invite(boss, team_id, retro['id'])}/guest",
            json={"display_name": "Gus Guest", "role": "design"},
        )
    )
    assert "Guests" in expect_error(guest.get("/api/insights/company"), 403)["message"]
    expect_error(guest.get(f"/api/insights/teams?team={team_id}"), 403)
    expect_error(new_client(app).get("/api/insights/company"), 401)


def _bad_requests(priya: Client, demo: DemoResult) -> None:
    missing = expect_error(priya.get("/api/insights/teams"), 422, "validation_error")
    assert missing["details"] == [{"field": "team", "message": "This is required."}]
    for query in ["last=0", "last=53", "from=2026-05-02&to=2026-05-01"]:
        response = priya.get(f"/api/insights/teams?team={demo.team_id}&{query}")
        assert "period" in expect_error(response, 422, "bad_period")["message"]
    expect_error(priya.get("/api/insights/company?last=0"), 422, "bad_period")
    many = "&".join(f"team=t{i}" for i in range(13))
    error = expect_error(priya.get(f"/api/insights/teams?{many}"), 422, "too_many_teams")
    assert error["params"] == {"most": 12}
