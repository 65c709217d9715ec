"""Typesetting quality of a PDF, measured from the glyph positions a reader sees.

    .venv/bin/python bench/typeset.py build/print/works-06.pdf [--pages 30-45] [--work ID] [--json]

Prints, for the text pages (body-size lines only: not headings' larger type, notes, block
quotations, margin numbers, running heads or the contents): widows, orphans, pages holding one
text line, the share of line ends hyphenated, the longest run of consecutive hyphenated line
ends (and how many runs of three or more), rectos whose last text line ends in a broken word,
word-gap median / p99 / max and lines with a gap over 5 pt, characters per line, and footnotes
whose body is not on the page of their call (from the named destinations ``fncall-ID`` /
``fn-ID`` the print edition writes; absent in other PDFs).

It reads any PDF (the edition's, or the same text set by LuaLaTeX for comparison): positions
come from poppler's ``pdftotext -bbox-layout`` (Debian poppler-utils, a test dependency), so no
engine's own notion of a line is trusted. A paragraph's first line is recognised by its indent
or by space above it, its last line by falling short of the right edge; a widow is a paragraph's
last line alone at the top of a page, an orphan its first line alone at the foot.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

HYPHENS = ("\u2010", "-", "\u00ad")
XHTML = "{http://www.w3.org/1999/xhtml}"
SIZE_TOLERANCE = 0.3  # pt: word heights in poppler's output are the font size
SHORT_OF_EDGE = 1.5  # pt: a line ending further left than this is a paragraph's last line
INDENT_MIN = 3.0  # pt: a line starting further right than this is indented
GAP_LOOSE = 5.0  # pt: a word gap wider than this shows as a hole
LOOSEST_LISTED = 10  # -v lists the loosest lines, widest gap first
SET_APART = 40.0  # pt: a line starting further right than a paragraph indent is flush right or centred


@dataclass
class Word:
    x0: float
    x1: float
    y0: float
    y1: float
    text: str

    @property
    def size(self) -> float:
        return self.y1 - self.y0


@dataclass
class Line:
    words: list[Word]
    page: int  # 1-based PDF page = folio
    starts: bool = False  # first line of a paragraph
    ends: bool = False  # last line of a paragraph

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def baseline(self) -> float:
        return max(w.y1 for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def hyphenated(self) -> bool:
        last = self.words[-1].text
        return len(last) > 1 and last.endswith(HYPHENS) and last[-2].isalpha()


@dataclass
class Report:
    pages: list[int]
    text_lines: int = 0
    widows: list[str] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)
    lone_lines: list[str] = field(default_factory=list)
    hyphenated: int = 0
    longest_hyphen_run: int = 0
    hyphen_runs_3: int = 0
    rectos_hyphen: list[int] = field(default_factory=list)
    gaps: list[float] = field(default_factory=list)
    loose_lines: int = 0
    loosest: list[tuple[float, str]] = field(default_factory=list)  # (widest gap, where) per loose line
    chars_per_line: list[int] = field(default_factory=list)
    footnotes: int | None = None
    footnotes_off_page: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, object]:
        gaps = sorted(self.gaps) or [0.0]
        full = sorted(self.chars_per_line) or [0]
        return {
            "pages": f"{self.pages[0]}-{self.pages[-1]}" if self.pages else "",
            "text pages": len({p for p in self.pages}),
            "text lines": self.text_lines,
            "widows": len(self.widows),
            "orphans": len(self.orphans),
            "pages with one text line": len(self.lone_lines),
            "hyphenated line ends %": round(100 * self.hyphenated / max(1, self.text_lines), 1),
            "longest hyphen run": self.longest_hyphen_run,
            "hyphen runs >= 3": self.hyphen_runs_3,
            "rectos ending in a hyphen": len(self.rectos_hyphen),
            "word gap median pt": round(statistics.median(gaps), 2),
            "word gap p99 pt": round(gaps[min(len(gaps) - 1, int(len(gaps) * 0.99))], 2),
            "word gap max pt": round(gaps[-1], 2),
            f"lines with a gap > {GAP_LOOSE:g} pt": self.loose_lines,
            "characters per full line (median/max)": f"{statistics.median(full):.0f}/{full[-1]}",
            "footnotes": self.footnotes,
            "footnotes not on their call's page": (None if self.footnotes is None
                                                   else len(self.footnotes_off_page)),
        }


def read_words(pdf: Path, first: int | None = None, last: int | None = None) -> list[list[Line]]:
    """Per page, poppler's lines of words (positions in PDF points from the top left)."""
    from lxml import etree

    cmd = ["pdftotext", "-bbox-layout", "-enc", "UTF-8"]
    if first:
        cmd += ["-f", str(first)]
    if last:
        cmd += ["-l", str(last)]
    out = subprocess.run([*cmd, str(pdf), "-"], check=True, capture_output=True).stdout
    root = etree.fromstring(out, etree.XMLParser(huge_tree=True, recover=True))
    pages = []
    for number, page in enumerate(root.iter(f"{XHTML}page"), start=first or 1):
        lines = []
        for line in page.iter(f"{XHTML}line"):
            words = [Word(float(w.get("xMin")), float(w.get("xMax")), float(w.get("yMin")),
                          float(w.get("yMax")), w.text or "") for w in line.iter(f"{XHTML}word")]
            if words:
                lines.append(Line(sorted(words, key=lambda w: w.x0), number))
        pages.append(lines)
    return pages


