"""The tech-debt backlog over the real API on both databases: scoring and the joint ranking,
cards turned into debt items (never a hidden one), recurring themes and their escalation,
sprint capacity, who may see the backlog, and bad input."""

from typing import Any

import pytest

from tests.conftest import Client, World, command, expect_error, user_id
from twofold.domain.debt import DEBT_TITLE_MAX, priority
from twofold.services import debt as debt_service

FAKE_ID = "0123456789abcdef0123456789abcdef"


def _item(c: Client, world: World, **body: Any) -> dict[str, Any]:
    return dict(c.ok("POST", f"/api/teams/{world.team_id}/debt", 201, json=body))


def _card(c: Client, retro: dict[str, Any], text: str, **extra: Any) -> str:
    column = retro["columns"][0]["id"]
    ack = command(c, retro["id"], "add_card", column_id=column, text=text, **extra)
    return str(ack["result"]["card_id"])


def _retro(world: World, title: str) -> dict[str, Any]:
    """A new retro of team Alpha, open for cards."""
    retro = world.owner.ok("POST", f"/api/teams/{world.team_id}/retros", 201, json={"title": title})
    command(world.owner, retro["id"], "set_phase", phase="reflect")
    return dict(retro)


def _reveal(world: World, retro: dict[str, Any]) -> None:
    command(world.owner, retro["id"], "set_phase", phase="reveal")


def test_both_sides_score_and_the_ranking_follows_the_formula(world: World) -> None:
    pm, eng = world.pm, world.eng
    flaky = _item(pm, world, title="Flaky checkout tests", area="checkout")
    legacy = _item(eng, world, title="Legacy billing module", drag_hours=40, effort=13)
    quick = _item(eng, world, title="Slow local build", drag_hours=10, effort=2)
    waiting = _item(pm, world, title="Search index rebuilds by hand", impact=4)
    done = _item(eng, world, title="Old CI runner", drag_hours=5, impact=2, effort=1, status="done")
    assert flaky["missing"] == ["pm_impact", "eng_drag", "eng_effort"]
    assert flaky["priority"] is None
    assert flaky["created_by"] == user_id(pm)
    assert legacy["eng_scored_by"] == user_id(eng)
    assert legacy["pm_scored_by"] is None

    # Each side gives its own scores; whoever gives one is recorded against it.
    path = f"/api/debt/{flaky['id']}"
    scored = eng.ok("PATCH", path, json={"drag_hours": 120, "effort": 3})
    assert scored["eng_scored_by"] == user_id(eng)
    assert scored["missing"] == ["pm_impact"]
    scored = pm.ok("PATCH", path, json={"impact": 5})
    assert scored["pm_scored_by"] == user_id(pm)
    assert scored["missing"] == []
    assert scored["priority"] == pytest.approx(priority(120, 5, 3))
    pm.ok("PATCH", f"/api/debt/{legacy['id']}", json={"impact": 2})
    pm.ok("PATCH", f"/api/debt/{quick['id']}", json={"impact": 3})

    ranking = world.tech_lead.ok("GET", f"/api/teams/{world.team_id}/debt/ranking")
    scores = [
        (flaky["id"], priority(120, 5, 3)),
        (legacy["id"], priority(40, 2, 13)),
        (quick["id"], priority(10, 3, 2)),
    ]
    expected = sorted(scores, key=lambda pair: -pair[1])
    assert [i["id"] for i in ranking["ranked"]] == [i for i, _ in expected]
    assert [i["priority"] for i in ranking["ranked"]] == pytest.approx([p for _, p in expected])
    # Items missing a score are listed as such, not guessed; done items drop out.
    assert [(i["id"], i["missing"]) for i in ranking["unscored"]] == [
        (waiting["id"], ["eng_drag", "eng_effort"])
    ]
    assert ranking["awaiting_eng"] == [waiting["id"]]
    assert ranking["awaiting_pm"] == []
    assert done["id"] not in {i["id"] for i in ranking["ranked"] + ranking["unscored"]}

    # Clearing a score takes the item out of the ranking again.
    cleared = eng.ok("PATCH", f"/api/debt/{quick['id']}", json={"effort": None})
    assert cleared["missing"] == ["eng_effort"]
    assert cleared["priority"] is None
    assert cleared["eng_scored_by"] == user_id(eng)
    ranking = pm.ok("GET", f"/api/teams/{world.team_id}/debt/ranking")
    assert quick["id"] in {i["id"] for i in ranking["unscored"]}

    everything = pm.ok("GET", f"/api/teams/{world.team_id}/debt")
    assert [i["title"] for i in everything][:2] == ["Flaky checkout tests", "Legacy billing module"]
    only_done = pm.ok("GET", f"/api/teams/{world.team_id}/debt", params={"status": "done"})
    assert [i["id"] for i in only_done] == [done["id"]]


