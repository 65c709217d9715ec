"""Render diagnostics as text, JSON, JUnit XML or GitHub annotations."""

from __future__ import annotations

import json
from pathlib import Path

from ..diagnostics import Diagnostic


def render(diagnostics: list[Diagnostic], fmt: str, files: list[Path]) -> str:
    if fmt == "json":
        return json.dumps([d.as_dict() for d in diagnostics], indent=2)
    if fmt == "github":
        return "\n".join(
            f"::{'error' if d.severity == 'error' else 'warning'} file={d.file},line={d.line},"
            f"col={d.column},title={d.code}::{d.message}" for d in diagnostics)
    if fmt == "junit":
        from .junit import junit_xml

        return junit_xml(diagnostics, files)
    return "\n".join(d.format_text() for d in diagnostics)
