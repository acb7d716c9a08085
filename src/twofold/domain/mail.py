"""The mail Twofold sends, as plain data: who it goes to, its subject and its text.

Only plain text: nothing a mail client could load from elsewhere, and nothing a display name
could turn into markup. Names and addresses go into the body only; the headers hold our own
fixed subject and the address the account was validated with. The words are the reader's
language's (`domain.words`); the caller chooses which.
"""

from dataclasses import dataclass
from datetime import datetime

from twofold.domain.vocab import TextLanguage
from twofold.domain.words import words

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


def password_reset(
    to: str,
    name: str,
    link: str,
    expires_at: datetime,
    requested_by: str,
    language: TextLanguage = TextLanguage.EN,
) -> Mail:
    w = words(language)
    text = (
        w._("Hello {name},", name=_plain(name))
        + "\n\n"
        + w._(
            "{owner}, who looks after this Twofold instance, made a link for you to choose a "
            "new password:",
            owner=_plain(requested_by),
        )
        + f"\n\n{link}\n\n"
        + w._(
            "The link works once and until {expires}. Choosing a new password signs you out "
            "everywhere else.",
            expires=w.moment(expires_at),
        )
        + "\n\n"
        + w._(
            "If you did not ask for this, you can ignore this mail; your password stays as it is."
        )
        + "\n"
    )
    subject = w._("Choose a new Twofold password")
    return Mail(to=to, subject=subject, text=text, sensitive=True)


def email_changed(
    old: str, new: str, name: str, site: str, language: TextLanguage = TextLanguage.EN
) -> Mail:
    w = words(language)
    text = (
        w._("Hello {name},", name=_plain(name))
        + "\n\n"
        + w._(
            "The email address you sign in to Twofold ({site}) with was changed from {old} to "
            "{new}.",
            site=site,
            old=old,
            new=new,
        )
        + "\n\n"
        + w._(
            "If that was you, there is nothing to do. If it was not, ask the owner of your "
            "Twofold instance to reset your password at once."
        )
        + "\n"
    )
    return Mail(to=old, subject=w._("Your Twofold email address was changed"), text=text)
