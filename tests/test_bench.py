"""The benchmark script runs and prints its table (its figures are quoted in closing notes)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_benchmark_prints_stage_times_and_annotator_scores() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--runs", "1",
                           "--only", "convert,validate,annotators"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "| convert works-06" in out and "| validate whole edition" in out
    for annotator in ("speech", "quotes", "dates", "names", "ocr"):
        assert any(line.startswith(annotator) for line in out.splitlines()), out
    # both parts of the evaluation set, and attribution apart from detection
    assert "| dev" in out and "| test" in out and "attribution: attributed ones right" in out, out


def test_benchmark_at_scale_prints_cold_noop_and_changed_rows() -> None:
    """A smoke run of ``--scale`` (one volume, conversion only): the full runs are in bench."""
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--scale", "1",
                           "--stages", "convert", "--jobs", "2"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    rows = [line.split("|") for line in done.stdout.splitlines() if line.startswith("|   1 |")]
    runs = [r[3].strip() for r in rows]
    assert runs[:3] == ["cold, --jobs 1", "cold, --jobs 2", "no-op"], runs
    assert "one paragraph changed" in runs
    noop = next(r for r in rows if r[3].strip() == "no-op")
    cold = next(r for r in rows if r[3].strip() == "cold, --jobs 2")
    assert float(noop[5]) < float(cold[5])  # CPU seconds: the no-op converts nothing