def test_a_revealed_card_becomes_a_debt_item_linked_back_to_it(world: World) -> None:
    retro = world.retro
    short = _card(world.eng, retro, "Our deploy script needs a human babysitter")
    long_text = "The payment service retries forever " * 20
    long = _card(world.tech_lead, retro, long_text.strip())
    _reveal(world, retro)

    backlog_cards = f"/api/retros/{retro['id']}/backlog-cards"
    assert world.eng.ok("GET", backlog_cards) == []
    item = world.pm.ok("POST", f"/api/cards/{short}/debt", 201)
    # The board learns the card is in the backlog, also after a reload.
    assert world.eng.ok("GET", backlog_cards) == [{"card_id": short, "debt_id": item["id"]}]
    assert item["title"] == "Our deploy script needs a human babysitter"
    assert item["links"] == [{"kind": "card", "target_id": short, "retro_id": retro["id"]}]
    assert item["created_by"] == user_id(world.pm)
    assert item["missing"] == ["pm_impact", "eng_drag", "eng_effort"]
    assert world.eng.ok("GET", f"/api/debt/{item['id']}") == item

    cut = world.eng.ok("POST", f"/api/cards/{long}/debt", 201)
    assert len(cut["title"]) <= DEBT_TITLE_MAX
    # Cut at a word, and marked as cut.
    assert cut["title"].endswith("…")
    assert long_text.startswith(cut["title"].removesuffix("…") + " ")
    assert cut["description"] == long_text.strip()

    # One card, one item.
    again = expect_error(world.eng.post(f"/api/cards/{short}/debt"), 409, "card_in_backlog")
    assert again["details"] == {"debt_id": item["id"]}


def test_a_hidden_card_cannot_be_turned_into_a_debt_item(world: World) -> None:
    retro = world.retro  # in reflect: each card's text is its author's alone
    secret = _card(world.eng, retro, "Secret: the auth service is held together with tape")
    for other in (world.pm, world.owner, world.tech_lead):
        answer = other.post(f"/api/cards/{secret}/debt")
        expect_error(answer, 404, "not_found")
        assert "tape" not in answer.text
        twin = other.post(f"/api/cards/{FAKE_ID}/debt")
        assert (twin.status_code, twin.json()) == (answer.status_code, answer.json())
        # Nor can it be linked by id when adding an item.
        link = {"kind": "card", "target_id": secret}
        refused = other.post(
            f"/api/teams/{world.team_id}/debt", json={"title": "Sneaky", "links": [link]}
        )
        error = expect_error(refused, 422, "validation_error")
        assert error["details"][0]["field"] == "links.0.target_id"
        assert "tape" not in refused.text
    # Its author sees it, but the backlog is the team's: not before the reveal.
    expect_error(world.eng.post(f"/api/cards/{secret}/debt"), 409, "card_not_revealed")
    assert world.pm.ok("GET", f"/api/teams/{world.team_id}/debt") == []

    _reveal(world, retro)
    assert world.pm.ok("POST", f"/api/cards/{secret}/debt", 201)["title"].startswith("Secret")


