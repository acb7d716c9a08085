"""Serves the built single-page app and the self-hosted API explorer.

Any GET outside /api that is not a built file gets index.html, so deep links such as
/retros/<id> survive a reload. Nothing is fetched from outside the instance.
"""

from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import Scope

from twofold.api.errors import error_response

WEB_DIR = Path(__file__).resolve().parent.parent / "web"

_NOT_BUILT = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Twofold</title></head><body>
<h1>Twofold</h1><p>The web interface has not been built yet. Run <code>make build</code>
(or <code>make run</code>) from the source folder. The API is up at <a href="/api/docs">/api/docs</a>.</p>
</body></html>"""


# Everything under /assets is named after a hash of its content, so a file never changes under
# its name: browsers may keep it for a year without asking again. index.html, which names the
# current files, is always revalidated.
ASSET_CACHE = "public, max-age=31536000, immutable"
GZIP_FROM = 512
"""Bytes below which a file goes as it is: compressing it would save next to nothing."""


class Assets(StaticFiles):
    """The built chunks, cached for good. A chunk that is missing (a page still open from before
    an upgrade asking for a chunk the new build no longer has) is a plain 404, never index.html,
    so the app sees the failure and offers to reload."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if response.status_code == 200:
            response.headers["cache-control"] = ASSET_CACHE
        return response


def install(app: FastAPI, web_dir: Path = WEB_DIR) -> None:
    swagger = web_dir / "swagger"

    @app.get("/api/docs", include_in_schema=False)
    def api_docs() -> HTMLResponse:
        if not (swagger / "swagger-ui-bundle.js").exists():
            return HTMLResponse(
                '<!doctype html><meta charset="utf-8"><title>Twofold API</title>'
                "<p>The API explorer ships with the built web interface. The schema itself is at "
                '<a href="/api/openapi.json">/api/openapi.json</a>.</p>'
            )
        return get_swagger_ui_html(
            openapi_url="/api/openapi.json",
            title="Twofold API",
            swagger_js_url="/swagger/swagger-ui-bundle.js",
            swagger_css_url="/swagger/swagger-ui.css",
            swagger_favicon_url="/favicon.svg",
            # The explorer would otherwise ask an outside validator service about the schema.
            swagger_ui_parameters={"validatorUrl": None},
        )

    if (web_dir / "assets").is_dir():
        # Compressed here, so a page's first download is small even with no proxy in front
        # that compresses. Chunks hold code only, never anything secret a reflected input could
        # be guessed against, so compressing them is safe where compressing API answers is not.
        assets = GZipMiddleware(Assets(directory=web_dir / "assets"), minimum_size=GZIP_FROM)
        app.mount("/assets", assets, name="assets")

    index = web_dir / "index.html"
    root = web_dir.resolve()

    @app.get("/{path:path}", include_in_schema=False)
    def spa(path: str) -> Response:
        if path.startswith("api/") or path == "api":
            return error_response(404, "not_found", "Nothing here.")
        candidate = (web_dir / path).resolve()
        hidden = any(part.startswith(".") for part in Path(path).parts)  # the build's manifest
        if path and not hidden and candidate.is_file() and candidate.is_relative_to(root):
            return FileResponse(candidate)
        if not index.exists():
            return HTMLResponse(_NOT_BUILT)
        return FileResponse(index, headers={"cache-control": "no-cache"})
