"""The mail Twofold sends, as plain data: who it goes to, its subject and its text.

Only plain text: nothing a mail client could load from elsewhere, and nothing a display name
could turn into markup. Names and addresses go into the body only; the headers hold our own
fixed subject and the address the account was validated with.
"""

from dataclasses import dataclass
from datetime import datetime

MAIL_KIND = "mail"
"""The outbox kind of an outgoing mail."""


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    text: str
    # The text holds something that must not stay in the outbox once the mail is sent (a
    # one-time link).
    sensitive: bool = False

    def payload(self) -> dict[str, object]:
        body: dict[str, object] = {"to": self.to, "subject": self.subject, "text": self.text}
        if self.sensitive:
            body["sensitive"] = ["text"]
        return body


def _plain(text: str) -> str:
    """A display name on one line: no control characters to break the mail's layout."""
    return "".join(ch if ch.isprintable() else " " for ch in text).strip()


def _when(at: datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M UTC")


def password_reset(to: str, name: str, link: str, expires_at: datetime, requested_by: str) -> Mail:
    text = (
        f"Hello {_plain(name)},\n\n"
        f"{_plain(requested_by)}, who looks after this Twofold instance, made a link for you to "
        "choose a new password:\n\n"
        f"{link}\n\n"
        f"The link works once and until {_when(expires_at)}. Choosing a new password signs "
        "you out everywhere else.\n\n"
        "If you did not ask for this, you can ignore this mail; your password stays as it "
        "is.\n"
    )
    return Mail(to=to, subject="Choose a new Twofold password", text=text, sensitive=True)


def email_changed(old: str, new: str, name: str, site: str) -> Mail:
    text = (
        f"Hello {_plain(name)},\n\n"
        f"The email address you sign in to Twofold ({site}) with was changed from {old} to "
        f"{new}.\n\n"
        "If that was you, there is nothing to do. If it was not, ask the owner of your Twofold "
        "instance to reset your password at once.\n"
    )
    return Mail(to=old, subject="Your Twofold email address was changed", text=text)
