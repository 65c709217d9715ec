"""Render findings as text, JSON, JUnit XML (CI dashboards) or GitHub Actions annotations."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from lxml import etree

from ..diagnostics import Diagnostic


def render(diagnostics: list[Diagnostic], fmt: str, files: list[Path], strict: bool = False,
           elapsed: float = 0.0) -> str:
    if fmt == "json":
        return json.dumps({"files": [str(f) for f in files],
                           "errors": sum(d.severity == "error" for d in diagnostics),
                           "warnings": sum(d.severity == "warning" for d in diagnostics),
                           "findings": [d.as_dict() for d in diagnostics]}, indent=2)
    if fmt == "github":
        return "\n".join(github_line(d, strict) for d in diagnostics)
    if fmt == "junit":
        return junit_xml(diagnostics, files, strict, elapsed)
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


def junit_xml(diagnostics: list[Diagnostic], files: list[Path], strict: bool = False,
              elapsed: float = 0.0) -> str:
    """One test case per file; its findings are the failure (errors, and warnings if strict).

    Valid against the JUnit schema Jenkins uses (tests/fixtures/junit/junit-10.xsd): the file
    is the test case's name (no ``file`` attribute there); ``time`` is the whole run's, shared
    out over the files by size (files are validated together, not one by one)."""
    by_file: dict[str, list[Diagnostic]] = {str(f): [] for f in files}
    for d in diagnostics:
        by_file.setdefault(d.file, []).append(d)
    sizes = {name: _size(Path(name)) for name in by_file}
    total = sum(sizes.values()) or 1
    suite = etree.Element("testsuite", name="edition validate", tests=str(len(by_file)))
    failures = 0
    for name, found in by_file.items():
        case = etree.SubElement(suite, "testcase", classname="edition.validate", name=name,
                                time=_seconds(elapsed * sizes[name] / total))
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
    suite.set("time", _seconds(elapsed))
    suites = etree.Element("testsuites", name="edition validate", tests=suite.get("tests"),
                           failures=str(failures), errors="0", time=_seconds(elapsed))
    suites.append(suite)
    return etree.tostring(suites, encoding="unicode", pretty_print=True).rstrip("\n")


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _seconds(t: float) -> str:
    return f"{max(t, 0.0):.3f}"


def summary(diagnostics: list[Diagnostic], files: list[Path], strict: bool = False) -> str:
    """A Markdown job summary: the verdict, counts by code, and the first findings."""
    from .codes import RULES

    errors = sum(d.severity == "error" for d in diagnostics)
    warnings = sum(d.severity == "warning" for d in diagnostics)
    failed = errors or (strict and warnings)
    lines = [f"## TEI validation: {'failed' if failed else 'passed'}", "",
             f"{len(files)} file(s), {errors} error(s), {warnings} warning(s).", ""]
    counts = Counter(d.code for d in diagnostics)
    if counts:
        lines += ["| code | rule | findings | what |", "|---|---|---:|---|"]
        for code, n in sorted(counts.items()):
            rule = RULES.get(code)
            lines.append(f"| {code} | {rule.name if rule else ''} | {n} | "
                         f"{_cell(rule.summary) if rule else ''} |")
        lines += ["", "<details><summary>first findings</summary>", "", "```"]
        lines += [text_line(d) for d in diagnostics[:50]]
        lines += ["```", "", "</details>"]
    return "\n".join(lines)


def _cell(s: str) -> str:
    return s.replace("|", "\\|")


def changed_lines(ref: str) -> dict[str, set[int]]:
    """Lines added or changed since git commit ``ref``, by file (as git names it, from the
    repository's top)."""
    import re
    import subprocess

    from ..diagnostics import EditionError

    top = subprocess.run(["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True)
    done = subprocess.run(["git", "diff", "--unified=0", "--no-color", ref, "--"],
                          capture_output=True, text=True)
    if top.returncode or done.returncode:
        raise EditionError(f"cannot list the changes since {ref!r}: "
                           f"{(top.stderr or done.stderr).strip() or 'git failed'}")
    root = Path(top.stdout.strip())
    out: dict[str, set[int]] = {}
    current: set[int] | None = None
    for line in done.stdout.splitlines():
        if line.startswith("+++ "):
            name = line[4:]
            current = (out.setdefault(str((root / name[2:]).resolve()), set())
                       if name.startswith("b/") else None)
        elif line.startswith("@@") and current is not None:
            m = re.match(r"@@ -\S+ \+(\d+)(?:,(\d+))? @@", line)
            if m:
                start, count = int(m.group(1)), int(m.group(2) or 1)
                current.update(range(start, start + count))
    return out


def changed_first(diagnostics: list[Diagnostic], ref: str) -> list[Diagnostic]:
    """The findings on lines changed since ``ref`` first (GitHub shows only the first
    annotations of a step), then the others, each group in its order."""
    changed = changed_lines(ref)

    def on_change(d: Diagnostic) -> bool:
        return d.line in changed.get(str(Path(d.file).resolve()), ())

    return sorted(diagnostics, key=lambda d: not on_change(d))
