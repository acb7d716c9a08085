"""Posts written out for Slack and Teams: user text escaped for each format, within the
vendors' limits, in the shapes the local vendor servers check."""

from datetime import UTC, datetime

from tests.fake_slack import block_problems
from tests.fake_teams import envelope_problems
from twofold.domain.channels import Outline, Section, digest_due, https_on, iso_week
from twofold.integrations.chat.formats import slack_message, slack_text, teams_message, teams_text


def _outline(text: str, lines: int = 3) -> Outline:
    return Outline(
        title=text,
        subtitle=text,
        sections=(Section(text, tuple(f"{text} {i}" for i in range(lines))),),
        link="https://retro.example.com/retros/r1",
        link_label="Open",
    )


def test_slack_text_cannot_link_mention_or_break_lines() -> None:
    assert (
        slack_text("a & b <!channel> <https://x|y>")
        == "a &amp; b &lt;!channel&gt; &lt;https://x|y&gt;"
    )
    assert slack_text("hey @channel and @Here, mail me@example.com") == (
        "hey @\u2060channel and @\u2060Here, mail me@example.com"
    )
    assert slack_text("one\n\ntwo") == "one two"


def test_teams_text_escapes_markdown() -> None:
    assert (
        teams_text("*bold* [x](https://evil) # h") == "\\*bold\\* \\[x\\]\\(https://evil\\) \\# h"
    )


def test_long_posts_stay_within_slacks_limits_and_both_shapes_are_accepted() -> None:
    long = _outline("x" * 400, lines=40)
    message = slack_message(long)
    assert block_problems(message) == []
    assert len(message["blocks"][0]["text"]["text"]) == 150
    assert envelope_problems(teams_message(long)) == []
    assert envelope_problems({"type": "message", "attachments": []}) != []
    assert block_problems({"blocks": [{"type": "header", "text": {"type": "mrkdwn", "text": "x"}}]})


def test_webhook_hosts_and_the_digest_rule() -> None:
    hosts = ("hooks.slack.com",)
    assert https_on("https://hooks.slack.com/services/T/B/x", hosts, False)
    assert not https_on("http://hooks.slack.com/services/T/B/x", hosts, False)
    assert not https_on("https://hooks.slack.com.evil.example/x", hosts, False)
    assert not https_on("https://user:pw@hooks.slack.com/x", hosts, False)
    assert https_on("http://127.0.0.1:8080/x", hosts, True)
    assert https_on("https://prod-1.westus.logic.azure.com/w", (".logic.azure.com",), False)
    monday = datetime(2026, 12, 7, 8, 59, tzinfo=UTC)
    assert not digest_due(monday)
    assert digest_due(monday.replace(hour=9))
    assert digest_due(datetime(2026, 12, 6, 0, 0, tzinfo=UTC))  # Sunday, late in the week
    assert iso_week(monday) == "2026-W50"
