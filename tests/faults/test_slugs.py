"""Slugs name files and pages: a path, a reserved name or a duplicate is refused in the metadata,
in the TEI (html, pdf) and by the validator, and nothing is written outside the edition."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from edition.outputs import LOCK_NAME

from .conftest import SHORT, assert_clean_failure, run


def set_slug(project: Path, raw_prefix: str, slug: str) -> Path:
    meta = next((project / "raw").glob(f"{raw_prefix}*.toml"))
    text = re.sub(r'^slug = ".*"$', f"slug = {slug}", meta.read_text(encoding="utf-8"), count=1,
                  flags=re.M)
    meta.write_text(text, encoding="utf-8")
    return meta


def files_under(folder: Path) -> set[Path]:
    """Every file below ``folder`` but the tool's own lock file (build/.edition.lock)."""
    return {p for p in folder.rglob("*") if p.is_file() and p.name != LOCK_NAME}


@pytest.mark.parametrize("slug", ['"../../evil"', '"/tmp/edition-evil-abs"', '"register"',
                                  '"Works 06"', '"a.b"', '""', "6"])
def test_a_bad_slug_in_metadata_is_refused_before_anything_is_written(project: Path, slug: str):
    meta = set_slug(project, "000", slug)
    outside = files_under(project.parent)
    result = run("--root", project, "convert", timeout=120)
    assert_clean_failure(result, (2,))
    assert f"{meta.name}:3" in result.stderr and "slug" in result.stderr  # file and line
    assert files_under(project.parent) == outside  # nothing written anywhere
    assert not Path("/tmp/edition-evil-abs.xml").exists()


def test_two_texts_with_one_slug_are_refused_naming_both(project: Path):
    set_slug(project, "001", '"unity-national-international"')
    result = run("--root", project, "convert", timeout=120)
    assert_clean_failure(result, (2,))
    assert "000_" in result.stderr and "001_" in result.stderr
    assert sorted(p.name for p in (project / "tei").iterdir()) == ["register.xml"]  # no text's TEI


def test_the_register_is_never_overwritten_by_a_text(project: Path):
    (project / "tei").mkdir(exist_ok=True)
    register = project / "tei" / "register.xml"
    register.write_text("<register/>", encoding="utf-8")
    set_slug(project, "000", '"register"')
    assert_clean_failure(run("--root", project, "convert", "--force", timeout=120), (2,))
    assert register.read_text(encoding="utf-8") == "<register/>"


@pytest.mark.parametrize("slug", ["../../x", "register", "index", "x/y"])
def test_a_bad_slug_in_the_tei_is_refused_by_html_pdf_and_the_validator(tei_project: Path, slug: str):
    tei = tei_project / "tei" / f"{SHORT}.xml"
    tei.write_text(tei.read_text(encoding="utf-8").replace(
        f'<idno type="slug">{SHORT}</idno>', f'<idno type="slug">{slug}</idno>'), encoding="utf-8")
    outside = files_under(tei_project.parent)
    for command in ("html", "pdf"):
        result = run("--root", tei_project, command, timeout=120)
        assert_clean_failure(result, (1,))
        assert tei.name in result.stderr and "slug" in result.stderr
    assert files_under(tei_project.parent) == outside
    validated = run("--root", tei_project, "validate", timeout=120)
    assert validated.returncode == 1
    assert re.search(rf"{tei.name}:\d+:\d+: E080 ", validated.stdout), validated.stdout
