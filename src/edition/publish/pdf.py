"""The print edition: TEI → print HTML (XSLT 3.0, saxonche) → PDF (CSS Paged Media, WeasyPrint).

One PDF per text in ``build/print/<slug>.pdf``. The book is rendered in two parts: the main part
(title page to notes and chronicle) and then the index of persons, whose page numbers are read
from the anchors of the rendered main part (CSS alone cannot merge repeated page numbers); the
two parts' pages are joined into one PDF. Texts render in parallel processes (one per core); a
long book's main part is itself laid out in pieces in parallel and joined (see "in pieces" below).
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any

from ..diagnostics import EditionError
from ..fsutil import write_atomic
from ..procs import die_with_parent
from ..resources import package_path
from ..slugs import check_publishable, inside
from . import breaks, linebreak
from .pagemarks import settle_page_marks
from .pdfwrite import write_pdf

ROOT = package_path()  # the installed package: xslt/ is package data
XSLT_DIR = ROOT / "xslt" / "print"
STYLESHEET = XSLT_DIR / "tei-to-print.xsl"
CSS = XSLT_DIR / "print.css"
LINEBREAK_CODE = Path(linebreak.__file__)  # total-fit's choices are made by this code
REGISTER_NAME = "register.xml"
# How the lines of justified paragraphs are broken: by WeasyPrint, line by line (first-fit,
# the default: the faster render), or for the whole paragraph before it renders (total-fit,
# publish/linebreak.py: even word spacing, about 1.5 times the render's time).
LINE_BREAKING = ("first-fit", "total-fit")
MENTION_PREFIX = "pm."

log = logging.getLogger(__name__)

Progress = Callable[[Iterable[Path]], Iterator[Path]]


@dataclass
class PrintResult:
    pdf: Path
    pages: int
    seconds: float
    warnings: list[str]
    landmarks: dict[str, int]  # "contents", "index", "page" (a body page) → folio, for review


def render_review_pngs(result: PrintResult, out_dir: Path, dpi: int = 80) -> list[Path]:
    """PNGs of a body page, the contents and the first index page (pdftoppm) for a human look."""
    import subprocess

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, folio in result.landmarks.items():
        prefix = out_dir / f"{result.pdf.stem}-{name}"
        subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(folio), "-l", str(folio),
                        "-singlefile", str(result.pdf), str(prefix)], check=True)
        written.append(prefix.with_suffix(".png"))
    return written


def build_pdfs(tei_files: list[Path], out_dir: Path,
               progress: Progress = lambda it: iter(it), jobs: int | None = None,
               line_breaking: str = LINE_BREAKING[0]) -> list[Path]:
    """Write ``out_dir/<slug>.pdf`` for every text (the register is not a text); return the paths.
    A PDF whose inputs (TEI, register, stylesheets, CSS, WeasyPrint, line breaking) are
    unchanged is kept."""
    return [r.pdf for r in build_print_edition(tei_files, out_dir, progress, jobs, use_cache=True,
                                               line_breaking=line_breaking)]


def build_print_edition(tei_files: list[Path], out_dir: Path,
                        progress: Progress = lambda it: iter(it),
                        jobs: int | None = None, use_cache: bool = False,
                        line_breaking: str = LINE_BREAKING[0]) -> list[PrintResult]:
    """Render the PDFs (in parallel processes) and report pages, seconds and warnings of each;
    this is the function a benchmark times (``use_cache=False``: always render).
    ``line_breaking``: one of LINE_BREAKING."""
    if line_breaking not in LINE_BREAKING:
        raise EditionError(f"line breaking {line_breaking!r}: use {' or '.join(LINE_BREAKING)}",
                           exit_code=2)
    texts = [p for p in tei_files if p.name != REGISTER_NAME]
    from ..tei.xml import parse_file

    for p in texts:
        if not p.exists():
            raise EditionError("no such TEI file", file=p, exit_code=2)
        # malformed XML, a DOCTYPE or a slug that is no plain name fails here, before anything is
        # written (and on one line: an error raised in a worker loses its file and position)
        check_publishable(parse_file(p), p)
    register = _find_register(tei_files)
    build_date = os.environ.get("EDITION_BUILD_DATE") or date.today().isoformat()
    from . import require_distinct_names

    require_distinct_names(texts, lambda p: p.stem, ".pdf")  # <stem>.pdf: one per text
    out_dir.mkdir(parents=True, exist_ok=True)
    # Largest first, so the Works volume starts at once and the short texts fill the other core.
    order = sorted(texts, key=lambda p: p.stat().st_size, reverse=True)
    cache = _Cache(out_dir, register, line_breaking) if use_cache else None
    results: dict[Path, PrintResult] = {}
    if cache:
        for p in list(order):
            hit = cache.lookup(p)
            if hit:
                results[p] = hit
                order.remove(p)
    tasks = [(p, inside(out_dir, out_dir / f"{p.stem}.pdf"), register, build_date, line_breaking)
             for p in order]
    jobs = jobs or min(len(order), os.cpu_count() or 1)
    if jobs <= 1 or len(tasks) <= 1:
        for task in tasks:
            results[task[0]] = _render_task(task)
    else:
        # Fresh workers (forkserver), not forks: Saxon (a GraalVM isolate) inherited by a fork
        # from a process that has used it can crash in the child ("GC must not encounter unknown
        # frames"). The pieces' workers may be forks: they do not run Saxon.
        context = multiprocessing.get_context("forkserver")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=die_with_parent,
                                 initargs=(os.getpid(),)) as pool:
            futures = {p: pool.submit(_render_task, task) for task in tasks for p in [task[0]]}
            for p in progress(order):
                results[p] = futures[p].result()
    if cache:
        for p in order:
            cache.store(p, results[p])
        cache.save()
    for result in results.values():
        for warning in result.warnings:
            log.warning("%s", warning)
    return [results[p] for p in texts]


class _Cache:
    """``out_dir/.print-cache.json``: per text, the hash of everything its PDF depends on."""

    def __init__(self, out_dir: Path, register: Path | None, line_breaking: str) -> None:
        import weasyprint

        self.path = out_dir / ".print-cache.json"
        try:
            self.entries: dict[str, dict] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.entries = {}
        shared = hashlib.sha256(weasyprint.__version__.encode() + line_breaking.encode())
        if line_breaking == "total-fit":
            shared.update(LINEBREAK_CODE.read_bytes())
        for f in sorted((ROOT / "xslt").glob("*/*")):
            if f.suffix in {".xsl", ".css"} and f.parent.name in {"print", "common"}:
                shared.update(f.name.encode() + f.read_bytes())
        if register:
            shared.update(register.read_bytes())
        self.shared = shared.hexdigest()
        self.out_dir = out_dir

    def key(self, tei: Path) -> str:
        return hashlib.sha256(self.shared.encode() + tei.read_bytes()).hexdigest()

    def lookup(self, tei: Path) -> PrintResult | None:
        entry = self.entries.get(tei.stem)
        pdf = self.out_dir / f"{tei.stem}.pdf"
        if not entry or entry.get("key") != self.key(tei) or not pdf.exists():
            return None
        return PrintResult(pdf, entry["pages"], 0.0, entry["warnings"], entry["landmarks"])

    def store(self, tei: Path, result: PrintResult) -> None:
        self.entries[tei.stem] = {"key": self.key(tei), "pages": result.pages,
                                  "warnings": result.warnings, "landmarks": result.landmarks}

    def save(self) -> None:
        write_atomic(self.path, json.dumps(self.entries, indent=1).encode("utf-8"))


def _find_register(tei_files: list[Path]) -> Path | None:
    for candidate in [*(p for p in tei_files if p.name == REGISTER_NAME),
                      *(p.parent / REGISTER_NAME for p in tei_files)]:
        if candidate.exists():
            return candidate
    return None


def _render_task(task: tuple[Path, Path, Path | None, str, str]) -> PrintResult:
    tei_path, pdf_path, register, build_date, line_breaking = task
    start = time.perf_counter()
    pages, warnings, landmarks = render_pdf(tei_path, pdf_path, register, build_date,
                                            line_breaking)
    return PrintResult(pdf_path, pages, time.perf_counter() - start, warnings, landmarks)


# ---- XSLT ---------------------------------------------------------------------------------------

_saxon: dict[str, object] = {}


def _executable():
    """The compiled print stylesheet, once per process."""
    if "exe" not in _saxon:
        from ..tei.xml import saxon_processor

        proc = saxon_processor()
        xslt = proc.new_xslt30_processor()
        try:
            exe = xslt.compile_stylesheet(stylesheet_file=str(STYLESHEET))
        except Exception as exc:  # saxonche's error class cannot cross process boundaries
            raise EditionError(f"print stylesheet does not compile: {exc}", file=STYLESHEET,
                               exit_code=1) from None
        _saxon.update(proc=proc, exe=exe)
    return _saxon["proc"], _saxon["exe"]


class Transform:
    """One TEI document parsed once, transformed into the parts of its print HTML."""

    def __init__(self, tei_path: Path, register: Path | None, build_date: str,
                 total_fit: bool = False) -> None:
        from ..tei.xml import parse_file, saxon_document

        # lxml parses (safely; a malformed file fails with file:line:col) and Saxon gets that
        # tree, the register too: Saxon never reads a document file itself.
        self.proc, self.exe = _executable()
        tree = parse_file(tei_path)
        check_publishable(tree, tei_path)  # the slug names pages and anchors: a plain name
        self.doc = saxon_document(self.proc, tree)
        self.register = saxon_document(self.proc, parse_file(register)) if register else None
        self.params = {
            "build-date": build_date,
            "css-href": CSS.as_uri(),
        }
        self.warnings: list[str] = []
        self.tei_path = tei_path
        self.main_html = ""  # the main part, once made (render_pdf)
        self.total_fit = total_fit  # the lines of justified paragraphs chosen by linebreak.py

    def html(self, part: str = "main", **extra: str | int) -> str:
        exe = self.exe
        exe.clear_parameters()
        exe.set_save_xsl_message(True)
        for name, value in {**self.params, "part": part, **extra}.items():
            xdm = (self.proc.make_integer_value(value) if isinstance(value, int)
                   else self.proc.make_string_value(str(value)))
            exe.set_parameter(name, xdm)
        if self.register is not None:
            exe.set_parameter("{urn:edition:common}register", self.register)
        try:
            out = exe.transform_to_string(xdm_node=self.doc)
        except Exception as exc:  # a dynamic error in the stylesheet, reported on one line
            raise EditionError(f"print stylesheet failed: {exc}", file=self.tei_path,
                               exit_code=1) from None
        messages = exe.get_xsl_messages()
        if messages is not None:
            seen = set(self.warnings)
            for i in range(messages.size):
                # One warning per kind of problem, not per occurrence.
                text = f"{self.tei_path}: {messages.item_at(i).string_value.split(' (', 1)[0]}"
                if text not in seen:
                    seen.add(text)
                    self.warnings.append(text)
        exe.clear_xsl_messages()
        if out is None:
            raise EditionError("print stylesheet produced no output", file=self.tei_path, exit_code=1)
        return spaces_into_inline_starts(out)


# A word space before an inline element ("be <span>“exhausted”</span>") ends a text run. WeasyPrint 70
# measures such a run with its trailing space; when the run fits the line only without it, it
# takes the run for one overlong word and breaks at the run's first word ("Because Lenin pro‐"
# with a 115 pt word gap, on the Works volume). The same space at the start of the element does
# not end a run: the line breaks there as in plain text. Only elements in the flow of the text
# take the space (not notes, margin numbers, hidden source readings, calls or their anchors).
_SPACE_BEFORE_INLINE = re.compile(
    r'(?<=\S) (<(?:span|cite|time|a|em|i|b|q|abbr) class="'
    r'(?!(?:[^"]* )?(?:footnote|fn-call-anchor|fn-inset-call|pb|pb-bar|note-call|ed-sic|ed-orig|ed-abbr'
    r'|ed-soft-hyphen|label|item)(?:[ "]))[^"]*"[^>]*>)')


def spaces_into_inline_starts(html: str) -> str:
    """The print HTML with each word space before an inline element moved inside it."""
    return _SPACE_BEFORE_INLINE.sub(r"\1 ", html)


# ---- WeasyPrint ---------------------------------------------------------------------------------

def local_fetcher():
    """WeasyPrint's fetcher limited to local files and data: URLs: a URL that reached the print
    HTML from a TEI file is never requested over a network."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"file", "data"}, allow_redirects=False)


