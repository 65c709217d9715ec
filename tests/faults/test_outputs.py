"""Outputs only where they belong: --out never deletes or overwrites a folder the tool did not
write, never the project or a folder holding raw/ or tei/; the site is swapped whole; a lock
stops a second run."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from edition import outputs
from edition.outputs import MARKER, copy_atomic, project_lock, swap_in

from .conftest import SHORT, assert_clean_failure, run


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file and its bytes, but the tool's own lock file (build/.edition.lock)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != outputs.LOCK_NAME}


@pytest.mark.parametrize("command", ["html", "pdf", "review"])
def test_out_holding_a_users_files_is_refused_and_untouched(tei_project: Path, command: str):
    mydocs = tei_project / "mydocs"
    (mydocs / "sub").mkdir(parents=True)
    (mydocs / "thesis.odt").write_bytes(b"my thesis")
    (mydocs / "sub" / "index.html").write_text("my page", encoding="utf-8")
    before = snapshot(mydocs)
    result = run("--root", tei_project, command, "--out", mydocs, timeout=120)
    assert_clean_failure(result, (2,))
    assert "did not write" in result.stderr and "mydocs" in result.stderr
    assert snapshot(mydocs) == before
    assert sorted(p.name for p in mydocs.iterdir()) == ["sub", "thesis.odt"]


@pytest.mark.parametrize("where", [".", "..", "tei", "raw", "raw/inner", "tei/site"])
def test_out_over_the_project_or_its_sources_is_refused(project: Path, where: str):
    (project / "tei").mkdir(exist_ok=True)
    (project / "tei" / "keep.xml").write_text("<x/>", encoding="utf-8")
    before = snapshot(project)
    result = run("--root", project, "html", "--out", project / where, timeout=120)
    assert_clean_failure(result, (2,))
    assert snapshot(project) == before  # raw/ and tei/ untouched, nothing written


def test_a_marked_site_is_replaced_whole_and_stale_pages_go(tei_project: Path):
    out = tei_project / "site"
    assert run("--root", tei_project, "html", "--out", out, timeout=120).returncode == 0
    assert (out / MARKER).is_file() and (out / "index.html").is_file()
    (out / "stale.html").write_text("from a former build", encoding="utf-8")
    result = run("--root", tei_project, "html", "--out", out, timeout=120)
    assert result.returncode == 0, result.stderr
    assert not (out / "stale.html").exists() and (out / f"{SHORT}.html").is_file()
    assert sorted(p.name for p in tei_project.iterdir() if p.name.startswith(".")) == []


def test_a_leftover_folder_of_the_staging_name_is_not_deleted_unless_ours(tei_project: Path):
    foreign = tei_project / ".site.building"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine", encoding="utf-8")
    result = run("--root", tei_project, "html", "--out", tei_project / "site", timeout=120)
    assert_clean_failure(result, (2,))
    assert (foreign / "notes.txt").read_text(encoding="utf-8") == "mine"
    outputs.mark(foreign)  # a build killed half-way leaves a marked one: that one goes
    assert run("--root", tei_project, "html", "--out", tei_project / "site", timeout=120).returncode == 0
    assert not foreign.exists()


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_swap_leaves_the_new_site_and_removes_the_old(tmp_path: Path, monkeypatch, exchange: bool):
    if not exchange:
        monkeypatch.setattr(outputs, "_exchange", lambda a, b: False)
    out, staging = tmp_path / "html", tmp_path / ".html.building"
    for folder, text in ((out, "old"), (staging, "new")):
        outputs.mark(folder)
        (folder / "index.html").write_text(text, encoding="utf-8")
    (out / "old-only.html").write_text("old", encoding="utf-8")
    swap_in(staging, out)
    assert (out / "index.html").read_text(encoding="utf-8") == "new"
    assert not (out / "old-only.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["html"]


def test_swap_refuses_to_replace_a_folder_of_someone_else(tmp_path: Path):
    out, staging = tmp_path / "docs", tmp_path / ".docs.building"
    out.mkdir()
    (out / "mine.txt").write_text("mine", encoding="utf-8")
    outputs.mark(staging)
    with pytest.raises(Exception, match="did not write"):
        swap_in(staging, out)
    assert (out / "mine.txt").read_text(encoding="utf-8") == "mine"


def test_a_second_run_stops_with_a_message_while_the_lock_is_held(tei_project: Path):
    with project_lock(tei_project / "build"):
        result = run("--root", tei_project, "html", timeout=120)
        assert_clean_failure(result, (2,))
        assert "lock" in result.stderr and "wait" in result.stderr
        assert not (tei_project / "build" / "html").exists()
    assert run("--root", tei_project, "html", timeout=120).returncode == 0  # released


def test_atomic_copy_leaves_the_old_file_when_the_copy_fails(tmp_path: Path):
    dst = tmp_path / "a.pdf"
    dst.write_bytes(b"%PDF old")
    with pytest.raises(OSError):
        copy_atomic(tmp_path / "missing.pdf", dst)
    assert dst.read_bytes() == b"%PDF old" and sorted(os.listdir(tmp_path)) == ["a.pdf"]
    src = tmp_path / "new.pdf"
    src.write_bytes(b"%PDF new")
    copy_atomic(src, dst)
    assert dst.read_bytes() == b"%PDF new" and sorted(os.listdir(tmp_path)) == ["a.pdf", "new.pdf"]


def test_the_default_site_of_an_earlier_version_without_marker_is_replaced(tei_project: Path):
    """build/html written before the marker existed (index.html, assets/, tei/) is the tool's."""
    assert run("--root", tei_project, "html", timeout=120).returncode == 0
    site = tei_project / "build" / "html"
    (site / MARKER).unlink()
    assert run("--root", tei_project, "html", timeout=120).returncode == 0
    assert (site / MARKER).is_file()
    shutil.rmtree(site)
