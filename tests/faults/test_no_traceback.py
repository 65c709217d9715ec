"""Never a traceback: every command, run on a corpus of bad inputs (TEI, raw files, metadata,
stamps, limits) and under OS faults (full disk, read-only folder, a file where a folder belongs),
fails with exit 1 or 2 and an error line naming the file — and no traceback on stderr."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import pytest

from .conftest import SHORT, assert_clean_failure, run

TEI_COMMANDS = ["validate", "html", "pdf", "review", "text"]


def _tei_text(project: Path) -> Path:
    return project / "tei" / f"{SHORT}.xml"


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _deep(project: Path) -> None:
    depth = 600
    _replace(_tei_text(project), "<body>", "<body><p>" + "<hi>" * depth + "deep" + "</hi>" * depth + "</p>")


TEI_CASES: dict[str, Callable[[Path], None]] = {
    "empty": lambda p: _tei_text(p).write_bytes(b""),
    "binary": lambda p: _tei_text(p).write_bytes(bytes(range(256)) * 4),
    "malformed": lambda p: _tei_text(p).write_bytes(_tei_text(p).read_bytes()[:5000]),
    "nested-600-deep": _deep,
    "wrong-namespace": lambda p: _replace(_tei_text(p), 'xmlns="http://www.tei-c.org/ns/1.0"',
                                          'xmlns="http://example.org/not-tei"'),
    "utf8-declared-latin1": lambda p: _replace(_tei_text(p), "encoding='UTF-8'",
                                               "encoding='ISO-8859-1'"),
    "non-character-reference": lambda p: _replace(_tei_text(p), "<body>", "<body><p>&#xFFFF;</p>"),
    "a-folder-named-like-tei": lambda p: (_tei_text(p).unlink(), _tei_text(p).mkdir()),
    "html-root": lambda p: _tei_text(p).write_text("<html><body>hi</body></html>", encoding="utf-8"),
}


@pytest.mark.parametrize("case", sorted(TEI_CASES))
def test_bad_tei_through_every_command(tei_project: Path, case: str):
    TEI_CASES[case](tei_project)
    target = _tei_text(tei_project)
    for command in TEI_COMMANDS:
        args = ["text", target] if command == "text" else ["--root", tei_project, command]
        result = run(*args, timeout=120)
        assert_clean_failure(result)
        said = result.stdout + result.stderr
        assert target.name in said, (command, said[-1500:])


def _raw(project: Path, prefix: str = "001") -> Path:
    return next((project / "raw").glob(f"{prefix}*.txt"))


def _stamps(project: Path, text: str) -> None:
    (project / "tei").mkdir(exist_ok=True)
    (project / "tei" / "conversion-stamps.json").write_text(text, encoding="utf-8")


RAW_CASES: dict[str, tuple[Callable[[Path], None], dict[str, str], str]] = {
    # name: (set-up, environment, file named in the message)
    "raw-non-character": (lambda p: _raw(p).write_text("A line\nwith \uffff in it\n", encoding="utf-8"),
                          {}, "001_"),
    "raw-nul": (lambda p: _raw(p).write_bytes(b"text\x00more\n"), {}, "001_"),
    "raw-latin1": (lambda p: _raw(p).write_bytes("Caf\u00e9\n".encode("latin-1")), {}, "001_"),
    "raw-empty": (lambda p: _raw(p).write_bytes(b"\n\n"), {}, "001_"),
    "raw-line-over-limit": (lambda p: _raw(p).write_text("word " * 2000 + "\n", encoding="utf-8"),
                            {"EDITION_MAX_LINE_CHARS": "5000"}, "001_"),
    "raw-file-over-limit": (lambda p: _raw(p).write_text("a short line\n" * 200_000, encoding="utf-8"),
                            {"EDITION_MAX_FILE_MB": "1"}, "001_"),
    "toml-syntax": (lambda p: _raw(p).with_suffix(".toml").write_text('slug = "x\n', encoding="utf-8"),
                    {}, "001_"),
    "toml-wrong-type": (lambda p: _raw(p, "000").with_suffix(".toml").write_text(
        _raw(p, "000").with_suffix(".toml").read_text(encoding="utf-8").replace(
            "speech = true", 'speech = "no"'), encoding="utf-8"), {}, "000_"),
    "toml-missing": (lambda p: _raw(p).with_suffix(".toml").unlink(), {}, "001_"),
    "stamps-corrupt": (lambda p: _stamps(p, '{"a.xml": '), {}, "conversion-stamps.json"),
    "stamps-wrong-shape": (lambda p: _stamps(p, "[1, 2]"), {}, "conversion-stamps.json"),
    "corrections-syntax": (lambda p: (p / "raw" / "corrections.toml").write_text("[[correction]\n",
                                                                                encoding="utf-8"),
                           {}, "corrections.toml"),
    "limit-not-a-number": (lambda p: None, {"EDITION_MAX_LINE_CHARS": "lots"}, "EDITION_MAX_LINE_CHARS"),
}


@pytest.mark.parametrize("case", sorted(RAW_CASES))
def test_bad_raw_input_through_convert_and_build(project: Path, case: str):
    setup, env, named = RAW_CASES[case]
    setup(project)
    for command in ("convert", "build"):
        result = run("--root", project, command, timeout=180, env={**os.environ, **env})
        assert_clean_failure(result)
        assert named in result.stderr, (command, result.stderr[-1500:])
    assert not (project / "build" / "html").exists()


# ---- OS faults ------------------------------------------------------------------------------

def _run_limited(args: list[str | Path], max_bytes: int) -> subprocess.CompletedProcess:
    """The command with files limited to ``max_bytes``: a write past it fails (EFBIG), as on a
    full disk."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))

    return subprocess.run([sys.executable, "-m", "edition.cli", *map(str, args)],
                          capture_output=True, text=True, timeout=300, preexec_fn=limit)


