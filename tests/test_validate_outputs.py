"""`edition validate` as users and CI see it: formats, exit codes, no tracebacks."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from edition.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "invalid"
TEXT_LINE = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<code>[EW]\d{3}) .+ \[[a-z-]+\]$")


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    """A valid file, an invalid one and one with only a warning, each alone in its folder."""
    out = {}
    for key, name in (("ok", "OK-minimal.xml"), ("bad", "E101-note-place.xml"),
                      ("warn", "W031-page-skipped.xml"), ("broken", "E001-malformed.xml")):
        (tmp_path / key).mkdir()
        out[key] = tmp_path / key / name
        # one validation run is one edition: give each file its own slug so ids stay unique
        text = (FIXTURES / name).read_text(encoding="utf-8")
        out[key].write_text(text.replace('"fx', f'"{key}').replace("#fx-", f"#{key}-"),
                            encoding="utf-8")
    return out


def validate(*args: str | Path):
    return CliRunner().invoke(main, ["-q", "validate", *map(str, args)])


def test_exit_codes(files: dict[str, Path], tmp_path: Path) -> None:
    assert validate(files["ok"]).exit_code == 0
    assert validate(files["bad"]).exit_code == 1
    assert validate(files["broken"]).exit_code == 1
    assert validate(files["warn"]).exit_code == 0  # warnings do not fail...
    assert validate("--strict", files["warn"]).exit_code == 1  # ...unless strict
    assert validate(tmp_path / "missing.xml").exit_code == 2
    (tmp_path / "empty").mkdir()
    assert validate(tmp_path / "empty").exit_code == 2
    assert validate("--format", "yaml", files["ok"]).exit_code == 2


def test_text_format(files: dict[str, Path]) -> None:
    result = validate(files["bad"], files["warn"])
    lines = result.output.strip().splitlines()
    assert len(lines) == 2
    m = [TEXT_LINE.match(line) for line in lines]
    assert all(m), lines
    assert (m[0]["file"], m[0]["code"]) == (str(files["bad"]), "E101")
    assert m[1]["code"] == "W031" and lines[1].endswith("[page-numbers-rise]")


def test_json_format(files: dict[str, Path]) -> None:
    result = validate("--format", "json", files["bad"], files["ok"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["errors"] == 1 and data["warnings"] == 0
    assert data["files"] == [str(files["bad"]), str(files["ok"])]
    [f] = data["findings"]
    assert f["code"] == "E101" and f["severity"] == "error" and f["rule"] == "schema-valid"
    assert f["file"] == str(files["bad"]) and f["line"] == 26 and f["column"] > 1
    assert f["element"].startswith("/TEI/text/body/div/p") and f["element"].endswith("note")
    assert "foot, end, margin" in f["message"]


def test_junit_format(files: dict[str, Path]) -> None:
    result = validate("--format", "junit", files["ok"], files["bad"], files["warn"])
    root = etree.fromstring(result.output.encode())
    assert root.tag == "testsuites"
    [suite] = root
    assert suite.get("tests") == "3" and suite.get("failures") == "1"
    cases = {Path(c.get("name")).name: c for c in suite.iter("testcase")}
    assert cases["OK-minimal.xml"].find("failure") is None
    failure = cases["E101-note-place.xml"].find("failure")
    assert failure.get("type") == "E101" and ":26:" in failure.text
    assert cases["W031-page-skipped.xml"].find("failure") is None
    assert "W031" in cases["W031-page-skipped.xml"].findtext("system-out")
    strict = etree.fromstring(validate("--strict", "--format", "junit", files["warn"]).output.encode())
    assert strict[0].get("failures") == "1"


def test_github_format(files: dict[str, Path]) -> None:
    result = validate("--format", "github", files["bad"], files["warn"])
    lines = result.output.strip().splitlines()
    assert lines[0].startswith(f"::error file={files['bad']},line=26,col=")
    assert ",title=E101 schema-valid::" in lines[0]
    assert lines[1].startswith("::warning file=") and "W031" in lines[1]
    # workflow-command syntax: no raw newlines or unescaped '::' inside the message
    for line in lines:
        assert line.count("::") == 2


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.iterdir()))
def test_exit_code_and_output_of_every_fixture(name: str, tmp_path: Path) -> None:
    src = FIXTURES / name
    if src.is_dir():
        shutil.copytree(src, tmp_path / name)
    else:
        shutil.copy(src, tmp_path / name)
    result = validate(tmp_path / name)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == (0 if name.startswith(("OK-", "W")) else 1), result.output
    for line in result.output.strip().splitlines():
        assert TEXT_LINE.match(line), line


def test_no_traceback_in_a_real_process(tmp_path: Path) -> None:
    """All fixtures in one real run (one process start): findings, never a traceback."""
    names = []
    for src in sorted(FIXTURES.iterdir()):
        if src.is_dir():
            shutil.copytree(src, tmp_path / src.name)
            names += [f"{src.name}/{f.name}" for f in sorted(src.glob("*.xml"))]
        else:
            (tmp_path / src.name).mkdir()
            shutil.copy(src, tmp_path / src.name / src.name)
            names.append(f"{src.name}/{src.name}")
    done = subprocess.run([sys.executable, "-m", "edition.cli", "validate", *names], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert "Traceback" not in done.stderr + done.stdout
    assert done.returncode == 1
    lines = done.stdout.strip().splitlines()
    assert all(TEXT_LINE.match(line) for line in lines), lines
    codes = {TEXT_LINE.match(line)["code"] for line in lines}
    assert {"E001", "E002", "E003", "E004", "E100", "E101", "E070"} <= codes


def _yaml_value(path: Path, key: str) -> list[str]:
    """The values of ``key:`` lines (the CI files are flat enough to read without a YAML library)."""
    return [m.group(1).strip() for m in re.finditer(rf"^\s*-?\s*{key}:\s*(.+?)\s*(?:#.*)?$",
                                                   path.read_text(encoding="utf-8"), re.M)]


ROOT = Path(__file__).resolve().parents[1]
JUNIT_XSD = Path(__file__).parent / "fixtures" / "junit" / "junit-10.xsd"


@pytest.fixture
def edition_without_a_person(tmp_path: Path) -> tuple[Path, str]:
    """A copy of the edition whose register lost a person the texts name."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "tei", project / "tei")
    register = project / "tei" / "register.xml"
    text = register.read_text(encoding="utf-8")
    texts = " ".join(p.read_text(encoding="utf-8") for p in (project / "tei").glob("*.xml")
                     if p.name != "register.xml")
    ids = re.findall(r'<person xml:id="per-([^"]+)"', text)
    person = next(i for i in ids if f'"per:{i}"' in texts)
    start = text.index(f'<person xml:id="per-{person}"')
    end = text.index("</person>", start) + len("</person>")
    register.write_text(text[:start] + text[end:], encoding="utf-8")
    return project, person


