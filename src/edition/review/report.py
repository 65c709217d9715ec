"""The review's outputs: build/review/ (index.html, one page per text, review.json) and the
terminal summary (text or JSON)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from ..fsutil import write_atomic
from .model import TextReview

CERTS = ("low", "medium", "high", "sure")


def _env() -> Environment:
    # autoescape: source text, TEI fragments and messages are all escaped in the pages
    env = Environment(loader=PackageLoader("edition.review", "templates"),
                      autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
    env.globals["CERTS"] = CERTS
    return env


def summary_rows(reviews: list[TextReview]) -> list[dict[str, object]]:
    return [{"slug": r.slug, "annotations": len(r.annotations), "reviewed": r.reviewed_count,
             "pending": len(r.pending), "anomalies": len(r.anomalies),
             "open_anomalies": len(r.open_anomalies)} for r in reviews]


def as_json(reviews: list[TextReview]) -> dict[str, object]:
    return {"summary": summary_rows(reviews), "texts": [r.as_dict() for r in reviews]}


def write_report(reviews: list[TextReview], out: Path) -> Path:
    """Write the HTML pages and review.json into ``out``; return the index page."""
    env = _env()
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    for r in reviews:
        page = env.get_template("text.html").render(r=r, stamp=stamp)
        write_atomic(out / f"{r.slug}.html", page.encode("utf-8"))
    index = env.get_template("index.html").render(rows=summary_rows(reviews), reviews=reviews,
                                                  stamp=stamp)
    write_atomic(out / "index.html", index.encode("utf-8"))
    data = json.dumps(as_json(reviews), indent=1, ensure_ascii=False) + "\n"
    write_atomic(out / "review.json", data.encode("utf-8"))
    return out / "index.html"