@pytest.mark.parametrize("command", ["convert", "html", "pdf", "review", "build"])
def test_a_full_disk_is_one_line_and_leaves_no_half_written_file(project: Path, command: str):
    if command in ("html", "pdf", "review"):
        assert run("--root", project, "convert", timeout=180).returncode == 0
    before = {p: p.read_bytes() for p in (project / "tei").glob("*")} if (project / "tei").exists() else {}
    result = _run_limited(["--root", project, command], 8_000)
    assert_clean_failure(result)
    assert "too large" in result.stderr.lower(), result.stderr[-1500:]
    for p, data in before.items():
        assert p.read_bytes() == data  # nothing clobbered
    for p in project.rglob("*"):
        assert not (p.is_file() and p.name.endswith(".tmp")), p


@contextmanager
def read_only(folder: Path):
    """Make ``folder`` read-only even for root (the immutable attribute; chmod for others)."""
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", str(folder)], check=True)
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
    else:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)


@pytest.mark.parametrize("command", ["convert", "html", "pdf", "review"])
def test_a_read_only_folder_is_one_line(project: Path, command: str):
    assert run("--root", project, "convert", timeout=180).returncode == 0
    folder = project / "tei" if command == "convert" else project / "build"
    (project / "tei" / "conversion-stamps.json").unlink()  # so that convert must write
    folder.mkdir(exist_ok=True)
    with read_only(folder):
        result = run("--root", project, *([command, "--force"] if command == "convert" else [command]),
                     timeout=180)
    assert_clean_failure(result)
    assert str(folder) in result.stderr, result.stderr[-1500:]


def test_a_file_where_the_build_folder_belongs_is_one_line(project: Path):
    assert run("--root", project, "convert", timeout=180).returncode == 0
    shutil.rmtree(project / "build")  # convert made it for its lock file
    (project / "build").write_text("not a folder", encoding="utf-8")
    for command in ("html", "pdf", "review", "build"):
        result = run("--root", project, command, timeout=180)
        assert_clean_failure(result)
        assert "build" in result.stderr, (command, result.stderr[-1500:])


def test_a_missing_project_folder_is_one_line(tmp_path: Path):
    for command in ("convert", "validate", "html", "pdf", "review", "build"):
        result = run("--root", tmp_path / "nowhere", command, timeout=120)
        assert_clean_failure(result)
    shutil.rmtree(tmp_path / "nowhere", ignore_errors=True)
