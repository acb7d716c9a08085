"""A team's own retro templates over the API, on both databases: saved from a retro or written
whole, listed, used for a new retro, renamed and deleted; and who may do each."""

from typing import Any

from tests.conftest import World, command, expect_error
from twofold.domain.templates import TEAM_TEMPLATES_MAX, TEMPLATES
from twofold.domain.vocab import TemplateKey

FAKE_ID = "0123456789abcdef0123456789abcdef"

OURS: dict[str, Any] = {
    "name": "Launch retro",
    "description": "For sprints that ended in a release.",
    "columns": [
        {"title": "Customers noticed", "polarities": ["went_well", "didnt_go_well"]},
        {"title": "We noticed first", "polarities": ["didnt_go_well"], "hint": "Alerts, on-call"},
        {"title": "Next launch", "polarities": ["proposal"]},
    ],
    "prompt_groups": ["communication"],
    "prompt_ids": ["ex.rework"],
    "settings": {"anonymous": True, "votes_per_person": 5, "skipped_phases": ["check_in"]},
}


def _list_url(world: World) -> str:
    return f"/api/teams/{world.team_id}/templates"


def _new_retro(world: World, **body: Any) -> dict[str, Any]:
    url = f"/api/teams/{world.team_id}/retros"
    answer: dict[str, Any] = world.eng.ok("POST", url, 201, json={"title": "Next", **body})
    return answer


def test_a_retro_saved_as_a_template_starts_the_next_retro_the_same_way(world: World) -> None:
    retro_id = world.retro["id"]
    # The facilitator shapes this retro: a column renamed, one added, more votes, early
    # collection with a deadline (a moment in this retro only).
    first = world.column_id(0)
    world.owner.ok("PATCH", f"/api/columns/{first}", json={"title": "What PM saw"})
    world.owner.ok(
        "POST",
        f"/api/retros/{retro_id}/columns",
        201,
        json={"title": "Risks", "polarities": ["didnt_go_well"]},
    )
    command(
        world.owner,
        retro_id,
        "update_settings",
        votes_per_person=6,
        hide_tallies=True,
        collect_early=True,
        collect_deadline="2031-01-01T09:00:00Z",
    )

    saved = world.pm.ok(
        "POST",
        f"/api/retros/{retro_id}/template",
        201,
        json={"name": "  Our PM/Eng retro ", "description": "Adds a risks column."},
    )
    assert saved["name"] == "Our PM/Eng retro"
    assert saved["team_id"] == world.team_id
    assert saved["created_by_name"] == "Pm"
    titles = [c["title"] for c in saved["columns"]]
    assert titles == [
        "What PM saw",
        "Engineering Perspective",
        "Collaboration Improvements",
        "Risks",
    ]
    built_in = TEMPLATES[TemplateKey.PM_ENGINEERING]
    # Unrenamed columns keep their hint; the prompts of the template the retro came from go along.
    assert saved["columns"][1]["hint"] == built_in.columns[1].hint
    assert saved["columns"][3]["polarities"] == ["didnt_go_well"]
    assert saved["prompt_groups"] == [g.value for g in built_in.prompt_groups]
    assert saved["settings"]["votes_per_person"] == 6
    assert saved["settings"]["hide_tallies"] is True
    assert saved["settings"]["collect_early"] is True
    assert saved["settings"]["collect_deadline"] is None

    # Every member sees it; a non-facilitator member starts a retro from it.
    assert [t["id"] for t in world.eng.ok("GET", _list_url(world))] == [saved["id"]]
    retro = _new_retro(world, team_template_id=saved["id"])
    assert retro["template"] == "team"
    assert retro["template_name"] == "Our PM/Eng retro"
    assert [c["title"] for c in retro["columns"]] == titles
    assert [c["polarities"] for c in retro["columns"]][3] == ["didnt_go_well"]
    assert retro["settings"]["votes_per_person"] == 6
    assert retro["settings"]["hide_tallies"] is True
    assert retro["settings"]["collect_deadline"] is None
    summary = world.eng.ok("GET", f"/api/teams/{world.team_id}/retros")[0]
    assert (summary["template"], summary["template_name"]) == ("team", "Our PM/Eng retro")

    # Its prompts follow the copy it was made from, also after the template is deleted.
    prompts = world.eng.ok("GET", f"/api/retros/{retro['id']}/prompts")
    world.owner.ok("DELETE", f"{_list_url(world)}/{saved['id']}", 204)
    assert world.eng.ok("GET", f"/api/retros/{retro['id']}/prompts") == prompts
    assert prompts["template"] == "team"
    assert [g["group"] for g in prompts["groups"]] == [g.value for g in built_in.prompt_groups]
    again = world.eng.ok("GET", f"/api/retros/{retro['id']}")
    assert [c["title"] for c in again["columns"]] == titles
    assert world.eng.ok("GET", _list_url(world)) == []


