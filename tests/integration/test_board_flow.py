"""The core flow over the API: a retro from the PM / Engineering template and its cards."""

from tests.conftest import World


def test_pm_engineering_template_has_the_three_partnership_columns(world: World) -> None:
    columns = world.retro["columns"]
    assert [c["title"] for c in columns] == [
        "Product Perspective",
        "Engineering Perspective",
        "Collaboration Improvements",
    ]
    assert columns[0]["polarities"] == ["went_well", "didnt_go_well"]
    assert columns[2]["polarities"] == ["proposal"]


def test_card_add_edit_delete_carries_role_and_friction(world: World) -> None:
    rid = world.retro["id"]
    card = world.eng.ok(
        "POST",
        f"/api/retros/{rid}/cards",
        201,
        json={
            "column_id": world.column_id(1),
            "text": "Seven clarifying questions mid-sprint",
            "polarity": "didnt_go_well",
            "friction": "requirements_clarity",
        },
    )
    assert card["author_role"] == "eng"
    assert card["is_mine"] is True
    edited = world.eng.ok("PATCH", f"/api/cards/{card['id']}", json={"text": "Nine questions"})
    assert edited["text"] == "Nine questions"
    assert edited["friction"] == "requirements_clarity"
    cleared = world.eng.ok("PATCH", f"/api/cards/{card['id']}", json={"friction": None})
    assert cleared["friction"] is None
    board = world.pm.ok("GET", f"/api/retros/{rid}")
    # Still in reflect: the PM knows a card exists, but not what it says.
    assert [(c["hidden"], c.get("text")) for c in board["cards"]] == [(True, None)]
    assert board["cards"][0]["is_mine"] is False
    world.eng.ok("DELETE", f"/api/cards/{card['id']}", 204)
    assert world.pm.ok("GET", f"/api/retros/{rid}")["cards"] == []


def test_proposal_column_rejects_went_well(world: World) -> None:
    r = world.pm.post(
        f"/api/retros/{world.retro['id']}/cards",
        json={"column_id": world.column_id(2), "text": "Weekly sync", "polarity": "went_well"},
    )
    assert r.status_code == 422
    assert r.json()["error"]["details"][0]["field"] == "polarity"


def test_guest_adds_a_card_with_their_role(world: World) -> None:
    card = world.guest.ok(
        "POST",
        f"/api/retros/{world.retro['id']}/cards",
        201,
        json={"column_id": world.column_id(0), "text": "Mockups landed late"},
    )
    assert (card["author_kind"], card["author_name"]) == ("guest", "Gus Guest")
    assert card["author_role"] == "design"
    assert card["polarity"] == "went_well"
