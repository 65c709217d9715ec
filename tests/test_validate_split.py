"""The schema check split into pieces on two cores finds exactly what one pass finds."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from lxml import etree

from edition.validate import split
from edition.validate.load import load
from edition.validate.schema import _finding, schema, validate_schemas

ROOT = Path(__file__).resolve().parents[1]
BIG = ROOT / "tei" / "works-06.xml"
T = "{http://www.tei-c.org/ns/1.0}"


def one_pass(doc) -> list:
    return [_finding(doc, e.elem if e.elem is not None else doc.root, e)
            for e in schema().iter_errors(etree.ElementTree(doc.root))]


def key(d) -> tuple:
    return (d.line, d.column, d.code, d.message)


@pytest.fixture(scope="module")
def damaged(tmp_path_factory: pytest.TempPathFactory):
    """works-06 with errors at every depth, in big and small subtrees, and a misplaced subtree."""
    root = etree.parse(str(BIG)).getroot()
    seen: set[int] = set()
    for el in root.iter(etree.Element):
        depth = sum(1 for _ in el.iterancestors())
        if depth not in seen:  # an attribute error at each depth
            seen.add(depth)
            el.set("bogus", "1")
    paras = list(root.iter(f"{T}p"))
    paras[10].append(etree.Element(f"{T}div"))  # content model error deep in the text
    misplaced = etree.SubElement(paras[500], f"{T}list")
    etree.SubElement(misplaced, f"{T}p").set("bogus", "2")  # p in list, with its own error
    notes = list(root.iter(f"{T}note"))
    notes[-1].set("place", "nowhere")  # closed value list
    dates = list(root.iter(f"{T}date"))
    dates[3].set("when", "1927-02-30")  # not a calendar date
    body = root.find(f"{T}text/{T}body")
    body.insert(1, etree.Element(f"{T}p"))  # p between divs in body
    out = tmp_path_factory.mktemp("split") / "works-06.xml"
    out.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    doc, problems = load(out)
    assert doc is not None and not problems
    return doc


@pytest.fixture(scope="module")
def expected(damaged) -> list[tuple]:
    return sorted(map(key, one_pass(damaged)))


def test_the_damaged_file_has_errors_of_every_kind(expected) -> None:
    assert {code for _, _, code, _ in expected} >= {"E100", "E101", "E102", "E060"}


@pytest.mark.parametrize("workers", [1, 2])
def test_pieces_find_exactly_what_one_pass_finds(damaged, expected, workers: int) -> None:
    pieces, found = split.plan(schema(), [damaged], _finding, workers)
    assert len(pieces) > 10  # the file really is cut up
    results = split.validate_pieces(schema(), pieces, _finding, workers)
    got = sorted(map(key, found.get(0, []) + [d for r in results for d in r]))
    assert got == expected


def test_the_entry_point_splits_big_input_over_two_workers(damaged, expected, monkeypatch) -> None:
    used: list[int] = []
    real = split.validate_pieces

    def spy(schema_, pieces, finding, workers):
        used.append(workers)
        return real(schema_, pieces, finding, workers)

    monkeypatch.setattr(split, "validate_pieces", spy)
    assert sorted(map(key, validate_schemas([damaged])[0])) == expected
    assert used == [split.workers_for([damaged])]


def test_a_lost_child_does_not_lose_findings(damaged, expected, monkeypatch) -> None:
    """If the forked worker dies, the parent checks its share itself."""
    pieces, found = split.plan(schema(), [damaged], _finding, 2)
    real_run = split._run
    parent = os.getpid()

    def dying_run(schema_, ps, finding):
        if os.getpid() != parent:
            os._exit(3)
        return real_run(schema_, ps, finding)

    monkeypatch.setattr(split, "_run", dying_run)
    results = split.validate_pieces(schema(), pieces, _finding, 2)
    assert sorted(map(key, found.get(0, []) + [d for r in results for d in r])) == expected


def test_the_schema_cache_is_rebuilt_when_stale_and_then_used(tmp_path, monkeypatch) -> None:
    import pickle

    from edition.validate import schema as schema_module

    cache = tmp_path / "cache" / "edition-xsd.pickle"
    monkeypatch.setattr(schema_module, "SCHEMA_CACHE", cache)
    cache.parent.mkdir()
    cache.write_bytes(b"not a pickle")
    built = schema_module.schema.__wrapped__()  # the uncached function: reads the cache file
    key, stored = pickle.loads(cache.read_bytes())
    assert key == schema_module._schema_key() and stored is not built
    cache.write_bytes(pickle.dumps(("another schema's key", stored)))
    assert pickle.loads(cache.read_bytes())[0] != key
    rebuilt = schema_module.schema.__wrapped__()  # stale key: built again, cache rewritten
    assert pickle.loads(cache.read_bytes())[0] == key
    written = cache.stat().st_mtime_ns
    loaded = schema_module.schema.__wrapped__()  # now from the cache, which stays as it is
    assert cache.stat().st_mtime_ns == written and loaded is not rebuilt
    invalid = ROOT / "tests" / "fixtures" / "invalid" / "E100-div-inside-p.xml"
    reasons = [[e.reason for e in s.iter_errors(str(invalid))] for s in (built, rebuilt, loaded)]
    assert reasons[0] and reasons[0] == reasons[1] == reasons[2]
