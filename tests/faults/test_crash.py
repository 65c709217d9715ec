"""Crash-consistent state: a command killed at a random moment (fixed seed) leaves every file
whole, the hand-edit stamps agreeing with the converter's own output, build/html the old site or
the new one, and no worker behind; the next run succeeds."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from lxml import etree

from .conftest import RAW, TEI, run

SEED = 2020


def start(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "edition.cli", *map(str, args)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env=env)


def kill_after(proc: subprocess.Popen, seconds: float) -> None:
    try:
        proc.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)


def timed_run(*args: str | Path) -> float:
    t0 = time.monotonic()
    result = run(*args, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    return time.monotonic() - t0


def retitle(project: Path, round_: int) -> None:
    """Change every text's title, so that each convert rewrites every TEI file."""
    for meta in (project / "raw").glob("*.toml"):
        lines = meta.read_text(encoding="utf-8").splitlines(keepends=True)
        lines = [f'title = "Round {round_} of {meta.stem}"\n' if ln.startswith("title = ") else ln
                 for ln in lines]
        meta.write_text("".join(lines), encoding="utf-8")


def test_a_killed_convert_never_gets_its_own_output_refused(project: Path):
    # The OCR'd article converts last and takes longest: kills land between the writes.
    for path in RAW.glob("003_*"):
        (project / "raw" / path.name).write_bytes(path.read_bytes())
    rng = random.Random(SEED)
    duration = timed_run("--root", project, "convert")
    for round_ in range(6):
        retitle(project, round_)
        kill_after(start("--root", project, "convert"), rng.uniform(0.3, 1.0) * duration)
        for tei in (project / "tei").glob("*.xml"):
            etree.parse(str(tei))  # whole: parses
        json.loads((project / "tei" / "conversion-stamps.json").read_text(encoding="utf-8"))
        again = run("--root", project, "convert", timeout=300)
        assert again.returncode == 0, (round_, again.stderr[-2000:])  # nothing "edited by hand"
        assert "edited by hand" not in again.stderr
    stamps = json.loads((project / "tei" / "conversion-stamps.json").read_text(encoding="utf-8"))
    assert sorted(stamps) == sorted(p.name for p in (project / "tei").glob("*.xml")
                                    if p.name != "register.xml")  # the register is not converted
    assert not [p for p in (project / "tei").iterdir() if p.name.endswith(".tmp")]


def _site_project(tmp_path: Path, names: list[str]) -> Path:
    (tmp_path / "tei").mkdir()
    for name in names:
        (tmp_path / "tei" / name).write_bytes((TEI / name).read_bytes())
    return tmp_path


def test_a_killed_html_leaves_the_old_or_the_new_site(tmp_path: Path):
    project = _site_project(tmp_path, ["brar-world-revolution.xml", "unity-national-international.xml",
                                       "register.xml"])
    rng = random.Random(SEED)
    duration = timed_run("--root", project, "html")
    site = project / "build" / "html"
    pages = sorted(p.relative_to(site) for p in site.rglob("*.html"))
    assert len(pages) >= 7
    for round_ in range(5):
        kill_after(start("--root", project, "html"), rng.uniform(0.05, duration))
        now = sorted(p.relative_to(site) for p in site.rglob("*.html"))
        assert now == pages, round_  # never half a site
        assert (site / "index.html").read_text(encoding="utf-8").rstrip().endswith("</html>")
    assert run("--root", project, "html", timeout=300).returncode == 0
    assert [p.name for p in (project / "build").iterdir() if p.name.startswith(".")] == [".edition.lock"]


def _processes_with(tag: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if tag.encode() in (entry / "environ").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def test_killing_pdf_leaves_no_worker_and_no_truncated_pdf(tmp_path: Path):
    project = _site_project(tmp_path, ["brar-world-revolution.xml", "unity-national-international.xml",
                                       "register.xml"])
    tag = f"EDITION_FAULT_TEST={uuid.uuid4().hex}"
    env = {**os.environ, tag.split("=")[0]: tag.split("=")[1]}
    proc = start("--root", project, "pdf", env=env)
    deadline = time.monotonic() + 60
    seen: list[int] = []
    stable: list[int] = []
    while time.monotonic() < deadline:  # the command, the fork server and its workers,
        now = _processes_with(tag)      # there in two polls in a row (not a passing helper)
        stable = [pid for pid in now if pid in seen]
        if len(stable) >= 3:
            break
        seen = now
        time.sleep(0.5)
    assert len(stable) >= 3, "no worker processes started"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and _processes_with(tag):
        time.sleep(0.2)
    assert _processes_with(tag) == [], "workers outlived the command"
    for pdf in (project / "build" / "print").glob("*.pdf"):
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF") and b"%%EOF" in data[-64:], pdf
    assert run("--root", project, "pdf", timeout=300).returncode == 0


def test_two_runs_at_once_give_one_whole_site_and_a_clear_message(tmp_path: Path):
    project = _site_project(tmp_path, ["brar-world-revolution.xml", "register.xml"])
    first, second = start("--root", project, "html"), start("--root", project, "html")
    results = [(p.wait(timeout=300), p.stderr.read()) for p in (first, second)]
    assert any(code == 0 for code, _ in results), results
    for code, stderr in results:
        assert code == 0 or (code == 2 and "lock" in stderr and "Traceback" not in stderr), results
    site = project / "build" / "html"
    assert (site / "index.html").is_file() and (site / "brar-world-revolution.html").is_file()
