"""What the browser tests share: Debian's chromium with the flags this closed network needs, and a
local HTTP server on 127.0.0.1 run in a thread for the length of a fixture."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import HTTPServer

CHROMIUM = "/usr/bin/chromium"  # Debian's package, never `playwright install`
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


@contextmanager
def serving(server: HTTPServer) -> Iterator[str]:
    """Serve ``server`` in a thread; yields its base URL, shuts it down afterwards."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
