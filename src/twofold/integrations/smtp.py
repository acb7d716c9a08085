"""Sending mail through an SMTP server (smtplib), for the worker only: never in a request.

Three ways to connect, as mail providers document them: `starttls` (port 587: plain connection
upgraded to TLS before anything else is said; a server that does not offer the upgrade is an
error, never a reason to send the password in the clear), `ssl` (port 465: TLS from the start)
and `none` (a relay on the same host or network, port 25). Server certificates are checked
against the system's trusted authorities (`SSL_CERT_FILE` names another bundle).
"""

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from typing import Literal

from twofold.domain.mail import Mail

Security = Literal["starttls", "ssl", "none"]


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    security: Security
    username: str
    password: str
    sender: str
    timeout: float


def build_message(config: SmtpConfig, mail: Mail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = config.sender
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = formatdate(usegmt=True)
    # The sender's own domain: make_msgid would otherwise ask DNS for this host's name.
    domain = parseaddr(config.sender)[1].rpartition("@")[2] or "twofold.invalid"
    message["Message-ID"] = make_msgid(domain=domain)
    message.set_content(mail.text)
    return message


def send(config: SmtpConfig, mail: Mail) -> None:
    """Deliver one mail to the server, or raise what went wrong (the worker retries)."""
    message = build_message(config, mail)
    context = ssl.create_default_context()
    client: smtplib.SMTP
    if config.security == "ssl":
        client = smtplib.SMTP_SSL(config.host, config.port, timeout=config.timeout, context=context)
    else:
        client = smtplib.SMTP(config.host, config.port, timeout=config.timeout)
    with client:
        if config.security == "starttls":
            client.starttls(context=context)
        if config.username:
            client.login(config.username, config.password)
        client.send_message(message)
