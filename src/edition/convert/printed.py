"""The printed reader (profiles ``printed-book`` and ``ocr-article``): scans of printed pages,
read by a pipeline of small transforms over a ``Reading`` (see ``PIPELINE``, in order).

Each transform declares what it reads (``needs``) and what it fills (``makes``); a test checks
the order (tests/test_transforms.py). What differs between sources is data: the profile
(``reader``, ``page_starts``, ``paragraphs``, ``apparatus`` and thresholds) and the source's
conventions (src/edition/profiles/*.toml, overridden in raw/<name>.toml). The rules live in
``pages`` (page starts, furniture, numbers), ``heads`` (heads, closing lines, paragraph ends),
``notes`` (footnotes, calls, endnotes), ``book`` / ``article`` (structure) and ``back``
(endnotes section, chronicle).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..model import Document
from ..profiles import Profile
from ..sources import Source
from . import notes as nt
from .article import ArticleAssembler
from .back import back_matter, place_note_blocks
from .book import BookAssembler
from .contents import contents_div, take_contents
from .corrections import CorrectionList
from .heads import HeadRules, repeated_heads, scrape_labels
from .layout import LayoutLimits, learn_layout
from .lines import RawLine
from .notes import (
    NoteCall,
    Piece,
    attach_feet,
    block_calls,
    find_feet,
    find_note_blocks,
    parse_endnotes,
)
from .pages import (
    PAGE_MARK,
    Anchor,
    PageCandidates,
    best_starts,
    choose_starts,
    classify_furniture,
    number_pages,
)
from .pages import Page as PageRecord
from .patterns import DATE_LINE, YEAR_LINE
from .reading import Blank, Event, Reading, Regions


def rules_of(r: Reading) -> HeadRules:
    return HeadRules(r.profile, tuple(r.source.authors))


# -- regions, furniture, heads, pages ---------------------------------------------------------
def find_regions(r: Reading) -> None:
    """The endnotes section opens at the source's notes heading; the chronicle at the first
    year alone on a line, followed by a date line, after it. Absent ones lie past the end."""
    end = len(r.lines) + 1
    if not r.profile.apparatus:
        r.regions = Regions(end, end)
        return
    headings = r.profile.conventions.notes_headings
    notes = next((ln.number for ln in r.lines if ln.text.strip() in headings), end)
    chron = end
    texts = [ln.text.strip() for ln in r.lines]
    for ln in r.lines[notes:]:
        if YEAR_LINE.fullmatch(ln.text.strip()):
            following = next((t for t in texts[ln.number:] if t), "")
            if DATE_LINE.match(following):
                chron = ln.number
                break
    r.regions = Regions(notes, chron)


def learn_page_layout(r: Reading) -> None:
    """The volume's own furniture and page turns (``layout``), unless the OCR marks its page
    starts (a leading space, often enough) and the profile reads pages by those marks."""
    if r.profile.page_starts == "none" or (r.profile.page_starts == "leading-space"
                                           and marked_enough(r)):
        return
    r.layout = learn_layout([ln for ln in r.lines if ln.number < r.regions.notes],
                            LayoutLimits.of(r.limit))


def find_furniture(r: Reading) -> None:
    """Stamps, stray glyphs, page numbers and running heads (``fw``)."""
    if r.layout.found:
        stamps = r.profile.conventions.stamp_lines
        r.furniture = dict(r.layout.furniture) | {ln.number: "sig" for ln in r.lines
                                                  if ln.text.strip() in stamps}
    elif r.profile.apparatus:
        r.furniture = classify_furniture(r.lines, r.profile.conventions, r.limit["running_head_max"],
                                         stop=r.regions.notes)


def find_heads(r: Reading) -> None:
    """Heads of works and sections before the notes; running heads among them are furniture."""
    if not r.profile.apparatus:  # an article's heads are its assembler's; only its running heads
        text = [ln for ln in r.lines if not ln.blank]  # ... and a scraped page's labels
        r.furniture |= {n: "sig" for n in scrape_labels(text, r.limit["title_max"],
                                                        r.limit["label_min_repeats"])}
        r.furniture |= {n: "header" for n in repeated_heads(text)}
        return
    rules = rules_of(r)
    body = [ln for ln in r.lines if not ln.blank and ln.number not in r.furniture
            and ln.number < r.regions.notes]
    r.heads = rules.find_heads(body)
    if r.heads.running:
        r.furniture |= {n: "header" for n in r.heads.running}
        r.heads = rules.find_heads([ln for ln in body if ln.number not in r.furniture])


def find_page_starts(r: Reading) -> None:
    """From the learned layout; else from the OCR's page marks; else from blank-line runs at
    the text's own page rhythm (a text without marks, folios or furniture)."""
    if r.layout.found:
        r.starts = list(r.layout.starts)
        return
    if r.profile.page_starts == "blank-run" or (r.profile.page_starts == "leading-space"
                                                and not marked_enough(r)):
        first = next((ln.number for ln in r.lines if not ln.blank), 1)
        runs = blank_run_starts(r.lines)
        if long_enough_for_pages(first, len(r.lines) + 1, r.limit["page_min_lines"],
                                 r.limit["blank_run_min_pages"]):
            r.starts = at_page_rhythm(runs, first, len(r.lines) + 1,
                                      r.limit["page_min_lines"], r.limit["page_rhythm_tolerance_pct"])
        else:
            r.starts = [n for n in runs if runs_across(r, n)]
    if r.profile.page_starts == "leading-space" and (marked_enough(r) or len(r.starts) < 2):
        # the OCR's marks; in a text without marks or page gaps, the heads that open pages
        r.starts, r.doubtful_starts = choose_starts(r.lines, page_candidates(r), set(r.furniture))


