"""A retro's sprint signals read from the iterations of a GitHub project, end to end against
a local GitHub speaking its GraphQL API for the project and its REST API for the issues'
timelines: iterations listed and one picked through the worker, the figures worked out from
the iteration described in tests/github_iteration_fixture.py, and an unknown project or field
shown as the reason."""

from collections.abc import Iterator

import pytest

from tests import sprint_jobs as jobs
from tests.conftest import World
from tests.fake_github import FakeGitHub, fake_github
from tests.github_iteration_fixture import EXPECTED, EXPECTED_EXTRAS, PROJECT, build

# The same connection, settings and worker context as the milestones' tests.
from tests.integration.test_github_milestone_signals import _connect, ctx, settings  # noqa: F401
from twofold.services.context import Ctx
from twofold.settings import Settings


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    with fake_github() as site:
        build(site)
        yield site


def test_a_facilitator_picks_an_iteration_and_the_signals_fill_from_the_project(
    world: World,
    ctx: Ctx,  # noqa: F811
    settings: Settings,  # noqa: F811
    github: FakeGitHub,
) -> None:
    address = "https://github.com/orgs/octo-org/projects/5"
    _connect(world, ctx, settings, github, project=address, points_field="Estimate")
    connection = world.pm.ok("GET", f"/api/teams/{world.team_id}/connections")[0]
    assert connection["settings"]["project"] == PROJECT  # the address read as owner/number
    listed = jobs.listed(world, ctx, settings)
    # Started iterations, newest first; Sprint 9 has not started.
    assert [(s["id"], s["name"], s["state"]) for s in listed["sprints"]] == [
        ("it8", "Sprint 8", "active"),
        ("it7", "Sprint 7", "completed"),
    ]
    assert listed["sprints"][1]["start"].startswith("2026-11-16T00:00:00")
    assert listed["sprints"][1]["end"].startswith("2026-11-30T00:00:00")
    assert {s["board"] for s in listed["sprints"]} == {"Checkout roadmap"}

    page = jobs.picked(world, ctx, settings, "it7")
    assert (page["state"], page["sprint_id"], page["sprint_name"]) == ("done", "it7", "Sprint 7")
    assert jobs.figures(page) == EXPECTED
    assert page["extras"] == EXPECTED_EXTRAS
    signals = world.eng.ok("GET", f"/api/retros/{world.retro['id']}/signals")["signals"]
    assert (signals["stories_committed"], signals["points_completed"]) == (5, 7.0)
    # Removals cannot be seen, so that field is left to people.
    assert signals["stories_removed_after_start"] is None

    # The items were read page by page with the GraphQL cursor; only this repository's issues
    # had their timelines asked for, the draft and the other repository's issue none.
    cursors = [
        b["variables"].get("after") for b in github.graphql_seen if "ProjectItems" in b["query"]
    ]
    assert cursors == [None, "2", "4", "6", "8"]
    assert all(
        b["variables"]["first"] == 100 for b in github.graphql_seen if "ProjectItems" in b["query"]
    )
    asked = {s.path for s in github.seen if s.path.endswith("/timeline")}
    assert asked == {f"/repos/{github.repository}/issues/{n}/timeline" for n in (1, 2, 3, 4, 5, 6)}


def test_an_unknown_project_or_field_is_said_plainly(
    world: World,
    ctx: Ctx,  # noqa: F811
    settings: Settings,  # noqa: F811
    github: FakeGitHub,
) -> None:
    _connect(world, ctx, settings, github, project="octo-org/9")
    asked = world.pm.ok("POST", jobs.url(world) + "/sprints", 202)
    assert asked["state"] == "pending"
    jobs.drain(jobs.worker(ctx, settings))
    page = world.pm.ok("GET", jobs.url(world))
    assert page["state"] == "failed"
    assert "GitHub has no project octo-org/9" in page["error"]

    # Connected again, to the right project but a number field named as the iteration field.
    world.pm.ok("DELETE", f"/api/teams/{world.team_id}/connections/{_connection_id(world)}", 204)
    _connect(world, ctx, settings, github, project=PROJECT, iteration_field="Estimate")
    world.pm.ok("POST", jobs.url(world) + "/sprints", 202)
    jobs.drain(jobs.worker(ctx, settings))
    page = world.pm.ok("GET", jobs.url(world))
    assert page["state"] == "failed"
    assert "has no iteration field called Estimate" in page["error"]


def test_a_bad_project_name_is_refused_with_the_field(world: World) -> None:
    body = {
        "vendor": "github",
        "settings": {"repository": "octo-org/web", "project": "octo-org/projects"},
        "token": "github_pat_11ABCD",
    }
    answer = world.pm.post(f"/api/teams/{world.team_id}/connections", json=body)
    assert answer.status_code == 422
    assert "owner/number" in answer.text


def _connection_id(world: World) -> str:
    return str(world.pm.ok("GET", f"/api/teams/{world.team_id}/connections")[0]["id"])