def test_pre_commit_hook_validates_the_whole_edition(edition_without_a_person) -> None:
    """Run the local hook's entry the way pre-commit does (no file names: the whole edition):
    a register deletion fails the commit even when only register.xml is staged."""
    project, person = edition_without_a_person
    config = ROOT / ".pre-commit-config.yaml"
    entry = _yaml_value(config, "entry")[0].split()
    assert entry[:3] == [".venv/bin/edition", "validate", "tei/"]
    assert "pass_filenames: false" in config.read_text(encoding="utf-8")
    pattern = re.compile(_yaml_value(config, "files")[0])
    assert pattern.search("tei/register.xml") and pattern.search("src/edition/schema/edition.odd")
    assert not pattern.search("raw/004.txt")
    done = subprocess.run([str(ROOT / entry[0]), *entry[1:]], cwd=project, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 1 and f"per:{person}" in done.stdout and "E022" in done.stdout
    hooks = ROOT / ".pre-commit-hooks.yaml"
    assert _yaml_value(hooks, "entry") == ["edition validate"]
    assert _yaml_value(hooks, "id") == ["edition-validate"]
    assert "pass_filenames: false" in hooks.read_text(encoding="utf-8")


def test_workflow_step_by_step_catches_a_register_deletion(edition_without_a_person,
                                                            tmp_path: Path) -> None:
    """The workflow's run steps, run here in order: pinned install, whole edition, summary,
    JUnit valid against the Jenkins schema."""
    project, person = edition_without_a_person
    runs = _yaml_value(ROOT / ".github" / "workflows" / "validate.yml", "run")
    install, odd, validate_step, junit_step = runs
    assert install == "pip install -c constraints.txt ."  # pinned (constraints.txt)
    assert "tei/" in validate_step and "--changed-since" in validate_step
    summary = tmp_path / "summary.md"
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
           "GITHUB_STEP_SUMMARY": str(summary), "BASE": ""}
    steps = [subprocess.run(["bash", "-e", "-c", step], cwd=project, env=env, capture_output=True,
                            text=True, timeout=180) for step in (odd, validate_step, junit_step)]
    assert steps[0].returncode == 0, steps[0].stdout + steps[0].stderr
    assert steps[1].returncode == 1, steps[1].stderr
    annotations = steps[1].stdout.splitlines()
    assert annotations and all(a.startswith("::error file=tei/") or a.startswith("::warning")
                               for a in annotations)
    missing = [a for a in annotations if f"per:{person}" in a]
    assert missing and all("E022" in a for a in missing)
    text = summary.read_text(encoding="utf-8")
    assert "## TEI validation: failed" in text
    assert f"| E022 | register-ref-resolves | {len(missing)} |" in text
    assert steps[2].returncode == 0, steps[2].stderr  # the report step passes; the report fails
    report = etree.parse(str(project / "validate-junit.xml"))
    xsd = etree.XMLSchema(etree.parse(str(JUNIT_XSD)))
    assert xsd.validate(report), xsd.error_log
    assert int(report.getroot().get("failures")) >= 1
