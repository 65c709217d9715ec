"""The package as another project installs it: a wheel, in a fresh venv outside the checkout.

Everything the commands read at run time must be package data (schema, XSLT, assets,
templates, data lists); the project's own files come from the current folder. The wheel is
built from the tracked files only (a copy of them), installed with the pinned versions of
constraints.txt from pip's configured sources (offline here), and run on a copy of the
edition in a folder that is not the checkout.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def sh(cmd: list[str], cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin/ folder of a fresh venv with the wheel installed (not editable)."""
    base = tmp_path_factory.mktemp("wheel")
    tracked = sh(["git", "ls-files", "-z"], ROOT)
    assert tracked.returncode == 0, tracked.stderr
    src = base / "src"
    for name in filter(None, tracked.stdout.split("\0")):
        if (ROOT / name).is_file():
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, src / name)
    pip = [sys.executable, "-m", "pip"]
    done = sh([*pip, "wheel", "-q", "--no-deps", "-w", str(base / "dist"), str(src)], base)
    assert done.returncode == 0, done.stderr[-3000:]
    [wheel] = (base / "dist").glob("edition-*.whl")
    done = sh([sys.executable, "-m", "venv", str(base / "venv")], base)
    assert done.returncode == 0, done.stderr
    bin_dir = base / "venv" / "bin"
    done = sh([str(bin_dir / "pip"), "install", "-q", "-c", str(ROOT / "constraints.txt"),
               str(wheel)], base)
    assert done.returncode == 0, done.stderr[-3000:]
    return bin_dir


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the edition's own files, in a folder that is not the checkout."""
    for name in ("raw", "tei"):
        shutil.copytree(ROOT / name, tmp_path / "edition" / name)
    return tmp_path / "edition"


def test_the_package_comes_from_the_wheel(installed: Path, project: Path) -> None:
    done = sh([str(installed / "python"), "-c", "import edition, edition.resources as r; "
               "print(edition.__file__); print(r.SCHEMA_DIR)"], project)
    assert done.returncode == 0, done.stderr
    for line in done.stdout.splitlines():
        assert str(installed.parent) in line and str(ROOT) not in line, line


def test_validate_html_pdf_review_from_the_wheel(installed: Path, project: Path) -> None:
    edition = str(installed / "edition")
    done = sh([edition, "validate"], project)
    assert done.returncode == 0, done.stdout + done.stderr
    # the build graph's count: a fresh project checks every file
    assert "validated 6 file(s) (6 checked again): 0 error(s)" in done.stderr
    done = sh([edition, "validate", "--schema", "tei_all.rng", "--rules", "pointers"], project)
    assert done.returncode == 0, done.stdout + done.stderr
    # another project's tei_all-valid files (a letter, a poem, a manuscript leaf), elsewhere
    foreign = project.parent / "foreign"
    shutil.copytree(ROOT / "tests" / "fixtures" / "foreign", foreign / "tei")
    done = sh([edition, "validate", "--schema", "tei_all.rng", "--rules", "pointers"], foreign)
    assert done.returncode == 0, done.stdout + done.stderr
    assert sh([edition, "validate"], foreign).returncode == 1  # not this edition's customisation
    done = sh([edition, "html"], project)
    assert done.returncode == 0, done.stderr
    site = project / "build" / "html"
    for page in ("index.html", "works-06.html", "register.html", "assets/edition.css"):
        assert (site / page).is_file(), page
    short = sorted(p for p in (project / "tei").glob("*.xml") if p.stat().st_size < 60_000)
    done = sh([edition, "pdf", *map(str, short)], project)
    assert done.returncode == 0, done.stderr
    pdfs = sorted((project / "build" / "print").glob("*.pdf"))
    assert [p.stem for p in pdfs] == sorted(p.stem for p in short if p.name != "register.xml")
    assert all(p.read_bytes().startswith(b"%PDF-") for p in pdfs)
    done = sh([edition, "review", "--format", "json"], project)
    assert done.returncode == 0, done.stderr
    assert (project / "build" / "review" / "index.html").is_file()


def test_a_schema_missing_from_the_install_fails_loudly(installed: Path, project: Path) -> None:
    """The guard: without the shipped schema, validation stops with one line (exit 2)."""
    done = sh([str(installed / "python"), "-c", "import edition.resources as r; print(r.SCHEMA_DIR)"],
              project)
    schema = Path(done.stdout.strip()) / "edition.xsd"
    hidden = schema.with_name("edition.xsd.hidden")
    schema.rename(hidden)
    try:
        done = sh([str(installed / "edition"), "validate"], project)
    finally:
        hidden.rename(schema)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr and "edition.xsd" in done.stderr
