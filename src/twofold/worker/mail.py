"""The outbox handler for mail: the payload written by services/mail_queue, sent by SMTP."""

from typing import Any

from twofold.domain.mail import Mail
from twofold.integrations import smtp
from twofold.settings import Settings
from twofold.worker.runner import Handler


def smtp_config(settings: Settings) -> smtp.SmtpConfig:
    return smtp.SmtpConfig(
        host=settings.smtp_host,
        port=settings.smtp_port,
        security=settings.smtp_security,
        username=settings.smtp_username,
        password=settings.smtp_password.get_secret_value(),
        sender=settings.smtp_from,
        timeout=settings.smtp_timeout_seconds,
    )


def mail_handler(config: smtp.SmtpConfig) -> Handler:
    def send(payload: dict[str, Any]) -> None:
        smtp.send(
            config,
            Mail(to=str(payload["to"]), subject=str(payload["subject"]), text=str(payload["text"])),
        )

    return send
