"""Small local receivers for delivery tests: an HTTP endpoint and an SMTP sink.

Both run in a daemon thread on 127.0.0.1 with an OS-assigned port, record what they
receive, and follow a script: the HTTP receiver answers the listed status codes in
order (repeating the last), the SMTP sink refuses listed recipients with 550 and can
stall in DATA without answering (to kill a worker mid-send).
"""

from __future__ import annotations

import socketserver
import threading
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


class HTTPReceiver:
    """``HTTPReceiver([500, 500, 200])``: 500, 500, then 200 for every later request."""

    def __init__(self, responses: list[int] | tuple[int, ...] = (200,)):
        self.responses = list(responses)
        self.requests: list[Received] = []
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's naming
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                with receiver._lock:
                    index = len(receiver.requests)
                    receiver.requests.append(
                        Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                    )
                    code = receiver.responses[min(index, len(receiver.responses) - 1)]
                self.send_response(code)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/hook"

    def __enter__(self) -> HTTPReceiver:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


@dataclass
class SMTPSink:
    """A minimal SMTP server: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT."""

    refuse: set[str] = field(default_factory=set)
    stall_data: int = 0  # how many DATA commands to leave unanswered
    messages: list[Message] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.stalled = threading.Event()  # set when a DATA stall began
        self.release = threading.Event()
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line: str) -> None:
                self.wfile.write(line.encode() + b"\r\n")
                self.wfile.flush()

            def handle(self):
                self.reply("220 sink ESMTP")
                recipients: list[str] = []
                while True:
                    line = self.rfile.readline()
                    if not line:
                        return
                    command = line.decode(errors="replace").strip()
                    verb = command[:4].upper()
                    if verb in ("EHLO", "HELO"):
                        self.reply("250 sink")
                    elif verb == "MAIL":
                        recipients = []
                        self.reply("250 ok")
                    elif verb == "RCPT":
                        address = command.split(":", 1)[1].strip().strip("<>").lower()
                        if address in sink.refuse:
                            self.reply("550 5.1.1 no such user")
                        else:
                            recipients.append(address)
                            self.reply("250 ok")
                    elif verb == "DATA":
                        self.reply("354 end with .")
                        data = []
                        while True:
                            chunk = self.rfile.readline()
                            if not chunk:
                                return
                            if chunk in (b".\r\n", b".\n"):
                                break
                            data.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                        if sink.stall_data > 0:
                            sink.stall_data -= 1
                            sink.stalled.set()
                            sink.release.wait(60)
                            return  # never accepted
                        sink.messages.append(message_from_bytes(b"".join(data)))
                        self.reply("250 queued")
                    elif verb in ("RSET", "NOOP"):
                        self.reply("250 ok")
                    elif verb == "QUIT":
                        self.reply("221 bye")
                        return
                    else:
                        self.reply("502 not implemented")

        class Server(socketserver.ThreadingTCPServer):
            allow_reuse_address = True
            daemon_threads = True

        self.server = Server(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    def __enter__(self) -> SMTPSink:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()
