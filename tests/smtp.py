"""A real SMTP server in the test process (aiosmtpd), which keeps what it is sent.

    def test_x(smtp):            # the fixture of tests/conftest.py
        ...send_queued()...
        [message] = smtp.messages   # email.message.EmailMessage, policy=default

`smtp.refuse["x@example.vn"] = "550 5.1.1 No such user"` refuses an address at
RCPT (a 5xx is final, a 4xx asks to retry later); `smtp.stop()` takes the server
away (connections are refused) and `smtp.start()` brings it back on its port.
Settings point Django's SMTP backend at it for the test.
"""

from __future__ import annotations

import socket
from email import message_from_bytes
from email.policy import default


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SMTPServer:
    def __init__(self):
        from aiosmtpd.controller import Controller

        server = self

        class Handler:
            async def handle_EHLO(self, smtp, session, envelope, hostname, responses):
                server.connections += 1
                session.host_name = hostname
                return responses

            async def handle_RCPT(self, smtp, session, envelope, address, options):
                refusal = server.refuse.get(address.lower())
                if refusal:
                    return refusal
                envelope.rcpt_tos.append(address)
                return "250 OK"

            async def handle_DATA(self, smtp, session, envelope):
                message = message_from_bytes(envelope.content, policy=default)
                server.messages.append(message)
                server.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
                return "250 Message accepted for delivery"

        self.port = free_port()
        self.messages: list = []
        self.envelopes: list = []
        self.refuse: dict[str, str] = {}
        self.connections = 0
        # server_hostname: no lookup of the machine's own name at each start.
        self._make = lambda: Controller(
            Handler(), hostname="127.0.0.1", port=self.port, server_hostname="localhost"
        )
        self._controller = None
        self.running = False

    def start(self) -> None:
        if not self.running:
            # A stopped controller's event loop is closed: a new one, same port.
            self._controller = self._make()
            self._controller.start()
            self.running = True

    def stop(self) -> None:
        if self.running:
            self._controller.stop()
            self.running = False

    def to(self, address: str) -> list:
        return [m for m in self.messages if address in m["To"]]
