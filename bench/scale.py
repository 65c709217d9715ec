"""Benchmark at scale: synthetic editions of N copies of the Works volume (``run.py --scale``).

    .venv/bin/python bench/run.py --scale 1,5,20 [--jobs J] [--stages convert,validate,review,html]

For each N an edition is made in a temporary folder: N copies of raw/<works-06>.txt under the
slugs works-06, works-c02, … (their metadata and corrections copied under each slug) and the
register. Each stage runs as the `edition` command, as an editor would run it, and is measured:

  cold      the first run (empty build/cache), with --jobs J; and with --jobs 1 (serial):
            what one process holds at N volumes (with --jobs J, J processes work: the main
            one and J - 1 workers, each holding its own text, stylesheet and schema)
  no-op     the same command again, nothing changed
  changed   after one paragraph of the first volume's raw text changed (build: convert,
            validate, html in turn, each making again only what changed)

Figures: wall seconds, CPU seconds of all processes (sampled from /proc, pool workers
included), and peak memory: the largest sum of the resident memory of the command's process
tree (pool workers included), sampled every 20 ms; and the same for the proportional set size
(PSS), which counts a page shared by k processes as 1/k: resident sums count the Saxon
library's code once per worker, and a worker's whole memory again while a child it forks
(pagefind) has not yet exec'd. jing (RELAX NG, the JVM included) with TEI's
tei_all and with the project's RNG validates the same files in the same run, beside
`edition validate`.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EDITION = [sys.executable, "-m", "edition.cli"]
WORKS = "works-06"
CHANGED_LINE_MIN = 60  # a paragraph line of prose is at least this long


@dataclass
class Measure:
    wall: float
    cpu: float
    peak_mb: float
    out: str = ""
    peak_pss_mb: float = 0.0


def _children(pid: int, table: dict[int, int]) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(c for c, parent in table.items() if parent == p)
    return out


def _proc_table() -> dict[int, int]:
    table = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            table[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    return table


def _pss(p: int) -> int:
    """The process's proportional set size in bytes: a page shared by k processes counts 1/k
    (the pool workers share the Saxon library's code; a forked child shares its parent's pages
    until it execs), so the tree's sum is the memory it really holds."""
    try:
        for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


# The sampler shares the two cores with the command it measures: it must cost little, or the
# runs that use both cores (--jobs 2) are slowed by it more than the serial ones. Resident
# memory and CPU are read every SAMPLE_S from each process's stat; the process tree (a scan of
# /proc) and the proportional set sizes (smaps_rollup, costly for a large process) less often.
SAMPLE_S = 0.02
TREE_EVERY = 10  # samples
PSS_EVERY = 5  # samples


def _stat(p: int, tick: int, page: int) -> tuple[float, int] | None:
    """(CPU seconds, resident bytes) of a process, None when it has ended."""
    try:
        fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / tick, int(fields[21]) * page


def run(cmd: list[str], cwd: Path) -> Measure:
    """Run ``cmd``, sampling its process tree's memory and CPU until it ends."""
    t0 = time.perf_counter()
    # the checkout's package, which a relative PYTHONPATH ("src") no longer finds from ``cwd``:
    # without this, the installed one would be measured
    paths = [str(ROOT / "src"), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, env=env)
    peak, peak_pss = 0, 0
    cpu: dict[int, float] = {}
    stop = threading.Event()
    tick, page = os.sysconf("SC_CLK_TCK"), os.sysconf("SC_PAGE_SIZE")

    def sampler() -> None:
        nonlocal peak, peak_pss
        tree: list[int] = []
        for n in itertools.count():
            if stop.is_set():
                return
            if n % TREE_EVERY == 0:
                tree = _children(proc.pid, _proc_table())
            rss = 0
            for p in tree:
                seen = _stat(p, tick, page)
                if seen is not None:
                    cpu[p], resident = seen
                    rss += resident
            peak = max(peak, rss)
            if n % PSS_EVERY == 0:
                peak_pss = max(peak_pss, sum(_pss(p) for p in tree))
            stop.wait(SAMPLE_S)

    thread = threading.Thread(target=sampler, daemon=True)
    thread.start()
    out, _ = proc.communicate()
    wall = time.perf_counter() - t0
    stop.set()
    thread.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{out[-2000:]}")
    return Measure(wall, sum(cpu.values()), peak / 1e6, out, peak_pss / 1e6)


# -- the synthetic edition ---------------------------------------------------------------------

