"""Friction-point suggestions over the API: computed on the server, for participants only, and
shaped by the team's own confirmed tags, and only by tags on cards the asker could read."""

import logging
from typing import Any

import pytest

from tests.conftest import Client, World, command, expect_error
from twofold.domain.vocab import Friction
from twofold.insights.friction import Example, Suggester, TeamModels, load_examples
from twofold.services.context import Ctx

URL = "/api/retros/{}/friction-suggestions"
# A refit of the real model takes seconds on a loaded machine; this only bounds a broken one.
REFIT_WAIT = 300


# A quarter of the shipped cards: a real model, fitted in a quarter of the time.
_QUARTER = [e for i, e in enumerate(load_examples()) if i % 4 == 0]


@pytest.fixture(autouse=True)
def _fitted(ctx: Ctx) -> None:
    """The shipped model fitted before the first request, as a server's start-up does."""
    ctx.friction.base().warm()


@pytest.fixture(scope="module")
def _quarter_model() -> Suggester:
    model = Suggester(_QUARTER)
    model.warm()
    return model


@pytest.fixture
def quarter(ctx: Ctx, _quarter_model: Suggester) -> None:
    """The server answers from the quarter model: the tests of whose tags teach whom refit it
    several times each, and each refit of the whole model takes seconds."""
    ctx.friction = TeamModels(_quarter_model)


def _suggest(c: Client, retro_id: str, text: str) -> list[dict[str, Any]]:
    answer = c.ok("POST", URL.format(retro_id), json={"text": text})
    assert answer["ready"] is True
    return list(answer["suggestions"])


def _settled(ctx: Ctx, c: Client, retro_id: str, text: str) -> list[dict[str, Any]]:
    """The suggestion once any refit it asks for has finished: a request never waits for a
    refit, so the first answer may come from the model the scope had before."""
    _suggest(c, retro_id, text)
    assert ctx.friction.wait_until_idle(REFIT_WAIT)
    return _suggest(c, retro_id, text)


def test_a_clear_card_gets_its_friction_point_first(world: World) -> None:
    found = _suggest(
        world.eng,
        world.retro["id"],
        "Acceptance criteria changed twice mid-sprint and nobody told us about the edge cases",
    )
    assert found[0]["friction"] == "requirements_clarity"
    assert 0 < float(found[0]["confidence"]) <= 1
    assert len({s["friction"] for s in found}) == len(found)


def test_guests_get_suggestions_outsiders_do_not(world: World) -> None:
    assert _suggest(world.guest, world.retro["id"], "The legacy billing module needs a rewrite")
    expect_error(
        world.outsider.post(URL.format(world.retro["id"]), json={"text": "anything at all"}), 404
    )


def test_short_or_bad_text(world: World) -> None:
    assert _suggest(world.pm, world.retro["id"], "ok") == []
    expect_error(world.pm.post(URL.format(world.retro["id"]), json={"text": ""}), 422)
    expect_error(world.pm.post(URL.format(world.retro["id"]), json={"text": "x" * 5000}), 422)
    expect_error(world.pm.post(URL.format(world.retro["id"]), json={}), 422)


@pytest.mark.usefixtures("quarter")
def test_the_team_s_confirmed_tags_shape_the_suggestion(ctx: Ctx, world: World) -> None:
    retro = world.retro["id"]
    column = world.retro["columns"][0]["id"]
    text = "the release train felt chaotic"
    before = _suggest(world.pm, retro, text)[0]
    # The team keeps tagging its release-train cards with one friction point that is not the
    # suggestion's first pick; after enough of them, that is what it suggests.
    target = "estimation" if before["friction"] != "estimation" else "communication"
    for i in range(12):
        command(
            world.pm,
            retro,
            "add_card",
            column_id=column,
            text=f"release train {i} felt chaotic again",
            polarity="didnt_go_well",
            friction=target,
        )
    command(world.owner, retro, "set_phase", phase="reveal")
    # Asked again before the refit is done, it answers at once from the model it had.
    assert _suggest(world.pm, retro, text)[0]["friction"] == before["friction"]
    assert _settled(ctx, world.pm, retro, text)[0]["friction"] == target


# A phrase no shipped example uses, so that only the team's own cards can teach the model it.
PROBE = "the quorvin handover was messy"


