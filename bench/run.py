"""Benchmark: time each stage of the pipeline on the real files.

    .venv/bin/python bench/run.py [--runs N]
        [--only convert,validate,review,desk,html,pdf,annotators,layout,spans,web]

Each stage runs N times (default 5; the PDF 3); the table gives the median and the spread
(min–max) in seconds. Machine noise is large on a shared 2-core box: compare ratios within
one run rather than figures across runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def timed(fn: Callable[[], object], runs: int) -> tuple[list[float], object]:
    times: list[float] = []
    result: object = None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return times, result


def row(name: str, times: list[float], extra: str = "") -> str:
    med = statistics.median(times)
    return f"| {name:<40} | {med:8.3f} | {min(times):7.3f}–{max(times):<7.3f} | {len(times):>4} | {extra} |"


def validate_against_jing(tei_files: list[Path], runs: int) -> list[str]:
    """`edition validate` and jing with tei_all on the whole edition, each a fresh process
    (Python and JVM start included), alternating in the same run so machine noise hits both."""
    import shutil
    import subprocess

    from edition.resources import SCHEMA_DIR

    edition = [str(Path(sys.executable).with_name("edition")), "-q", "validate", *map(str, tei_files)]
    jing = shutil.which("jing") or str(Path(sys.executable).with_name("pyjing"))
    jing_cmd = [jing, str(SCHEMA_DIR / "tei" / "tei_all.rng"), *map(str, tei_files)]
    mine: list[float] = []
    theirs: list[float] = []
    for _ in range(runs):
        for cmd, times in ((edition, mine), (jing_cmd, theirs)):
            t0 = time.perf_counter()
            done = subprocess.run(cmd, capture_output=True, text=True)
            times.append(time.perf_counter() - t0)
            if done.returncode != 0:
                raise SystemExit(f"{cmd[0]} failed (exit {done.returncode}): {done.stderr[-500:]}")
    ratio = statistics.median(mine) / statistics.median(theirs)
    return [row("  `edition validate` (command, whole edition)", mine, f"{ratio:.2f}× jing+tei_all"),
            row("  jing + tei_all (command, whole edition)", theirs, "JVM start included")]


def span_insertion(n: int) -> int:
    """Insert ``n`` quotations (and a nested phrase in each) into one block: the size guard of
    annotate/spans.py (linear growth, not quadratic)."""
    from edition.annotate.spans import add_span
    from edition.model import Block, Span

    text = "".join(f"He said “word {i} and more” here. " for i in range(n))
    block = Block("p", text)
    pos = 0
    for _ in range(n):
        a = text.index("“", pos)
        pos = text.index("”", a) + 1
        add_span(block, Span(a, pos, "quote"))
        add_span(block, Span(a + 1, a + 5, "soCalled"))
    return len(block.spans)


def desk_rows(runs: int) -> list[str]:
    """The review desk on a copy of the project: start (server up and the whole queue read), one
    accept written (validated, undone between runs), and --keep-reviewed of the Works volume."""
    import shutil

    from edition.cli import Ctx, run_convert
    from edition.review.decide import Decision, Reviewer
    from edition.review.query import Query
    from edition.review.server import make_server

    out = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(ROOT / "raw", root / "raw")
        shutil.copytree(ROOT / "tei", root / "tei")
        files = sorted((root / "tei").glob("*.xml"))

        def start():
            server, desk = make_server(files, root, Reviewer("Bench Editor"))
            cards = desk.cards(Query())
            server.server_close()
            return desk, cards

        times, (desk, cards) = timed(start, max(1, runs // 2))
        out.append(row("review desk start (queue of all texts)", times, f"{len(cards)} cards"))
        low = [c for c in cards if c["text"] == "works-06" and c["cert"] == "low"]
        desk.decide("works-06", [Decision(str(low[0]["id"]))], "warm-up")  # the schema is loaded once
        desk.undo()
        accept_times = []
        for i in range(runs):
            t0 = time.perf_counter()
            desk.decide("works-06", [Decision(str(low[i + 1]["id"]))], "bench")
            accept_times.append(time.perf_counter() - t0)
        out.append(row("review desk: one accept written (works-06)", accept_times,
                       "validated, minimal textual write"))
        raw = next(s.raw_path for s in __import__("edition.sources", fromlist=["discover"])
                   .discover(root / "raw") if s.slug == "works-06")
        ctx = Ctx(0, True, root)
        times, code = timed(lambda: run_convert(ctx, (raw,), keep_reviewed=True), max(1, runs // 2))
        out.append(row("convert --keep-reviewed works-06", times, f"{runs} decisions, exit {code}"))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--only", default="convert,validate,review,desk,html,pdf,annotators,layout,spans,web")
    ap.add_argument("--scale", default=None, metavar="N[,N…]",
                    help="synthetic editions of N copies of the Works volume (bench/scale.py)")
    ap.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)),
                    help="processes for --scale (default: the cores)")
    ap.add_argument("--stages", default="convert,validate,review,html",
                    help="stages for --scale (pdf too: slow)")
    args = ap.parse_args()
    if args.scale:
        from scale import main_scale

        return main_scale([int(n) for n in args.scale.split(",")], args.jobs,
                          args.stages.split(","))
    only = set(args.only.split(","))

    from edition.convert import convert
    from edition.sources import discover

    sources = discover(ROOT / "raw")
    tei_files = sorted(p for p in (ROOT / "tei").glob("*.xml"))
    lines = ["| stage | median s | spread s | runs | notes |", "|---|---|---|---|---|"]

    if "convert" in only:
        total: list[float] = []
        for source in sources:
            times, data = timed(lambda s=source: convert(s), args.runs)
            total.append(statistics.median(times))
            lines.append(row(f"convert {source.slug}", times, f"{len(data) / 1e6:.2f} MB TEI"))
        lines.append(row("convert all (sum of medians)", [sum(total)]))

    if "validate" in only:
        from edition.validate import validate_files

        validate_files(tei_files[:1])  # load the schema once, as a long-running tool would
        times, diags = timed(lambda: validate_files(tei_files), args.runs)
        lines.append(row("validate whole edition", times, f"{len(tei_files)} files, {len(diags)} findings"))
        lines.extend(validate_against_jing(tei_files, args.runs))

    if "review" in only:
        from edition.review import review_files

        times, reviews = timed(lambda: review_files(tei_files, ROOT), max(1, args.runs // 2))
        lines.append(row("review whole edition (anomalies, annotations)", times,
                         f"{sum(len(r.annotations) for r in reviews)} annotations"))

    if "desk" in only:
        lines.extend(desk_rows(args.runs))

    with tempfile.TemporaryDirectory() as tmp:
        if "html" in only:
            from edition.publish import html as web

            times, _ = timed(lambda: web.build_site(tei_files, Path(tmp) / "html"), max(1, args.runs // 2))
            lines.append(row("web edition (transform + search index)", times))
            for name in ("transform_site", "index_site"):
                fn = getattr(web, name, None)
                if fn is not None:
                    t, _ = timed(lambda f=fn: f(tei_files, Path(tmp) / "html"), max(1, args.runs // 2))
                    lines.append(row(f"  web: {name}", t))

        if "pdf" in only:
            from edition.publish import pdf as print_

            works = [p for p in tei_files if p.stem == "works-06"]
            register = [p for p in tei_files if p.name == print_.REGISTER_NAME]
            out = Path(tmp) / "print"
            # A first build: no PDF, no page numbers of a previous build to start the pieces from.
            times, _ = timed(lambda: print_.build_print_edition(works + register, out, use_cache=False), 1)
            lines.append(row("PDF of the Works volume (first build)", times))
            # Fresh renders (no PDF cache; the pieces start from the last build's page numbers, as
            # after an edit): the figure the goal of under 10 s is about.
            times, results = timed(
                lambda: print_.build_print_edition(works + register, out, use_cache=False), 3)
            lines.append(row("PDF of the Works volume (fresh render)", times,
                             f"{results[0].pages} pages"))
            # What `edition pdf` costs when nothing changed: the cache keeps the PDF.
            print_.build_pdfs(works + register, out)
            times, _ = timed(lambda: print_.build_pdfs(works + register, out), 3)
            lines.append(row("PDF of the Works volume (unchanged, cached)", times))
            times, _ = timed(lambda: print_.build_print_edition(tei_files, out, use_cache=False), 1)
            lines.append(row("print edition, all texts (fresh, parallel)", times))

    if "spans" in only:
        for n in (1_000, 10_000, 50_000):
            times, per = timed(lambda n=n: span_insertion(n), max(1, args.runs // 2))
            lines.append(row(f"span insertion, {n:,} quotations in one block", times,
                             f"{statistics.median(times) / n * 1e6:.1f} µs per quotation"))

    print("\n".join(lines))
    if "annotators" in only:
        try:
            from edition.annotate.evaluate import evaluate_parts, report_parts
        except ImportError:
            print("\n(no annotator evaluation yet)")
        else:
            # dev: the passages the rules were developed on; test: held-out passages
            print("\nannotators against tests/eval/ (dev.json; held out: test.json, fresh.json):\n"
                  + report_parts(evaluate_parts()))
    if "layout" in only:
        print("\nlayout test bed (tests/layoutbed.py: the seeds' text re-typeset; precision / recall):")
        print(layout_table())
    if "web" in only:
        sys.path.insert(0, str(ROOT / "tests"))
        import webpages

        print("\nweb transcriptions (tests/webpages.py: pasted-page fixtures; precision/recall):")
        print(webpages.table())
    return 0


def layout_table() -> str:
    """The converter on the layout test bed's variants: a failure is a row of its own."""
    sys.path.insert(0, str(ROOT / "tests"))
    import layoutbed
    from edition.diagnostics import EditionError

    results, failures = {}, []
    with tempfile.TemporaryDirectory() as tmp:
        for variant in layoutbed.VARIANTS:
            try:
                results.update(layoutbed.evaluate(Path(tmp), [variant]))
            except EditionError as exc:
                failures.append(f"| {variant.name} | stopped: {exc} |")
            except Exception as exc:  # the bench reports a crash, it does not stop at it
                failures.append(f"| {variant.name} | CRASH: {type(exc).__name__} {exc} |")
    return layoutbed.table(results) + ("\n\n| variant | failure |\n|---|---|\n" + "\n".join(failures)
                                       if failures else "")


if __name__ == "__main__":
    raise SystemExit(main())
