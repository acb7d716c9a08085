"""A retro's sprint signals read from the team's Jira, end to end against a local Jira site:
sprints listed and picked through the worker, the figures worked out from a sprint of 30 issues
(see tests/jira_sprint_fixture.py for the hand computation), overrides kept through a refetch,
who may ask, and Jira failing in each documented way."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import World, expect_error, settings_for
from tests.fake_jira import FakeJira, fake_jira
from tests.jira_sprint_fixture import EXPECTED, EXPECTED_EXTRAS, Builder, at, build
from tests.local_vendor import Scripted
from twofold.domain.outbox import RetryPolicy
from twofold.integrations.vault import Vault, new_key
from twofold.services.context import Ctx
from twofold.settings import Settings
from twofold.store.database import Database
from twofold.worker.runner import Worker
from twofold.worker.sprint_reads import sprint_handlers
from twofold.worker.trackers import tracker_handlers

KEY = new_key()


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    return settings_for(db_url, tmp_path).model_copy(
        update={"public_url": "https://retro.example.com", "integrations_timeout_seconds": 2.0}
    )


@pytest.fixture
def ctx(settings: Settings) -> Iterator[Ctx]:
    db = Database(settings.database_url, secret=settings.secret_key)
    yield Ctx(db, vault=Vault(KEY))
    db.dispose()


@pytest.fixture
def jira() -> Iterator[FakeJira]:
    with fake_jira() as site:
        build(site.agile)
        yield site


def _worker(ctx: Ctx, settings: Settings, attempts: int = 5) -> Worker:
    handlers = {**tracker_handlers(ctx, settings), **sprint_handlers(ctx, settings)}
    return Worker(ctx, handlers, policy=RetryPolicy(max_attempts=attempts, first_delay=0))


def _drain(worker: Worker) -> None:
    for _ in range(20):
        if not worker.run_once().handled:
            return
    raise AssertionError("the worker never ran out of work")


def _connect(world: World, ctx: Ctx, settings: Settings, jira: FakeJira, **extra: Any) -> None:
    site = {
        "site_url": jira.url,
        "email": jira.email,
        "project_key": "OPS",
        "qa_statuses": ["In QA"],
        **extra,
    }
    body = {"vendor": "jira", "settings": site, "token": jira.token}
    world.pm.ok("POST", f"/api/teams/{world.team_id}/connections", 201, json=body)
    _drain(_worker(ctx, settings))


def _url(world: World) -> str:
    return f"/api/retros/{world.retro['id']}/tracker-sprint"


def _listed(world: World, ctx: Ctx, settings: Settings) -> dict[str, Any]:
    asked = world.pm.ok("POST", _url(world) + "/sprints", 202)
    assert (asked["stage"], asked["state"]) == ("sprints", "pending")
    _drain(_worker(ctx, settings))
    found: dict[str, Any] = world.pm.ok("GET", _url(world))
    return found


def _picked(world: World, ctx: Ctx, settings: Settings, sprint_id: str = "42") -> dict[str, Any]:
    asked = world.pm.ok("POST", _url(world), 202, json={"sprint_id": sprint_id})
    assert (asked["stage"], asked["state"]) == ("signals", "pending")
    _drain(_worker(ctx, settings))
    found: dict[str, Any] = world.eng.ok("GET", _url(world))
    return found


def _figures(page: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f["field"]: f for f in page["figures"]}


def test_a_facilitator_picks_a_sprint_and_the_signals_fill_with_their_provenance(
    world: World, ctx: Ctx, settings: Settings, jira: FakeJira
) -> None:
    _connect(world, ctx, settings, jira)
    assert world.eng.ok("GET", _url(world))["state"] == "idle"
    listed = _listed(world, ctx, settings)
    assert listed["state"] == "done"
    # Started sprints of the project's boards only, newest first (44 is in the future, 90 is
    # another project's).
    assert [(s["id"], s["name"], s["state"]) for s in listed["sprints"]] == [
        ("43", "OPS Sprint 43", "active"),
        ("42", "OPS Sprint 42", "closed"),
        ("41", "OPS Sprint 41", "closed"),
    ]
    [boards] = jira.agile_requests_to("/board")
    assert boards.query["projectKeyOrId"] == ["OPS"]

    page = _picked(world, ctx, settings)
    assert (page["state"], page["sprint_id"], page["sprint_name"]) == (
        "done",
        "42",
        "OPS Sprint 42",
    )
    assert page["fetched_at"]
    assert page["questions"] == "question_mark"
    figures = _figures(page)
    assert {f: v["from_tracker"] for f, v in figures.items()} == EXPECTED
    assert all(v["current"] == v["from_tracker"] for v in figures.values())
    assert not any(v["overridden"] for v in figures.values())
    assert page["extras"] == EXPECTED_EXTRAS

    # The retro's signals hold them, and its flags follow.
    signals = world.eng.ok("GET", f"/api/retros/{world.retro['id']}/signals")
    for field, value in EXPECTED.items():
        assert signals["signals"][field] == value, field
    assert signals["completion"] == {"percent": round(100 * 66 / 106, 1), "counted_in": "points"}
    flagged = {f["signal"] for f in signals["flags"]}
    assert {"stories_added_after_start", "tech_debt_share", "rework_days"} <= flagged

    # Every list was read page by page, and long changelogs from their own endpoint.
    starts = [s.query["startAt"][0] for s in jira.agile_requests_to("/sprint/42/issue")]
    assert starts == ["0", "5", "10", "15", "20"]
    first = jira.agile_requests_to("/sprint/42/issue")[0].query
    assert first["expand"] == ["changelog"]
    assert "customfield_10016" in first["fields"][0].split(",")
    [board_issues, *_] = jira.agile_requests_to("/board/7/issue")
    assert board_issues.query["jql"] == ['updated >= "2026-11-15"']
    pages = [s.query["startAt"][0] for s in jira.requests_to("GET", "/issue/OPS-3/changelog")]
    assert pages == ["0", "5"]


def test_an_override_wins_and_survives_a_refetch(
    world: World, ctx: Ctx, settings: Settings, jira: FakeJira
) -> None:
    _connect(world, ctx, settings, jira)
    _listed(world, ctx, settings)
    page = _picked(world, ctx, settings)
    signals_url = f"/api/retros/{world.retro['id']}/signals"
    values = world.eng.ok("GET", signals_url)["signals"]
    values["stories_committed"] = 25  # one story Jira does not know was promised
    values["clarifying_questions"] = None  # the team thinks the heuristic misread
    world.eng.ok("PUT", signals_url, json=values)

    page = world.eng.ok("GET", _url(world))
    figures = _figures(page)
    assert {f for f, v in figures.items() if v["overridden"]} == {
        "stories_committed",
        "clarifying_questions",
    }
    assert (
        figures["stories_committed"]["current"],
        figures["stories_committed"]["from_tracker"],
    ) == (
        25,
        24,
    )

    # Jira changes, and the sprint is read again: the overrides stay, the rest follows Jira.
    jira.agile.issues["OPS-24"].fields["customfield_10016"] = 4
    page = _picked(world, ctx, settings)
    figures = _figures(page)
    assert figures["points_committed"]["current"] == 110
    assert figures["stories_committed"]["current"] == 25
    assert figures["clarifying_questions"]["current"] is None
    assert figures["clarifying_questions"]["from_tracker"] == 3
    after = world.eng.ok("GET", signals_url)["signals"]
    assert (after["stories_committed"], after["points_committed"]) == (25, 110)

    # Put back to Jira's value, a field follows Jira again.
    after["stories_committed"] = 24
    world.eng.ok("PUT", signals_url, json=after)
    figures = _figures(world.eng.ok("GET", _url(world)))
    assert not figures["stories_committed"]["overridden"]
    assert figures["clarifying_questions"]["overridden"]


def test_values_typed_before_the_first_fetch_are_kept_as_overrides(
    world: World, ctx: Ctx, settings: Settings, jira: FakeJira
) -> None:
    _connect(world, ctx, settings, jira)
    signals_url = f"/api/retros/{world.retro['id']}/signals"
    world.eng.ok("PUT", signals_url, json={"stories_committed": 30, "shipped_on_time": True})
    _listed(world, ctx, settings)
    figures = _figures(_picked(world, ctx, settings))
    assert figures["stories_committed"]["overridden"]
    assert figures["stories_committed"]["current"] == 30
    after = world.eng.ok("GET", signals_url)["signals"]
    assert (after["stories_committed"], after["shipped_on_time"], after["stories_completed"]) == (
        30,
        True,
        18,
    )


def test_only_the_teams_facilitators_pick_and_only_its_members_see(
    world: World, ctx: Ctx, settings: Settings, jira: FakeJira
) -> None:
    url = _url(world)
    expect_error(world.pm.post(url + "/sprints"), 409, "not_connected")
    _connect(world, ctx, settings, jira)
    for c in (world.eng, world.guest):
        expect_error(c.post(url + "/sprints"), 403)
        expect_error(c.post(url, json={"sprint_id": "42"}), 403)
    expect_error(world.guest.get(url), 403)
    expect_error(world.outsider.get(url), 404)
    expect_error(world.outsider.post(url + "/sprints"), 404)
    expect_error(world.outsider.post(url, json={"sprint_id": "42"}), 404)
    # Beta's facilitator, through Beta's own retro, reads Beta's (unconnected) state only.
    other = f"/api/retros/{world.other_retro['id']}/tracker-sprint"
    assert world.outsider.ok("GET", other)["connected"] is False
    expect_error(world.outsider.post(other + "/sprints"), 409, "not_connected")
    # A sprint Jira did not list is refused, before anything is queued.
    _listed(world, ctx, settings)
    error = expect_error(world.pm.post(url, json={"sprint_id": "44"}), 422, "unknown_sprint")
    assert error["details"][0]["field"] == "sprint_id"
    expect_error(world.pm.post(url, json={"sprint_id": ""}), 422)
    assert world.eng.ok("GET", url)["may_ask"] is False
    assert world.pm.ok("GET", url)["may_ask"] is True


@pytest.mark.parametrize(
    ("status", "says"),
    [(401, "refused the token"), (403, "is not allowed"), (404, "no sprint 42")],
)
def test_a_refusal_from_jira_is_shown_and_not_tried_again(
    world: World, ctx: Ctx, settings: Settings, jira: FakeJira, status: int, says: str
) -> None:
    _connect(world, ctx, settings, jira)
    _listed(world, ctx, settings)
    if status == 404:
        del jira.agile.sprints[42]  # deleted in Jira since it was listed
    else:
        jira.fail_next = [Scripted(status, body={"errorMessages": ["No."]})]
    page = _picked(world, ctx, settings)
    assert page["state"] == "failed"
    assert says in page["error"]
    assert page["figures"] == []
    signals = world.eng.ok("GET", f"/api/retros/{world.retro['id']}/signals")
    assert signals["signals"]["stories_committed"] is None


def test_rate_limiting_and_an_outage_are_tried_again_and_shown_meanwhile(
    world: World, ctx: Ctx, settings: Settings, jira: FakeJira
) -> None:
    _connect(world, ctx, settings, jira)
    _listed(world, ctx, settings)
    jira.fail_next = [Scripted(429, {"Retry-After": "120"}, {"errorMessages": ["Slow down"]})]
    world.pm.ok("POST", _url(world), 202, json={"sprint_id": "42"})
    worker = _worker(ctx, settings)
    before = datetime.now(UTC)
    worker.run_once()
    page = world.eng.ok("GET", _url(world))
    assert (page["state"], page["attempts"]) == ("pending", 1)
    assert "429" in page["error"]
    assert "120 s" in page["error"]
    assert not worker.run_once().handled  # not due for 120 s
    items = world.pm.ok("GET", f"/api/teams/{world.team_id}/deliveries")["items"]
    [row] = [i for i in items if i["kind"] == "team.sprint_signals"]
    assert datetime.fromisoformat(row["next_try_at"]) >= before + timedelta(seconds=120)

    # Asked again, an outage in the middle of the pages: retried, then read whole.
    jira.fail_next = [Scripted(503, body={"errorMessages": ["Service Unavailable"]})]
    world.pm.ok("POST", _url(world), 202, json={"sprint_id": "42"})
    worker.run_once()
    page = world.eng.ok("GET", _url(world))
    assert page["state"] == "pending"
    assert "503" in page["error"]
    _drain(worker)
    page = world.eng.ok("GET", _url(world))
    assert page["state"] == "done"
    assert _figures(page)["stories_committed"]["current"] == 24


def test_questions_can_be_counted_by_label_or_not_at_all(
    world: World, ctx: Ctx, settings: Settings, jira: FakeJira
) -> None:
    _connect(world, ctx, settings, jira, questions="off")
    _listed(world, ctx, settings)
    page = _picked(world, ctx, settings)
    assert page["questions"] == "off"
    assert "clarifying_questions" not in _figures(page)
    assert (
        world.eng.ok("GET", f"/api/retros/{world.retro['id']}/signals")["signals"][
            "clarifying_questions"
        ]
        is None
    )


def test_an_answer_to_an_older_ask_is_dropped(
    world: World, ctx: Ctx, settings: Settings, jira: FakeJira
) -> None:
    _connect(world, ctx, settings, jira)
    _listed(world, ctx, settings)
    world.pm.ok("POST", _url(world), 202, json={"sprint_id": "41"})
    page = _picked(world, ctx, settings, "42")
    assert page["sprint_id"] == "42"
    assert _figures(page)["stories_committed"]["from_tracker"] == 24
    assert jira.agile_requests_to("/sprint/41/issue") == []


def test_bad_signal_settings_are_refused_with_the_field(world: World, jira: FakeJira) -> None:
    url = f"/api/teams/{world.team_id}/connections"
    site = {"site_url": jira.url, "email": jira.email, "project_key": "OPS"}
    body: dict[str, Any] = {
        "vendor": "jira",
        "settings": {**site, "story_points_field": "story points"},
        "token": jira.token,
    }
    error = expect_error(world.pm.post(url, json=body), 422)
    assert error["details"][0]["field"] == "settings.story_points_field"
    assert "customfield_10016" in error["details"][0]["message"]
    body["settings"] = {**site, "questions": "sometimes"}
    error = expect_error(world.pm.post(url, json=body), 422)
    assert error["details"][0]["field"] == "settings.questions"
    assert world.pm.ok("GET", url) == []


def test_a_site_that_stops_answering_is_given_up_on_with_the_reason(
    world: World, ctx: Ctx, settings: Settings, jira: FakeJira
) -> None:
    _connect(world, ctx, settings, jira)
    _listed(world, ctx, settings)
    jira.stop()
    world.pm.ok("POST", _url(world), 202, json={"sprint_id": "42"})
    worker = _worker(ctx, settings, attempts=2)
    worker.run_once()
    page = world.eng.ok("GET", _url(world))
    assert (page["state"], page["attempts"]) == ("pending", 1)
    assert "Could not reach" in page["error"]
    _drain(worker)
    page = world.eng.ok("GET", _url(world))
    assert page["state"] == "failed"
    assert "Could not reach" in page["error"]
    # Still the sprints listed before, to pick again once the site is back.
    assert [s["id"] for s in page["sprints"]] == ["43", "42", "41"]


def test_figures_that_cannot_stand_beside_an_override_are_refused_and_said(
    world: World, ctx: Ctx, settings: Settings, jira: FakeJira
) -> None:
    _connect(world, ctx, settings, jira)
    _listed(world, ctx, settings)
    _picked(world, ctx, settings)
    signals_url = f"/api/retros/{world.retro['id']}/signals"
    values = world.eng.ok("GET", signals_url)["signals"]
    values["stories_committed"] = 18  # by hand: as many as were completed
    world.eng.ok("PUT", signals_url, json=values)
    # In Jira, one more committed story turns out done before the end: 19 completed of 18.
    Builder(jira.agile).move(jira.agile.issues["OPS-17"], at(26), "In Progress", "Done")
    page = _picked(world, ctx, settings)
    assert page["state"] == "failed"
    assert "do not fit with the ones set by hand" in page["error"]
    after = world.eng.ok("GET", signals_url)["signals"]
    assert (after["stories_committed"], after["stories_completed"]) == (18, 18)
