"""axe-core, the accessibility rules engine, run inside the page under test.

The engine comes from the front end's npm dev dependencies (`axe-core`), the same file a
developer gets with `make build`. It is evaluated through the DevTools protocol rather than
added as a <script>, so the app's Content-Security-Policy stays as strict as in production.
"""

from functools import cache
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

AXE_JS = (
    Path(__file__).resolve().parents[2] / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
)
# What fails a test. Moderate and minor findings (a heading level skipped, say) are worth a
# look but are not barriers; serious and critical ones keep someone out.
BLOCKING = ("serious", "critical")


@cache
def _source() -> str:
    if not AXE_JS.exists():
        raise AssertionError(f"{AXE_JS} is missing: run `make build` (npm ci) first.")
    return AXE_JS.read_text(encoding="utf-8")


def violations(page: Page, within: str | None = None) -> list[dict[str, Any]]:
    """Every serious or critical axe violation on the page as it is now (or inside `within`)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_source())
    found: list[dict[str, Any]] = page.evaluate(
        """async (within) => {
            const result = await window.axe.run(within ?? document, {
                resultTypes: ['violations'],
            });
            return result.violations;
        }""",
        within,
    )
    return [v for v in found if v.get("impact") in BLOCKING]


def describe(found: list[dict[str, Any]]) -> str:
    """A failure message a person can act on: rule, impact, what to fix and where."""
    lines: list[str] = []
    for v in found:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"][:6]:
            target = " ".join(str(t) for t in node["target"])
            summary = " ".join(str(node.get("failureSummary", "")).split())
            lines.append(f"    at {target}: {summary[:300]}")
        if len(v["nodes"]) > 6:
            lines.append(f"    … and {len(v['nodes']) - 6} more")
    return "\n".join(lines)


def assert_accessible(page: Page, where: str, within: str | None = None) -> None:
    """No serious or critical violation; otherwise fail with each one spelled out."""
    found = violations(page, within)
    assert not found, f"accessibility violations on {where}:\n{describe(found)}"