def test_items_link_to_the_cards_and_action_items_that_raised_them(world: World) -> None:
    retro = world.retro
    card = _card(world.eng, retro, "Nobody owns the nightly data export")
    command(world.owner, retro["id"], "set_phase", phase="actions")
    ack = command(world.owner, retro["id"], "create_action", title="Find an owner for the export")
    action = ack["result"]["action_id"]
    links = [{"kind": "card", "target_id": card}, {"kind": "action", "target_id": action}]
    item = _item(world.pm, world, title="Nightly export has no owner", links=links)
    assert sorted((k["kind"], k["target_id"], k["retro_id"]) for k in item["links"]) == [
        ("action", action, retro["id"]),
        ("card", card, retro["id"]),
    ]
    # Another team's action item is unknown here.
    other = world.other_retro
    command(world.outsider, other["id"], "set_phase", phase="actions")
    theirs = command(world.outsider, other["id"], "create_action", title="Theirs")
    bad = [{"kind": "action", "target_id": theirs["result"]["action_id"]}]
    answer = world.pm.post(f"/api/teams/{world.team_id}/debt", json={"title": "x", "links": bad})
    error = expect_error(answer, 422, "validation_error")
    assert error["details"] == [
        {"field": "links.0.target_id", "message": "No action item of this team has that id."}
    ]


def test_only_the_creator_or_a_facilitator_deletes(world: World) -> None:
    by_eng = _item(world.eng, world, title="Eng's item")
    by_pm = _item(world.pm, world, title="PM's item")
    expect_error(world.eng.delete(f"/api/debt/{by_pm['id']}"), 403, "forbidden")
    expect_error(world.tech_lead.delete(f"/api/debt/{by_eng['id']}"), 403, "forbidden")
    world.eng.ok("DELETE", f"/api/debt/{by_eng['id']}", 204)
    world.owner.ok("DELETE", f"/api/debt/{by_pm['id']}", 204)  # a facilitator
    expect_error(world.pm.get(f"/api/debt/{by_pm['id']}"), 404, "not_found")
    assert world.pm.ok("GET", f"/api/teams/{world.team_id}/debt") == []


def _every_request(world: World, debt_id: str, card_id: str) -> list[tuple[str, str, str, Any]]:
    """(method, path template, real id, body); `{x}` is swapped for a fake id in the twin."""
    tid, rid = world.team_id, world.retro["id"]
    return [
        ("GET", "/api/teams/{x}/debt", tid, None),
        ("POST", "/api/teams/{x}/debt", tid, {"title": "Not yours"}),
        ("GET", "/api/teams/{x}/debt/ranking", tid, None),
        ("GET", "/api/teams/{x}/debt/themes", tid, None),
        ("POST", "/api/teams/{x}/debt/themes/escalate", tid, {"card_ids": [card_id]}),
        ("GET", "/api/debt/{x}", debt_id, None),
        ("PATCH", "/api/debt/{x}", debt_id, {"impact": 1}),
        ("DELETE", "/api/debt/{x}", debt_id, None),
        ("POST", "/api/cards/{x}/debt", card_id, None),
        ("GET", "/api/retros/{x}/debt-capacity", rid, None),
        ("GET", "/api/retros/{x}/backlog-cards", rid, None),
        ("PUT", "/api/retros/{x}/debt-capacity", rid, {"total_points": 10, "debt_points": 2}),
    ]


def test_outsiders_get_404_and_guests_never_see_the_backlog(world: World) -> None:
    card = _card(world.eng, world.retro, "Shared secret about the flaky queue")
    _reveal(world, world.retro)
    item = _item(world.pm, world, title="Backlog secret", impact=3)
    world.pm.ok(
        "PUT",
        f"/api/retros/{world.retro['id']}/debt-capacity",
        json={"total_points": 30, "debt_points": 6},
    )
    before = world.pm.ok("GET", f"/api/debt/{item['id']}")

    for method, template, real, body in _every_request(world, item["id"], card):
        kwargs = {} if body is None else {"json": body}
        answer = world.outsider.request(method, template.format(x=real), **kwargs)
        expect_error(answer, 404, "not_found")
        for secret in ("Backlog secret", "flaky queue", "Alpha"):
            assert secret not in answer.text, (method, template)
        twin = world.outsider.request(method, template.format(x=FAKE_ID), **kwargs)
        assert (twin.status_code, twin.json()) == (answer.status_code, answer.json())
        # A guest of the team's own retro is let into that retro only, never the backlog.
        refused = world.guest.request(method, template.format(x=real), **kwargs)
        expect_error(refused, 403, "forbidden")
        assert "Backlog secret" not in refused.text

    assert world.pm.ok("GET", f"/api/debt/{item['id']}") == before
    capacity = world.pm.ok("GET", f"/api/retros/{world.retro['id']}/debt-capacity")
    assert (capacity["total_points"], capacity["debt_points"]) == (30, 6)


