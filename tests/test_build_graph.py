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
from edition.limits import ENV_MAX_DEPTH

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

    invalid = ROOT / "tests" / "fixtures" / "invalid"
    # ids shared across files, pointers into a register (its ids read from its summary)
    for folder in (invalid, invalid / "E010-id-unique-across-files", invalid / "E022-not-in-register"):
        files = tei_files([folder])
        whole = validate_files(files)
        assert whole  # the fixtures are invalid: something to compare
        for jobs in (1, 2):  # (the fixtures are small: the workers are started all the same)
            validation = Validation(files, tmp_path / f"{folder.name}-{jobs}", jobs=jobs,
                                    parallel_min_bytes=0)
            assert validation.run() == whole


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


def test_an_edit_remakes_its_text_and_the_site_pages_only_when_its_record_changed(tmp_path,
                                                                                  monkeypatch):
    """The web build's cache (build/web.py): a text's pages again after an edit, the site-wide
    pages only when the text's site record changed, the publishability check only for the
    edited text; each time the site is, byte for byte, what a cold build makes (pagefind's
    hash-named filter index aside: two runs of pagefind differ there)."""
    from edition.build.web import WebBuild

    tei = tmp_path / "tei"
    tei.mkdir()
    names = ["brar-world-revolution.xml", "unity-national-international.xml", "register.xml"]
    for name in names:
        shutil.copyfile(ROOT / "tei" / name, tei / name)
    files = [tei / n for n in names]
    site, cache = tmp_path / "html", tmp_path / "cache"

    def build() -> list[str]:
        web = WebBuild(files, site, cache, jobs=1)
        web.run()
        return web.redone

    def cold(name: str) -> dict[str, bytes]:
        WebBuild(files, tmp_path / name / "html", tmp_path / name / "cache", jobs=1).run()
        return without_filter_index(files_of(tmp_path / name / "html"))

    def edit(name: str, old: bytes, new: bytes) -> None:
        data = (tei / name).read_bytes()
        at = data.index(old, data.index(b"<body"))
        (tei / name).write_bytes(data[:at] + new + data[at + len(old):])

    assert build() == ["brar-world-revolution", "unity-national-international", "site pages",
                       "search index"]
    assert build() == []
    # a word of a paragraph that no register passage quotes: the text's record is unchanged
    record = (cache / "web" / "unity-national-international.record.xml").read_bytes()
    edit("unity-national-international.xml", b" the ", b" thee ")
    assert build() == ["unity-national-international", "search index"]
    assert (cache / "web" / "unity-national-international.record.xml").read_bytes() == record
    assert b" thee " in (site / "unity-national-international.html").read_bytes()
    assert without_filter_index(files_of(site)) == cold("cold1")
    # a word in a register passage (the record quotes it in context): the site pages again
    edit("brar-world-revolution.xml", b"The most ignorant", b"The most unlearned")
    assert build() == ["brar-world-revolution", "site pages", "search index"]
    assert b"The most unlearned" in (site / "register-per-stalin.html").read_bytes()
    assert without_filter_index(files_of(site)) == cold("cold2")
    # a malformed edit of a text whose former content passed: one line with its position,
    # and nothing written, neither the site nor the cache
    before, manifest = files_of(site), (cache / "manifest.json").read_bytes()
    good = (tei / "unity-national-international.xml").read_bytes()
    edit("unity-national-international.xml", b"</p>", b"</q>")
    with pytest.raises(EditionError, match="malformed XML") as bad:
        build()
    assert str(bad.value).startswith(f"{tei / 'unity-national-international.xml'}:")
    assert bad.value.line is not None and "\n" not in str(bad.value)
    assert files_of(site) == before and (cache / "manifest.json").read_bytes() == manifest
    # the checks of the texts that passed before still hold: a stricter limit, a second text
    # with the page name of one checked before
    (tei / "unity-national-international.xml").write_bytes(good)
    monkeypatch.setenv(ENV_MAX_DEPTH, "4")
    with pytest.raises(EditionError, match="nested 5 deep"):
        build()
    monkeypatch.delenv(ENV_MAX_DEPTH)
    shutil.copyfile(tei / "brar-world-revolution.xml", tei / "brar-copy.xml")
    files.insert(0, tei / "brar-copy.xml")
    with pytest.raises(EditionError, match="would be published as brar-world-revolution.html"):
        build()
    assert files_of(site) == before and (cache / "manifest.json").read_bytes() == manifest


def test_a_file_is_validated_again_when_a_file_it_points_into_changes_and_only_then(tmp_path):
    from edition.build.validate import Validation
    from edition.validate import tei_files

    folder = tmp_path / "tei"
    shutil.copytree(ROOT / "tests" / "fixtures" / "invalid" / "E022-not-in-register", folder)
    text = (folder / "text.xml").read_text(encoding="utf-8")
    (folder / "other.xml").write_text(  # a second text that points nowhere
        text.replace('xml:id="text', 'xml:id="other').replace(' ref="per:nobody"', "")
            .replace(' ref="per:stalin"', ""), encoding="utf-8")

    def run() -> tuple[list[str], set[str]]:
        validation = Validation(tei_files([folder]), tmp_path / "cache")
        found = validation.run()
        return sorted(Path(p).name for p in validation.redone), {d.message for d in found}

    redone, fresh_messages = run()
    assert redone == ["other.xml", "register.xml", "text.xml"]
    assert run()[0] == []
    # an id added to the text that points nowhere: it alone is read again
    other = folder / "other.xml"
    other.write_text(other.read_text("utf-8").replace('<head xml:id="other-head1">',
                                                      '<head xml:id="other-head2">'), "utf-8")
    assert run()[0] == ["other.xml"]
    # the register changed: the text that points into it is read again, and sees the change
    register = folder / "register.xml"
    before = register.read_text("utf-8")
    register.write_text(before.replace('xml:id="per-stalin"', 'xml:id="per-stalin-j"'), "utf-8")
    redone, messages = run()
    assert redone == ["register.xml", "text.xml"]
    assert any("per:stalin" in m and "not in the register" in m for m in messages), messages
    # damaged summaries are made again, not trusted
    for store in (tmp_path / "cache" / "summaries").glob("*.json"):
        store.write_text("{not json", encoding="utf-8")
    register.write_text(before, "utf-8")
    assert run() == (["register.xml", "text.xml"], fresh_messages)
