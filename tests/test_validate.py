"""The validator on the negative fixtures: each produces its code, at the right place, and nothing else.

tests/fixtures/invalid/ holds one small file per rule and per schema constraint that matters,
named ``<CODE>-<what>.xml`` (a folder ``<CODE>-<what>/`` for rules across files). Each is a
one-change variant of OK-minimal.xml; the offending line carries the comment ``<!--here-->``.
Every fixture is validated alone, in a folder of its own, so that fixtures never see each
other as sibling files of one edition.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from edition.diagnostics import Diagnostic
from edition.validate import validate_files
from edition.validate.codes import RULES

FIXTURES = Path(__file__).parent / "fixtures" / "invalid"
CASES = sorted(p for p in FIXTURES.iterdir() if not p.name.startswith("OK-"))


def isolated(fixture: Path, tmp_path: Path) -> list[Path]:
    tmp_path.mkdir(parents=True, exist_ok=True)
    target = tmp_path / fixture.name
    if fixture.is_dir():
        shutil.copytree(fixture, target)
        return sorted(target.glob("*.xml"))
    shutil.copy(fixture, target)
    return [target]


def marked_line(path: Path) -> int | None:
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if "<!--here-->" in line:
            return i
    return None


def test_the_baseline_fixture_is_valid(tmp_path: Path) -> None:
    assert validate_files(isolated(FIXTURES / "OK-minimal.xml", tmp_path)) == []


@pytest.mark.parametrize("fixture", CASES, ids=lambda p: p.name)
def test_fixture_produces_its_code_and_no_other_error(fixture: Path, tmp_path: Path) -> None:
    expected = fixture.name[:4]
    assert expected in RULES, f"fixture {fixture.name} names an unknown code"
    files = isolated(fixture, tmp_path)
    found = validate_files(files)
    codes = {d.code for d in found}
    assert expected in codes, [d.format_text() for d in found]
    other_errors = {d.code for d in found if d.severity == "error"} - {expected}
    assert not other_errors, [d.format_text() for d in found]
    if expected.startswith("W"):
        assert all(d.severity == "warning" for d in found)
    hits = [d for d in found if d.code == expected]
    for d in hits:
        assert d.rule == RULES[expected].name and d.severity == RULES[expected].severity
        assert d.message and "\n" not in d.message and d.line >= 1 and d.column >= 1
    for path in files:
        line = marked_line(path)
        if line is not None:  # the finding points at the offending line
            assert any(Path(d.file) == path and d.line == line for d in hits), \
                (line, [d.format_text() for d in hits])


def test_every_rule_code_has_a_negative_fixture() -> None:
    covered = {p.name[:4] for p in CASES}
    # E009 is the validator's own failure: no valid input may trigger it
    assert set(RULES) - covered == {"E009"}


def test_external_entity_is_never_resolved(tmp_path: Path) -> None:
    found = validate_files(isolated(FIXTURES / "E003-external-entity.xml", tmp_path))
    assert [d.code for d in found] == ["E003"]
    assert not any("root:" in d.message for d in found)


def test_columns_point_at_the_attribute(tmp_path: Path) -> None:
    [path] = isolated(FIXTURES / "E101-note-place.xml", tmp_path)
    [d] = validate_files([path])
    line = path.read_text(encoding="utf-8").splitlines()[d.line - 1]
    assert line[d.column - 1:].startswith("place=")


def test_duplicates_in_two_given_files_are_reported_once(tmp_path: Path) -> None:
    files = isolated(FIXTURES / "E010-id-unique-across-files", tmp_path)
    found = [d for d in validate_files(files) if d.code == "E010"]
    assert len(found) == 1 and found[0].file.endswith("b.xml") and "a.xml" in found[0].message


def test_one_changed_file_is_checked_against_its_siblings(tmp_path: Path) -> None:
    """Pre-commit passes only changed files; uniqueness and the register still see the rest."""
    files = isolated(FIXTURES / "E010-id-unique-across-files", tmp_path)
    b = [f for f in files if f.name == "b.xml"]
    assert "E010" in {d.code for d in validate_files(b)}
    reg = isolated(FIXTURES / "E022-not-in-register", tmp_path)
    text = [f for f in reg if f.name == "text.xml"]
    assert [d.code for d in validate_files(text) if d.severity == "error"] == ["E022"]


def test_findings_are_sorted_and_stable(tmp_path: Path) -> None:
    files = [f for case in CASES for f in isolated(case, tmp_path / case.name)]
    first = validate_files(files)
    assert first == validate_files(files)
    assert all(isinstance(d, Diagnostic) for d in first)
    order = {str(p): i for i, p in enumerate(files)}
    keys = [(order[d.file], d.line, d.column) for d in first]
    assert keys == sorted(keys)


def test_position_of_a_start_tag_split_over_lines(tmp_path: Path) -> None:
    """A tag name alone at the end of its line is found there, not at an earlier element."""
    text = (FIXTURES / "E102-attribute-not-allowed.xml").read_text(encoding="utf-8")
    text = text.replace('<p colour="red" xml:id="fx-p1">Text.</p><!--here-->',
                        '<p xml:id="fx-p0">Before.</p>\n        <p\n          xml:id="fx-p1"\n'
                        '          colour="red">Text.</p>')
    path = tmp_path / "split.xml"
    path.write_text(text, encoding="utf-8")
    [d] = validate_files([path])
    lines = text.splitlines()
    assert d.code == "E102" and lines[d.line - 1][d.column - 1:].startswith("colour=")
