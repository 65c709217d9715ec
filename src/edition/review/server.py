"""``edition review --serve``: the review desk over HTTP on 127.0.0.1 (standard library only).

One page (``templates/desk.html`` with ``desk.js`` and ``desk.css``: no build step, nothing
from another host) and a small JSON API over ``Desk``:

    GET  /api/cards?kind=&cert=&status=&text=&q=   the queue, filtered
    GET  /api/card?text=SLUG&id=IDENT              one decision: raw lines ±5, TEI, reading
    GET  /api/register                             persons and organisations for type-ahead
    POST /api/decide   {"text", "decisions": [{"id", "op", "attrs", "tag", "reading"}]}
    POST /api/accept   {"filter": {"kind": …, "cert": …, …}}  batch accept of a filter
    POST /api/undo
    GET  /site/…                                   the web edition (build/html), if built

The server is single-threaded, so decisions are written one after another. Writes need the
session's token (in the page), so no other web page can post decisions to the desk.
"""

from __future__ import annotations

import json
import mimetypes
import secrets
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, HTTPServer
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from ..diagnostics import EditionError
from .decide import Decision, Reviewer
from .desk import Desk
from .query import KEYS, Query

ASSETS = {"/desk.js": "application/javascript", "/desk.css": "text/css"}
HOST = "127.0.0.1"  # the desk writes files: never reachable from another machine


def _asset(name: str) -> bytes:
    return resources.files("edition.review").joinpath("templates", name).read_bytes()


def make_server(files: list[Path], project_root: Path, reviewer: Reviewer, port: int = 0,
                site: Path | None = None) -> tuple[HTTPServer, Desk]:
    site = site if site is not None else project_root / "build" / "html"
    desk = Desk(files, project_root, reviewer, site)
    token = secrets.token_urlsafe(16)
    handler = type("DeskHandler", (_Handler,), {"desk": desk, "token": token})
    try:
        server = HTTPServer((HOST, port), handler)
    except OSError as exc:
        raise EditionError(f"cannot listen on {HOST}:{port} ({exc.strerror}): "
                           "choose another --port") from None
    return server, desk


def serve(files: list[Path], project_root: Path, reviewer: Reviewer, port: int,
          info: Callable[[str], None] = print) -> list[Path]:
    """Serve until interrupted (Ctrl-C); return the files the session changed."""
    server, desk = make_server(files, project_root, reviewer, port)
    host, real_port = server.server_address[:2]
    host = host.decode() if isinstance(host, bytes) else host
    info(f"review desk for {reviewer.name}: http://{host}:{real_port}/ (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return desk.changed


class _Handler(BaseHTTPRequestHandler):
    desk: Desk
    token: str

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass  # quiet: the terminal shows the desk's address, not every request

    # -- responses ---------------------------------------------------------------------------
    def _send(self, status: int, body: bytes, ctype: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.wfile.write(body)

    def _json(self, data: object, status: int = 200) -> None:
        self._send(status, json.dumps(data, ensure_ascii=False).encode("utf-8"),
                   "application/json; charset=utf-8")

    def _guarded(self, action: Callable[[], object]) -> None:
        try:
            self._json(action())
        except EditionError as exc:
            self._json({"ok": False, "error": str(exc)}, 422)
        except Exception as exc:  # noqa: BLE001 - the desk stays up; the editor sees the reason
            self._json({"ok": False, "error": f"internal error: {exc!r}"}, 500)

    def _local_host(self) -> bool:
        """The request names this machine (a page of another site renamed to 127.0.0.1 by DNS
        rebinding names its own host, and is turned away)."""
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
        if host in {HOST, "localhost"}:
            return True
        self._send(403, b"the review desk answers requests to 127.0.0.1 only", "text/plain")
        return False

    # -- GET ---------------------------------------------------------------------------------
    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        if not self._local_host():
            return
        url = urlparse(self.path)
        args = {k: v[-1] for k, v in parse_qs(url.query).items()}
        if url.path == "/":
            page = _asset("desk.html").decode("utf-8")
            page = page.replace("{{TOKEN}}", self.token).replace(
                "{{EDITOR}}", _html(self.desk.reviewer.name))
            self._send(200, page.encode("utf-8"), "text/html; charset=utf-8")
        elif url.path in ASSETS:
            self._send(200, _asset(url.path.lstrip("/")), ASSETS[url.path])
        elif url.path == "/api/cards":
            self._guarded(lambda: {"cards": self.desk.cards(Query.of(**{k: v for k, v in args.items()
                                                                         if k in KEYS})),
                                   "texts": list(self.desk.texts), "undo": len(self.desk.undo_stack)})
        elif url.path == "/api/card":
            self._guarded(lambda: self.desk.card(args.get("text", ""), args.get("id", "")))
        elif url.path == "/api/register":
            self._json(self.desk.register)
        elif url.path.startswith("/site/"):
            self._site(unquote(url.path[len("/site/"):]))
        else:
            self._send(404, b"not found", "text/plain")

    def _site(self, rel: str) -> None:
        site = self.desk.site
        if site is None:
            self._send(404, b"no web edition: run edition html", "text/plain")
            return
        target = (site / rel).resolve()
        if not target.is_relative_to(site.resolve()) or not target.is_file():
            self._send(404, b"not found", "text/plain")
            return
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        self._send(200, target.read_bytes(), ctype)

    # -- POST --------------------------------------------------------------------------------
    def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
        if not self._local_host():
            return
        if self.headers.get("X-Desk-Token") != self.token:
            self._json({"ok": False, "error": "not this desk's page"}, 403)
            return
        length = int(self.headers.get("Content-Length") or 0)
        try:
            body = json.loads(self.rfile.read(length) or b"{}")
            if not isinstance(body, dict):
                raise ValueError
        except ValueError:
            self._json({"ok": False, "error": "the request is not JSON"}, 400)
            return
        path = urlparse(self.path).path
        if path == "/api/decide":
            self._guarded(lambda: self.desk.decide(
                str(body.get("text", "")), [_decision(d) for d in body.get("decisions", [])],
                str(body.get("label") or "decision")))
        elif path == "/api/accept":
            wanted = {k: str(v) for k, v in (body.get("filter") or {}).items() if k in KEYS and v}
            self._guarded(lambda: self.desk.accept_all(Query.of(**wanted)))
        elif path == "/api/undo":
            self._guarded(self.desk.undo)
        else:
            self._send(404, b"not found", "text/plain")


def _decision(d: dict[str, object]) -> Decision:
    attrs = d.get("attrs") or {}
    if not isinstance(attrs, dict):
        raise EditionError("attrs must be an object")
    return Decision(ident=str(d.get("id", "")), op=str(d.get("op", "accept")),
                    attrs={str(k): (None if v is None else str(v)) for k, v in attrs.items()},
                    tag=str(d["tag"]) if d.get("tag") else None,
                    reading=str(d["reading"]) if d.get("reading") is not None else None)


def _html(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
