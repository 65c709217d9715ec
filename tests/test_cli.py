"""The `edition` command: help everywhere, exit codes, the hand-edit guard, bad input."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from edition.cli import main

COMMANDS = ["convert", "validate", "html", "pdf", "build", "text"]


def run(*args: str | Path) -> subprocess.CompletedProcess:
    """Run the installed command in a real subprocess, as a user would."""
    return subprocess.run([sys.executable, "-m", "edition.cli", *map(str, args)],
                          capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_unknown_option_is_a_usage_error():
    assert CliRunner().invoke(main, ["convert", "--nonsense"]).exit_code == 2


def test_convert_writes_one_tei_per_raw_file_and_stamps(project):
    result = run("--root", project, "-q", "convert")
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in (project / "tei").glob("*.xml") if p.name != "register.xml")
    assert written == ["brar-world-revolution.xml", "comintern-programme-1928.xml",
                       "unity-national-international.xml"]
    assert (project / "tei" / "conversion-stamps.json").exists()
    assert not list((project / "tei").glob(".*.tmp"))


def test_reconversion_refuses_to_overwrite_a_hand_edited_file(project):
    assert run("--root", project, "-q", "convert").returncode == 0
    target = project / "tei" / "brar-world-revolution.xml"
    edited = target.read_text(encoding="utf-8").replace("Was Stalin against", "Was Stalin really against")
    target.write_text(edited, encoding="utf-8")

    result = run("--root", project, "convert")
    assert result.returncode == 1
    assert "brar-world-revolution.xml" in result.stderr and "edited by hand" in result.stderr
    assert target.read_text(encoding="utf-8") == edited  # untouched

    diff = run("--root", project, "convert", "--diff")
    assert diff.returncode == 0
    removed = [ln for ln in diff.stdout.splitlines() if ln.startswith("-") and not ln.startswith("---")]
    assert any("really against" in ln for ln in removed)
    assert target.read_text(encoding="utf-8") == edited  # --diff writes nothing

    forced = run("--root", project, "-q", "convert", "--force")
    assert forced.returncode == 0
    assert "really" not in target.read_text(encoding="utf-8")


def test_unchanged_reconversion_is_allowed(project):
    assert run("--root", project, "-q", "convert").returncode == 0
    assert run("--root", project, "-q", "convert").returncode == 0


@pytest.mark.parametrize("data, message", [
    (b"", "raw file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "binary data"),
    (b"Stra\xdfe\n", "not UTF-8"),
])
def test_bad_raw_file_one_line_error_exit_2_and_no_output(project, data, message):
    bad = project / "raw" / "000_555b05bbdcaa4393.txt"
    bad.write_bytes(data)
    result = run("--root", project, "convert")
    assert result.returncode == 2
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and message in lines[0]
    assert re.search(r"000_555b05bbdcaa4393.txt:\d+:\d+: ", lines[0])
    assert "Traceback" not in result.stderr
    assert not (project / "tei" / "unity-national-international.xml").exists()


def test_missing_raw_file_argument_is_an_input_error(project):
    result = run("--root", project, "convert", project / "raw" / "nope.txt")
    assert result.returncode == 2 and "no such raw file" in result.stderr


def test_text_recovers_source_and_reports_malformed_xml(project, tmp_path):
    assert run("--root", project, "-q", "convert").returncode == 0
    out = run("text", project / "tei" / "brar-world-revolution.xml")
    assert out.returncode == 0
    assert out.stdout.split() == (project / "raw" / "001_22ee081f70b32331.txt").read_text(
        encoding="utf-8").split()

    broken = tmp_path / "broken.xml"
    broken.write_text("<TEI>\n  <text>\n</TEI>\n", encoding="utf-8")
    bad = run("text", broken)
    assert bad.returncode == 1
    assert f"{broken}:3:" in bad.stderr and "malformed XML" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_build_publishes_a_hand_edited_file_as_edited(project):
    """`convert` refuses to overwrite hand edits; `build` keeps them (with a warning) and publishes."""
    shutil.copy(Path(__file__).resolve().parents[1] / "tei" / "register.xml", project / "tei-register.xml")
    assert run("--root", project, "-q", "convert").returncode == 0
    shutil.move(project / "tei-register.xml", project / "tei" / "register.xml")
    target = project / "tei" / "brar-world-revolution.xml"
    edited = target.read_text(encoding="utf-8").replace("Was Stalin against", "Was Stalin really against")
    target.write_text(edited, encoding="utf-8")

    result = run("--root", project, "build")
    assert result.returncode == 0, result.stderr
    assert "brar-world-revolution.xml" in result.stderr and "kept as edited" in result.stderr
    assert target.read_text(encoding="utf-8") == edited
    html = (project / "build" / "html" / "brar-world-revolution.html").read_text(encoding="utf-8")
    assert "really against" in html
    assert (project / "build" / "print" / "brar-world-revolution.pdf").exists()


@pytest.mark.parametrize("command", ["html", "pdf"])
def test_publishing_malformed_xml_is_one_line_and_writes_nothing(tmp_path, command):
    broken = tmp_path / "broken.xml"
    broken.write_text("<TEI>\n  <text>\n</TEI>\n", encoding="utf-8")
    out = tmp_path / "out"
    bad = run("--root", tmp_path, command, "--out", out, broken)
    assert bad.returncode == 1
    assert bad.stderr.strip().splitlines() == [bad.stderr.strip()]  # one line, nothing from Saxon
    assert f"{broken}:3:" in bad.stderr and "malformed XML" in bad.stderr
    assert not out.exists()
