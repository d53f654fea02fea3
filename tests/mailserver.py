"""A real SMTP server on loopback (aiosmtpd) that answers as told.

`refuse` maps an address to the reply its RCPT gets ("550 No such user",
"450 Greylisted"); `greylist` makes an address's first n RCPTs answer 450;
`data_replies` is a queue of replies to DATA ("451 Try again later") used
before answering 250; `hold_data` keeps DATA waiting (to kill a worker
mid-send). Accepted messages are kept with their envelope; `by_message_id`
counts them, so "exactly once" is checked on what the server accepted.
"""

import socket
import threading
import time
from collections import Counter
from email import message_from_bytes, policy

# This machine's engineers each have a port range; the durability tests' is 7100-7199.
PORTS = range(7100, 7200)
_next = [0]


def free_port() -> int:
    """A port of our range that nobody listens on (round robin, so that a port
    just closed is not handed out again at once)."""
    for _ in PORTS:
        port = PORTS[_next[0] % len(PORTS)]
        _next[0] += 1
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 7100-7199")


class ScriptedInbox:
    def __init__(self):
        self.refuse: dict[str, str] = {}
        self.greylist: Counter = Counter()
        self.data_replies: list[str] = []
        self.hold_data = threading.Event()
        self.hold_data.set()
        self.data_started = threading.Event()
        self.accepted: list[tuple[list[str], object]] = []
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address in self.refuse:
            return self.refuse[address]
        if self.greylist[address] > 0:
            self.greylist[address] -= 1
            return "450 4.2.0 Greylisted, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        import asyncio

        self.data_started.set()
        while not self.hold_data.is_set():
            await asyncio.sleep(0.05)
        if server.transport is None or server.transport.is_closing():
            return "421 Client went away"  # the sender died before it could hear "250"
        if self.data_replies:
            return self.data_replies.pop(0)
        with self.lock:
            self.accepted.append(
                (
                    list(envelope.rcpt_tos),
                    message_from_bytes(envelope.content, policy=policy.default),
                )
            )
        return "250 OK"

    def by_message_id(self) -> Counter:
        return Counter(message["Message-ID"] for _rcpt, message in self.accepted)

    def received_by(self, address: str) -> list:
        return [message for rcpt, message in self.accepted if address in rcpt]


class MailServer:
    """Start/stop on a fixed port (a test can take it down and bring it back)."""

    def __init__(self, port: int | None = None, inbox: ScriptedInbox | None = None):
        self.port = port or free_port()
        self.inbox = inbox or ScriptedInbox()
        self.controller = None

    def start(self) -> "MailServer":
        from aiosmtpd.controller import Controller

        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


def wait_for(condition, timeout=60.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
