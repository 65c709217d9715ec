"""Typed metadata: wrong types, misspelt keys and unmatched errata or corrections in
raw/<name>.toml and raw/corrections.toml are reported with file and line, never accepted silently."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import assert_clean_failure, run


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def meta(project: Path, prefix: str = "000") -> Path:
    return next((project / "raw").glob(f"{prefix}*.toml"))


def line_of(path: Path, needle: str) -> int:
    return next(i for i, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in ln)


@pytest.mark.parametrize(("old", "new", "said"), [
    ('authors = ["J. V. Stalin"]', 'authors = "J. V. Stalin"', "list of strings"),
    ("speech = true", 'speech = "no"', "true or false"),
    ('date = "1926-12-07"', "date = 1926", "YYYY"),
    ('date = "1926-12-07"', 'date = "7 Dec 1926"', "YYYY"),
    ('kind = "excerpt"', 'kind = "speech"', "is not one of"),
    ('author_refs = ["per:stalin"]', 'autor_refs = ["per:stalin"]', "did you mean 'author_refs'"),
    ('language = "en"', 'langauge = "en"', "did you mean 'language'"),
    ('publisher = "Foreign', 'publsher = "Foreign', "did you mean 'publisher'"),
    ('line = 4', 'line = "four"', "raw line number"),
])
def test_a_wrong_value_or_key_is_an_error_with_file_and_line(project: Path, old: str, new: str,
                                                             said: str):
    path = meta(project)
    edit(path, old, new)
    line = line_of(path, new.split(" =")[0] + " =")
    result = run("--root", project, "convert", timeout=120)
    assert_clean_failure(result, (2,))
    assert f"{path.name}:{line}:" in result.stderr and said in result.stderr, result.stderr
    assert sorted(p.name for p in (project / "tei").iterdir()) == ["register.xml"]  # nothing written


def test_a_missing_required_key_is_named(project: Path):
    path = meta(project)
    path.write_text("".join(ln for ln in path.read_text(encoding="utf-8").splitlines(True)
                            if not ln.startswith("title = ")), encoding="utf-8")
    result = run("--root", project, "convert", timeout=120)
    assert_clean_failure(result, (2,))
    assert "missing required key 'title'" in result.stderr and path.name in result.stderr


def test_an_unmatched_erratum_is_a_warning_naming_it(project: Path):
    path = meta(project, "002")
    edit(path, 'found = "1929"', 'found = "1930"')
    result = run("--root", project, "convert", timeout=120)
    assert result.returncode == 0, result.stderr
    assert re.search(rf"warning: {path.name}: erratum 1: '1930' is not on raw line 1", result.stderr), \
        result.stderr
    # found again from the cache while nothing changed (the edition is not read again to say
    # it), and gone once the metadata is right
    again = run("--root", project, "convert", timeout=120)
    assert again.returncode == 0 and "erratum 1: '1930' is not on raw line 1" in again.stderr
    edit(path, 'found = "1930"', 'found = "1929"')
    fixed = run("--root", project, "convert", timeout=120)
    assert fixed.returncode == 0 and "erratum 1" not in fixed.stderr, fixed.stderr


def test_an_unmatched_or_misdirected_correction_is_a_warning(project: Path):
    corrections = project / "raw" / "corrections.toml"
    corrections.write_text(
        '[[correction]]\nsource = "brar-world-revolutoin"\nline = 3\nfound = "x"\nreading = "y"\n\n'
        '[[correction]]\nsource = "brar-world-revolution"\nline = 2\nfound = "no such words here"\n'
        'reading = "y"\n', encoding="utf-8")
    result = run("--root", project, "convert", timeout=120)
    assert result.returncode == 0, result.stderr
    assert "did you mean 'brar-world-revolution'" in result.stderr
    assert "'no such words here' is not on raw line 2" in result.stderr


def test_a_correction_of_the_wrong_type_is_an_error_with_its_line(project: Path):
    corrections = project / "raw" / "corrections.toml"
    corrections.write_text('[[correction]]\nsource = "brar-world-revolution"\nline = "two"\n'
                           'found = "x"\nreading = "y"\n', encoding="utf-8")
    result = run("--root", project, "convert", timeout=120)
    assert_clean_failure(result, (2,))
    assert "corrections.toml:3:" in result.stderr and "raw line number" in result.stderr


def test_the_real_metadata_passes_the_model():
    from edition.convert.corrections import load_corrections
    from edition.sources import discover

    from .conftest import RAW

    assert len(discover(RAW)) == 5
    assert load_corrections(RAW / "corrections.toml")["correction"]