def render_pdf(tei_path: Path, pdf_path: Path, register: Path | None = None,
               build_date: str | None = None, line_breaking: str = LINE_BREAKING[0]
               ) -> tuple[int, list[str], dict[str, int]]:
    """Render one TEI file to ``pdf_path``; return its page count, the stylesheet's warnings and
    the folios of a few landmarks (contents, index, a body page). A book large enough is laid
    out in pieces in parallel (see below); anything the pieces cannot do falls back to one render."""
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    transform = Transform(tei_path, register, build_date or date.today().isoformat(),
                          total_fit=line_breaking == "total-fit")
    main_html = transform.main_html = transform.html("main")
    book = None if ARCHIVAL else _render_in_pieces(main_html, transform, _hints_path(pdf_path))
    if book is None:
        book = _render_whole(main_html, transform, _exceptions_path(pdf_path))
    write_atomic(pdf_path, book.pdf)
    return book.pages, transform.warnings, book.landmarks


@dataclass
class RenderedBook:
    pdf: bytes
    pages: int
    landmarks: dict[str, int]


SUBENTRIES_FROM = 15  # a person with more locators than this is indexed by work


def _index_html(transform: Transform, mentions: dict[str, set[int]], first_page: int,
                works: list[tuple[int, str]]) -> str:
    """The index part; ``works`` are (first folio, section id) of the works, in order."""
    index_pages = {key: index_locators(sorted(nums), works) for key, nums in mentions.items()}
    params: dict[str, str | int] = {"index-pages": json.dumps(index_pages), "first-page": first_page}
    return transform.html("index", **params)


