"""When the server cannot reach Redis (the bus to its other processes), the board says that
others' changes may come late, keeps working, and stops saying so once Redis is back."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import LiveServer, serve
from tests.browser.flows import (
    add_card,
    create_owner,
    create_retro,
    create_team,
    go_to_phase,
    screenshot,
)
from tests.redis_server import RedisServer


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[RedisServer]:
    folder = tmp_path / "redis"
    folder.mkdir()
    redis = RedisServer(folder).start()
    try:
        yield redis
    finally:
        redis.stop()


@pytest.fixture
def server(tmp_path: Path, own_redis: RedisServer) -> Iterator[LiveServer]:
    with serve(tmp_path, TWOFOLD_REDIS_URL=own_redis.url) as live:
        yield live


def test_the_board_says_live_updates_are_delayed_while_redis_is_down(
    page: Page, own_redis: RedisServer
) -> None:
    create_owner(page)
    create_team(page, "Payments")
    create_retro(page, "Sprint 7 retro")
    go_to_phase(page, "reflect")
    expect(page.get_by_test_id("connection-state")).to_have_text("Live")
    delayed = page.get_by_role("status").filter(has_text="Live updates delayed")
    expect(delayed).to_have_count(0)

    own_redis.kill()
    expect(delayed).to_be_visible()
    expect(delayed).to_contain_text("Everything is saved")
    # The board still works: a card written now shows at once.
    add_card(page, "Product Perspective", "Rollout went smoothly")
    expect(page.get_by_test_id("connection-state")).to_have_text("Live")
    screenshot(page, "board-live-updates-delayed")

    own_redis.start()
    expect(delayed).to_have_count(0)
    expect(page.get_by_test_id("card").filter(has_text="Rollout went smoothly")).to_have_count(1)