def test_a_template_written_whole_is_used_replaced_and_deleted(world: World) -> None:
    made = world.owner.ok("POST", _list_url(world), 201, json=OURS)
    assert [c["hint"] for c in made["columns"]] == ["", "Alerts, on-call", ""]
    assert made["settings"]["anonymous"] is True
    retro = _new_retro(world, team_template_id=made["id"], template="team")
    assert [c["title"] for c in retro["columns"]] == [c["title"] for c in OURS["columns"]]
    assert retro["settings"]["anonymous"] is True
    assert retro["settings"]["skipped_phases"] == ["check_in"]
    prompts = world.eng.ok("GET", f"/api/retros/{retro['id']}/prompts")
    listed = [p["id"] for g in prompts["groups"] for p in g["prompts"]]
    assert "ex.rework" in listed
    assert {g["group"] for g in prompts["groups"]} == {"communication", "execution"}

    renamed = world.pm.ok(
        "PUT", f"{_list_url(world)}/{made['id']}", json={**OURS, "name": "Release retro"}
    )
    assert renamed["id"] == made["id"]
    assert renamed["name"] == "Release retro"
    # The retro made earlier keeps its own copy.
    assert world.eng.ok("GET", f"/api/retros/{retro['id']}")["template_name"] == "Launch retro"

    # Built-in templates are data too: columns with hints, prompts and settings.
    debt = next(t for t in world.eng.ok("GET", "/api/templates") if t["key"] == "tech_debt_review")
    assert debt["settings"]["votes_per_person"] == 5
    assert debt["prompt_groups"] == ["technical_debt"]
    assert debt["columns"][0]["hint"]
    assert "team" not in {t["key"] for t in world.eng.ok("GET", "/api/templates")}
    # ... and a retro made from one starts with its settings.
    assert _new_retro(world, template="tech_debt_review")["settings"]["votes_per_person"] == 5


