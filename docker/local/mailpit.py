#!/usr/bin/env python3
"""Stand-in for Mailpit (the staging mail catcher) where its image cannot be pulled.

SMTP on port 1025 keeps every message in memory; HTTP on port 8025 answers the
part of Mailpit's API that the stack test reads: GET /api/v1/messages,
GET /api/v1/message/<ID> and GET /readyz. `mailpit readyz` is the health check,
as with the real image.
"""

import email
import email.policy
import json
import sys
import threading
import urllib.request
import uuid
from datetime import UTC, datetime
from email.utils import getaddresses
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller

MESSAGES: list[dict] = []
LOCK = threading.Lock()


def addresses(values):
    return [{"Name": name, "Address": address} for name, address in getaddresses(values)]


class Catcher:
    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        shown = {
            item["Address"].lower()
            for item in addresses(message.get_all("To", []) + message.get_all("Cc", []))
        }
        body = message.get_body(("plain",))
        html = message.get_body(("html",))
        record = {
            "ID": uuid.uuid4().hex,
            "MessageID": message.get("Message-ID", ""),
            "From": (addresses(message.get_all("From", [])) or [{"Name": "", "Address": ""}])[0],
            "To": addresses(message.get_all("To", [])),
            "Cc": addresses(message.get_all("Cc", [])),
            # Blind copies appear only in the envelope, as Mailpit reports them.
            "Bcc": [
                {"Name": "", "Address": rcpt}
                for rcpt in envelope.rcpt_tos
                if rcpt.lower() not in shown
            ],
            # Folding may leave a leading space on a long encoded subject.
            "Subject": str(message.get("Subject", "")).strip(),
            "Created": datetime.now(UTC).isoformat(),
            "Text": body.get_content() if body else "",
            "HTML": html.get_content() if html else "",
        }
        record["Snippet"] = record["Text"][:250]
        with LOCK:
            MESSAGES.insert(0, record)
        return "250 Message accepted for delivery"


class Api(BaseHTTPRequestHandler):
    def do_GET(self):
        with LOCK:
            messages = list(MESSAGES)
        if self.path == "/readyz":
            return self.reply(200, "ok")
        if self.path.startswith("/api/v1/messages"):
            summary = [{k: v for k, v in m.items() if k not in ("Text", "HTML")} for m in messages]
            return self.reply(
                200, {"total": len(messages), "count": len(messages), "messages": summary}
            )
        if self.path.startswith("/api/v1/message/"):
            wanted = self.path.rsplit("/", 1)[-1]
            for message in messages:
                if message["ID"] == wanted:
                    return self.reply(200, message)
        return self.reply(404, {"error": "not found"})

    def reply(self, status, content):
        data = content.encode() if isinstance(content, str) else json.dumps(content).encode()
        self.send_response(status)
        self.send_header(
            "Content-Type", "text/plain" if isinstance(content, str) else "application/json"
        )
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):
        pass


def main():
    if sys.argv[1:] == ["readyz"]:
        with urllib.request.urlopen("http://127.0.0.1:8025/readyz", timeout=3) as response:
            sys.exit(response.status != 200)
    controller = Controller(Catcher(), hostname="0.0.0.0", port=1025)  # noqa: S104 (in its container)
    controller.start()
    ThreadingHTTPServer(("0.0.0.0", 8025), Api).serve_forever()  # noqa: S104


if __name__ == "__main__":
    main()
