"""The schema: one source of truth (the ODD), compiled output up to date, and valid TEI throughout."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from edition.validate import validate_files
from edition.validate.codes import RULES
from edition.validate.odd import ODD, SCHEMA_DIR, compile_all, read_odd
from edition.validate.odd import TEI_ALL as COMMITTED_TEI_ALL

ROOT = Path(__file__).resolve().parents[1]
TEI_FILES = sorted((ROOT / "tei").glob("*.xml"))
FIXTURES = Path(__file__).parent / "fixtures" / "invalid"
T = "{http://www.tei-c.org/ns/1.0}"
# Conformance is checked against the committed official tei_all (schema/tei/README.md), whose
# SHA-256 is that of the TEI Consortium's P5 4.8.0 release file.
TEI_ALL = COMMITTED_TEI_ALL
TEI_ALL_SHA256 = "dbc147dc387a0d73dd1697c89ee06933218917a660518b9707ad809658e3b457"
JING = shutil.which("jing") or str(Path(sys.executable).with_name("pyjing"))


def jing(schema: Path, *files: Path) -> subprocess.CompletedProcess:
    return subprocess.run([JING, str(schema), *map(str, files)], capture_output=True, text=True,
                          timeout=300)


def valid(done: subprocess.CompletedProcess) -> bool:
    """jing accepted every file: exit 0 and no error line (any other exit is a failure)."""
    assert done.returncode in (0, 1), f"jing failed (exit {done.returncode}): {done.stderr}{done.stdout}"
    assert ": fatal:" not in done.stdout + done.stderr, done.stdout + done.stderr
    assert (done.returncode == 0) == (not errors_of(done)), done.stdout[:3000]
    return done.returncode == 0


def errors_of(done: subprocess.CompletedProcess) -> list[str]:
    return [line for line in done.stdout.splitlines() if ": error:" in line]


def test_compiled_schema_matches_the_odd() -> None:
    """Fails when schema/edition.odd changed without `python -m edition.validate.odd`."""
    for name, data in compile_all().items():
        committed = SCHEMA_DIR / name
        assert committed.exists() and committed.read_bytes() == data, (
            f"schema/{name} is stale: run .venv/bin/python -m edition.validate.odd")


def test_committed_tei_all_is_the_official_one() -> None:
    assert hashlib.sha256(TEI_ALL.read_bytes()).hexdigest() == TEI_ALL_SHA256


def test_the_odd_is_valid_tei() -> None:
    done = jing(TEI_ALL, ODD)
    assert valid(done), done.stdout


def test_every_tei_file_is_valid_against_official_tei_all() -> None:
    assert TEI_FILES
    done = jing(TEI_ALL, *TEI_FILES)
    assert valid(done), done.stdout[:3000]


def test_rng_and_xsd_agree_on_the_edition() -> None:
    """The compiled RELAX NG (what tei_all pruned means) accepts what the XSD accepts."""
    done = jing(SCHEMA_DIR / "edition.rng", *TEI_FILES, FIXTURES / "OK-minimal.xml")
    assert valid(done), done.stdout[:3000]


@pytest.mark.parametrize("name", ["E100-element-not-allowed.xml", "E100-div-inside-p.xml",
                                  "E101-note-place.xml", "E101-cert-value.xml",
                                  "E102-attribute-not-allowed.xml"])
def test_rng_rejects_what_the_xsd_rejects(name: str) -> None:
    done = jing(SCHEMA_DIR / "edition.rng", FIXTURES / name)
    assert not valid(done) and done.returncode == 1


def test_the_baseline_fixture_is_valid_tei_all() -> None:
    assert valid(jing(TEI_ALL, FIXTURES / "OK-minimal.xml"))


def test_the_jing_guard_fails_when_the_schema_is_missing(tmp_path: Path) -> None:
    """The suite's own guard: with the schema gone, a jing check must fail, never pass."""
    done = jing(tmp_path / "tei_all.rng", FIXTURES / "OK-minimal.xml")
    assert done.returncode != 0
    with pytest.raises(AssertionError):
        valid(done)


def test_the_whole_edition_passes_edition_validate() -> None:
    errors = [d.format_text() for d in validate_files(TEI_FILES) if d.severity == "error"]
    assert not errors, "\n".join(errors[:30])


def _odd() -> etree._Element:
    return etree.parse(str(ODD)).getroot()


def test_the_odd_documents_every_element_it_includes() -> None:
    root = _odd()
    prose = {g.text for g in root.iter(f"{T}gi")
             if not any(a.tag == f"{T}schemaSpec" for a in g.iterancestors())}
    missing = sorted(set(read_odd().elements) - prose)
    assert not missing, f"elements in the schemaSpec without prose (<gi>) in the ODD: {missing}"


def test_every_element_the_edition_uses_is_in_the_odd() -> None:
    used = {etree.QName(e).localname for f in TEI_FILES for e in etree.parse(str(f)).iter()
            if isinstance(e.tag, str)}
    assert used <= set(read_odd().elements)


def test_rule_codes_and_odd_constraints_match() -> None:
    specs = {c.get("ident"): c for c in _odd().iter(f"{T}constraintSpec")}
    assert set(specs) == {r.name for r in RULES.values()}
    for ident, spec in specs.items():
        constraint = spec.find(f"{T}constraint")
        text = "".join(constraint.itertext()) if spec.get("scheme") == "python" else ""
        sch_ids = {e.get("id") for e in constraint.iter() if e.get("id")}  # sch:assert/@id
        listed = set(re.findall(r"[EW]\d{3}", text)) | sch_ids
        assert listed == {c for c, r in RULES.items() if r.name == ident}, ident
        assert (spec.findtext(f"{T}desc") or "").strip(), ident


def test_closed_value_lists_reach_the_xsd() -> None:
    xsd = (SCHEMA_DIR / "edition.xsd").read_text(encoding="utf-8")
    for (_, _), values in read_odd().element_values.items():
        for v in values:
            assert f'<xs:enumeration value="{v}"/>' in xsd, v


def test_the_odd_documents_every_attribute_the_edition_uses() -> None:
    xml = "{http://www.w3.org/XML/1998/namespace}"
    used = set()
    for f in TEI_FILES:
        for e in etree.parse(str(f)).iter():
            if isinstance(e.tag, str):
                used |= {a.replace(xml, "xml:") for a in e.attrib}
    documented = {a.text for a in _odd().iter(f"{T}att")
                  if a.getparent() is not None and a.getparent().tag == f"{T}label"}
    assert not used - documented, f"attributes used in tei/ but not documented: {sorted(used - documented)}"