def _least_likely(found: list[dict[str, Any]]) -> str:
    return str(found[-1]["friction"])


def _ranked(ctx: Ctx, c: Client, retro_id: str) -> list[dict[str, Any]]:
    found = _settled(ctx, c, retro_id, PROBE)
    assert found
    return found


@pytest.mark.usefixtures("quarter")
def test_a_hidden_card_in_the_guest_s_own_retro_teaches_nobody(ctx: Ctx, world: World) -> None:
    rid = world.retro["id"]
    guest_before = _ranked(ctx, world.guest, rid)
    member_before = _ranked(ctx, world.eng, rid)
    target = _least_likely(guest_before)
    assert target != guest_before[0]["friction"]
    # The PM writes a card with the probe's words, in reflect: only the PM may read it.
    command(
        world.pm,
        rid,
        "add_card",
        column_id=world.column_id(),
        text=f"{PROBE} again",
        polarity="didnt_go_well",
        friction=target,
    )
    assert _ranked(ctx, world.guest, rid) == guest_before
    assert _ranked(ctx, world.eng, rid) == member_before

    # Once everyone in the retro can read it, it counts for everyone in the retro: the probe
    # above would have seen it move.
    command(world.owner, rid, "set_phase", phase="reveal")
    assert _ranked(ctx, world.guest, rid)[0]["friction"] == target
    assert _ranked(ctx, world.eng, rid)[0]["friction"] == target


@pytest.mark.usefixtures("quarter")
def test_a_guest_never_learns_from_another_retro_s_cards(ctx: Ctx, world: World) -> None:
    rid = world.retro["id"]
    other = world.owner.ok(
        "POST", f"/api/teams/{world.team_id}/retros", 201, json={"title": "Sprint 2 retro"}
    )["id"]
    command(world.owner, other, "set_phase", phase="reflect")
    # The guest cannot open the other retro at all.
    expect_error(world.guest.get(f"/api/retros/{other}"), 404)
    guest_before = _ranked(ctx, world.guest, rid)
    member_before = _ranked(ctx, world.eng, rid)
    target = _least_likely(guest_before)
    command(
        world.pm,
        other,
        "add_card",
        column_id=world.owner.ok("GET", f"/api/retros/{other}")["columns"][0]["id"],
        text=f"{PROBE} again",
        polarity="didnt_go_well",
        friction=target,
    )
    assert _ranked(ctx, world.guest, rid) == guest_before
    assert _ranked(ctx, world.eng, rid) == member_before

    # Revealed and then closed, the card is the team's to learn from, but still not a guest's
    # of another retro.
    command(world.owner, other, "set_phase", phase="reveal")
    command(world.owner, other, "set_phase", phase="closed")
    assert _ranked(ctx, world.eng, rid)[0]["friction"] == target
    assert _ranked(ctx, world.guest, rid) == guest_before


def _with_context(c: Client, retro_id: str, text: str, **context: Any) -> list[dict[str, Any]]:
    body = {"text": text, **context}
    return list(c.ok("POST", URL.format(retro_id), json=body)["suggestions"])


def _confidence(found: list[dict[str, Any]], friction: str) -> float:
    return next(float(s["confidence"]) for s in found if s["friction"] == friction)


LEGACY_CARD = "the checkout module took forever again"


def test_the_card_s_column_polarity_and_the_asker_s_role_weigh_in(world: World) -> None:
    rid = world.retro["id"]
    product, engineering = world.column_id(0), world.column_id(1)
    plain = _with_context(world.tech_lead, rid, LEGACY_CARD)
    in_column = _with_context(world.tech_lead, rid, LEGACY_CARD, column_id=engineering)
    with_polarity = _with_context(
        world.tech_lead, rid, LEGACY_CARD, column_id=engineering, polarity="didnt_go_well"
    )
    for found in (plain, in_column, with_polarity):
        assert found[0]["friction"] == "tech_debt"
    # Each piece of context the request adds changes what the model answers.
    assert _confidence(plain, "tech_debt") != _confidence(in_column, "tech_debt")
    assert _confidence(in_column, "tech_debt") != _confidence(with_polarity, "tech_debt")
    # The role is the asker's own: the PM asking about the same card in the product column
    # gets another answer than the tech lead in the engineering column.
    from_pm = _with_context(world.pm, rid, LEGACY_CARD, column_id=product, polarity="didnt_go_well")
    assert _confidence(from_pm, "tech_debt") < _confidence(with_polarity, "tech_debt")


