"""The print edition: TEI → print HTML (XSLT 3.0, saxonche) → PDF (CSS Paged Media, WeasyPrint).

One PDF per text in ``build/print/<slug>.pdf``. The book is rendered in two parts: the main part
(title page to notes and chronicle) and then the index of persons, whose page numbers are read
from the anchors of the rendered main part (CSS alone cannot merge repeated page numbers); the
two parts' pages are joined into one PDF. Texts render in parallel processes (one per core).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..diagnostics import EditionError
from ..fsutil import write_atomic

ROOT = Path(__file__).resolve().parents[3]
XSLT_DIR = ROOT / "xslt" / "print"
STYLESHEET = XSLT_DIR / "tei-to-print.xsl"
CSS = XSLT_DIR / "print.css"
REGISTER_NAME = "register.xml"
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
               progress: Progress = lambda it: iter(it), jobs: int | None = None) -> list[Path]:
    """Write ``out_dir/<slug>.pdf`` for every text (the register is not a text); return the paths.
    A PDF whose inputs (TEI, register, stylesheets, CSS, WeasyPrint) are unchanged is kept."""
    return [r.pdf for r in build_print_edition(tei_files, out_dir, progress, jobs, use_cache=True)]


def build_print_edition(tei_files: list[Path], out_dir: Path,
                        progress: Progress = lambda it: iter(it),
                        jobs: int | None = None, use_cache: bool = False) -> list[PrintResult]:
    """Render the PDFs (in parallel processes) and report pages, seconds and warnings of each;
    this is the function a benchmark times (``use_cache=False``: always render)."""
    texts = [p for p in tei_files if p.name != REGISTER_NAME]
    from ..tei.xml import parse_file

    for p in texts:
        if not p.exists():
            raise EditionError("no such TEI file", file=p, exit_code=2)
        parse_file(p)  # malformed XML fails here, before anything is written
    register = _find_register(tei_files)
    build_date = os.environ.get("EDITION_BUILD_DATE") or date.today().isoformat()
    out_dir.mkdir(parents=True, exist_ok=True)
    # Largest first, so the Works volume starts at once and the short texts fill the other core.
    order = sorted(texts, key=lambda p: p.stat().st_size, reverse=True)
    cache = _Cache(out_dir, register) if use_cache else None
    results: dict[Path, PrintResult] = {}
    if cache:
        for p in list(order):
            hit = cache.lookup(p)
            if hit:
                results[p] = hit
                order.remove(p)
    tasks = [(p, out_dir / f"{p.stem}.pdf", register, build_date) for p in order]
    jobs = jobs or min(len(order), os.cpu_count() or 1)
    if jobs <= 1 or len(tasks) <= 1:
        for task in tasks:
            results[task[0]] = _render_task(task)
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
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

    def __init__(self, out_dir: Path, register: Path | None) -> None:
        import weasyprint

        self.path = out_dir / ".print-cache.json"
        try:
            self.entries: dict[str, dict] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.entries = {}
        shared = hashlib.sha256(weasyprint.__version__.encode())
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


def _render_task(task: tuple[Path, Path, Path | None, str]) -> PrintResult:
    tei_path, pdf_path, register, build_date = task
    start = time.perf_counter()
    pages, warnings, landmarks = render_pdf(tei_path, pdf_path, register, build_date)
    return PrintResult(pdf_path, pages, time.perf_counter() - start, warnings, landmarks)


# ---- XSLT ---------------------------------------------------------------------------------------

_saxon: dict[str, object] = {}


def _executable():
    """The compiled print stylesheet, once per process."""
    if "exe" not in _saxon:
        from saxonche import PySaxonProcessor

        proc = PySaxonProcessor(license=False)
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

    def __init__(self, tei_path: Path, register: Path | None, build_date: str) -> None:
        from ..tei.xml import parse_file

        parse_file(tei_path)  # a malformed file fails here with file:line:col, not inside Saxon
        self.proc, self.exe = _executable()
        self.doc = self.proc.parse_xml(xml_file_name=str(tei_path))
        self.params = {
            "build-date": build_date,
            "register-uri": register.resolve().as_uri() if register else "",
            "{urn:edition:common}register-uri": register.resolve().as_uri() if register else "",
            "css-href": CSS.as_uri(),
        }
        self.warnings: list[str] = []
        self.tei_path = tei_path

    def html(self, part: str = "main", **extra: str | int) -> str:
        exe = self.exe
        exe.clear_parameters()
        exe.set_save_xsl_message(True)
        for name, value in {**self.params, "part": part, **extra}.items():
            xdm = (self.proc.make_integer_value(value) if isinstance(value, int)
                   else self.proc.make_string_value(str(value)))
            exe.set_parameter(name, xdm)
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
        return out


# ---- WeasyPrint ---------------------------------------------------------------------------------

def render_pdf(tei_path: Path, pdf_path: Path, register: Path | None = None,
               build_date: str | None = None) -> tuple[int, list[str], dict[str, int]]:
    """Render one TEI file to ``pdf_path``; return its page count, the stylesheet's warnings and
    the folios of a few landmarks (contents, index, a body page)."""
    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    transform = Transform(tei_path, register, build_date or date.today().isoformat())
    main_doc = HTML(string=transform.html("main"), base_url=str(XSLT_DIR) + "/").render()
    pages = list(main_doc.pages)
    # A body page for review: the text page nearest the middle (blank versos have no anchors).
    text_pages = [i for i, page in enumerate(pages, start=1)
                  if any(re.search(r"-p\d+$", a) for a in page.anchors)] or [1]
    landmarks = {"page": min(text_pages, key=lambda i: abs(i - len(pages) // 2))}
    for folio, page in enumerate(pages, start=1):
        if any(a.endswith("-contents") for a in page.anchors):
            landmarks["contents"] = folio
    mentions = mention_pages(main_doc)
    if mentions:
        # The last page only holds the index slot (a recto): the index pages replace it.
        pages.pop()
        index_pages = {key: format_pages(sorted(nums)) for key, nums in mentions.items()}
        index_html = transform.html("index", **{"index-pages": json.dumps(index_pages),
                                                "first-page": len(pages) + 1})
        index_doc = HTML(string=index_html, base_url=str(XSLT_DIR) + "/").render()
        index_pages_list = list(index_doc.pages)
        landmarks["index"] = len(pages) + 1
        pages += index_pages_list
    data = main_doc.copy(pages).write_pdf()
    write_atomic(pdf_path, data)
    return len(pages), transform.warnings, landmarks


def mention_pages(document) -> dict[str, set[int]]:
    """Person key → the folios on which it is mentioned, from the anchors of the rendered pages."""
    found: dict[str, set[int]] = {}
    for folio, page in enumerate(document.pages, start=1):
        for anchor in page.anchors:
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
