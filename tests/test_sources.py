"""Raw sources: byte-identical to the seeds, metadata complete, bad input refused with a position."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from conftest import RAW
from edition.diagnostics import EditionError
from edition.sources import load_source, read_raw_text

# SHA-256 of the five seed texts as delivered: the raw files must stay byte-identical to them.
SEED_SHA256 = {
    "000_555b05bbdcaa4393.txt": "2ca90d09e57e31adeafb57cd29c326d40b90da57ca7a1c63952f9bd21aeee411",
    "001_22ee081f70b32331.txt": "cb3b9c6ecf6197c601659ce9625b55ca2ecbaede9a58ed90f0c68e4d6ac90c18",
    "002_b3e4c0cdf242b1b2.txt": "298ac300a75a4ecc1efc7ed32915522a8a772aba3be833283aeb7aa9603caf81",
    "003_77fa9df67167754d.txt": "b63d611453ccf271616acde7a22b821ce0f755a73ff56465b1127bb4ecb7bc7b",
    "004_93893b877f0de433.txt": "9f8b9ad35aab4d9a3f681357c0d8b44937dc272a97340b9c43f2f5a8a81edb1c",
}


def test_raw_files_are_the_seeds_byte_for_byte():
    assert sorted(SEED_SHA256) == [p.name for p in sorted(RAW.glob("*.txt"))]
    for name, digest in SEED_SHA256.items():
        assert hashlib.sha256((RAW / name).read_bytes()).hexdigest() == digest, name


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
