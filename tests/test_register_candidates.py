"""Persons not yet in the register: the candidate finder and `edition register add`."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from edition.annotate.candidates import find_candidates
from edition.annotate.register import load_register
from edition.tei.xml import TEI_NS, parse_file

ROOT = Path(__file__).resolve().parents[1]


def test_candidates_after_comrade_initials_and_in_interjections_not_known_ones():
    text = ("Comrades Kaganovich and Lenin spoke; the report of L. M. Kaganovich; a story by B. Pilnyak; "
            "(Pruchniak, from his seat: “No!”) Comrade Chairman, Comrade Stalin and J. V. Stalin agree. "
            "“It is so,” writes Sosnovsky. He says: “no”. Lenin says: “yes”.")
    got = {c.surname: c for c in find_candidates({"t": text})}
    assert set(got) == {"Kaganovich", "Pilnyak", "Pruchniak", "Sosnovsky"}
    assert got["Kaganovich"].count == 2 and "L. M. Kaganovich" in got["Kaganovich"].forms


def _edition(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "edition.cli", "--root", str(root), *args],
                          capture_output=True, text=True, timeout=120)


def test_register_add_writes_an_entry_the_annotators_then_know(tmp_path: Path):
    (tmp_path / "tei").mkdir()
    register = tmp_path / "tei" / "register.xml"
    shutil.copy(ROOT / "tei" / "register.xml", register)
    done = _edition(tmp_path, "register", "add", "kaganovich", "--name", "L. M. Kaganovich",
                    "--form", "Kaganovich", "--wikidata", "Q152004", "--note", "Secretary of the C.C.")
    assert done.returncode == 0, done.stderr
    root = parse_file(register).getroot()
    person = root.find(f".//{{{TEI_NS}}}person[@{{http://www.w3.org/XML/1998/namespace}}id='per-kaganovich']")
    assert person is not None
    assert [n.text for n in person.findall(f"{{{TEI_NS}}}persName")] == ["L. M. Kaganovich", "Kaganovich"]
    assert person.find(f"{{{TEI_NS}}}idno").text == "Q152004"
    assert any(e.ref == "per:kaganovich" and "Kaganovich" in e.forms for e in load_register(register))
    # the same id again, a bad Wikidata id: one line, exit 2, the register unchanged
    before = register.read_bytes()
    for args in (("kaganovich", "--name", "X"), ("other", "--name", "X", "--wikidata", "152004")):
        bad = _edition(tmp_path, "register", "add", *args)
        assert bad.returncode == 2 and "Traceback" not in bad.stderr, bad.stderr
        assert bad.stderr.count("\n") == 1, bad.stderr
    assert register.read_bytes() == before


def test_the_review_lists_the_candidates(tmp_path: Path):
    done = subprocess.run([sys.executable, "-m", "edition.cli", "review", str(ROOT / "tei" / "works-06.xml"),
                           "--out", str(tmp_path / "review")], capture_output=True, text=True, timeout=300,
                          cwd=ROOT)
    out = done.stdout + done.stderr
    assert "persons not in the register" in out and "Kaganovich" in out, out[-2000:]


def test_candidates_are_checked_against_the_roots_register_not_the_working_folders(tmp_path: Path):
    """`--root P`: P's register says who is known, not the one of the working folder (the
    checkout's register does not know Kaganovich; P's, once he is added, does)."""
    (tmp_path / "tei").mkdir()
    shutil.copy(ROOT / "tei" / "works-06.xml", tmp_path / "tei" / "works-06.xml")
    shutil.copy(ROOT / "tei" / "register.xml", tmp_path / "tei" / "register.xml")
    before = subprocess.run([sys.executable, "-m", "edition.cli", "--root", str(tmp_path), "register",
                             "candidates"], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert before.returncode == 0 and "Kaganovich\t" in before.stdout, before.stderr
    assert _edition(tmp_path, "register", "add", "kaganovich", "--name", "L. M. Kaganovich",
                    "--form", "Kaganovich").returncode == 0
    for args in (("register", "candidates"), ("review",)):
        after = subprocess.run([sys.executable, "-m", "edition.cli", "--root", str(tmp_path), *args],
                               capture_output=True, text=True, timeout=300, cwd=ROOT)
        assert after.returncode == 0, after.stderr
        assert "Kaganovich" not in after.stdout + after.stderr.split("review report")[0], args