SIMILAR = (
    "The deploy pipeline is slow again",
    "Deploys slow, pipeline takes 40 min",
    "Slow deployment pipeline blocks hotfixes",
)
NOISE = (
    "Great demo with the sales team",
    "Pairing on the onboarding flow helped",
    "Design review feedback came late",
)


def test_themes_recur_across_retros_and_escalate_into_a_linked_item(world: World) -> None:
    retros = [world.retro, _retro(world, "Sprint 2 retro"), _retro(world, "Sprint 3 retro")]
    similar: list[str] = []
    for retro, text, noise, author in zip(
        retros, SIMILAR, NOISE, (world.eng, world.pm, world.tech_lead), strict=True
    ):
        similar.append(_card(author, retro, text))
        _card(world.owner, retro, noise)
        _reveal(world, retro)
    # A fourth retro still in reflect: its matching card is hidden and must not show.
    current = _retro(world, "Sprint 4 retro")
    hidden = _card(world.eng, current, "Deploy pipeline slow, secret draft")
    path = f"/api/teams/{world.team_id}/debt/themes"

    [theme] = world.pm.ok("GET", path)
    assert theme["retro_ids"] == [r["id"] for r in retros]
    assert sorted(c["card_id"] for c in theme["cards"]) == sorted(similar)
    assert {c["text"] for c in theme["cards"]} == set(SIMILAR)
    assert set(theme["terms"]) == {"deploy", "pipeline", "slow"}
    assert theme["offer_escalation"] is True
    assert theme["debt_item_ids"] == []
    assert hidden not in str(theme)
    assert "secret draft" not in str(theme)

    # Hidden or unknown cards identify no theme.
    for ids in ([hidden], [FAKE_ID], [similar[0], hidden]):
        answer = world.pm.post(f"{path}/escalate", json={"card_ids": ids})
        expect_error(answer, 404, "not_found")

    item = world.eng.ok("POST", f"{path}/escalate", 201, json={"card_ids": similar[:1]})
    assert item["title"] == f"Recurring: {theme['label']}"
    assert item["description"].startswith("Raised in 3 retros between ")
    assert sorted((k["target_id"], k["retro_id"]) for k in item["links"]) == sorted(
        zip(similar, [r["id"] for r in retros], strict=True)
    )
    assert item["missing"] == ["pm_impact", "eng_drag", "eng_effort"]

    [theme] = world.pm.ok("GET", path)
    assert theme["debt_item_ids"] == [item["id"]]
    assert theme["offer_escalation"] is False
    assert {c["debt_item_id"] for c in theme["cards"]} == {item["id"]}
    again = world.pm.post(f"{path}/escalate", json={"card_ids": similar})
    assert expect_error(again, 409, "theme_in_backlog")["details"] == {"debt_ids": [item["id"]]}
    # Each of its cards is in the backlog already, too.
    expect_error(world.pm.post(f"/api/cards/{similar[1]}/debt"), 409, "card_in_backlog")