def marked_enough(r: Reading) -> bool:
    """The OCR marks page starts with a leading space often enough to read pages by them."""
    marks = sum(1 for ln in r.lines if PAGE_MARK.match(ln.text))
    return marks * 1000 >= r.limit["page_marks_per_1000_lines"] * max(len(r.lines), 1)


def long_enough_for_pages(first: int, end: int, min_page: int, min_pages: int) -> bool:
    """Whether the text from ``first`` to ``end`` holds ``min_pages`` pages of ``min_page``
    lines: blank-line runs in a shorter text (a page of an article, a clipping) part its
    paragraphs or its scraped furniture, there is no page length to learn them from (only a
    paragraph running across a run shows a page turn: ``runs_across``)."""
    return end - first >= min_pages * min_page


def runs_across(r: Reading, start: int) -> bool:
    """A paragraph goes on across the blank lines before ``start``: the line there opens in
    lower case. In a text too short for a page rhythm only such a run is a page turn."""
    return r.line(start).text.strip()[:1].islower()


def at_page_rhythm(starts: list[int], first: int, end: int, min_page: int,
                   tolerance_pct: int) -> list[int]:
    """The blank-line runs that turn a page, at the text's own page length (the upper quartile
    of the distances between runs: runs inside pages only shorten some): the choice of runs
    whose pages deviate least from it (``choose``), the text's first line opening a page."""
    if len(starts) < 3:
        return starts
    gaps = sorted(b - a for a, b in zip([first] + starts, starts, strict=False))
    length = float(max(gaps[(3 * len(gaps)) // 4], min_page))
    slack = tolerance_pct / 100

    def cost(a: int, b: int, tail: bool) -> float:
        dev = ((b - a) - length) / length
        if abs(dev) <= slack / 4:  # within the ordinary play of a page's length
            dev = 0.0
        return (max(dev, 0.0) if tail else dev) ** 2

    span = [first] + [s for s in starts if s > first]
    chosen, _ = best_starts(span, end, {first}, None, cost)
    return [s for s in chosen if s in starts]


def page_candidates(r: Reading) -> PageCandidates:
    """Lines marked as page starts, and the starts that are certain: work heads, regions, and
    furniture groups (page number + running head) with the numbers they print."""
    fw = r.furniture
    regions = [r.regions.notes, r.regions.chronicle]
    marked = {ln.number for ln in r.lines if PAGE_MARK.match(ln.text) and ln.number not in fw}
    forced = set(r.heads.page_heads) | {n for n in regions if n <= len(r.lines)}
    printed: dict[int, int] = {}
    groups = sorted(n for n, t in fw.items() if t in {"pageNum", "header"})
    for n in groups:
        if n - 2 in groups:
            continue
        forced.add(n)
        number = next((int(r.line(m).text) for m in (n, n + 2) if fw.get(m) == "pageNum"), None)
        if number is not None:
            printed[n] = number
        nxt = next((ln.number for ln in r.lines[n + 2:] if not ln.blank and ln.number not in fw), None)
        if nxt is not None:
            marked.discard(nxt)
    return PageCandidates(marked, forced, printed, [1] + regions)


def blank_run_starts(lines: list[RawLine]) -> list[int]:
    """A line after two or more blank lines opens a page."""
    starts: list[int] = []
    blank_run = 0
    for ln in lines:
        if ln.blank:
            blank_run += 1
            continue
        if blank_run >= 2:
            starts.append(ln.number)
        blank_run = 0
    return starts


def make_pages(r: Reading) -> None:
    """One page per start, with the number printed on it (a ``pageNum`` furniture line)."""
    r.pages = [PageRecord(n) for n in r.starts]
    if r.layout.found:
        for page in r.pages:
            page.label = r.layout.labels.get(page.start)
            page.cert = None if page.start in r.layout.printed or page.label is None else "high"
        return
    for n, kind in r.furniture.items():
        if kind == "pageNum" and r.pages and r.page_of_line(n) >= 0:
            r.pages[r.page_of_line(n)].printed = int(r.line(n).text.strip())


# -- pieces and notes -------------------------------------------------------------------------
def cut_pieces(r: Reading) -> None:
    """The text lines as pieces, by region; in the notes an indented line also opens an
    entry whose number the OCR lost (it counts as a page start there)."""
    notes_at, chron_at = r.regions.notes, r.regions.chronicle
    for ln in r.lines:
        if ln.blank or ln.number in r.furniture:
            continue
        in_notes = notes_at < ln.number < chron_at
        piece = Piece(ln, ln.text.strip(), r.page_of_line(ln.number),
                      ln.number in r.start_set or (in_notes and bool(PAGE_MARK.match(ln.text))))
        if ln.number < notes_at:
            r.running.append(piece)
        elif in_notes:
            r.note_pieces.append(piece)
        elif ln.number >= chron_at:
            r.chronicle_pieces.append(piece)


def find_footnotes(r: Reading) -> None:
    r.feet = find_feet(r.running)
    attach_feet(r.running, r.feet)


def take_note_blocks(r: Reading) -> None:
    """Notes printed after each work (or closing a text without a notes section)."""
    r.note_blocks = find_note_blocks(r.running)


def find_note_calls(r: Reading) -> None:
    """Calls of each notes block's notes before it; the rest are the notes section's."""
    r.calls = block_calls(r.running, r.note_blocks, r.slug, notes_printed=r.regions.notes <= len(r.lines))



def read_endnotes(r: Reading) -> None:
    entry_start = r.profile.conventions.note_entry_start(r.source.authors)
    r.endnotes = parse_endnotes(r.note_pieces, r.listed, entry_start)


def first_calls(calls: list[NoteCall]) -> dict[int, Piece]:
    """Note number → the line of its first call."""
    first: dict[int, Piece] = {}
    for call in calls:
        first.setdefault(call.number, call.piece)
    return first


def number_the_pages(r: Reading) -> None:
    """Page numbers from the printed numbers and the endnotes' back-references (anchors)."""
    if not r.profile.apparatus or r.layout.found:
        return
    anchors = [Anchor(idx, page.printed, "printed", page.start)
               for idx, page in enumerate(r.pages) if page.printed is not None]
    first = first_calls(r.calls)
    anchors += [Anchor(first[note.n].page, note.backref, "endnote", first[note.n].number)
                for note in r.endnotes if note.backref is not None and note.n in first]
    doubtful = {i for i, page in enumerate(r.pages) if page.start in r.doubtful_starts}
    r.anchors = number_pages(r.pages, anchors, doubtful).anchors


# -- structure ------------------------------------------------------------------------------
def list_events(r: Reading) -> None:
    """Page breaks, furniture, blank lines and running text before the notes, in raw order."""
    by_line = {p.number: p for p in r.running}
    events: list[Event] = []
    for ln in r.lines:
        if ln.number >= r.regions.notes:
            break
        if ln.number in r.start_set:
            events.append(r.pb(ln.number))
        if ln.blank:
            events.append(Blank(ln.number))
        elif ln.number in r.furniture:
            events.append(r.fw(ln.number))
        elif ln.number in by_line:
            events.append(by_line[ln.number])
    r.events = events


def build_structure(r: Reading) -> None:
    contents = contents_div(r)  # takes its page breaks and furniture out of the events
    if r.profile.paragraphs == "inferred":
        r.doc.front, r.doc.body = BookAssembler.of(r, rules_of(r)).run()
    else:
        r.doc.body = [ArticleAssembler.of(r).run()]
    if contents is not None:
        (r.doc.front if r.contents_at_front else r.doc.body).insert(
            0 if r.contents_at_front else len(r.doc.body), contents)


def build_back(r: Reading) -> None:
    if r.profile.apparatus:
        r.doc.back = back_matter(r)


# -- self-check figures ---------------------------------------------------------------------
def report_calls(r: Reading) -> None:
    """Calls without notes (C101), notes without calls (C102), inferred numbers (C103),
    footnotes without calls (C104); the figures count the same findings."""
    missing = [c.number for c in r.call_spans if "target" not in c.span.attrs]
    for c in r.call_spans:
        if "target" not in c.span.attrs:
            r.doc.report("C101", c.piece.number,
                         f"endnote call {c.number}: the source prints no note {c.number}")
    r.stats["endnote calls"] = len(r.call_spans)
    r.stats["endnote calls linked"] = len(r.call_spans) - len(missing)
    r.stats["endnote calls without note text"] = len(missing)
    if missing:
        r.stats["calls without note text (numbers)"] = " ".join(map(str, missing))
    if r.profile.apparatus:
        uncalled = sorted(r.endnote_numbers - {c.number for c in r.call_spans})
        for note in r.endnotes:
            line = note.pieces[0].number if note.pieces else r.regions.notes
            if note.n in uncalled:
                r.doc.report("C102", line, f"endnote {note.n}: no call in the text")
            if note.inferred:
                r.doc.report("C103", line, f"endnote number {note.n} inferred (no number line)")
        r.stats["endnotes"] = len(r.endnotes)
        r.stats["endnotes with inferred number"] = sum(1 for n in r.endnotes if n.inferred)
        if uncalled:
            r.stats["endnotes without call (numbers)"] = " ".join(map(str, uncalled))
    r.stats["footnotes"] = len(r.feet)
    r.stats["footnotes attached"] = sum(1 for f in r.feet if f.attached)
    unattached = [f.pieces[0].number for f in r.feet if not f.attached]
    for line in unattached:
        r.doc.report("C104", line, "footnote without a call on its page")
    if unattached:
        r.stats["footnotes without call (lines)"] = " ".join(map(str, unattached))


def report_pages(r: Reading) -> None:
    r.stats["pages"] = len(r.pages)
    r.stats["pages numbered"] = sum(1 for p in r.pages if p.number is not None or p.label is not None)
    r.stats["pages with printed number"] = sum(1 for p in r.pages if p.printed is not None)
    if not r.profile.apparatus:
        return
    r.stats["page anchors"] = len(r.anchors)
    rejected = [a for a in r.anchors if not a.accepted]
    for a in rejected:
        r.doc.report("C106", a.line, f"{a.kind} page number {a.number} disagrees with the others")
    for start in sorted(r.doubtful_starts):
        r.doc.report("C112", start, "page start chosen to fit the printed page numbers")
    if rejected:
        r.stats["page anchors disagreeing (kind:N@line)"] = " ".join(
            f"{a.kind}:{a.number}@{a.line}" for a in rejected)
    first = first_calls(r.calls)
    checked = [note for note in r.endnotes if note.backref is not None]
    wrong: list[str] = []
    for note in checked:
        call = first.get(note.n)
        got = r.pages[call.page].number if call is not None else None
        if got != note.backref or call is None:
            r.doc.report("C107", call.number if call else note.backref_line or r.regions.notes,
                         f"endnote {note.n} names p. {note.backref}; its call is on p. {got}")
            wrong.append(f"{note.n}(p.{note.backref}≠{got}@{call.number if call else '-'})")
    ok = len(checked) - len(wrong)
    r.stats["endnotes with p. N"] = len(checked)
    r.stats["endnote calls on the page named"] = ok
    r.stats["share of calls on the page named"] = round(ok / len(checked), 3) if checked else 1.0
    if wrong:
        r.stats["calls off their page"] = " ".join(wrong)


def report_footnotes(r: Reading) -> None:
    """Footnote calls without foot text (C105), calls misread by the OCR (C108)."""
    for pc in r.running:
        for star in pc.stars:
            if star.foot is None:
                r.doc.report("C105", pc.number, "footnote call without foot text on its page")
        for n, printed_as in sorted(pc.misread.items()):
            r.doc.report("C108", pc.number, f"endnote call {n} printed as {printed_as!r}")
    r.stats.update(nt.footnote_figures(r.feet, r.running))


# -- the pipeline ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Transform:
    """One step of the reader: what it reads of the ``Reading`` and what it fills."""

    run: Callable[[Reading], None]
    needs: tuple[str, ...]
    makes: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.run.__name__


PIPELINE: list[Transform] = [
    Transform(find_regions, ("lines",), ("regions",)),
    Transform(learn_page_layout, ("lines", "regions"), ("layout",)),
    Transform(find_furniture, ("lines", "regions", "layout"), ("furniture",)),
    Transform(find_heads, ("lines", "regions", "furniture"), ("heads", "furniture")),
    Transform(find_page_starts, ("lines", "regions", "furniture", "heads", "layout"),
              ("starts", "doubtful_starts")),
    Transform(make_pages, ("starts", "furniture", "layout"), ("pages",)),
    Transform(cut_pieces, ("lines", "regions", "furniture", "starts"),
              ("running", "note_pieces", "chronicle_pieces")),
    Transform(take_contents, ("running",), ("running", "contents")),
    Transform(take_note_blocks, ("running",), ("running", "note_blocks")),
    Transform(find_footnotes, ("running",), ("feet",)),
    Transform(find_note_calls, ("running", "note_blocks"), ("calls",)),
    Transform(read_endnotes, ("note_pieces", "listed"), ("endnotes",)),
    Transform(number_the_pages, ("pages", "calls", "endnotes", "doubtful_starts"), ("anchors",)),
    Transform(list_events, ("lines", "regions", "starts", "furniture", "running", "pages"), ("events",)),
    Transform(place_note_blocks, ("events", "note_blocks", "pages"), ("events",)),
    Transform(build_structure, ("events", "heads", "endnotes", "pages", "contents"),
              ("doc", "call_spans", "events")),
    Transform(build_back, ("endnotes", "chronicle_pieces", "furniture", "pages"), ("doc", "call_spans")),
    Transform(report_calls, ("call_spans", "endnotes", "feet"), ("stats",)),
    Transform(report_pages, ("pages", "anchors", "calls", "endnotes"), ("stats",)),
    Transform(report_footnotes, ("feet", "running"), ("stats",)),
]


def read(source: Source, profile: Profile, lines: list[RawLine],
         pipeline: list[Transform] | None = None) -> Reading:
    r = Reading(source, profile, lines, CorrectionList.load(source.project.corrections, source.slug))
    for step in pipeline if pipeline is not None else PIPELINE:
        step.run(r)
    return r


def build(source: Source, profile: Profile, lines: list[RawLine]) -> Document:
    r = read(source, profile, lines)
    r.doc.stats.update(r.stats)
    return r.doc

