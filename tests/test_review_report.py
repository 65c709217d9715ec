"""The review's report made text by text (build/review_report.py): an unchanged edition's review
renders nothing again, a changed text's page and the index are made again alone, and the
report is what a cold run writes (the "Written by" time of each page aside)."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import edition
from edition.annotate.candidates import find_candidates
from edition.review import review_files
from edition.review.report import as_json, write_json

ROOT = Path(__file__).resolve().parents[1]
TEXTS = ["brar-world-revolution", "unity-national-international", "comintern-programme-1928"]
STAMP = re.compile(rb"Written by <code>edition review</code>, [^<]*\.")


def _project(where: Path) -> Path:
    (where / "tei").mkdir(parents=True)
    for name in [*TEXTS, "register"]:
        shutil.copy(ROOT / "tei" / f"{name}.xml", where / "tei")
    return where


def _review(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # from the project's folder (the register candidates are checked against its register),
    # with the package these tests import
    env = {**os.environ, "PYTHONPATH": str(Path(edition.__file__).parents[1])}
    return subprocess.run([sys.executable, "-m", "edition.cli", "--jobs", "1", "review", *args],
                          capture_output=True, text=True, timeout=300, cwd=root, env=env)


def _files(report: Path) -> dict[str, tuple[int, int]]:
    """Each file's inode and modification time: a file written again (write_atomic) has a
    new inode."""
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in report.iterdir()}


def _unstamped(report: Path) -> dict[str, bytes]:
    return {p.name: STAMP.sub(b"", p.read_bytes()) for p in report.iterdir()}


def _name_a_person(tei: Path) -> None:
    """One paragraph names a person the register does not know."""
    data = tei.read_bytes()
    at = data.index(b" the ", data.index(b"<body"))
    tei.write_bytes(data[:at] + b" Comrade Pruchniak and the " + data[at + 5:])


def test_review_json_written_part_by_part_is_what_json_dumps_prints():
    files = [ROOT / "tei" / f"{name}.xml" for name in TEXTS]
    reviews = review_files(files, ROOT)
    for chosen in (reviews, reviews[:1], []):
        whole = json.dumps(as_json(chosen), indent=1, ensure_ascii=False) + "\n"
        parts = io.StringIO()
        write_json(parts, as_json(chosen)["summary"],  # type: ignore[arg-type]
                   (json.dumps(r.as_dict(), indent=1, ensure_ascii=False) for r in chosen))
        assert parts.getvalue() == whole


def test_candidates_counted_over_texts_in_order():
    got = find_candidates({"a": "Comrade Pruchniak spoke. (Walecki, from his seat: “No!”)",
                           "b": "the report of B. Pruchniak"}, entries=())
    by_name = {c.surname: c for c in got}
    assert [c.surname for c in got] == ["Pruchniak", "Walecki"]
    assert by_name["Pruchniak"].count == 2 and by_name["Pruchniak"].where == ["a", "b"]
    assert by_name["Pruchniak"].forms == ["Pruchniak", "B. Pruchniak"]


def test_an_unchanged_review_makes_nothing_again_and_an_edit_only_its_page(tmp_path: Path):
    root = _project(tmp_path / "edition")
    report = root / "build" / "review"
    first = _review(root)
    assert first.returncode == 0, first.stderr
    assert "texts made again: 3 of 3" in " ".join(first.stderr.split())
    before = _files(report)

    again = _review(root)
    assert "texts made again: 0 of 3" in " ".join(again.stderr.split()), again.stderr
    assert again.stdout == first.stdout
    after = _files(report)
    assert {n: after[n] for n in after if n != ".edition-output"} == \
        {n: before[n] for n in before if n != ".edition-output"}

    assert "Pruchniak" not in first.stderr
    _name_a_person(root / "tei" / f"{TEXTS[1]}.xml")
    edited = _review(root)
    assert "texts made again: 1 of 3" in " ".join(edited.stderr.split()), edited.stderr
    now = _files(report)
    written = {n for n in now if now[n] != after[n]} - {".edition-output"}
    assert written == {f"{TEXTS[1]}.html", "index.html", "review.json"}

    # the same report, summary and JSON as a cold run over the edited edition
    cold_root = tmp_path / "cold"
    shutil.copytree(root / "tei", cold_root / "tei")
    cold = _review(cold_root)
    assert "texts made again: 3 of 3" in " ".join(cold.stderr.split())
    assert _unstamped(report) == _unstamped(cold_root / "build" / "review")
    assert edited.stdout == cold.stdout
    assert "Pruchniak" in " ".join(edited.stderr.split())
    assert edited.stderr.split("review report:")[0] == cold.stderr.split("review report:")[0]
    as_json_now = _review(root, "--format", "json")
    assert as_json_now.stdout == (report / "review.json").read_text("utf-8")
    assert [row["slug"] for row in json.loads(as_json_now.stdout)["summary"]] == sorted(TEXTS)


def test_a_report_folder_altered_or_elsewhere_is_made_whole_from_the_kept_parts(tmp_path: Path):
    root = _project(tmp_path / "edition")
    assert _review(root).returncode == 0
    report = root / "build" / "review"
    (report / f"{TEXTS[0]}.html").unlink()
    (report / "review.json").write_text("{}", encoding="utf-8")
    kept = _review(root)
    assert "texts made again: 0 of 3" in " ".join(kept.stderr.split()), kept.stderr
    elsewhere = _review(root, "--out", str(tmp_path / "elsewhere"))
    assert "texts made again: 0 of 3" in " ".join(elsewhere.stderr.split())
    assert _unstamped(report) == _unstamped(tmp_path / "elsewhere")
    texts = json.loads((report / "review.json").read_text("utf-8"))["texts"]
    assert [t["slug"] for t in texts] == sorted(TEXTS)
