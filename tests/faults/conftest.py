"""Shared helpers of the fault and bad-input suite (``pytest -m faults`` runs it alone)."""

from __future__ import annotations

import http.server
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEI = ROOT / "tei"
RAW = ROOT / "raw"
SHORT = "brar-world-revolution"  # the smallest text: fast to publish


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/faults/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.faults)


def run(*args: str | Path, timeout: float = 300, env: dict[str, str] | None = None,
        cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The command in a real subprocess, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "edition.cli", *map(str, args)],
                          capture_output=True, text=True, timeout=timeout, env=env, cwd=cwd)


def assert_clean_failure(result: subprocess.CompletedProcess, codes: tuple[int, ...] = (1, 2)) -> None:
    """Failed as the rules say: exit 1 or 2, an error line, never a traceback."""
    assert result.returncode in codes, (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert "error" in result.stderr.lower(), result.stderr[-2000:]


@dataclass
class Server:
    """A local HTTP server on 127.0.0.1 that counts every request it gets."""

    port: int
    paths: list[str] = field(default_factory=list)

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port}/{name}"


@pytest.fixture
def http_server() -> Iterator[Server]:
    state = Server(0)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
            state.paths.append(self.path)
            body = b'<!ENTITY leak "LEAKED-OVER-HTTP">' if self.path.endswith("dtd") else b"LEAKED-OVER-HTTP"
            self.send_response(200)
            self.send_header("Content-Type", "application/xml-dtd")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def tei_project(tmp_path: Path) -> Path:
    """A project folder holding the shortest TEI text and the register (no raw files needed)."""
    (tmp_path / "tei").mkdir()
    for name in (f"{SHORT}.xml", "register.xml"):
        (tmp_path / "tei" / name).write_bytes((TEI / name).read_bytes())
    return tmp_path
