"""The hand-edit guard under faults: --force names every file it overwrites; a temporary file a
killed write left behind is removed by the next convert (and nothing else is)."""

from __future__ import annotations

from pathlib import Path

from .conftest import run


def test_force_names_the_hand_edited_files_it_overwrites(project: Path):
    assert run("--root", project, "convert", timeout=180).returncode == 0
    edited = project / "tei" / "brar-world-revolution.xml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("</p>", " (edited)</p>", 1),
                      encoding="utf-8")
    result = run("--root", project, "convert", "--force", timeout=180)
    assert result.returncode == 0, result.stderr
    warned = [ln for ln in result.stderr.splitlines() if "overwritten" in ln]
    assert len(warned) == 1 and edited.name in warned[0]
    assert "(edited)" not in edited.read_text(encoding="utf-8")


def test_a_killed_writes_temporary_file_goes_and_a_users_file_stays(project: Path):
    assert run("--root", project, "convert", timeout=180).returncode == 0
    leftover = project / "tei" / ".brar-world-revolution.xml.k2j4l9x_.tmp"
    leftover.write_bytes(b"<TEI half")
    mine = project / "tei" / ".notes.tmp"
    mine.write_text("my notes", encoding="utf-8")
    assert run("--root", project, "convert", timeout=180).returncode == 0
    assert not leftover.exists() and mine.read_text(encoding="utf-8") == "my notes"


def test_a_corrupt_stamps_file_is_named_with_the_way_out(project: Path):
    assert run("--root", project, "convert", timeout=180).returncode == 0
    stamps = project / "tei" / "conversion-stamps.json"
    stamps.write_text('{"brar-world-revolution.xml": "ab",\n', encoding="utf-8")
    result = run("--root", project, "convert", timeout=180)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"{stamps}:" in result.stderr and "git checkout" in result.stderr


def test_record_keeps_comments_and_processing_instructions_before_the_root(tmp_path: Path):
    from .conftest import SHORT, TEI

    (tmp_path / "tei").mkdir()
    target = tmp_path / "tei" / f"{SHORT}.xml"
    text = (TEI / f"{SHORT}.xml").read_text(encoding="utf-8")
    prolog = ('<?xml-model href="../schema/edition.rng" type="application/xml"?>\n'
              "<!-- checked by A. Editor, 2026 -->\n")
    decl_end = text.index("?>") + 3
    target.write_text(text[:decl_end] + prolog + text[decl_end:], encoding="utf-8")
    result = run("--root", tmp_path, "review", "--record", "A. Editor", target, timeout=180)
    assert result.returncode == 0, result.stderr
    recorded = target.read_text(encoding="utf-8")
    assert prolog in recorded and "Encoding reviewed by A. Editor" in recorded
