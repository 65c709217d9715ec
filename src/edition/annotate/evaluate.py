"""Precision and recall of each annotator against the hand-annotated passages in tests/eval.

``evaluate()`` converts each source to the document model, finds every gold passage in its
paragraphs (whitespace normalised), and compares the spans the annotators made inside the
passage with the editors' annotations: a span is correct when its element, its printed
words and the attributes the gold entry names all match.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..convert import build_document
from ..model import Block, Document
from ..sources import discover
from . import TAGS

ROOT = Path(__file__).resolve().parents[3]
GOLD = ROOT / "tests" / "eval" / "gold.json"


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def _norm(s: str) -> str:
    return " ".join(s.split())


def _annotator(tag: str) -> str | None:
    return next((name for name, tags in TAGS.items() if tag in tags), None)


def _find(doc: Document, passage: str) -> tuple[Block, int, int] | None:
    """The block holding ``passage`` and its [start, end) offsets in the block's text."""
    words = passage.split()
    pattern = re.compile(r"\s+".join(map(re.escape, words)))
    for block in doc.blocks():
        m = pattern.search(block.text)
        if m:
            return block, m.start(), m.end()
    return None


def evaluate(raw_dir: Path = ROOT / "raw", gold_path: Path = GOLD) -> dict[str, Score]:
    """Per annotator (speech, quotes, dates, names): true/false positives and misses."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))["passages"]
    docs = {s.slug: build_document(s) for s in discover(raw_dir)}
    scores: dict[str, Score] = {name: Score() for name in TAGS}
    for passage in gold:
        found = _find(docs[passage["slug"]], passage["text"])
        expected = passage["expected"]
        if found is None:  # the passage is gone: every expected annotation is missed
            for e in expected:
                scores[_annotator(e["tag"]) or "names"].fn += 1
            continue
        block, a, b = found
        predicted = [s for s in block.spans if a <= s.start and s.end <= b and _annotator(s.tag)
                     and not (s.tag == "bibl" and block.tag == "bibl")]
        unmatched: Counter[str] = Counter()
        pool = list(predicted)
        for e in expected:
            hit = next((s for s in pool if s.tag == e["tag"]
                        and _norm(block.text[s.start:s.end]) == _norm(e["text"])
                        and all(s.attrs.get(k) == v for k, v in e.get("attrs", {}).items())), None)
            name = _annotator(e["tag"]) or "names"
            if hit is None:
                scores[name].fn += 1
                unmatched[e["tag"]] += 1
            else:
                scores[name].tp += 1
                pool.remove(hit)
        for s in pool:
            if s.tag in {"cit", "desc"}:
                continue  # containers of a matched quote/reaction, not annotations of their own
            scores[_annotator(s.tag) or "names"].fp += 1
    return scores


def report(scores: dict[str, Score]) -> str:
    lines = [f"{'annotator':<10} {'P':>6} {'R':>6}  tp fp fn"]
    for name, s in scores.items():
        lines.append(f"{name:<10} {s.precision:6.2f} {s.recall:6.2f}  {s.tp:>2} {s.fp:>2} {s.fn:>2}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(evaluate()))
