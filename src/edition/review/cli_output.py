"""The review on the terminal: a summary table (text) or the whole review as JSON."""

from __future__ import annotations

import json

import click
from rich.console import Console
from rich.table import Table

from .model import TextReview
from .report import as_json


def print_review(reviews: list[TextReview], fmt: str, changes: bool = False, verbose: int = 0) -> None:
    if fmt == "json":
        click.echo(json.dumps(as_json(reviews), indent=1, ensure_ascii=False))
        return
    out = Console(highlight=False, soft_wrap=True, width=140)  # a table CI logs can read
    table = Table(title="Encoding review")
    for name in ("text", "annotations", "reviewed", "to review", "low", "medium", "high",
                 "anomalies", "open"):
        table.add_column(name, justify="left" if name == "text" else "right", no_wrap=True)
    for r in reviews:
        certs = [sum(a.cert == c for a in r.pending) for c in ("low", "medium", "high")]
        table.add_row(r.slug, str(len(r.annotations)), str(r.reviewed_count), str(len(r.pending)),
                      *map(str, certs), str(len(r.anomalies)), str(len(r.open_anomalies)))
    out.print(table)
    for r in reviews:
        shown = r.anomalies if verbose else r.open_anomalies
        codes = sorted({d.code for d in shown})
        if shown and not verbose:
            out.print(f"{r.slug}: open anomalies " + ", ".join(
                f"{code}×{sum(d.code == code for d in shown)}" for code in codes), markup=False)
        if verbose:
            for d in shown:
                out.print(f"{d.format_text()} [{d.severity}]", markup=False)
        if changes:
            out.print(f"{r.slug}: {len(r.changes)} change(s) against a fresh conversion", markup=False)
            for ch in r.changes:
                out.print(f"  {ch['kind']}: {ch['where']} {ch['diff']}", markup=False)
