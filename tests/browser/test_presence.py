"""A crowded board names a dozen of the people on it and folds the rest behind a button, so the
names never push the cards off the first screen."""

from contextlib import ExitStack

import httpx
from playwright.sync_api import Page, expect
from websockets.sync.client import connect

from tests.browser.conftest import LiveServer
from tests.browser.flows import create_owner, create_retro, create_team, invite_link

GUESTS = 14


def test_a_crowded_board_names_a_dozen_people_and_folds_the_rest(
    page: Page, server: LiveServer
) -> None:
    create_owner(page)
    create_team(page, "Crowd")
    create_retro(page, "Crowded retro")
    retro_id = page.url.rsplit("/", 1)[-1]
    token = invite_link(page).rsplit("/", 1)[-1]
    port = server.url.rsplit(":", 1)[-1]
    with ExitStack() as sockets:
        for i in range(GUESTS):
            joined = httpx.post(
                f"{server.url}/api/invites/{token}/guest",
                json={"display_name": f"Guest {i:02d}", "role": "eng"},
            )
            assert joined.status_code == 201, joined.text
            sockets.enter_context(
                connect(
                    f"ws://127.0.0.1:{port}/api/retros/{retro_id}/live",
                    additional_headers={
                        "Cookie": f"twofold_session={joined.cookies['twofold_session']}",
                        "Origin": server.url,
                    },
                    # These guests never read what they are sent, so a polite close would wait
                    # behind it; the server copes with a guest who just goes.
                    close_timeout=0.1,
                )
            )
        presence = page.get_by_test_id("presence")
        expect(presence).to_contain_text(f"Here now ({GUESTS + 1}):")
        expect(presence.get_by_role("listitem")).to_have_count(12)
        more = presence.get_by_role("button", name=f"and {GUESTS + 1 - 12} more")
        expect(more).to_have_attribute("aria-expanded", "false")

        more.focus()
        page.keyboard.press("Enter")
        expect(presence.get_by_role("listitem")).to_have_count(GUESTS + 1)
        fewer = presence.get_by_role("button", name="Show fewer")
        expect(fewer).to_have_attribute("aria-expanded", "true")
        expect(fewer).to_be_focused()
        fewer.click()
        expect(presence.get_by_role("listitem")).to_have_count(12)