def test_a_card_about_none_of_them_gets_no_suggestion(world: World) -> None:
    rid = world.retro["id"]
    kudos = "Big thanks to Fatima for organising lunch on Friday"
    assert _with_context(world.pm, rid, kudos) == []
    assert (
        _with_context(world.pm, rid, kudos, column_id=world.column_id(0), polarity="went_well")
        == []
    )
    assert _with_context(world.eng, rid, "fjdksla qpwoeiru zmxncb") == []


def test_bad_context_is_refused(world: World) -> None:
    rid = world.retro["id"]
    url = URL.format(rid)
    text = "The legacy billing module needs a rewrite"
    missing = world.pm.post(url, json={"text": text, "column_id": "no-such-column"})
    expect_error(missing, 422, "unknown_column")
    # A column of another team's retro is as unknown here as one that does not exist.
    other_column = str(world.other_retro["columns"][0]["id"])
    elsewhere = world.pm.post(url, json={"text": text, "column_id": other_column})
    expect_error(elsewhere, 422, "unknown_column")
    expect_error(world.pm.post(url, json={"text": text, "polarity": "meh"}), 422)
    # The role is never taken from the request: it is the asker's own.
    expect_error(world.pm.post(url, json={"text": text, "role": "tech_lead"}), 422)


def test_suggestions_turned_off_answer_nothing(ctx: Ctx, world: World) -> None:
    rid = world.retro["id"]
    clear = "Acceptance criteria changed twice mid-sprint and nobody told us about the edge cases"
    assert _suggest(world.eng, rid, clear)
    ctx.friction_suggestions = False
    assert _suggest(world.eng, rid, clear) == []
    # The request is still checked as before: outsiders and unknown columns are refused.
    expect_error(world.outsider.post(URL.format(rid), json={"text": clear}), 404)
    unknown = world.eng.post(URL.format(rid), json={"text": clear, "column_id": "nope"})
    expect_error(unknown, 422, "unknown_column")


CLEAR = "Acceptance criteria changed twice mid-sprint and nobody told us about the edge cases"


def test_a_request_before_the_model_is_fitted_does_not_wait_for_it(ctx: Ctx, world: World) -> None:
    # A server just started: its model is not fitted yet. The request is answered at once,
    # empty and not ready, and the fit starts in the background; once it is done, the same
    # request gets its suggestion.
    ctx.friction = TeamModels(Suggester(_QUARTER))
    url = URL.format(world.retro["id"])
    first = world.eng.ok("POST", url, json={"text": CLEAR})
    assert first == {"suggestions": [], "ready": False}
    assert ctx.friction.wait_until_idle(REFIT_WAIT)
    assert ctx.friction.base().fitted
    after = world.eng.ok("POST", url, json={"text": CLEAR})
    assert after["ready"] is True
    assert after["suggestions"][0]["friction"] == "requirements_clarity"
    # Outsiders are refused before any model is looked at, fitted or not.
    ctx.friction = TeamModels(Suggester())
    expect_error(world.outsider.post(url, json={"text": CLEAR}), 404)
    assert not ctx.friction.base().fitted


def test_a_model_that_cannot_be_fitted_is_logged_and_tried_again(
    ctx: Ctx, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    # Examples that lack a friction point cannot make a model: the fit fails on the worker,
    # the failure is logged, requests keep being answered (not ready), and the next request
    # tries again rather than giving up for the life of the process.
    broken = [Example("the legacy importer again", Friction.TECH_DEBT)]
    ctx.friction = TeamModels(Suggester(broken))
    url = URL.format(world.retro["id"])
    with caplog.at_level(logging.ERROR, logger="twofold.friction"):
        assert world.eng.ok("POST", url, json={"text": CLEAR})["ready"] is False
        assert ctx.friction.wait_until_idle(REFIT_WAIT)
        assert world.eng.ok("POST", url, json={"text": CLEAR})["ready"] is False
        assert ctx.friction.wait_until_idle(REFIT_WAIT)
    failures = [r for r in caplog.records if "could not be fitted" in r.getMessage()]
    assert len(failures) == 2