def index_locators(pages: list[int], works: list[tuple[int, str]]) -> str | list[list[str]]:
    """A person's locators: ``"3–5, 9"``; with many, by work: ``[[work id, "3–5"], …]`` (pages
    before the first work under ``""``), so that 60 bare numbers become a few subentries."""
    if len(pages) <= SUBENTRIES_FROM or not works:
        return format_pages(pages)
    groups: dict[str, list[int]] = {}
    for page in pages:
        work = next((wid for start, wid in reversed(works) if start <= page), "")
        groups.setdefault(work, []).append(page)
    return [[work, format_pages(nums)] for work, nums in groups.items()]


def work_starts(main_html: str, folios: dict[str, int]) -> list[tuple[int, str]]:
    """(first folio, id) of each top division (preface, works, notes, …), in page order."""
    ids = re.findall(r'<section id="([^"]+)" class="div div-[^"]* depth-0[ "]', main_html)
    return sorted((folios[i], i) for i in ids if i in folios)


def landmarks_of(anchor_folios: Iterable[tuple[str, int]], page_count: int) -> dict[str, int]:
    """The review landmarks from (anchor, folio) pairs of the main part: a body page (the text page
    nearest the middle; blank versos have no anchors) and the contents."""
    text_pages = set()
    landmarks: dict[str, int] = {}
    for anchor, folio in anchor_folios:
        if re.search(r"-p\d+$", anchor):
            text_pages.add(folio)
        if anchor.endswith("-contents"):
            landmarks["contents"] = folio
    landmarks["page"] = min(text_pages or {1}, key=lambda i: abs(i - page_count // 2))
    return landmarks


# ---- tagged and archival: one render ------------------------------------------------------------
#
# The PDF is tagged (its structure tree: headings, paragraphs, lists, notes, links, language) and
# archival: PDF/A-3a (tagged, fonts embedded, sRGB output intent, XMP metadata), declaring PDF/UA-1
# too, with the TEI source embedded as an attachment ("Source"). Pieces joined with pypdf would
# drop the structure tree and embed each font subset once per piece, so the book is rendered
# whole (measured on the Works volume: 1.3 times the pieces' time on two busy cores, the file
# 1.66 MB against 1.57 MB joined, 1.14 MB untagged). ARCHIVAL = False brings back the untagged
# draft laid out in pieces in parallel.

ARCHIVAL = True
PDF_VARIANT = "pdf/a-3a"
# PDF/UA-1 identification in the XMP beside PDF/A's (WeasyPrint writes one variant's).
PDFUA_XMP = (b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
             b'<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"'
             b' pdfuaid:part="1"/></rdf:RDF>')


def _write(document, transform: Transform, pages=None) -> bytes:
    """The PDF of ``pages`` of a rendered document: tagged and archival unless ARCHIVAL is off."""
    from weasyprint import Attachment

    doc = document.copy(pages) if pages is not None else document
    if not ARCHIVAL:
        return doc.write_pdf()
    doc.metadata.xmp_metadata = [*doc.metadata.xmp_metadata, PDFUA_XMP]
    source = Attachment(filename=str(transform.tei_path), name=transform.tei_path.name,
                        description="The TEI source of this edition", relationship="Source")
    return write_pdf(doc, pdf_variant=PDF_VARIANT, attachments=[source], uncompressed_pdf=False)


def _render_whole(main_html: str, transform: Transform, exceptions_path: Path) -> RenderedBook:
    """The main part in one render (again with local exceptions where its breaks need them), then
    the index, joined page by page."""
    from weasyprint import HTML

    main_doc = _render_with_exceptions(main_html, exceptions_path, transform.total_fit)
    settle_page_marks(main_doc)  # footnote marks per page, [p. N] in the outer margin
    pages = list(main_doc.pages)
    landmarks = landmarks_of(((a, folio) for folio, page in enumerate(pages, start=1)
                              for a in page.anchors), len(pages))
    mentions = mention_pages(main_doc)
    first_folios: dict[str, int] = {}
    for folio, page in enumerate(pages, start=1):
        for anchor in page.anchors:
            first_folios.setdefault(anchor, folio)
    if mentions:
        # The last page only holds the index slot (a recto): the index pages replace it.
        pages.pop()
        index_html = _index_html(transform, mentions, len(pages) + 1,
                                 work_starts(main_html, first_folios))
        index_doc = HTML(string=index_html, base_url=str(XSLT_DIR) + "/",
                         url_fetcher=local_fetcher()).render(pdf_tags=ARCHIVAL)
        landmarks["index"] = len(pages) + 1
        pages += list(index_doc.pages)
    return RenderedBook(_write(main_doc, transform, pages), len(pages), landmarks)


# ---- local exceptions to the book's breaking rules (breaks.py) ------------------------------------
#
# After a render, breaks.faults finds the footnotes WeasyPrint moved off their call's page, rectos
# ending in a broken word and runs of three hyphenated lines; each becomes a CSS rule on its block
# and the book is rendered again, at most MAX_BREAK_PASSES times in all. The rules are kept beside
# the PDF with a hash of the print HTML and CSS they were found for: a fresh render of the same
# text starts from them and usually needs one pass; after an edit they are found again (a rule
# kept from another text could break a page where none is needed).

MAX_BREAK_PASSES = 3


def _exceptions_path(pdf_path: Path) -> Path:
    return pdf_path.with_name(f".{pdf_path.stem}.breaks.json")


def _render_with_exceptions(main_html: str, exceptions_path: Path, total_fit: bool = False):
    from weasyprint import CSS as StyleSheet

    # Saxon's generated ids (d10e545) differ from one transform to the next, not the layout.
    stable_html = re.sub(r"\bd\d+e\d+\b", "", main_html)
    key = hashlib.sha256(stable_html.encode("utf-8") + CSS.read_bytes()
                         + (LINEBREAK_CODE.read_bytes() if total_fit else b"")).hexdigest()
    rules = _read_exceptions(exceptions_path, key)
    # The lines of the justified blocks chosen for the whole paragraph (linebreak.py), with the
    # exceptions' rules: a block they leave unhyphenated is broken again without hyphens, the
    # others keep the lines of the first pass.
    lines = _Lines(main_html, total_fit)
    for number in range(1, MAX_BREAK_PASSES + 1):
        user_css = "\n".join(sorted(rules))
        document = lines.document(user_css).render(pdf_tags=ARCHIVAL,
                                                   stylesheets=[StyleSheet(string=user_css)])
        found = breaks.faults(document)
        log.info("%s: layout pass %d, %d break fault(s)", exceptions_path.name, number, len(found))
        new = breaks.exception_rules(found) - rules
        if not new:
            break
        rules |= new
    _write_exceptions(exceptions_path, key, rules)
    return document


class _Lines:
    """The print HTML to render, as WeasyPrint breaks its lines (first-fit) or with the lines of
    its justified blocks chosen beforehand (total-fit: linebreak.LineSetter, which keeps the
    lines it chose from one pass of the exceptions to the next)."""

    def __init__(self, html: str, total_fit: bool) -> None:
        self.html = html
        self.setter = (linebreak.LineSetter(html, str(XSLT_DIR) + "/", local_fetcher())
                       if total_fit else None)

    def document(self, user_css: str = "") -> Any:
        from weasyprint import HTML

        if self.setter is not None:
            return self.setter.document(user_css)
        return HTML(string=self.html, base_url=str(XSLT_DIR) + "/", url_fetcher=local_fetcher())


def _read_exceptions(path: Path, key: str) -> set[str]:
    """The rules of the previous build of the same HTML and CSS; only rules of the form
    breaks.exception_rules writes (the file is read back, not trusted)."""
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    if not isinstance(stored, dict) or stored.get("key") != key or not isinstance(stored.get("rules"), list):
        return set()
    return {r for r in stored["rules"] if isinstance(r, str) and breaks.is_exception_rule(r)}


def _write_exceptions(path: Path, key: str, rules: set[str]) -> None:
    write_atomic(path, json.dumps({"key": key, "rules": sorted(rules)}, indent=0).encode("utf-8"))


def mention_pages(document) -> dict[str, set[int]]:
    """Person key → the folios on which it is mentioned, from the anchors of the rendered pages."""
    return _mentions((a, folio) for folio, page in enumerate(document.pages, start=1)
                     for a in page.anchors)


def _mentions(anchor_folios: Iterable[tuple[str, int]]) -> dict[str, set[int]]:
    found: dict[str, set[int]] = {}
    for anchor, folio in anchor_folios:
        if anchor.startswith(MENTION_PREFIX):
            keys = anchor[len(MENTION_PREFIX):].rsplit(".", 1)[0]
            for key in keys.split("+"):
                found.setdefault(key, set()).add(folio)
    return found


def format_pages(pages: list[int]) -> str:
    """``[3, 4, 5, 9]`` → ``"3–5, 9"``."""
    runs: list[list[int]] = []
    for n in pages:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


# ---- the main part in pieces, laid out in parallel ----------------------------------------------
#
# WeasyPrint lays out ~38 ms a page in pure Python, so a long book is laid out in pieces, one
# process per core: the front matter (title page, imprint, contents) and the text cut before
# sections that begin on a recto. Such a piece has the same pages whatever its first folio (its
# left and right pages stay left and right), so it is laid out alone, numbered from its first
# folio (@page :first { counter-reset: page N }). What crosses pieces is printed as literal
# numbers measured from the rendered pages, as the index is: the first folios, the contents' page
# numbers and the notes' "cited p. N" (data-folio, print.css). The numbers of the previous build
# (a hints file beside the PDF) are tried first; a piece laid out with a number that turns out
# wrong is laid out again, until every number is right. The pieces' PDFs are joined with pypdf,
# and the links between pieces added back (WeasyPrint drops links to anchors outside a document).

PIECE_MIN_CHARS = 300_000  # a shorter main part renders in one piece about as fast
MAX_ROUNDS = 4  # layouts per piece before giving up on pieces (numbers converge in two)
RECTO_CLASSES = {"div-work", "back-div"}  # sections that begin on a recto (print.css)
WRAPPER_CLASSES = {"front", "body", "back", "group"}
# The references printed as page numbers (print.css): the contents' entries, the notes' citations.
LITERAL_REFS = ("descendant-or-self::nav[contains(@class, 'toc')]//a[starts-with(@href, '#')]"
                " | descendant-or-self::a[contains(concat(' ', @class, ' '), ' backref ')]")
PT_PER_PX = 0.75

Unit = tuple[int, int | None]  # a body child, or a child of a front/body/back wrapper in it


@dataclass(frozen=True)
class _Piece:
    units: frozenset[Unit]
    refs: tuple[str, ...]  # the anchors whose folios it prints as literal numbers
    add_slot: bool  # ends with a slot (a recto for the next piece)
    drop_last: bool  # its last page holds a slot: dropped at the join
    chars: int


@dataclass
class _LaidOut:
    inputs: tuple[int, tuple[int, ...]]  # the first folio and the numbers it was laid out with
    pdf: bytes
    pages: int  # kept pages (without the slot page)
    anchors: dict[str, int]  # anchor → page index in the piece (the slot page included)
    links: list[tuple[int, str, list[float]]]  # links out of the piece: page index, target, rect
    bookmarks: list[list[tuple]]  # per kept page: (level, label, (x, y) in PDF points, state)


def _hints_path(pdf_path: Path) -> Path:
    return pdf_path.with_name(f".{pdf_path.stem}.pieces.json")


def _render_in_pieces(main_html: str, transform: Transform, hints_path: Path) -> RenderedBook | None:
    """The book laid out in pieces in parallel and joined; None when it does not pay or fit."""
    from lxml import html as lhtml

    cores = os.cpu_count() or 1
    if len(main_html) < PIECE_MIN_CHARS or cores < 2:
        return None
    plan = _plan(lhtml.fromstring(main_html), parts=cores)
    if plan is None:
        return None
    wanted = _read_hints(hints_path, plan) or [_inputs(piece, 1, {}) for piece in plan]
    laid: list[_LaidOut | None] = [None] * len(plan)
    starts: list[int] = []
    folios: dict[str, int] = {}
    with ProcessPoolExecutor(max_workers=min(cores, len(plan)), initializer=die_with_parent,
                             initargs=(os.getpid(),)) as pool:
        for rounds in range(MAX_ROUNDS + 1):
            stale = [k for k, done in enumerate(laid) if done is None or done.inputs != wanted[k]]
            if not stale:
                break
            if rounds == MAX_ROUNDS:
                log.info("%s: the pieces' page numbers do not settle; one render", transform.tei_path)
                return None
            # Longest first: the front matter fills in after the shorter text piece.
            stale.sort(key=lambda k: -plan[k].chars)
            futures = {k: pool.submit(_lay_out_piece, _piece_html(main_html, plan[k], wanted[k]),
                                      plan[k].drop_last, wanted[k], transform.total_fit)
                       for k in stale}
            for k, future in futures.items():
                laid[k] = future.result()
            starts, folios = _measure(laid)
            wanted = [_inputs(piece, start, folios) for piece, start in zip(plan, starts, strict=True)]
            log.debug("laid out pieces %s: first folios %s", stale, starts)
    _write_hints(hints_path, wanted)
    done = [p for p in laid if p is not None]
    return _join(done, starts, folios, transform, index_slot=plan[-1].drop_last)


def _units(root) -> list[tuple[Unit, Any]]:
    """The sections of the main part in order: front/body/back wrappers are opened."""
    units: list[tuple[Unit, Any]] = []  # (unit, lxml element)
    for i, child in enumerate(root.find("body")):
        if _is_wrapper(child):
            units += [((i, j), sub) for j, sub in enumerate(child)]
        else:
            units.append(((i, None), child))
    return units


def _is_wrapper(el) -> bool:
    return el.tag == "div" and el.get("class") in WRAPPER_CLASSES


def _plan(root, parts: int) -> list[_Piece] | None:
    """The front matter, then the text in ``parts`` pieces of about equal size, each cut before a
    section that begins on a recto; None if the text has too few such sections."""
    from lxml import etree

    units = _units(root)
    sizes = [len(etree.tostring(el)) for _, el in units]
    cuts = [k for k, (_, el) in enumerate(units)
            if RECTO_CLASSES & set((el.get("class") or "").split())]
    if len(cuts) < parts:
        return None
    text = sum(sizes[cuts[0]:])
    bounds = [cuts[0]]
    for n in range(1, parts):
        target = sum(sizes[:cuts[0]]) + text * n / parts
        later = [c for c in cuts if c > bounds[-1]]
        if not later:
            return None
        bounds.append(min(later, key=lambda c: abs(sum(sizes[:c]) - target)))
    bounds = ([0] if bounds[0] > 0 else []) + bounds + [len(units)]
    pieces = []
    for n, (lo, hi) in enumerate(pairwise(bounds)):
        last = n == len(bounds) - 2
        els = [el for _, el in units[lo:hi]]
        refs = tuple(a.get("href")[1:] for el in els for a in el.xpath(LITERAL_REFS))
        pieces.append(_Piece(frozenset(u for u, _ in units[lo:hi]), refs, add_slot=not last,
                             drop_last=not last or "index-slot" in (els[-1].get("class") or ""),
                             chars=sum(sizes[lo:hi])))
    return pieces


def _inputs(piece: _Piece, start: int, folios: dict[str, int]) -> tuple[int, tuple[int, ...]]:
    return start, tuple(folios.get(ref, 0) for ref in piece.refs)


def _piece_html(main_html: str, piece: _Piece, inputs: tuple[int, tuple[int, ...]]) -> str:
    """The main part's HTML with only the piece's sections, numbered from its first folio, its
    cross references as literal folios, and a slot at the end if the next piece needs a recto."""
    from lxml import html as lhtml

    start, numbers = inputs
    root = lhtml.fromstring(main_html)
    body = root.find("body")
    for i, child in reversed(list(enumerate(body))):
        if _is_wrapper(child):
            for j, sub in reversed(list(enumerate(child))):
                if (i, j) not in piece.units:
                    child.remove(sub)
            if len(child) == 0:
                body.remove(child)
        elif (i, None) not in piece.units:
            body.remove(child)
    for a, folio in zip(root.xpath(LITERAL_REFS), numbers, strict=True):
        a.set("data-folio", str(folio))
    style = lhtml.Element("style")
    style.text = f"@page:first {{ counter-reset: page {start}; }}"
    root.find("head").append(style)
    if piece.add_slot:
        body.append(lhtml.Element("div", {"class": "piece-slot"}))
    return lhtml.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>")


def _no_foreign_anchor(record: logging.LogRecord) -> bool:
    # Links to other pieces are added at the join: not an error here.
    return not record.getMessage().startswith("No anchor #")


def _lay_out_piece(html: str, drop_last: bool, inputs: tuple[int, tuple[int, ...]],
                   total_fit: bool = False) -> _LaidOut:
    """Lay out and write one piece (in a worker process); report its anchors and outgoing links."""
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("weasyprint").addFilter(_no_foreign_anchor)
    t0 = time.perf_counter()
    doc = _Lines(html, total_fit).document().render()  # the lines as one render breaks them
    settle_page_marks(doc)
    t1 = time.perf_counter()
    anchors: dict[str, int] = {}
    for i, page in enumerate(doc.pages):
        for name in page.anchors:
            anchors.setdefault(name, i)
    kept = doc.pages[:-1] if drop_last else doc.pages
    links = [(i, target, _pdf_rect(rect, page.height))
             for i, page in enumerate(kept) for kind, target, rect, _ in page.links
             if kind == "internal" and anchors.get(target, len(kept)) >= len(kept)]
    bookmarks = [[(level, label, _pdf_point(point, page.height), state)
                  for level, label, point, state in page.bookmarks] for page in kept]
    pdf = doc.copy(kept).write_pdf()
    log.debug("piece of %d pages: layout %.1f s, PDF %.1f s", len(kept), t1 - t0,
              time.perf_counter() - t1)
    return _LaidOut(inputs, pdf, len(kept), anchors, links, bookmarks)


def _pdf_point(point: tuple[float, float], page_height: float) -> tuple[float, float]:
    """CSS px from the top left → PDF points from the bottom left."""
    return point[0] * PT_PER_PX, (page_height - point[1]) * PT_PER_PX


def _pdf_rect(rect: tuple[float, float, float, float], page_height: float) -> list[float]:
    """A link's box in PDF points, its corners in WeasyPrint's order."""
    return [*_pdf_point(rect[:2], page_height), *_pdf_point(rect[2:], page_height)]


def _measure(laid: list[_LaidOut | None]) -> tuple[list[int], dict[str, int]]:
    """First folios of the pieces and the folio of every anchor, from the pieces laid out."""
    starts: list[int] = [1]
    folios: dict[str, int] = {}
    for piece in laid:
        pages = piece.pages if piece else 0
        for name, index in (piece.anchors.items() if piece else ()):
            folios.setdefault(name, starts[-1] + index)
        starts.append(starts[-1] + pages)
    return starts[:-1], folios


def _read_hints(path: Path, plan: list[_Piece]) -> list[tuple[int, tuple[int, ...]]] | None:
    """The numbers each piece printed in the previous build, if it had the same pieces: the likely
    ones (a wrong one is laid out again, so these only save time). By position, not by anchor:
    the stylesheet's generated ids differ from one transform to the next."""
    try:
        hints = [(int(start), tuple(int(n) for n in numbers))
                 for start, numbers in json.loads(path.read_text(encoding="utf-8"))]
    except (OSError, ValueError, TypeError):
        return None
    shapes_match = len(hints) == len(plan) and all(
        len(numbers) == len(piece.refs) for (_, numbers), piece in zip(hints, plan, strict=False))
    return hints if shapes_match else None


def _write_hints(path: Path, inputs: list[tuple[int, tuple[int, ...]]]) -> None:
    write_atomic(path, json.dumps(inputs).encode("utf-8"))


def _join(laid: list[_LaidOut], starts: list[int], folios: dict[str, int],
          transform: Transform, index_slot: bool) -> RenderedBook:
    """The pieces' PDFs and the index (its page numbers from the measured anchors) in one PDF."""
    import io

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    total = sum(piece.pages for piece in laid)
    # Counted as in one render, the index slot's page included: the same body page for review.
    landmarks = landmarks_of(((a, f) for a, f in folios.items() if f <= total),
                             total + int(index_slot))
    mentions = _mentions(folios.items())
    parts = list(laid)
    if mentions and index_slot:
        index_html = _index_html(transform, mentions, total + 1, work_starts(transform.main_html, folios))
        parts.append(_lay_out_piece(index_html, drop_last=False, inputs=(total + 1, ())))
        landmarks["index"] = total + 1
    writer = PdfWriter()
    for piece in parts:
        # The outline is made anew for the whole book: a piece's would stand on its own.
        writer.append(PdfReader(io.BytesIO(piece.pdf)), import_outline=False)
    first = PdfReader(io.BytesIO(parts[0].pdf))
    writer.add_metadata(first.metadata or {})
    if "/Lang" in first.root_object:
        writer.root_object[NameObject("/Lang")] = TextStringObject(first.root_object["/Lang"])
    _add_links(writer, laid, starts, folios, total, has_index=len(parts) > len(laid))
    _add_outline(writer, parts)
    out = io.BytesIO()
    writer.write(out)
    return RenderedBook(out.getvalue(), len(writer.pages), landmarks)


def _add_outline(writer, parts: list[_LaidOut]) -> None:
    """The bookmarks of all pieces nested as WeasyPrint nests them in one document (a work's
    heading under the contents' heading before it, whichever piece holds it)."""
    from types import SimpleNamespace

    from pypdf.generic import Fit
    from weasyprint.anchors import make_page_bookmark_tree
    from weasyprint.matrix import Matrix

    root: list = []
    skipped_levels: list[int] = []
    last_by_depth = [root]
    previous_level = 0
    folio = 0
    for piece in parts:
        for bookmarks in piece.bookmarks:
            previous_level = make_page_bookmark_tree(
                SimpleNamespace(bookmarks=bookmarks), skipped_levels, last_by_depth,
                previous_level, folio, Matrix())
            folio += 1

    def add(subtrees: list, parent) -> None:
        for label, (page, x, y), children, state in subtrees:
            item = writer.add_outline_item(title=label, page_number=page, parent=parent,
                                           fit=Fit.xyz(x, y, 0), is_open=state != "closed")
            add(children, item)

    add(root, None)


def _add_links(writer, laid: list[_LaidOut], starts: list[int], folios: dict[str, int],
               total: int, has_index: bool) -> None:
    """The links from one piece to another, as WeasyPrint writes links: to a named destination."""
    from pypdf.generic import (
        ArrayObject,
        DictionaryObject,
        FloatObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )

    for piece, start in zip(laid, starts, strict=True):
        for index, target, rect in piece.links:
            if folios.get(target, total + 1) > total and not (has_index and target.endswith("-index-slot")):
                # an anchor on a dropped slot page (the index's title carries the slot's anchor)
                continue
            writer.add_annotation(start - 1 + index, DictionaryObject({
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/Rect"): ArrayObject(FloatObject(v) for v in rect),
                NameObject("/BS"): DictionaryObject({NameObject("/W"): NumberObject(0)}),
                NameObject("/Dest"): TextStringObject(target),
            }))