def body_size(pages: list[list[Line]]) -> float:
    """The text type's size: the commonest word height, weighted by characters."""
    sizes: Counter = Counter()
    for lines in pages:
        for line in lines:
            for w in line.words:
                sizes[round(w.size, 1)] += len(w.text)
    return sizes.most_common(1)[0][0]


def text_lines(lines: list[Line], size: float) -> list[Line]:
    """The page's lines set in the text size, top to bottom, with words of other sizes (note calls,
    margin numbers) kept only where they stand inside a text line."""
    def is_text(w: Word) -> bool:
        return abs(w.size - size) <= SIZE_TOLERANCE

    body = [ln for ln in lines if sum(len(w.text) for w in ln.words if is_text(w))
            > 0.6 * sum(len(w.text) for w in ln.words)]
    if not body:
        return []
    left = min(ln.x0 for ln in body if is_text(ln.words[0]))
    right = max(w.x1 for ln in body for w in ln.words if is_text(w))
    kept = []
    for ln in body:
        words = [w for w in ln.words if w.x0 >= left - 1 and w.x1 <= right + 1]
        if words:
            kept.append(Line(words, ln.page))
    # poppler may split one printed line into two (a superscript call): merge by baseline
    kept.sort(key=lambda ln: (round(ln.baseline), ln.x0))
    merged: list[Line] = []
    for ln in kept:
        if merged and abs(merged[-1].baseline - ln.baseline) < size * 0.4:
            merged[-1] = Line(sorted(merged[-1].words + ln.words, key=lambda w: w.x0), ln.page)
        else:
            merged.append(ln)
    return merged


def column_edges(by_page: dict[int, list[Line]]) -> dict[int, set[int]]:
    """Per page, the x positions where three or more lines have a word after a wide gap: the
    left edge of a table's column (a chronicle's events beside their dates)."""
    edges: dict[int, set[int]] = {}
    for number, body in by_page.items():
        starts = Counter(round(b.x0) for ln in body
                         for a, b in zip(ln.words, ln.words[1:], strict=False) if b.x0 - a.x1 > 2 * GAP_LOOSE)
        edges[number] = {x + d for x, n in starts.items() if n >= 3 for d in (-1, 0, 1)}
    # A table's last page may hold fewer than three rows: its column stands where it stood two
    # pages before (the same side of the spread).
    for number in by_page:
        if not edges[number]:
            edges[number] = edges.get(number - 2, set())
    return edges


def is_contents(lines: list[Line]) -> bool:
    return sum(". . ." in ln.text or ln.text.count(".") > 12 for ln in lines) >= 3


