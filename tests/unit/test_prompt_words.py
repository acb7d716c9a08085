"""The web UI's English words for the built-in prompts are the server's own, word for word.

The UI words a built-in prompt by its id from its message catalogue (so German and French
readers get their own language); this reads that module's English and holds it to
`DEFAULT_PROMPTS` and `GROUP_LABELS`, so a change on one side fails here until the other
follows.
"""

import re
from pathlib import Path

from twofold.domain.prompts import DEFAULT_PROMPTS, GROUP_LABELS

MESSAGES = Path(__file__).parents[2] / "frontend" / "src" / "vocab" / "prompts.messages.ts"
# `'rp.clear_before_start': 'Did every story…',` or `execution: 'Execution',`, the text
# possibly on the next line; texts are single-quoted and hold no quote of their own.
_ENTRY = re.compile(r"^\s*'?([a-z][a-z0-9_.]*)'?:\s*'([^'\\]*)',?\s*$", re.MULTILINE)


def _messages(component: str) -> dict[str, str]:
    source = MESSAGES.read_text(encoding="utf-8")
    start = source.index(f"i18n('{component}', {{")
    body = source[start : source.index("});", start)]
    rest = body.split("\n", 1)[1]
    entries = _ENTRY.findall(rest)
    # Every line is an entry the pattern read: one it skipped would otherwise pass unseen.
    assert _ENTRY.sub("", rest).strip() == ""
    words = dict(entries)
    assert len(words) == len(entries), "an id is listed twice"
    return words


def test_every_built_in_prompt_has_its_server_text_in_the_catalogue() -> None:
    words = _messages("vocab.prompts")
    assert words == {p.id: p.text for p in DEFAULT_PROMPTS}


def test_every_prompt_group_has_its_server_name_in_the_catalogue() -> None:
    words = _messages("vocab.promptGroups")
    assert words == {group.value: label for group, label in GROUP_LABELS.items()}
