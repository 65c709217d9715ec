"""The review's outputs: build/review/ (index.html, one page per text, review.json) and the
terminal summary (text or JSON).

Each text's part of the outputs (its page, its entry in review.json, its summary) is made from
its review alone, so that build/review_report.py can keep the parts per text and make again
only a changed text's: the whole report is assembled from the parts, never from all reviews at
once, and is the same bytes as one written here from the reviews.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from jinja2 import Environment, PackageLoader, select_autoescape

from ..fsutil import write_atomic
from .model import TextReview

CERTS = ("low", "medium", "high", "sure")
PENDING_CERTS = ("low", "medium", "high")  # the summary's columns of annotations to review


def _env() -> Environment:
    # autoescape: source text, TEI fragments and messages are all escaped in the pages
    env = Environment(loader=PackageLoader("edition.review", "templates"),
                      autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
    env.globals["CERTS"] = CERTS
    return env


def now_stamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")


@dataclass
class TextSummary:
    """What the index, the terminal summary and --fail-on need of one text: a few numbers and
    lines, small enough to keep for every text of a large edition."""

    slug: str
    annotations: int
    reviewed: int
    pending: int
    pending_by_cert: list[int]  # low, medium, high
    anomaly_lines: list[str]  # every anomaly as -v prints it
    open_codes: list[str]  # the codes of the open anomalies, in order

    @classmethod
    def of(cls, r: TextReview) -> TextSummary:
        pending = r.pending
        return cls(r.slug, len(r.annotations), r.reviewed_count, len(pending),
                   [sum(a.cert == c for a in pending) for c in PENDING_CERTS],
                   [f"{d.format_text()} [{d.severity}]" for d in r.anomalies],
                   [d.code for d in r.open_anomalies])

    @classmethod
    def from_dict(cls, data: dict) -> TextSummary:
        return cls(**data)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    def row(self) -> dict[str, object]:
        return {"slug": self.slug, "annotations": self.annotations, "reviewed": self.reviewed,
                "pending": self.pending, "anomalies": len(self.anomaly_lines),
                "open_anomalies": len(self.open_codes)}


def summary_rows(reviews: list[TextReview]) -> list[dict[str, object]]:
    return [TextSummary.of(r).row() for r in reviews]


def as_json(reviews: list[TextReview]) -> dict[str, object]:
    return {"summary": summary_rows(reviews), "texts": [r.as_dict() for r in reviews]}


def render_text_page(r: TextReview, stamp: str, env: Environment | None = None) -> bytes:
    return (env or _env()).get_template("text.html").render(r=r, stamp=stamp).encode("utf-8")


def render_index(rows: list[dict[str, object]], stamp: str) -> bytes:
    return _env().get_template("index.html").render(rows=rows, stamp=stamp).encode("utf-8")


def json_part(r: TextReview) -> str:
    """The text's entry in review.json, as ``json.dumps`` of the whole file would print it
    (less the indentation of its place there, which ``write_json`` adds)."""
    return json.dumps(r.as_dict(), indent=1, ensure_ascii=False)


def _nested(text: str, depth: int) -> str:
    # json.dumps with indent=1 indents a value at ``depth`` by one space a level; no line of
    # its output is inside a string (newlines in strings are escaped)
    return text.replace("\n", "\n" + " " * depth)


def write_json(out: TextIO, rows: list[dict[str, object]], parts: Iterable[str]) -> None:
    """review.json from the summary rows and the texts' parts, one part in memory at a time:
    the same text as ``json.dumps(as_json(reviews), indent=1, ensure_ascii=False) + "\\n"``."""
    out.write('{\n "summary": ' + _nested(json.dumps(rows, indent=1, ensure_ascii=False), 1))
    out.write(',\n "texts": ')
    first = True
    for part in parts:
        out.write(("[\n  " if first else ",\n  ") + _nested(part, 2))
        first = False
    out.write("[]\n}\n" if first else "\n ]\n}\n")


@contextmanager
def atomic_text(path: Path) -> Iterator[TextIO]:
    """A text file written bit by bit that appears at ``path`` only once complete (as
    ``write_atomic`` for data too large to hold at once)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o644)  # mkstemp makes 0600; outputs are ordinary files
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            yield fh
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_report(reviews: list[TextReview], out: Path) -> Path:
    """Write the HTML pages and review.json into ``out``; return the index page."""
    env = _env()
    stamp = now_stamp()
    for r in reviews:
        write_atomic(out / f"{r.slug}.html", render_text_page(r, stamp, env))
    write_atomic(out / "index.html", render_index(summary_rows(reviews), stamp))
    with atomic_text(out / "review.json") as fh:
        write_json(fh, summary_rows(reviews), (json_part(r) for r in reviews))
    return out / "index.html"
