"""The review on the terminal: a summary table (text) or the whole review as JSON."""

from __future__ import annotations

import json

import click
from rich.console import Console
from rich.table import Table

from .model import TextReview
from .report import TextSummary, as_json


def print_review(reviews: list[TextReview], fmt: str, changes: bool = False, verbose: int = 0) -> None:
    if fmt == "json":
        click.echo(json.dumps(as_json(reviews), indent=1, ensure_ascii=False))
        return
    print_summary([TextSummary.of(r) for r in reviews], verbose,
                  [r.changes for r in reviews] if changes else None)


def print_summary(texts: list[TextSummary], verbose: int = 0,
                  changes: list[list[dict[str, object]]] | None = None) -> None:
    """The table and the anomalies (``changes``: text by text, from --against-conversion)."""
    out = Console(highlight=False, soft_wrap=True, width=140)  # a table CI logs can read
    table = Table(title="Encoding review")
    for name in ("text", "annotations", "reviewed", "to review", "low", "medium", "high",
                 "anomalies", "open"):
        table.add_column(name, justify="left" if name == "text" else "right", no_wrap=True)
    for t in texts:
        table.add_row(t.slug, str(t.annotations), str(t.reviewed), str(t.pending),
                      *map(str, t.pending_by_cert), str(len(t.anomaly_lines)), str(len(t.open_codes)))
    out.print(table)
    for i, t in enumerate(texts):
        if t.open_codes and not verbose:
            out.print(f"{t.slug}: open anomalies " + ", ".join(
                f"{code}×{t.open_codes.count(code)}" for code in sorted(set(t.open_codes))),
                markup=False)
        if verbose:
            for line in t.anomaly_lines:
                out.print(line, markup=False)
        if changes is not None:
            found = changes[i]
            out.print(f"{t.slug}: {len(found)} change(s) against a fresh conversion", markup=False)
            for ch in found:
                out.print(f"  {ch['kind']}: {ch['where']} {ch['diff']}", markup=False)