def measure(pdf: Path, first: int | None = None, last: int | None = None) -> Report:
    pages = read_words(pdf, first, last)
    size = body_size(pages)
    report = Report(pages=[])
    flow: list[Line] = []
    by_page: dict[int, list[Line]] = {}
    for lines in pages:
        body = text_lines(lines, size)
        if len(body) < 1 or is_contents(body):
            continue
        by_page[body[0].page] = body
        report.pages.append(body[0].page)
    for body in by_page.values():
        left = min(ln.x0 for ln in body)
        # the right edge of justified lines: the commonest line end (a dash may overhang it)
        right = Counter(round(ln.x1) for ln in body).most_common(1)[0][0] + 0.5
        leading = statistics.median([b.baseline - a.baseline for a, b in zip(body, body[1:], strict=False)]
                                    or [size * 1.3])
        for k, ln in enumerate(body):
            above = ln.baseline - body[k - 1].baseline if k else None
            ln.starts = (ln.x0 - left > INDENT_MIN or (above is not None and above > leading * 1.4)
                         or (k > 0 and body[k - 1].ends))
            ln.ends = right - ln.x1 > SHORT_OF_EDGE + 0.5
            if ln.x0 - left > SET_APART:
                ln.ends = True  # flush right or centred (a signature, a dateline): a block of its own
            if k + 1 < len(body) and body[k + 1].baseline - ln.baseline > leading * 1.4:
                ln.ends = True  # space below: a block ends here (a heading, a quotation)
        flow += body
    columns = column_edges(by_page)
    report.text_lines = len(flow)
    run = 0
    for ln in flow:
        if ln.hyphenated:
            report.hyphenated += 1
            run += 1
            report.longest_hyphen_run = max(report.longest_hyphen_run, run)
            if run == 3:
                report.hyphen_runs_3 += 1
        else:
            run = 0
        if not ln.ends:
            report.chars_per_line.append(len(ln.text))
        gaps = [b.x0 - a.x1 for a, b in zip(ln.words, ln.words[1:], strict=False)
                if round(b.x0) not in columns.get(ln.page, ())]  # a table's column, no word gap
        gaps = [g for g in gaps if g > 0.5]  # a font change inside a word is no gap
        report.gaps += gaps
        if gaps and max(gaps) > GAP_LOOSE:
            report.loose_lines += 1
            report.loosest.append((max(gaps), f"p. {ln.page}: {ln.text[:60]}"))
    numbers = list(by_page)
    for prev_number, number in zip(numbers, numbers[1:], strict=False):
        if number != prev_number + 1:
            continue
        before, body = by_page[prev_number], by_page[number]
        first_line, last_before = body[0], before[-1]
        continued = not last_before.ends  # the paragraph runs on over the page
        if continued and first_line.ends and not first_line.starts:
            report.widows.append(f"p. {number}: {first_line.text[:50]}")
        if continued and last_before.starts and not body[0].starts:
            report.orphans.append(f"p. {prev_number}: {last_before.text[:50]}")
        if len(body) == 1:
            report.lone_lines.append(f"p. {number}: {first_line.text[:50]}")
    for number, body in by_page.items():
        if number % 2 == 1 and body[-1].hyphenated:
            report.rectos_hyphen.append(number)
    footnotes_on_pages(pdf, report, first, last)
    return report


def footnotes_on_pages(pdf: Path, report: Report, first: int | None, last: int | None) -> None:
    """Footnote calls and bodies from the named destinations of the edition's PDFs."""
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    dests = {name: reader.get_destination_page_number(d) + 1
             for name, d in reader.named_destinations.items()}
    calls = {name[len("fncall-"):]: page for name, page in dests.items() if name.startswith("fncall-")}
    calls = {k: p for k, p in calls.items() if (not first or p >= first) and (not last or p <= last)}
    if not calls:
        return
    report.footnotes = len(calls)
    for note, page in sorted(calls.items()):
        body = dests.get(f"fn-{note}")
        if body != page:
            report.footnotes_off_page.append(f"{note}: call p. {page}, note p. {body}")


def work_pages(pdf: Path, work: str) -> tuple[int, int]:
    """The pages of a section by its id: from its destination to the next section's."""
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    dests = {name: reader.get_destination_page_number(d) + 1
             for name, d in reader.named_destinations.items()}
    if work not in dests:
        raise SystemExit(f"{pdf}: no destination {work!r}")
    start = dests[work]
    sections = sorted({p for n, p in dests.items()
                       if re.search(r"-w\d+$|-notes$|-chronicle$|-index$", n) and p > start})
    return start, (sections[0] - 1 if sections else len(reader.pages))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pdf", type=Path)
    ap.add_argument("--pages", help="first-last page (PDF page numbers)")
    ap.add_argument("--work", help="measure one section, by its id (e.g. works-06-w05)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="list each widow, orphan, …, and the loosest lines")
    args = ap.parse_args(argv)
    first = last = None
    if args.pages:
        a, _, b = args.pages.partition("-")
        first, last = int(a), int(b or a)
    elif args.work:
        first, last = work_pages(args.pdf, args.work)
    report = measure(args.pdf, first, last)
    figures = report.figures()
    if args.json:
        print(json.dumps(figures, indent=1))
    else:
        width = max(len(k) for k in figures)
        for key, value in figures.items():
            print(f"{key:<{width}}  {value}")
    if args.verbose:
        for name in ("widows", "orphans", "lone_lines", "rectos_hyphen", "footnotes_off_page"):
            for item in getattr(report, name):
                print(f"  {name}: {item}")
        for gap, where in sorted(report.loosest, reverse=True)[:LOOSEST_LISTED]:
            print(f"  loose line: {gap:.2f} pt gap, {where}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
