"""A real SMTP server (aiosmtpd) in the test process, for the worker to send mail to.

It speaks plain SMTP, STARTTLS or TLS from the start with a certificate made for the test by
the `openssl` command, and can require a user name and password. Every message it accepts is
kept, parsed, in `received`.
"""

import ssl
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any, Literal

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.ports import free_port


def make_certificate(folder: Path) -> Path:
    """A self-signed certificate for 127.0.0.1 and localhost; the returned file holds the
    certificate (for clients to trust) and, beside it, `key.pem`."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost",
            "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )  # fmt: skip
    return cert


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage

    @property
    def text(self) -> str:
        body = self.message.get_body(("plain",))
        assert body is not None
        return str(body.get_content()).replace("\r\n", "\n")


@dataclass
class _Handler:
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    arrived: threading.Condition = field(init=False)

    def __post_init__(self) -> None:
        self.arrived = threading.Condition(self.lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = message_from_bytes(envelope.original_content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        with self.arrived:
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), parsed))
            self.arrived.notify_all()
        return "250 Message accepted for delivery"


@dataclass
class MailServer:
    port: int
    handler: _Handler
    controller: Controller

    @property
    def received(self) -> list[Received]:
        with self.handler.lock:
            return list(self.handler.received)

    def wait_for(self, count: int, timeout: float = 30.0) -> list[Received]:
        with self.handler.arrived:
            self.handler.arrived.wait_for(lambda: len(self.handler.received) >= count, timeout)
            return list(self.handler.received)


@contextmanager
def mail_server(
    *,
    port: int | None = None,
    security: Literal["none", "starttls", "ssl"] = "none",
    certificate: Path | None = None,
    login: tuple[str, str] | None = None,
) -> Iterator[MailServer]:
    handler = _Handler()
    kwargs: dict[str, Any] = {"server_hostname": "localhost", "ready_timeout": 30}
    if security != "none":
        assert certificate is not None
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(certificate, certificate.with_name("key.pem"))
        kwargs["ssl_context" if security == "ssl" else "tls_context"] = context
    if login is not None:
        expected = LoginPassword(login[0].encode(), login[1].encode())

        def authenticate(*args: Any) -> AuthResult:
            # Not "handled": the server itself answers a refusal with 535.
            return AuthResult(success=args[-1] == expected, handled=False)

        kwargs["authenticator"] = authenticate
        if security == "ssl":
            # aiosmtpd offers AUTH only after its own STARTTLS; on a connection that is TLS
            # from the start it must be told that is good enough (and then cannot require it).
            kwargs["auth_require_tls"] = False
        else:
            kwargs["auth_required"] = True
    chosen = port or free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=chosen, **kwargs)
    controller.start()
    try:
        yield MailServer(chosen, handler, controller)
    finally:
        controller.stop()