def _toml_value(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return str(v)
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    return json.dumps(str(v), ensure_ascii=False)


def _toml_tables(tables: dict[str, list[dict[str, object]]]) -> str:
    out = []
    for name, entries in tables.items():
        for e in entries:
            out.append(f"[[{name}]]")
            out += [f"{k} = {_toml_value(v)}" for k, v in e.items()]
            out.append("")
    return "\n".join(out)


def make_edition(where: Path, copies: int) -> Path:
    """N copies of the Works volume (raw + metadata + its corrections) and the register."""
    raw_dir, tei_dir = where / "raw", where / "tei"
    raw_dir.mkdir(parents=True)
    tei_dir.mkdir()
    source = next(p for p in sorted((ROOT / "raw").glob("*.toml"))
                  if re.search(rf'^slug = "{WORKS}"', p.read_text("utf-8"), re.M))
    meta = source.read_text("utf-8")
    corrections = tomllib.loads((ROOT / "raw" / "corrections.toml").read_text("utf-8"))
    tables: dict[str, list[dict[str, object]]] = {}
    for k in range(1, copies + 1):
        slug = WORKS if k == 1 else f"works-c{k:02d}"
        name = f"{k:03d}_{slug}"
        shutil.copyfile(source.with_suffix(".txt"), raw_dir / f"{name}.txt")
        (raw_dir / f"{name}.toml").write_text(meta.replace(f'slug = "{WORKS}"', f'slug = "{slug}"'),
                                              encoding="utf-8")
        for table, entries in corrections.items():
            for e in entries:
                if e.get("source") == WORKS:
                    tables.setdefault(table, []).append({**e, "source": slug})
    (raw_dir / "corrections.toml").write_text(_toml_tables(tables), encoding="utf-8")
    shutil.copyfile(ROOT / "tei" / "register.xml", tei_dir / "register.xml")
    return where


def change_one_paragraph(edition: Path) -> None:
    """One word of one prose line of the first volume, as an editor's correction."""
    raw = sorted((edition / "raw").glob("*.txt"))[0]
    lines = raw.read_text("utf-8").split("\n")
    middle = len(lines) // 2
    i = next(i for i in range(middle, len(lines))
             if len(lines[i]) >= CHANGED_LINE_MIN and " the " in lines[i])
    lines[i] = lines[i].replace(" the ", " thee ", 1)
    raw.write_text("\n".join(lines), encoding="utf-8")


# -- the table ---------------------------------------------------------------------------------

STAGES = {
    "convert": ["convert"],
    "validate": ["validate"],
    "review": ["review"],
    "html": ["html"],
    "pdf": ["pdf"],
}


def bench_scale(copies: int, jobs: int, stages: list[str], rows: list[str]) -> None:
    with tempfile.TemporaryDirectory(prefix=f"edition-scale{copies}-") as tmp:
        ed = make_edition(Path(tmp) / "edition", copies)

        def edition(*args: str, j: int = jobs) -> Measure:
            return run([*EDITION, "-q", "--jobs", str(j), *args], ed)

        def row(stage: str, what: str, m: Measure, note: str = "") -> None:
            rows.append(f"| {copies:>3} | {stage:<18} | {what:<22} | {m.wall:8.2f} | {m.cpu:8.2f} "
                        f"| {m.peak_mb:8.0f} | {m.peak_pss_mb:8.0f} | {note} |")

        # the serial runs in a copy of the edition, so that they leave no cache behind
        twin = Path(tmp) / "serial"
        shutil.copytree(ed, twin)
        cold: dict[str, Measure] = {}
        for stage in stages:
            if stage in ("convert", "validate", "review", "html"):
                serial = run([*EDITION, "-q", "--jobs", "1", *STAGES[stage]], twin)
                cold[stage] = edition(*STAGES[stage])
                row(stage, "cold, --jobs 1", serial)
                row(stage, f"cold, --jobs {jobs}", cold[stage],
                    f"{cold[stage].wall / serial.wall:.2f}× serial wall")
            else:
                cold[stage] = edition(*STAGES[stage])
                row(stage, f"cold, --jobs {jobs}", cold[stage])
        for stage in stages:
            row(stage, "no-op", edition(*STAGES[stage]))
        if "validate" in stages:
            files = sorted(str(p) for p in (ed / "tei").glob("*.xml"))
            for name, schema in (("jing tei_all", ROOT / "schema" / "tei" / "tei_all.rng"),
                                 ("jing edition.rng", ROOT / "schema" / "edition.rng")):
                if shutil.which("jing"):
                    row("validate", name, run(["jing", str(schema), *files], ed),
                        "same files, JVM start included")
        if {"convert", "validate", "html"} <= set(stages):
            row("build", "no-op (whole build)", edition("build", "--no-pdf"))
        change_one_paragraph(ed)
        changed = [edition(*STAGES[stage]) for stage in stages]
        for stage, m in zip(stages, changed, strict=True):
            row(stage, "one paragraph changed", m)
        for what, ms in (("cold, all stages", [cold[s] for s in stages]),
                         ("changed, all stages", changed)):
            row("sum", what, Measure(sum(m.wall for m in ms), sum(m.cpu for m in ms),
                                     max(m.peak_mb for m in ms), "",
                                     max(m.peak_pss_mb for m in ms)), "peak: the largest stage's")


def main_scale(scales: list[int], jobs: int, stages: list[str]) -> int:
    print("| N | stage | run | wall s | CPU s | peak MB | peak PSS MB | notes |\n"
          "|---|---|---|---|---|---|---|---|",
          flush=True)
    for n in scales:  # each edition's rows as soon as they are measured (a long run shows progress)
        rows: list[str] = []
        bench_scale(n, jobs, stages, rows)
        print("\n".join(rows), flush=True)
    return 0
