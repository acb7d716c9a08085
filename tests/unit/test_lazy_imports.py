"""Every `twofold serve` and command starts by importing the app: the heavy libraries of
features used now and then (scikit-learn and SciPy for the card insights, the PDF and slide
writers for reports) load when first used, not at start-up."""

import json
import subprocess
import sys

HEAVY = ("sklearn", "scipy", "fpdf", "pptx")


def test_importing_the_app_loads_no_heavy_library() -> None:
    probe = (
        "import json, sys; import twofold.api.app, twofold.cli; "
        f"print(json.dumps([m for m in {list(HEAVY)!r} if m in sys.modules]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    assert json.loads(done.stdout) == []
