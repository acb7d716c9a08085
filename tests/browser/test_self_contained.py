"""Self-hosted installs are often air-gapped: no page may load anything from elsewhere."""

from playwright.sync_api import Page, Request, expect

from tests.browser.conftest import LiveServer
from tests.browser.flows import create_owner, create_retro, create_team


def test_pages_request_only_the_instance_and_keep_their_csp(page: Page, server: LiveServer) -> None:
    requests: list[str] = []
    errors: list[str] = []

    def seen(request: Request) -> None:
        requests.append(request.url)

    page.on("request", seen)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    create_owner(page)
    create_team(page, "Air-gapped")
    create_retro(page, "Offline retro")
    page.get_by_role("link", name="Settings").click()
    expect(page.get_by_role("heading", level=1, name="Settings")).to_be_visible()
    page.goto("/api/docs")
    # The server builds the 450 KB schema on the first request for it (about two seconds on a
    # quiet machine) and the explorer then lays it out: on a loaded machine that is well past
    # the default five seconds.
    expect(page.get_by_text("/api/auth/signup").first).to_be_visible(timeout=30_000)

    outside = [u for u in requests if not u.startswith((server.url, "data:", "blob:"))]
    assert requests
    assert outside == []
    # A CSP violation or a failed load would show up as a console error.
    assert [e for e in errors if "Content Security Policy" in e or "Failed to load" in e] == []
    response = page.request.get(f"{server.url}/teams")
    assert "default-src 'self'" in response.headers["content-security-policy"]
