"""Imports flow one way: the import contract of the package, checked on every module's source
(imports inside functions count too), and mypy clean on src/."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "edition"

# module (or package prefix) → edition modules it must not import (prefixes)
FORBIDDEN: dict[str, tuple[str, ...]] = {
    # the bottom layer: stdlib only
    "edition.lexicon": ("edition",),
    "edition.project": ("edition",),
    "edition.diagnostics": ("edition",),
    "edition.model": ("edition.",),  # the model is plain data
    "edition.profiles": ("edition.model", "edition.sources", "edition.convert", "edition.annotate",
                         "edition.tei", "edition.review", "edition.publish", "edition.validate"),
    # annotators add spans to the model; they know nothing of the reader or the outputs
    "edition.annotate": ("edition.convert", "edition.review", "edition.publish", "edition.validate",
                         "edition.cli", "edition.tei.serialize", "edition.tei.header"),
    # the serializer and header make XML from the model alone
    "edition.tei": ("edition.annotate", "edition.convert", "edition.review", "edition.publish",
                    "edition.cli"),
    # the reader's transforms: the pipeline (edition.convert itself) runs the annotators
    "edition.convert.": ("edition.annotate", "edition.review", "edition.publish", "edition.validate",
                         "edition.cli"),
    # the review uses the converter through its public entry only
    "edition.review": ("edition.convert.", "edition.cli"),
}

# Modules outside their folder's contract, and why.
EXEMPT = {"edition.annotate.evaluate": "scores the annotators on whole conversions (runs the pipeline)"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[:len(base) - node.level + 1]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            out.add(prefix)
            out |= {f"{prefix}.{a.name}" for a in node.names}
    return {m for m in out if m == "edition" or m.startswith("edition.")}


def _known(imported: str) -> str:
    """The module an import names (``from . import x`` names module x, not an attribute)."""
    parts = imported.split(".")
    while parts:
        candidate = PACKAGE.parent.joinpath(*parts)
        if candidate.with_suffix(".py").exists() or (candidate / "__init__.py").exists():
            return ".".join(parts)
        parts.pop()
    return imported


def _violations() -> list[str]:
    bad: list[str] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = _module_name(path)
        if name in EXEMPT:
            continue
        for owner, forbidden in FORBIDDEN.items():
            if not (name == owner or name.startswith(owner if owner.endswith(".") else owner + ".")):
                continue
            for imported in sorted({_known(i) for i in _imports(path)}):
                if imported == name or (imported == "edition" and owner != "edition.lexicon"
                                        and forbidden != ("edition",)):
                    continue
                if any(imported == f or imported.startswith(f if f.endswith(".") else f + ".")
                       or (f == "edition" and imported.startswith("edition")) for f in forbidden):
                    bad.append(f"{name} imports {imported} (contract of {owner})")
    return bad


def test_imports_flow_one_way():
    assert _violations() == []


def test_the_contract_can_fail():
    """The checker sees relative imports: the pipeline itself imports the annotators."""
    assert "edition.annotate" in {_known(i) for i in _imports(PACKAGE / "convert" / "__init__.py")}
    assert "edition.lexicon" in {_known(i) for i in _imports(PACKAGE / "convert" / "patterns.py")}


def test_mypy_is_clean_on_src():
    mypy = Path(sys.executable).with_name("mypy")
    if not mypy.exists():
        pytest.fail("mypy is not installed: pip install -c constraints.txt -e '.[test]'")
    result = subprocess.run([str(mypy), str(PACKAGE)], capture_output=True, text=True, timeout=600,
                            cwd=PACKAGE.parents[1])
    assert result.returncode == 0, result.stdout[-4000:]
