"""A retro's sprint signals read from the team's Linear cycle, end to end against a local
Linear workspace: cycles listed and one picked through the worker, the figures worked out from
a cycle of 11 issues (see tests/linear_cycle_fixture.py for the hand computation), a refused
key shown as the reason, and Linear down or limiting requests tried again."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests import sprint_jobs as jobs
from tests.conftest import World, expect_error
from tests.fake_linear import FakeLinear, fake_linear, rate_limited
from tests.linear_cycle_fixture import C12, EXPECTED, EXPECTED_EXTRAS, build
from tests.local_vendor import Scripted
from tests.tracker_jobs import tracker_settings
from twofold.integrations.vault import Vault, new_key
from twofold.services.context import Ctx
from twofold.settings import Settings
from twofold.store.database import Database

KEY = new_key()
PICKED = C12.replace("-", "")


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    return tracker_settings(db_url, tmp_path)


@pytest.fixture
def ctx(settings: Settings) -> Iterator[Ctx]:
    db = Database(settings.database_url, secret=settings.secret_key)
    yield Ctx(db, vault=Vault(KEY))
    db.dispose()


@pytest.fixture
def linear() -> Iterator[FakeLinear]:
    with fake_linear() as workspace:
        build(workspace)
        yield workspace


def _connect(world: World, ctx: Ctx, settings: Settings, linear: FakeLinear, **extra: Any) -> None:
    site = {"team_key": "ENG", "api_url": linear.url, "qa_states": ["In Review"], **extra}
    jobs.connect(world, ctx, settings, "linear", {"settings": site, "token": linear.token})


def test_a_facilitator_picks_a_cycle_and_the_signals_fill_with_their_provenance(
    world: World, ctx: Ctx, settings: Settings, linear: FakeLinear
) -> None:
    _connect(world, ctx, settings, linear)
    page = world.eng.ok("GET", jobs.url(world))
    assert (page["connected"], page["vendor"], page["state"]) == (True, "linear", "idle")
    listed = jobs.listed(world, ctx, settings)
    assert listed["state"] == "done"
    # Started cycles of the team, newest first (14 starts in 2027); Linear's ids kept short.
    assert [(s["id"], s["name"], s["state"], s["board"]) for s in listed["sprints"]] == [
        (C12.replace("-", "")[:-1] + "3", "13 (Launch)", "active", "Engineering"),
        (PICKED, "12", "closed", "Engineering"),
        (C12.replace("-", "")[:-1] + "1", "11", "closed", "Engineering"),
    ]

    page = jobs.picked(world, ctx, settings, PICKED)
    assert (page["state"], page["sprint_id"], page["sprint_name"]) == ("done", PICKED, "12")
    assert page["fetched_at"]
    assert page["questions"] == "question_mark"
    assert jobs.figures(page) == EXPECTED
    assert page["extras"] == EXPECTED_EXTRAS
    signals = world.eng.ok("GET", f"/api/retros/{world.retro['id']}/signals")["signals"]
    for field, value in EXPECTED.items():
        assert signals[field] == value, field

    # The cycle was asked for by Linear's own id, its issues by cycle and by team since the
    # day before it started, and long histories read on from the issue.
    [cycle] = linear.operations("TwofoldCycle")
    assert cycle.variables == {"id": C12}
    filters = [s.variables["filter"] for s in linear.operations("TwofoldCycleIssues")]
    assert {"cycle": {"id": {"eq": C12}}} in filters
    assert {
        "team": {"key": {"eq": "ENG"}},
        "updatedAt": {"gt": "2026-11-15T09:00:00Z"},
    } in filters
    more = {s.variables["id"] for s in linear.operations("TwofoldIssueHistory")}
    assert {"issue-2", "issue-3"} <= more


def test_points_by_story_count_and_questions_off_follow_the_settings(
    world: World, ctx: Ctx, settings: Settings, linear: FakeLinear
) -> None:
    _connect(world, ctx, settings, linear, questions="off", qa_states=[], debt_labels=["bug"])
    jobs.listed(world, ctx, settings)
    page = jobs.picked(world, ctx, settings, PICKED)
    found = jobs.figures(page)
    assert page["questions"] == "off"
    assert "clarifying_questions" not in found
    # No QA state named: rejections are not measured, rather than counted as none.
    assert "stories_rejected_in_qa" not in found
    assert found["tech_debt_share"] == 0.0
    assert found["rework_days"] == 1.5  # the reopening only


def test_a_refused_key_is_shown_as_the_reason_and_not_tried_again(
    world: World, ctx: Ctx, settings: Settings, linear: FakeLinear
) -> None:
    _connect(world, ctx, settings, linear)
    jobs.listed(world, ctx, settings)
    linear.token = "lin_api_revoked_0000"
    page = jobs.picked(world, ctx, settings, PICKED)
    assert page["state"] == "failed"
    assert "Linear refused the API key" in page["error"]
    assert page["figures"] == []
    signals = world.eng.ok("GET", f"/api/retros/{world.retro['id']}/signals")["signals"]
    assert signals["stories_committed"] is None


def test_a_cycle_gone_since_it_was_listed_is_said(
    world: World, ctx: Ctx, settings: Settings, linear: FakeLinear
) -> None:
    _connect(world, ctx, settings, linear)
    jobs.listed(world, ctx, settings)
    del linear.cycles[C12]
    page = jobs.picked(world, ctx, settings, PICKED)
    assert page["state"] == "failed"
    assert "Linear has no cycle" in page["error"]


def test_linear_down_or_limiting_is_tried_again_and_then_read_whole(
    world: World, ctx: Ctx, settings: Settings, linear: FakeLinear
) -> None:
    _connect(world, ctx, settings, linear)
    jobs.listed(world, ctx, settings)
    linear.fail_next = [rate_limited(0)]
    world.pm.ok("POST", jobs.url(world), 202, json={"sprint_id": PICKED})
    w = jobs.worker(ctx, settings)
    w.run_once()
    page = world.eng.ok("GET", jobs.url(world))
    assert (page["state"], page["attempts"]) == ("pending", 1)
    assert "Linear is limiting requests" in page["error"]

    # Down in the middle of the pages: tried again, then read whole.
    linear.fail_next = [Scripted(503, body={"error": "Service Unavailable"})]
    jobs.drain(w)
    page = world.eng.ok("GET", jobs.url(world))
    assert page["state"] == "done"
    assert jobs.figures(page) == EXPECTED


def test_a_cycle_linear_did_not_list_is_refused_in_linears_words(
    world: World, ctx: Ctx, settings: Settings, linear: FakeLinear
) -> None:
    _connect(world, ctx, settings, linear)
    jobs.listed(world, ctx, settings)
    future = "0c0c0c0c111141118111000000000014"  # cycle 14 has not started
    error = expect_error(world.pm.post(jobs.url(world), json={"sprint_id": future}), 422)
    assert error["code"] == "unknown_sprint"
    assert "That cycle is not among the ones Linear listed" in error["message"]
    expect_error(world.eng.post(jobs.url(world) + "/sprints"), 403)
    assert linear.operations("TwofoldCycle") == []
