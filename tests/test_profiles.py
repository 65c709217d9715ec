"""The profile registry, profiles as data, a source's overrides, and `--root` for project files."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from edition import profiles
from edition.diagnostics import EditionError
from edition.project import Project
from edition.sources import load_source
from edition.tei.xml import NS

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "raw"
SRC = ROOT / "src" / "edition"
WORKS = next(RAW.glob("004_*.txt"))

# What one source prints, which must live in its metadata, never in the code.
SEED_LITERALS = ["NOTES", "PREFACE", "BIOGRAPHICAL CHRONICLE", "FROM MARX", "TO MAO", "per:stalin",
                 r"S ?t ?a ?l ?i ?n", "Izvestia", "Zarya", "Krestyanskaya", "Rabochy",
                 "Leningradskaya", "Dneprovsky", "Pravda", "Cadets", "per:voice"]
# The converter and the model hold no source's names at all (the register and the annotators'
# curated lists name persons and papers; the converter reads them only through the metadata).
CONVERTER_LITERALS = ["Stalin", "Pravda", "Bolshevik"]
CONVERTER = [SRC / "convert", SRC / "model.py", SRC / "tei", SRC / "profiles", SRC / "sources.py"]


def _files(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        out += sorted(q for q in p.rglob("*") if q.suffix in {".py", ".toml"}) if p.is_dir() else [p]
    return out


@pytest.mark.parametrize("literal", SEED_LITERALS)
def test_no_literal_of_one_source_in_src(literal):
    hits = [f"{f.relative_to(ROOT)}:{n}" for f in _files([SRC])
            for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1) if literal in line]
    assert hits == [], f"{literal!r} in {hits}"


@pytest.mark.parametrize("literal", CONVERTER_LITERALS)
def test_no_name_of_one_source_in_the_converter(literal):
    hits = [f"{f.relative_to(ROOT)}:{n}" for f in _files(CONVERTER)
            for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1) if literal in line]
    assert hits == [], f"{literal!r} in {hits}"


def test_the_literals_live_in_the_volume_metadata():
    meta = WORKS.with_suffix(".toml").read_text(encoding="utf-8")
    for literal in ("NOTES", "PREFACE", "BIOGRAPHICAL CHRONICLE", "FROM MARX", "Izvestia"):
        assert literal in meta


def test_one_registry_names_every_profile_and_each_is_data():
    assert profiles.names() == ["ocr-article", "plain", "printed-book", "web-transcription"]
    for name in profiles.names():
        profile = profiles.load(name)
        assert profile.reader in profiles.READERS
        assert set(profile.thresholds) == profiles.READER_THRESHOLDS[profile.reader]


def test_every_threshold_in_a_profile_file_is_commented():
    for name in profiles.builtin_names():
        text = (SRC / "profiles" / f"{name}.toml").read_text(encoding="utf-8")
        if "[thresholds]" not in text:
            assert text.startswith("#") and "extends = " in text, name  # takes another's
            continue
        section = text.split("[thresholds]", 1)[1].split("\n[", 1)[0]
        lines = [ln for ln in section.splitlines() if re.match(r"^\w+ = ", ln)]
        assert lines and all("#" in ln for ln in lines), name


def test_a_profile_extends_another_and_a_project_adds_its_own(tmp_path):
    from edition.project import Project

    article, book = profiles.load("ocr-article"), profiles.load("printed-book")
    assert article.thresholds == book.thresholds and article.page_starts == "blank-run"
    (tmp_path / "profiles").mkdir()
    (tmp_path / "profiles" / "wide-book.toml").write_text(
        'extends = "printed-book"\n[thresholds]\nshort_line = 60\n', encoding="utf-8")
    (tmp_path / "profiles" / "loop.toml").write_text('extends = "loop"\n', encoding="utf-8")
    project = Project(tmp_path)
    assert "wide-book" in profiles.names(project) and "wide-book" not in profiles.names()
    wide = profiles.load("wide-book", project)
    assert wide.thresholds["short_line"] == 60 and wide.thresholds["merged_line"] == 68
    with pytest.raises(EditionError, match="extends itself"):
        profiles.load("loop", project)
    (tmp_path / "profiles" / "typo.toml").write_text('extends = "plain"\napparatuss = true\n',
                                                     encoding="utf-8")
    with pytest.raises(EditionError, match="unknown profile setting 'apparatuss'"):
        profiles.load("typo", project)


def test_a_source_overrides_a_threshold_and_unknown_keys_are_refused(tmp_path):
    source = load_source(WORKS)
    assert source.conversion_profile().thresholds["short_line"] == 48
    assert source.conversion_profile().conventions.notes_headings == ("NOTES",)
    bad = source.conversion_profile().with_overrides
    with pytest.raises(EditionError, match="unknown threshold 'shortest'"):
        bad({"thresholds": {"shortest": 3}}, tmp_path / "x.toml")
    with pytest.raises(EditionError, match="unknown convention 'notes'"):
        bad({"conventions": {"notes": ["X"]}}, tmp_path / "x.toml")
    with pytest.raises(EditionError, match="must be a list of strings"):
        bad({"conventions": {"notes_headings": "NOTES"}}, tmp_path / "x.toml")
    assert bad({"thresholds": {"short_line": 40}}, tmp_path / "x.toml").thresholds["short_line"] == 40


def test_the_signature_comes_from_the_metadata_authors():
    conv = profiles.load("printed-book").conventions
    sig = conv.signature(["A. B. Author"])
    assert sig.match("A. B. Author") and sig.match("Signed: A. Author.") and sig.match("A. A u t h o r")
    assert not sig.match("B. Author")


def test_a_book_without_notes_section_converts(tmp_path):
    """The first 600 lines of the volume: no endnotes section, no chronicle (they are absent)."""
    (tmp_path / "raw").mkdir()
    lines = WORKS.read_text(encoding="utf-8").split("\n")[:600]
    (tmp_path / "raw" / WORKS.name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    shutil.copy(WORKS.with_suffix(".toml"), tmp_path / "raw" / WORKS.with_suffix(".toml").name)
    from edition.convert import convert

    tree = etree.fromstring(convert(load_source(tmp_path / "raw" / WORKS.name)))
    assert tree.find(".//tei:div[@type='notes']", NS) is None
    assert len(tree.findall(".//tei:div[@type='work']", NS)) >= 2
    assert tree.findall(".//tei:pb", NS)


def _run(cwd: Path, *args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "edition.cli", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def test_root_reads_every_project_file_from_the_project(tmp_path):
    """With --root OTHER the register, the lists and the profiles are OTHER's: here a register
    that calls Stalin per:koba and a plain profile whose titles are at most 10 characters."""
    other = tmp_path / "other"
    (other / "raw").mkdir(parents=True)
    (other / "tei").mkdir()
    (other / "profiles").mkdir()
    brar = next(RAW.glob("001_*.txt"))
    for p in (brar, brar.with_suffix(".toml")):
        shutil.copy(p, other / "raw" / p.name)
    register = (ROOT / "tei" / "register.xml").read_text(encoding="utf-8")
    (other / "tei" / "register.xml").write_text(register.replace('"per-stalin"', '"per-koba"'),
                                                encoding="utf-8")
    plain = (SRC / "profiles" / "plain.toml").read_text(encoding="utf-8")
    (other / "profiles" / "plain.toml").write_text(plain.replace("title_max = 160", "title_max = 10"),
                                                   encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = _run(elsewhere, "--root", other, "-q", "convert")
    assert result.returncode == 0, result.stderr
    tei = (other / "tei" / "brar-world-revolution.xml").read_text(encoding="utf-8")
    assert 'ref="per:koba"' in tei and "per:stalin" not in tei
    assert "<head" not in tei  # the project's profile: no line is short enough for a title
    assert Project(other).titles.parent == other / "raw"


def test_a_project_without_register_finds_no_names(tmp_path):
    (tmp_path / "raw").mkdir()
    brar = next(RAW.glob("001_*.txt"))
    for p in (brar, brar.with_suffix(".toml")):
        shutil.copy(p, tmp_path / "raw" / p.name)
    result = _run(tmp_path, "--root", tmp_path, "-q", "convert")
    assert result.returncode == 0, result.stderr
    tree = etree.parse(tmp_path / "tei" / "brar-world-revolution.xml")
    assert tree.find(".//tei:text//tei:persName", NS) is None  # the header's author is metadata


def test_the_titles_list_is_the_projects(tmp_path):
    from edition import project
    from edition.annotate.quotes import known_titles

    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "titles.list").write_text("# a comment\nA Made-Up Title\n", encoding="utf-8")
    with project.using(Project(tmp_path)):
        assert known_titles() == ("A Made-Up Title",)
    with project.using(Project(tmp_path / "none")):
        assert known_titles() == ()


def test_default_speaker_is_the_metadata_author(make_source):
    from edition.annotate.speech import _speaker

    assert _speaker(make_source(speakers=[], author_refs=["per:lenin"]))[0] == "per:lenin"
    assert _speaker(make_source(speakers=[], author_refs=[])) is None


def test_a_wrong_override_in_the_metadata_is_one_line_with_the_file(project):
    meta = next((project / "raw").glob("001_*.toml"))
    meta.write_text(meta.read_text(encoding="utf-8") + "\n[thresholds]\ntitle_maxx = 3\n", encoding="utf-8")
    result = _run(project, "--root", project, "convert")
    assert result.returncode == 2
    assert f"{meta}: unknown threshold 'title_maxx'" in result.stderr.replace("\n", "")
    assert "Traceback" not in result.stderr
