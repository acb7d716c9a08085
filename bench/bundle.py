"""What each page of the web app downloads before it shows anything, gzipped.

Reads the build's manifest (`make build` writes src/twofold/web/.vite/manifest.json) and the
route table (frontend/src/shell/routes.ts), and for every route adds up the JavaScript and CSS
that opening it by its address loads: the app's frame (what index.html names) and the page's
own chunk with every chunk it imports statically. Chunks a page fetches later (a dialog opened,
a phase reached) are not counted; they are listed as `later`. Sizes are gzip level 6, what a
compressing proxy or the server itself sends.
"""

import gzip
import json
import re
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WEB = ROOT / "src" / "twofold" / "web"
ROUTES = ROOT / "frontend" / "src" / "shell" / "routes.ts"
TARGET_KB = 60.0

_ROUTE = re.compile(r"route\('([^']+)',\s*'\w+',\s*\(\)\s*=>\s*import\('([^']+)'\)\)")


class _Refs(HTMLParser):
    """The scripts, preloads and style sheets index.html names."""

    def __init__(self) -> None:
        super().__init__()
        self.files: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.files.append(str(a["src"]))
        elif tag == "link" and a.get("rel") in ("stylesheet", "modulepreload") and a.get("href"):
            self.files.append(str(a["href"]))


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6))


@dataclass
class Load:
    route: str
    js: int
    css: int
    files: list[str]
    later: int

    @property
    def total(self) -> int:
        return self.js + self.css


def routes() -> list[tuple[str, str]]:
    """(pattern, manifest key of the page) for every route."""
    out = []
    for pattern, target in _ROUTE.findall(ROUTES.read_text()):
        source = (ROUTES.parent / target).resolve().relative_to(ROOT / "frontend")
        out.append((pattern, source.as_posix()))
    return out


def closure(manifest: dict[str, dict[str, object]], key: str, into: set[str]) -> None:
    entry = manifest[key]
    if key in into:
        return
    into.add(key)
    for dep in entry.get("imports", []):  # type: ignore[attr-defined]
        closure(manifest, str(dep), into)


def measure(web: Path = WEB) -> tuple[list[Load], int]:
    manifest: dict[str, dict[str, object]] = json.loads(
        (web / ".vite" / "manifest.json").read_text()
    )
    refs = _Refs()
    refs.feed((web / "index.html").read_text())
    frame = {f.lstrip("/") for f in refs.files}
    frame_keys: set[str] = set()
    closure(manifest, "index.html", frame_keys)
    loads = []
    for pattern, key in routes():
        keys = set(frame_keys)
        closure(manifest, key, keys)
        files = set(frame)
        for k in keys:
            files.add(str(manifest[k]["file"]))
            files.update(str(c) for c in manifest[k].get("css", []))  # type: ignore[attr-defined]
        later: set[str] = set()
        for k in keys:
            for dyn in manifest[k].get("dynamicImports", []):  # type: ignore[attr-defined]
                if k == "index.html":
                    continue  # the other pages
                closure(manifest, str(dyn), later)
        later_files = {str(manifest[k]["file"]) for k in later} - files
        js = sum(gz(web / f) for f in files if f.endswith(".js"))
        css = sum(gz(web / f) for f in files if f.endswith(".css"))
        loads.append(Load(pattern, js, css, sorted(files), sum(gz(web / f) for f in later_files)))
    everything = sum(gz(p) for p in (web / "assets").iterdir() if p.suffix in (".js", ".css"))
    return loads, everything


def main() -> None:
    if not (WEB / ".vite" / "manifest.json").exists():
        print("bundle: web UI not built (run `make build`)")
        return
    loads, everything = measure()
    print(f"\n=== initial download per route, gzipped (target <= {TARGET_KB:.0f} KB of JS)")
    print(f"  {'route':<28} {'JS KB':>7} {'CSS KB':>7} {'total':>7} {'later':>7}  files")
    for load in loads:
        flag = "" if load.js / 1024 <= TARGET_KB else "  over target"
        print(
            f"  {load.route:<28} {load.js / 1024:7.1f} {load.css / 1024:7.1f} "
            f"{load.total / 1024:7.1f} {load.later / 1024:7.1f}  {len(load.files)}{flag}"
        )
    worst = max(loads, key=lambda x: x.js)
    print(
        f"  largest: {worst.route} {worst.js / 1024:.1f} KB of JS; every chunk of the app "
        f"together {everything / 1024:.1f} KB"
    )
    if "-v" in sys.argv:
        for load in loads:
            print(f"  {load.route}: {' '.join(load.files)}")
