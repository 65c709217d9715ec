"""Raw sources: byte-identical to the seeds, metadata complete, bad input refused with a position."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import RAW, SHARED
from edition.diagnostics import EditionError
from edition.sources import load_source, read_raw_text


def test_raw_files_are_the_seeds_byte_for_byte():
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    if not seeds:
        pytest.fail("../shared/seeds is missing: the raw files cannot be checked against it")
    assert [p.name for p in seeds] == [p.name for p in sorted(RAW.glob("*.txt"))]
    for seed in seeds:
        assert (RAW / seed.name).read_bytes() == seed.read_bytes(), seed.name


def test_every_raw_file_has_complete_metadata(sources):
    assert len(sources) == 5
    slugs = {s.slug for s in sources}
    assert len(slugs) == 5
    by_kind = {s.kind for s in sources}
    assert by_kind == {"excerpt", "article", "book-volume"}
    works = next(s for s in sources if s.slug == "works-06")
    assert works.bibl["publisher"] == "Foreign Languages Publishing House"
    assert works.bibl["year"] == "1953" and works.bibl["volume"] == "6"


def test_wrong_congress_year_is_recorded_as_erratum_not_edited(sources):
    programme = next(s for s in sources if s.slug == "comintern-programme-1928")
    assert "1929" in programme.read_text().splitlines()[0]  # the raw file stays as it is
    assert any(e["found"] == "1929" and e["correct"] == "1928" for e in programme.errata)


def _write(tmp_path: Path, data: bytes) -> Path:
    p = tmp_path / "bad.txt"
    p.write_bytes(data)
    return p


@pytest.mark.parametrize("data, needle, line", [
    (b"", "empty", 1),
    (b"  \n\n", "empty", 1),
    (b"first line\nsecond \x00 line\n", "binary", 2),
    (b"ok\ncaf\xe9\n", "not UTF-8", 2),
    (b"ok\nbell \x07 here\n", "control character", 2),
])
def test_bad_raw_input_is_refused_with_its_position(tmp_path, data, needle, line):
    with pytest.raises(EditionError) as info:
        read_raw_text(_write(tmp_path, data))
    assert needle in str(info.value)
    assert info.value.line == line
    assert str(info.value).startswith(str(tmp_path / "bad.txt"))


def test_missing_metadata_is_an_input_error(tmp_path):
    raw = _write(tmp_path, b"text\n")
    with pytest.raises(EditionError, match="no metadata file bad.toml"):
        load_source(raw)


def test_metadata_with_unknown_profile_is_refused(tmp_path):
    raw = _write(tmp_path, b"text\n")
    raw.with_suffix(".toml").write_text(
        'slug="x"\ntitle="t"\nauthors=["a"]\ndate="1924"\nkind="excerpt"\nlanguage="en"\n'
        'profile="fancy"\n', encoding="utf-8")
    with pytest.raises(EditionError, match="profile 'fancy'"):
        load_source(raw)
