"""Render findings as text, JSON, JUnit XML (CI dashboards) or GitHub Actions annotations."""

from __future__ import annotations

import json
from pathlib import Path

from lxml import etree

from ..diagnostics import Diagnostic


def render(diagnostics: list[Diagnostic], fmt: str, files: list[Path], strict: bool = False) -> str:
    if fmt == "json":
        return json.dumps({"files": [str(f) for f in files],
                           "errors": sum(d.severity == "error" for d in diagnostics),
                           "warnings": sum(d.severity == "warning" for d in diagnostics),
                           "findings": [d.as_dict() for d in diagnostics]}, indent=2)
    if fmt == "github":
        return "\n".join(github_line(d, strict) for d in diagnostics)
    if fmt == "junit":
        return junit_xml(diagnostics, files, strict)
    return "\n".join(text_line(d) for d in diagnostics)


def text_line(d: Diagnostic) -> str:
    """``file:line:col: E012 message [rule]`` — the form editors and compilers understand."""
    return f"{d.file}:{d.line}:{d.column}: {d.code} {d.message} [{d.rule}]"


def _escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(s: str) -> str:
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


def github_line(d: Diagnostic, strict: bool = False) -> str:
    """A GitHub Actions workflow command: shown on the changed line of a pull request."""
    level = "error" if d.severity == "error" or strict else "warning"
    props = (f"file={_escape_property(d.file)},line={d.line},col={d.column},"
             f"title={_escape_property(f'{d.code} {d.rule}')}")
    return f"::{level} {props}::{_escape_data(d.message)}"


def junit_xml(diagnostics: list[Diagnostic], files: list[Path], strict: bool = False) -> str:
    """One test case per file; its findings are the failure (errors, and warnings if strict)."""
    by_file: dict[str, list[Diagnostic]] = {str(f): [] for f in files}
    for d in diagnostics:
        by_file.setdefault(d.file, []).append(d)
    suite = etree.Element("testsuite", name="edition validate", tests=str(len(by_file)))
    failures = 0
    for name, found in by_file.items():
        case = etree.SubElement(suite, "testcase", classname="edition.validate", name=name,
                                file=name)
        failing = [d for d in found if d.severity == "error" or strict]
        if failing:
            failures += 1
            fail = etree.SubElement(case, "failure", type=failing[0].code,
                                    message=f"{len(failing)} finding(s); first: {failing[0].code} "
                                            f"line {failing[0].line}: {failing[0].message}")
            fail.text = "\n".join(text_line(d) for d in failing)
        rest = [d for d in found if d not in failing]
        if rest:
            etree.SubElement(case, "system-out").text = "\n".join(text_line(d) for d in rest)
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suites = etree.Element("testsuites", name="edition validate", tests=suite.get("tests"),
                           failures=str(failures), errors="0")
    suites.append(suite)
    return etree.tostring(suites, encoding="unicode", pretty_print=True).rstrip("\n")
