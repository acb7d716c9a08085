"""Mail goes out through the outbox: queued in the transaction of the change it is about, and
sent by the worker (worker/mail.py), so no request waits on a mail server."""

from dataclasses import dataclass

from twofold.domain.entities import User
from twofold.domain.mail import MAIL_KIND, Mail
from twofold.domain.outbox import OutboxItem
from twofold.services.access import check_instance_owner
from twofold.services.context import Ctx
from twofold.store.database import Tx
from twofold.store.queries import outbox as outbox_q

FAILED_SHOWN = 50


def queue(tx: Tx, message: Mail) -> str:
    return outbox_q.insert(tx, MAIL_KIND, message.payload())


@dataclass(frozen=True)
class MailStatus:
    waiting: int
    """Mail not sent yet: new, or waiting to be tried again."""
    failed: list[OutboxItem]
    """The latest mail that could not be sent once every retry was used, newest first."""
    failed_total: int


def mail_status(ctx: Ctx, owner: User) -> MailStatus:
    check_instance_owner(owner)
    with ctx.db.read() as tx:
        return MailStatus(
            outbox_q.count_open(tx, MAIL_KIND),
            outbox_q.failed(tx, MAIL_KIND, FAILED_SHOWN),
            outbox_q.count_failed(tx, MAIL_KIND),
        )
