"""A real HTTP server on 127.0.0.1 with scripted answers, so network code meets real sockets.

Each path gets a script of replies: they are served in order and the last one
repeats, which is how a test says "503 once, then the file". A path can also
be handled by a function of the query, which is how the arXiv API is played.
Every request is logged so tests can count them and read their headers.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass(slots=True)
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    hang: float = 0.0
    """Seconds to stay silent before answering (cut short when the server closes)."""
    cut_after: int | None = None
    """Announce the whole body, send only this many bytes, then drop the connection."""
    announce: bool = True
    """False: send no Content-Length and mark the end of the body by closing."""


@dataclass(frozen=True, slots=True)
class Seen:
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]


Handler = Callable[[dict[str, list[str]]], Reply]


class LoopbackServer:
    def __init__(self) -> None:
        self._scripts: dict[str, list[Reply]] = {}
        self._handlers: dict[str, Handler] = {}
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self.seen: list[Seen] = []
        self._httpd = _QuietServer(("127.0.0.1", 0), self._handler_class())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def script(self, path: str, *replies: Reply) -> None:
        with self._lock:
            self._scripts[path] = list(replies)

    def handle(self, path: str, handler: Handler) -> None:
        self._handlers[path] = handler

    def requests_to(self, path: str) -> list[Seen]:
        with self._lock:
            return [s for s in self.seen if s.path == path]

    def close(self) -> None:
        self._closing.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(5)

    def _reply_for(self, path: str, query: dict[str, list[str]]) -> Reply:
        handler = self._handlers.get(path)
        if handler is not None:
            return handler(query)
        with self._lock:
            script = self._scripts.get(path)
            if not script:
                return Reply(404, b"no such page", {"Content-Type": "text/plain"})
            return script.pop(0) if len(script) > 1 else script[0]

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                query = parse_qs(parts.query)
                with server._lock:
                    server.seen.append(Seen(parts.path, query, dict(self.headers)))
                reply = server._reply_for(parts.path, query)
                if reply.hang and server._closing.wait(reply.hang):
                    return
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if reply.announce:
                    self.send_header("Content-Length", str(len(reply.body)))
                closing = reply.cut_after is not None or not reply.announce
                if closing:
                    self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(reply.body[: reply.cut_after])
                if closing:
                    self.wfile.flush()
                    self.close_connection = True

            def log_message(self, format: str, *args: object) -> None:
                """Quiet: a test's output is its assertions."""

        return _Handler


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """A client hanging up early is what several tests do on purpose."""
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


@contextmanager
def loopback_server() -> Iterator[LoopbackServer]:
    server = LoopbackServer()
    try:
        yield server
    finally:
        server.close()
