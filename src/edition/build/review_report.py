"""The review's report made text by text, the parts kept in build/cache/review/: after one text
changed, only its page is rendered again, and the index and review.json are assembled from the
small parts of all texts, never from all reviews at once.

A text's parts: its page, its entry in review.json, its summary (the numbers and lines of the
index and the terminal) and its register-candidate findings. They depend on what its review
depends on (``review_key``) and on the register the candidates are checked against. A page
keeps the time it was made (its "Written by" line); the index and review.json are written again
only when a text's part changed, a text came or went, or the files there are not the ones made.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ..fsutil import write_atomic
from .graph import Manifest, hash_bytes, hash_file
from .review import STAGE as REVIEW_STAGE
from .review import Task, iter_reviews, raw_sources, review_key

if TYPE_CHECKING:
    from ..review.report import TextSummary

STAGE = "review-report"
INDEX, JSON = "index.html", "review.json"


@dataclass
class TextParts:
    """One text's kept parts: ``key`` names its files in the cache."""

    tei_path: Path
    key: str
    summary: TextSummary
    findings: list[tuple[str, str]]  # annotate.candidates.scan_text's
    page_hash: str


@dataclass
class Report:
    """What a run made: the texts' parts in file order and how many pages it rendered."""

    texts: list[TextParts]
    rendered: int = 0  # texts whose page and parts were made this run
    pages_written: int = 0  # pages copied into the report folder
    assembled: bool = False  # index.html and review.json written


def make_report(files: list[Path], project_root: Path, jobs: int, cache_dir: Path, out: Path,
                register: Path,
                progress: Callable[[Iterable[Task]], Iterable[Task]] = lambda x: x) -> Report:
    """The report in ``out`` for ``files``: texts whose parts are kept are not reviewed,
    rendered or scanned again."""
    from ..review import review_targets

    targets = review_targets(files)
    sources = raw_sources(project_root)
    manifest = Manifest(cache_dir)
    register_hash = hash_file(register)
    keys = {p: hash_bytes(STAGE, review_key(p, sources), register_hash) for p in targets}
    kept = {p: parts for p in targets if (parts := _kept(manifest, cache_dir, p, keys[p]))}
    stale = [p for p in targets if p not in kept]
    made = {}
    for p, review in iter_reviews(stale, project_root, jobs, sources, progress, manifest):
        made[p] = _make_parts(review, keys[p], cache_dir, register)
        _forget_replaced(manifest, cache_dir, p, keys[p])
        manifest.record(STAGE, str(p), keys[p], page=made[p].page_hash)
        del review  # not held while the next text is reviewed
    texts = [kept.get(p) or made[p] for p in targets]
    report = Report(texts, rendered=len(made))
    report.pages_written = _write_pages(texts, cache_dir, out)
    report.assembled = _assemble(manifest, texts, cache_dir, out)
    manifest.save()
    return report


def _files(cache_dir: Path, key: str) -> dict[str, Path]:
    base = cache_dir / REVIEW_STAGE / key
    return {kind: base.with_suffix(f".{kind}") for kind in ("html", "json", "summary")}


def _kept(manifest: Manifest, cache_dir: Path, path: Path, key: str) -> TextParts | None:
    from ..review.report import TextSummary

    entry = manifest.entry(STAGE, str(path), key)
    if entry is None or not all(f.is_file() for f in _files(cache_dir, key).values()):
        return None
    try:  # our own cache; anything unreadable is made again
        data = json.loads(_files(cache_dir, key)["summary"].read_text("utf-8"))
        findings = [(name, form) for name, form in data["findings"]]
        return TextParts(path, key, TextSummary.from_dict(data["summary"]), findings, entry["page"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _make_parts(review, key: str, cache_dir: Path, register: Path) -> TextParts:
    """Render, summarise and scan one text's review; keep the parts."""
    from ..annotate.candidates import known_surnames, scan_text
    from ..annotate.register import load_register
    from ..review.report import TextSummary, json_part, now_stamp, render_text_page

    files = _files(cache_dir, key)
    page = render_text_page(review, now_stamp())
    write_atomic(files["html"], page)
    write_atomic(files["json"], json_part(review).encode("utf-8"))
    summary = TextSummary.of(review)
    findings = scan_text(body_text(review.tei_path), known_surnames(load_register(register)))
    data = {"summary": summary.as_dict(), "findings": findings}
    write_atomic(files["summary"], json.dumps(data, ensure_ascii=False).encode("utf-8"))
    return TextParts(review.tei_path, key, summary, findings, hash_bytes(page))


def body_text(path: Path) -> str:
    """The text of the TEI file's <text>: what the candidate finder reads."""
    from ..tei.xml import TEI_NS, parse_file

    body = parse_file(path).getroot().find(f"{{{TEI_NS}}}text")
    return "".join(body.itertext()) if body is not None else ""


def _forget_replaced(manifest: Manifest, cache_dir: Path, path: Path, key: str) -> None:
    # the parts of the text's previous contents are no use any more
    old = manifest.data.get(STAGE, {}).get(str(path), {}).get("key")
    if old and old != key:
        for f in _files(cache_dir, old).values():
            f.unlink(missing_ok=True)


def _write_pages(texts: list[TextParts], cache_dir: Path, out: Path) -> int:
    """Copy each text's page into ``out`` unless the page there is already the one kept."""
    written = 0
    for t in texts:
        target = out / f"{t.summary.slug}.html"
        if _hash_of(target) != t.page_hash:
            write_atomic(target, _files(cache_dir, t.key)["html"].read_bytes())
            written += 1
    return written


def _hash_of(path: Path) -> str:
    # hash_bytes, as the kept page's hash is: of the bytes alone
    try:
        return hash_bytes(path.read_bytes())
    except FileNotFoundError:
        return "missing"


def _assemble(manifest: Manifest, texts: list[TextParts], cache_dir: Path, out: Path) -> bool:
    """index.html and review.json from the texts' parts, unless those in ``out`` were made
    from the same parts; True when written."""
    from ..review.report import atomic_text, now_stamp, render_index, write_json

    item = f"{STAGE}:{out.resolve()}"
    key = hash_bytes(*(t.key for t in texts))
    entry = manifest.entry(STAGE, item, key)
    if entry and entry.get(INDEX) == hash_file(out / INDEX) and entry.get(JSON) == hash_file(out / JSON):
        return False
    rows = [t.summary.row() for t in texts]
    write_atomic(out / INDEX, render_index(rows, now_stamp()))
    with atomic_text(out / JSON) as fh:
        write_json(fh, rows, (_files(cache_dir, t.key)["json"].read_text("utf-8") for t in texts))
    manifest.record(STAGE, item, key, **{INDEX: hash_file(out / INDEX), JSON: hash_file(out / JSON)})
    return True


def stream_json(texts: list[TextParts], cache_dir: Path, out: TextIO) -> None:
    """The whole review as JSON (``--format json``) from the parts, one text at a time."""
    from ..review.report import write_json

    write_json(out, [t.summary.row() for t in texts],
               (_files(cache_dir, t.key)["json"].read_text("utf-8") for t in texts))
