"""The validator for other TEI projects: their own schema, chosen rules, CI reports.

tests/fixtures/foreign/ holds three small tei_all-valid files that are not this edition's
(a letter, a poem, a manuscript leaf): URLs, xml:base, images beside the file, cross-file
pointers. The edition's closed customisation rejects them; tei_all with the pointer rules
accepts them.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from edition.cli import main
from edition.resources import SCHEMA_DIR
from edition.validate import validate_files
from edition.validate.codes import rule_names
from edition.validate.grammar import grammar_for

HERE = Path(__file__).parent
FOREIGN = HERE / "fixtures" / "foreign"
INVALID = HERE / "fixtures" / "invalid"
JUNIT_XSD = HERE / "fixtures" / "junit" / "junit-10.xsd"
OK = (INVALID / "OK-minimal.xml").read_text(encoding="utf-8")


def run(*args: str | Path, root: Path | None = None):
    extra = ["--root", str(root)] if root else []
    return CliRunner().invoke(main, ["-q", *extra, "validate", *map(str, args)])


@pytest.fixture
def foreign(tmp_path: Path) -> Path:
    target = tmp_path / "foreign"
    shutil.copytree(FOREIGN, target)
    return target


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


def test_foreign_files_pass_tei_all_with_the_pointer_rules(foreign: Path) -> None:
    result = run("--schema", "tei_all.rng", "--rules", "pointers", foreign)
    assert result.exit_code == 0, result.output


def test_the_edition_customisation_rejects_them(foreign: Path) -> None:
    result = run(foreign)
    assert result.exit_code == 1 and "E100" in result.output


def test_tei_all_through_jing_finds_grammar_errors(tmp_path: Path) -> None:
    bad = write(tmp_path / "t", "bad.xml", OK.replace("<pb n=\"2\"/>", "<pb n=\"2\"/><bogus/>"))
    found = validate_files([bad], grammar=grammar_for("tei_all.rng"), rules=rule_names("none"))
    assert [d.code for d in found] == ["E100"]
    assert found[0].line == OK.splitlines().index("        <pb n=\"2\"/>") + 1


def test_a_dangling_pointer_is_found_with_any_schema(foreign: Path) -> None:
    letter = foreign / "letter.xml"
    letter.write_text(letter.read_text(encoding="utf-8").replace("#stanza1", "#stanza9"),
                      encoding="utf-8")
    result = run("--schema", "none", "--rules", "pointers", foreign)
    assert result.exit_code == 1 and "E020" in result.output and "stanza9" in result.output


def test_urls_and_files_beside_are_never_resolved_as_tei(foreign: Path) -> None:
    found = validate_files(sorted(foreign.glob("*.xml")), grammar=grammar_for("none"),
                           rules=rule_names("pointers"))
    assert found == []
    (foreign / "sketch.png").unlink()  # a missing image is a dangling pointer all the same
    found = validate_files(sorted(foreign.glob("*.xml")), grammar=grammar_for("none"),
                           rules=rule_names("pointers"))
    assert [(d.code, Path(d.file).name) for d in found] == [("E020", "manuscript.xml")]


def test_xsd_and_odd_schemas(tmp_path: Path) -> None:
    ok = write(tmp_path / "a", "ok.xml", OK)
    assert run("--schema", SCHEMA_DIR / "edition.xsd", ok).exit_code == 0
    assert run("--schema", SCHEMA_DIR / "edition.odd", ok).exit_code == 0
    bad = write(tmp_path / "b", "bad.xml", OK.replace('place="end"', 'place="nowhere"'))
    result = run("--schema", SCHEMA_DIR / "edition.odd", bad)
    assert result.exit_code == 1 and "E101" in result.output


def test_bad_settings_are_one_line_errors(tmp_path: Path) -> None:
    ok = write(tmp_path / "a", "ok.xml", OK)
    for args in (("--schema", "missing.rng"), ("--schema", str(ok)), ("--rules", "everything")):
        result = run(*args, ok)
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_project_settings_from_pyproject_and_edition_toml(foreign: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(foreign, project / "tei")
    assert run(root=project).exit_code == 1  # the edition's own schema
    (project / "pyproject.toml").write_text('[tool.edition]\nschema = "tei_all.rng"\n'
                                            'rules = "pointers"\n', encoding="utf-8")
    assert run(project / "tei", root=project).exit_code == 0
    (project / "edition.toml").write_text('rules = "edition"\nschema = "edition.xsd"\n',
                                          encoding="utf-8")  # wins over pyproject.toml
    assert run(project / "tei", root=project).exit_code == 1
    assert run("--schema", "tei_all.rng", project / "tei", root=project).exit_code == 0  # CLI wins


def test_duplicate_id_does_not_hide_other_findings(tmp_path: Path) -> None:
    text = OK.replace('xml:id="fx-p2"', 'xml:id="fx-p1"').replace('place="end"', 'place="x"')
    text = text.replace('<pb n="2"/>', '<pb n="1"/>')
    found = validate_files([write(tmp_path / "d", "dup.xml", text)])
    assert {"E002", "E101", "E030"} <= {d.code for d in found}, [d.format_text() for d in found]
    [dup] = [d for d in found if d.code == "E002"]
    line = text.splitlines().index(next(x for x in text.splitlines() if 'fx-p1">More' in x)) + 1
    assert dup.line == line


@pytest.mark.parametrize("where", ["after-start-tag", "after-child"])
def test_character_data_is_reported_where_it_stands(where: str, tmp_path: Path) -> None:
    if where == "after-start-tag":
        text = OK.replace('<div type="text" xml:id="fx-text">',
                          '<div type="text" xml:id="fx-text">\n        stray words')
    else:
        text = OK.replace('<pb n="2"/>', '<pb n="2"/>   stray words')
    path = write(tmp_path / where, "t.xml", text)
    [d] = validate_files([path])
    lines = text.splitlines()
    line = next(i for i, x in enumerate(lines, 1) if "stray words" in x)
    assert (d.code, d.line, d.column) == ("E100", line, lines[line - 1].index("stray") + 1)


def test_a_half_done_accept_is_a_finding(tmp_path: Path) -> None:
    text = OK.replace('<soCalled resp="#conv">', '<soCalled resp="#editors" cert="low">')
    [d] = validate_files([write(tmp_path / "h", "h.xml", text)])
    assert d.code == "E071" and "cert" in d.message
    done = OK.replace('<soCalled resp="#conv">', '<soCalled resp="#editors">')
    assert validate_files([write(tmp_path / "d", "d.xml", done)]) == []


def test_junit_is_valid_against_the_jenkins_schema(tmp_path: Path) -> None:
    ok = write(tmp_path / "a", "ok.xml", OK)
    bad = write(tmp_path / "b", "bad.xml", OK.replace('place="end"', 'place="x"'))
    result = run("--format", "junit", ok, bad)
    assert result.exit_code == 1
    report = etree.fromstring(result.output.encode())
    xsd = etree.XMLSchema(etree.parse(str(JUNIT_XSD)))
    assert xsd.validate(report), xsd.error_log
    suite = report.find("testsuite")
    assert float(suite.get("time")) > 0 and suite.get("failures") == "1"
    assert all(float(c.get("time")) >= 0 for c in suite.iter("testcase"))


def test_job_summary_counts_by_code(tmp_path: Path) -> None:
    bad = write(tmp_path / "b", "bad.xml", OK.replace('place="end"', 'place="x"')
                .replace('<pb n="2"/>', '<pb n="4"/>'))
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    assert run("--summary", summary, bad).exit_code == 1
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n## TEI validation: failed")
    assert "| E101 | schema-valid | 1 |" in text and "| W031 | page-numbers-rise | 1 |" in text


def test_findings_on_changed_lines_come_first(tmp_path: Path, monkeypatch) -> None:
    repo = tmp_path / "repo"
    text = OK.replace('<fw type="header">', '<fw type="x">')  # an old finding, before the change
    path = write(repo / "tei", "t.xml", text)
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    for cmd in (["init", "-q"], ["add", "."], ["commit", "-qm", "base"]):
        assert subprocess.run([*git, *cmd], capture_output=True).returncode == 0
    path.write_text(text.replace('<pb n="2"/>', '<pb n="2"/><bogus/>'), encoding="utf-8")
    plain = run("--format", "github", path).output.splitlines()
    assert len(plain) == 2 and "E101" in plain[0] and "E100" in plain[1]  # file order
    monkeypatch.chdir(repo)
    first = run("--format", "github", "--changed-since", "HEAD", path).output.splitlines()
    assert first == [plain[1], plain[0]]
