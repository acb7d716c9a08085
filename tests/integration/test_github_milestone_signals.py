"""A retro's sprint signals read from the team's GitHub milestone, end to end against a local
GitHub: milestones listed and one picked through the worker, the figures worked out from a
milestone of 8 issues (see tests/github_milestone_fixture.py for the hand computation), with
points from labels or not tracked at all, a refused token shown as the reason, and GitHub
down or limiting requests tried again."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests import sprint_jobs as jobs
from tests.conftest import World, expect_error
from tests.fake_github import FakeGitHub, fake_github, rate_limited
from tests.github_milestone_fixture import (
    EXPECTED,
    EXPECTED_EXTRAS,
    UNPOINTED,
    UNPOINTED_EXTRAS,
    build,
)
from tests.local_vendor import Scripted
from tests.tracker_jobs import tracker_settings
from twofold.integrations.vault import Vault, new_key
from twofold.services.context import Ctx
from twofold.settings import Settings
from twofold.store.database import Database

KEY = new_key()


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    return tracker_settings(db_url, tmp_path)


@pytest.fixture
def ctx(settings: Settings) -> Iterator[Ctx]:
    db = Database(settings.database_url, secret=settings.secret_key)
    yield Ctx(db, vault=Vault(KEY))
    db.dispose()


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    with fake_github() as site:
        build(site)
        yield site


def _connect(world: World, ctx: Ctx, settings: Settings, github: FakeGitHub, **extra: Any) -> None:
    repo = {"repository": github.repository, "api_url": github.url, **extra}
    jobs.connect(world, ctx, settings, "github", {"settings": repo, "token": github.token})


def test_a_facilitator_picks_a_milestone_and_the_signals_fill_with_their_provenance(
    world: World, ctx: Ctx, settings: Settings, github: FakeGitHub
) -> None:
    _connect(world, ctx, settings, github, points_label_prefix="points:")
    assert world.eng.ok("GET", jobs.url(world))["vendor"] == "github"
    listed = jobs.listed(world, ctx, settings)
    # Started milestones (Sprint 9 starts in 2027), newest first, each starting 14 days
    # before it is due.
    assert [(s["id"], s["name"], s["state"]) for s in listed["sprints"]] == [
        ("4", "Sprint 8", "open"),
        ("3", "Sprint 7", "closed"),
        ("2", "Sprint 6", "closed"),
    ]
    assert listed["sprints"][1]["start"].startswith("2026-11-16T09:00:00")
    assert {s["board"] for s in listed["sprints"]} == {github.repository}
    asked = github.requests_to("GET", "/milestones")
    assert [(a.query["state"], a.query.get("page")) for a in asked] == [
        (["all"], None),
        (["all"], ["2"]),
    ]

    page = jobs.picked(world, ctx, settings, "3")
    assert (page["state"], page["sprint_id"], page["sprint_name"]) == ("done", "3", "Sprint 7")
    assert jobs.figures(page) == EXPECTED
    assert page["extras"] == EXPECTED_EXTRAS
    signals = world.eng.ok("GET", f"/api/retros/{world.retro['id']}/signals")["signals"]
    assert (signals["stories_committed"], signals["points_completed"]) == (6, 10.0)

    # The milestone's issues and the repository's updated since the day before it started;
    # the pull request's timeline is never asked for; long timelines read page by page.
    listings = [s.query for s in github.requests_to("GET", "/issues")]
    assert any(q.get("milestone") == ["3"] and q.get("state") == ["all"] for q in listings)
    assert any(q.get("since") == ["2026-11-15T09:00:00Z"] for q in listings)
    assert github.requests_to("GET", "/issues/9/timeline") == []
    pages = [s.query.get("page", ["1"])[0] for s in github.requests_to("GET", "/issues/2/timeline")]
    assert pages == ["1", "2"]  # four events, two a page


def test_without_a_points_label_points_are_not_tracked(
    world: World, ctx: Ctx, settings: Settings, github: FakeGitHub
) -> None:
    _connect(world, ctx, settings, github)
    jobs.listed(world, ctx, settings)
    page = jobs.picked(world, ctx, settings, "3")
    assert jobs.figures(page) == UNPOINTED
    assert page["extras"] == UNPOINTED_EXTRAS
    signals = world.eng.ok("GET", f"/api/retros/{world.retro['id']}/signals")["signals"]
    assert signals["points_committed"] is None


def test_a_refused_token_is_shown_as_the_reason_and_not_tried_again(
    world: World, ctx: Ctx, settings: Settings, github: FakeGitHub
) -> None:
    _connect(world, ctx, settings, github)
    jobs.listed(world, ctx, settings)
    github.token = "github_pat_revoked"
    page = jobs.picked(world, ctx, settings, "3")
    assert page["state"] == "failed"
    assert "GitHub refused the token (401)" in page["error"]
    assert page["figures"] == []
    assert len(github.requests_to("GET", "/milestones/3")) == 1


def test_a_milestone_gone_since_it_was_listed_is_said(
    world: World, ctx: Ctx, settings: Settings, github: FakeGitHub
) -> None:
    _connect(world, ctx, settings, github)
    jobs.listed(world, ctx, settings)
    del github.milestones[3]
    page = jobs.picked(world, ctx, settings, "3")
    assert page["state"] == "failed"
    assert "has no milestone 3" in page["error"]


def test_github_down_or_limiting_is_tried_again_and_then_read_whole(
    world: World, ctx: Ctx, settings: Settings, github: FakeGitHub
) -> None:
    _connect(world, ctx, settings, github, points_label_prefix="points:")
    jobs.listed(world, ctx, settings)
    github.fail_next = [rate_limited(0)]
    world.pm.ok("POST", jobs.url(world), 202, json={"sprint_id": "3"})
    w = jobs.worker(ctx, settings)
    w.run_once()
    page = world.eng.ok("GET", jobs.url(world))
    assert (page["state"], page["attempts"]) == ("pending", 1)
    assert "rate limit" in page["error"].casefold() or "limiting" in page["error"]

    github.fail_next = [Scripted(503, body={"message": "Service Unavailable"})]
    jobs.drain(w)
    page = world.eng.ok("GET", jobs.url(world))
    assert page["state"] == "done"
    assert jobs.figures(page) == EXPECTED


def test_bad_sprint_settings_are_refused_with_the_field(world: World, github: FakeGitHub) -> None:
    url = f"/api/teams/{world.team_id}/connections"
    repo = {"repository": github.repository, "api_url": github.url}
    for wrong, value in (("sprint_days", 0), ("sprint_days", 400), ("questions", "often")):
        body = {"vendor": "github", "settings": {**repo, wrong: value}, "token": github.token}
        error = expect_error(world.pm.post(url, json=body), 422)
        assert error["details"][0]["field"] == f"settings.{wrong}"
    assert world.pm.ok("GET", url) == []
    # A team not on a tracker that reads sprints is told to connect one.
    expect_error(world.pm.post(jobs.url(world) + "/sprints"), 409, "not_connected")
