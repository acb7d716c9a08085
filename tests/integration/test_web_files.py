"""The built web app as the server hands it out: chunks compressed and cached for good, a
missing chunk a plain 404, deep links answered with the page, nothing hidden in the build
folder served."""

import gzip
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from twofold.api import web

CHUNK = "const answer = 'the same line again and again';\n" * 200


@pytest.fixture
def site(tmp_path: Path) -> TestClient:
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "BoardPage-Ab12.js").write_text(CHUNK)
    (tmp_path / "assets" / "tiny-Cd34.js").write_text("export {};\n")
    (tmp_path / ".vite").mkdir()
    (tmp_path / ".vite" / "manifest.json").write_text('{"index.html": {}}')
    (tmp_path / "index.html").write_text("<!doctype html><title>Twofold</title>")
    (tmp_path / "favicon.svg").write_text("<svg/>")
    app = FastAPI()
    web.install(app, tmp_path)
    return TestClient(app)


def test_chunks_go_compressed_to_browsers_that_take_it_and_are_cached_for_good(
    site: TestClient,
) -> None:
    r = site.get("/assets/BoardPage-Ab12.js", headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200
    assert r.headers["content-encoding"] == "gzip"
    assert "accept-encoding" in r.headers["vary"].lower()
    assert r.headers["cache-control"] == web.ASSET_CACHE
    assert r.text == CHUNK  # the client undid the compression
    assert int(r.headers["content-length"]) < len(gzip.compress(CHUNK.encode())) + 64
    assert int(r.headers["content-length"]) < len(CHUNK) // 10

    plain = site.get("/assets/BoardPage-Ab12.js", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert plain.text == CHUNK
    # A file too small to gain anything goes as it is.
    tiny = site.get("/assets/tiny-Cd34.js", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in tiny.headers


def test_a_missing_chunk_is_a_404_and_deep_links_get_the_page(site: TestClient) -> None:
    assert site.get("/assets/Gone-Zz99.js").status_code == 404
    page = site.get("/retros/abc")
    assert page.status_code == 200
    assert page.text.startswith("<!doctype html>")
    assert page.headers["cache-control"] == "no-cache"
    assert site.get("/favicon.svg").text == "<svg/>"


@pytest.mark.parametrize(
    "path", ["/.vite/manifest.json", "/.vite/", "/assets/../.vite/manifest.json"]
)
def test_nothing_hidden_in_the_build_folder_is_served(site: TestClient, path: str) -> None:
    r = site.get(path)
    assert "index.html" not in r.text
    assert r.status_code in (200, 404)
    if r.status_code == 200:
        assert r.text.startswith("<!doctype html>")
