"""Held-out note and heading cases: short raw texts written by hand from the seeds' text
re-arranged (tests/fixtures/notes-heldout/), with what a reader expects of them in
``expected.toml``: footnote marks ``*`` ``†`` ``‡`` restarting per page, footnotes numbered per
page, notes per volume and per work at the end, a contents page with dotted leaders, numbered
lists with years and OCR digit garbage (no notes at all), headings inside a speech.

``evaluate`` converts each with the real converter and scores precision and recall of linked
note calls, heads and contents items, locating the TEI's elements in the raw file exactly (the
layout test bed's ``locate``). ``python tests/notesbed.py`` prints the table.
"""

from __future__ import annotations

import shutil
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

import layoutbed

HERE = Path(__file__).resolve().parent
CASES = HERE / "fixtures" / "notes-heldout"
T = layoutbed.T
METRICS = ("note calls linked", "calls marked", "headings", "contents items")


@dataclass(frozen=True)
class Expected:
    calls: set[int]  # raw lines holding a linked call
    missing: set[int]  # raw lines holding a call whose note the source lacks
    headings: set[int]  # first raw lines of heads
    contents: list[tuple[str, str]]  # (title fragment, printed page) per contents item


def expected(name: str, raw: str) -> Expected:
    spec = tomllib.loads((CASES / "expected.toml").read_text(encoding="utf-8"))[name]
    lines = raw.split("\n")

    def where(fragments: list[str], exact: bool) -> set[int]:
        found = {i for i, text in enumerate(lines, 1) for f in fragments
                 if (text.strip() == f if exact else f in text)}
        missing = [f for f in fragments if not any((t.strip() == f if exact else f in t) for t in lines)]
        assert not missing, f"{name}: expected lines not in the text: {missing}"
        return found

    return Expected(where(spec["calls"], exact=False), where(spec.get("missing", []), exact=False),
                    where(spec["headings"], exact=True),
                    [(title, page) for title, page in spec.get("contents", [])])


def case_names() -> list[str]:
    return sorted(tomllib.loads((CASES / "expected.toml").read_text(encoding="utf-8")))


def convert_case(name: str, folder: Path) -> tuple[str, bytes]:
    """Copy the case into ``folder`` and convert it (its metadata file beside it)."""
    from edition.convert import convert
    from edition.sources import load_source

    for ext in ("txt", "toml"):
        shutil.copy(CASES / f"{name}.{ext}", folder / f"{name}.{ext}")
    raw_path = folder / f"{name}.txt"
    return raw_path.read_text(encoding="utf-8"), convert(load_source(raw_path))


def contents_items(root: etree._Element) -> list[tuple[str, str]]:
    """(item text, its page reference) for every item of a contents list."""
    out: list[tuple[str, str]] = []
    for div in root.iter(f"{T}div"):
        if div.get("type") != "contents":
            continue
        for item in div.iter(f"{T}item"):
            ref = item.find(f".//{T}ref[@type='pageRef']")
            out.append((" ".join("".join(item.itertext()).split()),
                        "".join(ref.itertext()).strip() if ref is not None else ""))
    return out


def call_lines(root: etree._Element, raw: str) -> set[int]:
    """Raw lines of every note call the converter marked, linked or not."""
    from edition.recover import source_lines

    def is_call(el: etree._Element) -> bool:
        return etree.QName(el).localname == "ref" and el.get("type") == "noteCall"

    return {line for _el, line in source_lines(root, raw, is_call)}


def _ratio(hits: int, n: int) -> float:
    return hits / n if n else 1.0


def score_contents(found: list[tuple[str, str]], truth: list[tuple[str, str]]) -> tuple[float, float]:
    """An item is right when its text holds the title and its page reference is the page."""
    right = sum(1 for (text, page), (title, want) in zip(found, truth, strict=False)
                if title in text and page == want)
    return _ratio(right, len(found)), _ratio(right, len(truth))


def score_case(name: str, folder: Path) -> dict[str, tuple[float, float]]:
    return score_converted(name, *convert_case(name, folder))


def score_converted(name: str, raw: str, data: bytes) -> dict[str, tuple[float, float]]:
    truth = expected(name, raw)
    root = etree.fromstring(data)
    found = layoutbed.locate(root, raw)
    return {
        "note calls linked": layoutbed.precision_recall(found.calls, truth.calls),
        # calls marked on lines with no call at all (numbers of lists, years, contents, garbage):
        # precision of all marked calls against the lines that hold one
        "calls marked": layoutbed.precision_recall(call_lines(root, raw) | found.calls,
                                                  truth.calls | truth.missing),
        "headings": layoutbed.precision_recall(found.headings, truth.headings),
        "contents items": score_contents(contents_items(root), truth.contents),
    }


def evaluate(folder: Path) -> dict[str, dict[str, tuple[float, float]] | str]:
    """Scores per case, or the one-line message of a conversion that stopped."""
    from edition.diagnostics import EditionError

    results: dict[str, dict[str, tuple[float, float]] | str] = {}
    for name in case_names():
        try:
            results[name] = score_case(name, folder)
        except EditionError as exc:
            results[name] = f"stopped: {exc}"
    return results


def table(results: dict[str, dict[str, tuple[float, float]] | str]) -> str:
    rows = ["| case | " + " | ".join(METRICS) + " |", "|---" * (len(METRICS) + 1) + "|"]
    scored = {k: v for k, v in results.items() if isinstance(v, dict)}
    for name, scores in results.items():
        cells = [f"{scores[m][0]:.2f} / {scores[m][1]:.2f}" for m in METRICS] \
            if isinstance(scores, dict) else [scores] + [""] * (len(METRICS) - 1)
        rows.append(f"| {name} | " + " | ".join(cells) + " |")
    if scored:
        means = [(sum(s[m][0] for s in scored.values()) / len(scored),
                  sum(s[m][1] for s in scored.values()) / len(scored)) for m in METRICS]
        rows.append("| **mean** | " + " | ".join(f"{p:.2f} / {r:.2f}" for p, r in means) + " |")
    return "\n".join(rows)


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        print(table(evaluate(Path(tmp))))
    sys.exit(0)