def test_bad_templates_are_refused_with_the_field_named(world: World) -> None:
    url = _list_url(world)
    cases: list[tuple[dict[str, Any], str]] = [
        ({**OURS, "name": " "}, "name"),
        ({**OURS, "name": "x" * 81}, "name"),
        ({**OURS, "columns": []}, "columns"),
        ({**OURS, "columns": [{"title": "A", "polarities": ["sideways"]}]}, "columns"),
        ({**OURS, "columns": [{"title": "A", "polarities": []}]}, "columns"),
        ({**OURS, "prompt_groups": ["gossip"]}, "prompt_groups"),
        ({**OURS, "settings": {"votes_per_person": 0}}, "settings"),
        ({**OURS, "unknown": 1}, "unknown"),
    ]
    for body, field in cases:
        error = expect_error(world.owner.post(url, json=body), 422)
        assert any(field in d["field"] for d in error["details"]), (field, error)

    twins = [{"title": "Wins", "polarities": ["went_well"]}] * 2
    error = expect_error(world.owner.post(url, json={**OURS, "columns": twins}), 422)
    assert "repeated: Wins" in error["message"]
    deadline = {"collect_early": True, "collect_deadline": "2031-01-01T00:00:00Z"}
    error = expect_error(world.owner.post(url, json={**OURS, "settings": deadline}), 422)
    assert "cannot carry a collection deadline" in error["message"]

    world.owner.ok("POST", url, 201, json=OURS)
    taken = expect_error(world.owner.post(url, json={**OURS, "name": "LAUNCH retro"}), 409)
    assert taken["code"] == "template_name_taken"
    assert taken["details"][0]["field"] == "name"
    error = expect_error(
        world.pm.post(f"/api/retros/{world.retro['id']}/template", json={"name": "Launch Retro"}),
        409,
    )
    assert error["code"] == "template_name_taken"

    # A new retro names a template that exists, and not two kinds at once.
    retros = f"/api/teams/{world.team_id}/retros"
    missing = {"title": "R", "team_template_id": FAKE_ID}
    error = expect_error(world.eng.post(retros, json=missing), 422)
    assert error["details"][0]["field"] == "team_template_id"
    error = expect_error(world.eng.post(retros, json={"title": "R", "template": "team"}), 422)
    assert error["details"][0]["field"] == "team_template_id"
    mine = world.owner.ok("GET", url)[0]["id"]
    both = {"title": "R", "template": "four_ls", "team_template_id": mine}
    error = expect_error(world.eng.post(retros, json=both), 422)
    assert error["details"][0]["field"] == "template"
    # Another team's template is not this team's.
    theirs = world.outsider.ok(
        "POST", f"/api/teams/{world.other_team_id}/templates", 201, json=OURS
    )
    steal = {"title": "R", "team_template_id": theirs["id"]}
    expect_error(world.eng.post(retros, json=steal), 422)
    assert world.owner.ok("GET", url)[0]["name"] == "Launch retro"
    expect_error(world.owner.put(f"{url}/{theirs['id']}", json=OURS), 404)
    expect_error(world.owner.delete(f"{url}/{theirs['id']}"), 404)


def test_only_facilitators_change_templates_and_outsiders_see_nothing(world: World) -> None:
    url = _list_url(world)
    made = world.owner.ok("POST", url, 201, json=OURS)
    one = f"{url}/{made['id']}"
    save = f"/api/retros/{world.retro['id']}/template"
    for member in (world.eng, world.tech_lead):
        expect_error(member.post(url, json={**OURS, "name": "Mine"}), 403)
        expect_error(member.put(one, json=OURS), 403)
        expect_error(member.delete(one), 403)
        expect_error(member.post(save, json={"name": "Mine"}), 403)
    # A guest of the retro cannot save it, nor read the team's templates.
    expect_error(world.guest.post(save, json={"name": "Mine"}), 403)
    refused = world.guest.get(url)
    expect_error(refused, 403)
    assert "Launch retro" not in refused.text
    for method, path in (("GET", url), ("POST", url), ("PUT", one), ("DELETE", one)):
        answer = world.outsider.request(method, path, json=OURS)
        assert answer.status_code == 404, (method, path, answer.text)
        assert "Launch retro" not in answer.text
    expect_error(world.outsider.post(save, json={"name": "Mine"}), 404)
    assert [t["name"] for t in world.eng.ok("GET", url)] == ["Launch retro"]


def test_a_team_keeps_a_bounded_number_of_templates(world: World) -> None:
    url = _list_url(world)
    for i in range(TEAM_TEMPLATES_MAX):
        world.owner.ok("POST", url, 201, json={**OURS, "name": f"T{i:02d}"})
    error = expect_error(world.owner.post(url, json={**OURS, "name": "One more"}), 409)
    assert error["code"] == "too_many_templates"
    listed = world.eng.ok("GET", url)
    assert len(listed) == TEAM_TEMPLATES_MAX
    assert [t["name"] for t in listed] == sorted(t["name"] for t in listed)
