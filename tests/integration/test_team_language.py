"""A team's language words what the server makes for it: the columns a built-in template gives
a new retro, and the guided prompts a retro asks, while the web UI still knows the built-in
prompts by id."""

from typing import Any

from tests.conftest import World
from twofold.domain.prompts import DEFAULT_PROMPTS
from twofold.domain.templates import column_kind
from twofold.domain.vocab import ColumnKind


def _new_retro(world: World, **body: Any) -> dict[str, Any]:
    url = f"/api/teams/{world.team_id}/retros"
    return dict(world.owner.ok("POST", url, 201, json={"title": "Sprint 8", **body}))


def _titles(retro: dict[str, Any]) -> list[str]:
    return [c["title"] for c in retro["columns"]]


def test_a_retro_takes_the_built_in_columns_in_the_teams_language(world: World) -> None:
    assert _titles(_new_retro(world)) == [
        "Product Perspective",
        "Engineering Perspective",
        "Collaboration Improvements",
    ]
    world.owner.ok("PATCH", f"/api/teams/{world.team_id}", json={"language": "de"})
    german = _new_retro(world)
    assert _titles(german) == [
        "Produktperspektive",
        "Engineering-Perspektive",
        "Verbesserungen der Zusammenarbeit",
    ]
    # The columns are still known for what they are.
    assert [column_kind(t) for t in _titles(german)] == [
        ColumnKind.PRODUCT,
        ColumnKind.ENGINEERING,
        ColumnKind.COLLABORATION,
    ]
    world.owner.ok("PATCH", f"/api/teams/{world.team_id}", json={"language": "fr"})
    french = _new_retro(world, template="start_stop_continue")
    assert _titles(french) == ["Commencer", "Arrêter", "Continuer"]
    # Retros made before keep the words they were made with.
    board = world.owner.ok("GET", f"/api/retros/{german['id']}")
    assert _titles(board)[0] == "Produktperspektive"


def test_the_built_in_templates_are_listed_in_the_language_asked_for(world: World) -> None:
    listed = {t["key"]: t for t in world.eng.ok("GET", "/api/templates?language=de")}
    assert listed["sailboat"]["name"] == "Segelboot"
    assert [c["title"] for c in listed["sailboat"]["columns"]] == [
        "Wind",
        "Anker",
        "Felsen",
        "Insel",
    ]
    english = {t["key"]: t for t in world.eng.ok("GET", "/api/templates")}
    assert english["sailboat"]["name"] == "Sailboat"
    assert world.eng.get("/api/templates?language=es").status_code == 422


def _asked(world: World, retro_id: str) -> dict[str, dict[str, Any]]:
    answer = world.eng.ok("GET", f"/api/retros/{retro_id}/prompts")
    return {p["id"]: p for g in answer["groups"] for p in g["prompts"]}


def test_a_retro_asks_the_built_in_prompts_in_the_teams_language(world: World) -> None:
    retro_id = world.retro["id"]
    world.owner.ok("PATCH", f"/api/teams/{world.team_id}", json={"language": "de"})
    answer = world.eng.ok("GET", f"/api/retros/{retro_id}/prompts")
    assert answer["groups"][0]["label"] == "Anforderungen & Planung"
    asked = _asked(world, retro_id)
    # The team's threshold is filled into the German words.
    assert asked["rp.clarifying_questions"]["text"].startswith("Wie viele Rückfragen")
    assert " 5 " in asked["rp.clarifying_questions"]["text"]
    # Still marked built-in, so each reader's UI words them in the reader's language.
    assert all(p["builtin"] for p in asked.values())

    # A prompt the team rewrote stays as written, in any language.
    kept = [
        {"id": p.id, "group": p.group, "text": p.text, "friction": p.friction}
        for p in DEFAULT_PROMPTS
    ]
    kept[0] = {**kept[0], "text": "Was every story really ready?"}
    world.owner.ok("PUT", f"/api/teams/{world.team_id}/prompts", json={"prompts": kept})
    asked = _asked(world, retro_id)
    assert asked["rp.clear_before_start"]["text"] == "Was every story really ready?"
    assert asked["rp.clear_before_start"]["builtin"] is False
    assert asked["ex.rework"]["text"].startswith("Wie viel Nacharbeit")
