"""The review page's local server: the page, its state, edits and saving.

It binds to 127.0.0.1 only and answers nothing without the random token that
is in the URL it prints, so neither another user of the machine nor a web
page open in the browser can read or change the work.  The stdlib's
``http.server`` is enough for one reviewer; the page is one static file.
"""

from __future__ import annotations

import hmac
import json
import logging
import secrets
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from ..errors import AlignError
from .session import Review

log = logging.getLogger(__name__)
MAX_BODY = 1 << 20  # one edit is a few hundred bytes
TOKEN_HEADER = "X-Align-Token"
TEXT_EDITS = ("edit", "undo", "redo")


class ReviewServer:
    """Serves one ``Review`` until ``close``; ``url`` carries the token."""

    def __init__(self, review: Review, save_to: Path, port: int = 0):
        self.review = review
        self.save_to = save_to
        self.token = secrets.token_urlsafe(24)
        self.saved = True  # nothing to save yet
        self.lock = threading.Lock()
        self.page = resources.files(__package__).joinpath("review.html").read_bytes()
        handler = type("Handler", (_Handler,), {"app": self})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/?token={self.token}"
        self._thread: threading.Thread | None = None

    def serve_forever(self) -> None:
        self.httpd.serve_forever()

    def start(self) -> ReviewServer:
        """Serve in a background thread (tests, notebooks)."""
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        if self._thread is not None:
            self.httpd.shutdown()
            self._thread.join()
        self.httpd.server_close()

    def state(self, texts: bool = True) -> dict:
        return {**self.review.to_dict(texts), "saved": self.saved, "save_to": str(self.save_to)}

    def edit(self, body: dict) -> dict:
        op = body.get("op")
        args = body.get("args") or {}
        if not isinstance(op, str) or not isinstance(args, dict):
            raise AlignError("an edit is {\"op\": name, \"args\": {...}}")
        with self.lock:
            self.review.apply(op, **args)
            self.saved = False
            log.info("edit %s %s", op, args)
            return self.state(texts=op in TEXT_EDITS)  # a book's sentences travel only when they may have changed

    def save(self) -> dict:
        with self.lock:
            self.review.save(self.save_to)
            self.saved = True
            log.info("saved %s", self.save_to)
            return self.state(texts=False)


class _Handler(BaseHTTPRequestHandler):
    app: ReviewServer
    server_version = "align-review"

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        log.debug("%s %s", self.address_string(), format % args)

    def do_GET(self):
        url = urlsplit(self.path)
        if not self._allowed(self.headers.get(TOKEN_HEADER) or parse_qs(url.query).get("token", [""])[0]):
            return
        if url.path == "/":
            self._send(HTTPStatus.OK, self.app.page, "text/html; charset=utf-8")
        elif url.path == "/api/state":
            self._json(HTTPStatus.OK, self.app.state())
        else:
            self._json(HTTPStatus.NOT_FOUND, {"error": "no such page"})

    def do_POST(self):
        url = urlsplit(self.path)
        if not self._allowed(self.headers.get(TOKEN_HEADER, "")):
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                raise AlignError("request too large")
            body = json.loads(self.rfile.read(length) or b"{}")
            if url.path == "/api/edit":
                self._json(HTTPStatus.OK, self.app.edit(body))
            elif url.path == "/api/save":
                self._json(HTTPStatus.OK, self.app.save())
            else:
                self._json(HTTPStatus.NOT_FOUND, {"error": "no such action"})
        except (AlignError, ValueError, OSError) as exc:
            self._json(HTTPStatus.BAD_REQUEST, {"error": str(exc)})

    def _allowed(self, token: str) -> bool:
        """The token, and a Host that is this machine (no DNS rebinding), or 403."""
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
        if host not in ("127.0.0.1", "localhost") or not hmac.compare_digest(token.encode(), self.app.token.encode()):
            self._json(HTTPStatus.FORBIDDEN, {"error": "this review needs the URL with its token"})
            return False
        return True

    def _json(self, status: HTTPStatus, data: dict) -> None:
        self._send(status, json.dumps(data, ensure_ascii=False).encode(), "application/json")

    def _send(self, status: HTTPStatus, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Security-Policy", "default-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'")
        self.end_headers()
        self.wfile.write(body)