def test_themes_look_at_the_latest_retros_cards_only(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every pair of cards is compared: a team's whole history is cut to its latest retros.
    monkeypatch.setattr(debt_service, "THEME_CARDS_MAX", 4)
    retros = [world.retro, _retro(world, "Sprint 2 retro"), _retro(world, "Sprint 3 retro")]
    for retro, text, noise in zip(retros, SIMILAR, NOISE, strict=True):
        _card(world.eng, retro, text)
        _card(world.owner, retro, noise)
        _reveal(world, retro)
    [theme] = world.pm.ok("GET", f"/api/teams/{world.team_id}/debt/themes")
    # Two cards per retro: the oldest retro's no longer fit, and two retros in a row still recur.
    assert theme["retro_ids"] == [r["id"] for r in retros[1:]]
    assert {c["text"] for c in theme["cards"]} == set(SIMILAR[1:])


def test_capacity_round_trip_and_share_against_the_target(world: World) -> None:
    path = f"/api/retros/{world.retro['id']}/debt-capacity"
    empty = world.eng.ok("GET", path)
    assert empty == {
        "retro_id": world.retro["id"],
        "total_points": None,
        "debt_points": None,
        "share": None,
        "status": None,
        "target_percent": 20.0,
        "at_target_band": 2.0,
    }
    at = world.pm.ok("PUT", path, json={"total_points": 40, "debt_points": 8})
    assert (at["share"], at["status"]) == (pytest.approx(20.0), "at")
    assert world.eng.ok("GET", path) == at
    under = world.eng.ok("PUT", path, json={"total_points": 50, "debt_points": 5})
    assert (under["share"], under["status"]) == (pytest.approx(10.0), "under")
    over = world.eng.ok("PUT", path, json={"total_points": 30, "debt_points": 10.5})
    assert (over["share"], over["status"]) == (pytest.approx(35.0), "over")
    nothing = world.eng.ok("PUT", path, json={"total_points": 0, "debt_points": 0})
    assert (nothing["share"], nothing["status"]) == (None, None)
    assert world.pm.ok("GET", path)["total_points"] == 0


def _refused_field(answer: Any) -> str:
    error = expect_error(answer, 422, "validation_error")
    fields: list[str] = [d["field"] for d in error["details"]]
    # The message leads with the field as people say it: "drag_hours" is "Drag hours".
    label = fields[0].rsplit(".", 1)[-1].replace("_", " ")
    assert error["message"].lower().startswith(f"{label}:"), error
    return fields[0]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "x", "drag_hours": 201}, "drag_hours"),
        ({"title": "x", "drag_hours": -1}, "drag_hours"),
        ({"title": "x", "impact": 0}, "impact"),
        ({"title": "x", "impact": 6}, "impact"),
        ({"title": "x", "effort": 4}, "effort"),
        ({"title": "x", "effort": 21}, "effort"),
        ({"title": "x", "status": "someday"}, "status"),
        ({"title": "   "}, "title"),
        ({"title": "x" * (DEBT_TITLE_MAX + 1)}, "title"),
        ({"title": "x", "links": [{"kind": "ticket", "target_id": "1"}]}, "links.0.kind"),
        ({"title": "x", "priority": 3}, "priority"),
    ],
)
def test_bad_items_are_refused_with_the_field_named(
    world: World, body: dict[str, Any], field: str
) -> None:
    answer = world.pm.post(f"/api/teams/{world.team_id}/debt", json=body)
    assert _refused_field(answer) == field
    assert world.pm.ok("GET", f"/api/teams/{world.team_id}/debt") == []
    if field.startswith("links"):
        return  # links are given when an item is added
    # The same value is refused when it comes as an edit.
    item = _item(world.pm, world, title="Valid")
    change = {k: v for k, v in body.items() if k != "title"} or body
    answer = world.pm.patch(f"/api/debt/{item['id']}", json=change)
    assert _refused_field(answer) == field
    assert world.pm.ok("GET", f"/api/debt/{item['id']}") == item


def test_bad_capacity_and_filters_are_refused_with_the_field_named(world: World) -> None:
    path = f"/api/retros/{world.retro['id']}/debt-capacity"
    for body, field in [
        ({"total_points": 10, "debt_points": 12}, "debt_points"),
        ({"total_points": -1, "debt_points": 0}, "total_points"),
        ({"total_points": 10, "debt_points": -2}, "debt_points"),
        ({"total_points": 10}, "debt_points"),
        ({"total_points": "lots", "debt_points": 1}, "total_points"),
    ]:
        assert _refused_field(world.pm.put(path, json=body)) == field
    over = world.pm.put(path, json={"total_points": 10, "debt_points": 12})
    assert "cannot be more than" in expect_error(over, 422)["message"]
    assert world.pm.ok("GET", path)["total_points"] is None

    listing = world.pm.get(f"/api/teams/{world.team_id}/debt", params={"status": "later"})
    assert _refused_field(listing) == "status"
    escalate = f"/api/teams/{world.team_id}/debt/themes/escalate"
    assert _refused_field(world.pm.post(escalate, json={"card_ids": []})) == "card_ids"
