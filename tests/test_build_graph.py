"""The build graph: only what changed is made again, --jobs gives the serial bytes, and two
shards merged give the full build byte for byte."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from edition.build.graph import Manifest
from edition.build.shard import Shard, parse_shard
from edition.diagnostics import EditionError

ROOT = Path(__file__).resolve().parents[1]


def edition(project: Path, *args: str) -> subprocess.CompletedProcess:
    """The command in a subprocess, run from the project folder as in CI (relative paths)."""
    done = subprocess.run([sys.executable, "-m", "edition.cli", *args], cwd=project,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    return done


def new_project(where: Path) -> Path:
    where.mkdir()
    for folder in ("raw", "tei"):
        shutil.copytree(ROOT / folder, where / folder)
    return where


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# a search bundle's filter index, metadata and entry (one bundle per text: pagefind/<text>/)
FILTER_INDEX = re.compile(r"pagefind/[^/]+/(filter/.*\.pf_filter|pagefind\..*\.pf_meta|pagefind-entry\.json)")


def without_filter_index(files: dict[str, bytes]) -> dict[str, bytes]:
    """The site's files but pagefind's filter index, metadata and entry (hash-named)."""
    return {name: data for name, data in files.items() if not FILTER_INDEX.fullmatch(name)}


def index_counts(files: dict[str, bytes]) -> tuple[int, int, int]:
    """Pages indexed, filter files and metadata files of the site's search bundles."""
    entries = [json.loads(data) for name, data in files.items() if name.endswith("/pagefind-entry.json")]
    assert entries
    pages = sum(lang["page_count"] for e in entries for lang in e["languages"].values())
    return (pages, sum(n.endswith(".pf_filter") for n in files),
            sum(n.endswith(".pf_meta") for n in files))


def test_shard_parsing_and_shares_cover_the_edition_once():
    assert parse_shard("2/3") == Shard(2, 3)
    for bad in ("0/2", "3/2", "1", "a/b"):
        with pytest.raises(EditionError):
            parse_shard(bad)
    names = [p.stem for p in (ROOT / "tei").glob("*.xml")]
    owners = [[k for k in (1, 2, 3) if Shard(k, 3).owns(n)] for n in names]
    assert all(len(o) == 1 for o in owners)


def test_manifest_entry_is_stale_when_the_key_changes(tmp_path):
    m = Manifest(tmp_path)
    m.record("web", "a", "k1", pages=["a.html"])
    m.save()
    again = Manifest(tmp_path)
    assert again.entry("web", "a", "k1") == {"key": "k1", "pages": ["a.html"]}
    assert again.entry("web", "a", "k2") is None
    (tmp_path / "manifest.json").write_text("{not json", encoding="utf-8")
    assert Manifest(tmp_path).entry("web", "a", "k1") is None  # a broken manifest: redo all


def test_validation_file_by_file_equals_the_whole_edition_at_once(tmp_path):
    from edition.build.validate import Validation
    from edition.validate import tei_files, validate_files

    for folder in (ROOT / "tests" / "fixtures" / "invalid",
                   ROOT / "tests" / "fixtures" / "invalid" / "E010-id-unique-across-files"):
        files = tei_files([folder])
        whole = validate_files(files)
        assert whole  # the fixtures are invalid: something to compare
        assert Validation(files, tmp_path / folder.name, jobs=2).run() == whole


def test_two_shards_merged_equal_one_full_build_and_an_edit_redoes_one_text(tmp_path):
    full = new_project(tmp_path / "full")
    edition(full, "--jobs", "1", "build", "--no-pdf")

    shards = []
    for k in (1, 2):
        shard = new_project(tmp_path / f"shard{k}")
        edition(shard, "--jobs", "2", "build", "--no-pdf", "--shard", f"{k}/2")
        assert not (shard / "build" / "html").exists()  # a shard assembles nothing
        shards.append(shard / "build")
    merged = new_project(tmp_path / "merged")
    done = edition(merged, "--jobs", "2", "build", "--no-pdf",
                   *(a for s in shards for a in ("--merge", str(s))))
    # every text's pages came from the shards; the merge made only the whole-edition parts
    assert "made again: site pages, search index" in " ".join(done.stderr.split())
    merged_site, full_site = files_of(merged / "build" / "html"), files_of(full / "build" / "html")
    assert without_filter_index(merged_site) == without_filter_index(full_site)
    # pagefind writes its filter index and metadata in an order of its own (two runs of pagefind
    # on one folder differ there): the same pages and filters are indexed
    assert index_counts(merged_site) == index_counts(full_site)
    assert files_of(merged / "tei") == files_of(full / "tei")

    # nothing changed: nothing made again
    done = " ".join(edition(full, "build", "--no-pdf").stderr.split())
    assert "converted 0 of 5" in done and "(0 checked again)" in done
    # (the output folder is printed resolved, and may be wrapped: compared without spaces)
    assert "html/index.html(nothingchanged)" in done.replace(" ", "")

    # one paragraph corrected in one text: that text, the site pages and the index only
    tei = full / "tei" / "brar-world-revolution.xml"
    data = tei.read_bytes()
    at = data.index(b" the ", data.index(b"<body"))
    tei.write_bytes(data[:at] + b" thee " + data[at + 5:])
    done = " ".join(edition(full, "build", "--no-pdf").stderr.split())
    assert "converted 0 of 5" in done and "(1 checked again)" in done
    assert ("made again: brar-world-revolution, site pages, search index" in done), done
    assert b" thee " in (full / "build" / "html" / "brar-world-revolution.html").read_bytes()
    manifest = json.loads((full / "build" / "cache" / "manifest.json").read_text("utf-8"))
    assert set(manifest["stages"]) >= {"convert", "validate", "web"}


def test_review_on_two_processes_and_from_the_cache_equals_the_serial_review(tmp_path):
    from edition.build.graph import Manifest
    from edition.build.review import review_in_pool
    from edition.review import review_files

    files = sorted((ROOT / "tei").glob("*.xml"))
    serial = [r.as_dict() for r in review_files(files, ROOT)]
    assert serial and any(r["pending"] for r in serial)
    assert [r.as_dict() for r in review_in_pool(files, ROOT, 2, cache_dir=tmp_path)] == serial
    assert len(Manifest(tmp_path).data["review"]) == len(serial)
    cached = review_in_pool(files, ROOT, 2, progress=lambda it: (pytest.fail("reviewed again") for _ in it),
                            cache_dir=tmp_path)
    assert [r.as_dict() for r in cached] == serial
