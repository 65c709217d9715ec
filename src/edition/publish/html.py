"""The web edition: TEI → static HTML site with XSLT 3.0 (saxonche), then a pagefind search index.

    build_site(tei_files, out_dir)  the whole site; returns out_dir/index.html
    transform_site(tei_files, out_dir)   only the XSLT stage (pages, assets, TEI copies)
    index_site(tei_files, out_dir)       only the search index (pagefind over out_dir)

The stylesheet (xslt/web/web.xsl) is compiled once per process and reused for every file. Each
text is transformed with its document as context (initial template w:text-pages) and gives its
site record (w:site-record: its register passages in context, chronology entries, counts); the
site-wide pages come from one more call (w:site-pages) over the records. Every text is parsed once
and handed to every call as the parameter $edition (headers, dates).

Layout of out_dir: index.html, register.html (the index) and register-<key>.html (one page per
entry), chronology.html, about.html, search.html, one <slug>.html per text (and <work-id>.html per
work of a volume, <work-id>-<n>.html / <slug>-<n>.html per chapter of a long work or text), assets/
(CSS, JS, fonts/), tei/<slug>.xml (copies of
the sources), pdf/<slug>.pdf (copies of the print edition, when it was built: build/print beside
build/html; only the PDFs copied are linked, so that every download link resolves when the site is
served on its own), pagefind/ (the index).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

from ..diagnostics import EditionError
from ..outputs import copy_atomic, remove_ours, staging_for, swap_in
from ..resources import package_path

T = TypeVar("T")
Progress = Callable[[Iterable[T]], Iterator[T]]

ROOT = package_path()  # the installed package: xslt/ is package data
STYLESHEET = ROOT / "xslt" / "web" / "web.xsl"
ASSETS = package_path("publish", "assets")
COMMON_NS = "urn:edition:common"
WEB_NS = "urn:edition:web"
REGISTER_NAME = "register.xml"


def _no_progress(items: Iterable[T]) -> Iterator[T]:
    yield from items


@dataclass
class _Saxon:
    processor: Any
    executable: Any
    stamp: tuple[float, ...]
    records: list[Any] = field(default_factory=list)  # the site records' documents (set_records)


_saxon: _Saxon | None = None


def _stylesheet_stamp() -> tuple[float, ...]:
    return tuple(p.stat().st_mtime for p in sorted(STYLESHEET.parent.parent.glob("*/*.xsl")))


def _compiled() -> _Saxon:
    """One Saxon processor per process; the stylesheet compiled once (again only if it changed)."""
    global _saxon
    stamp = _stylesheet_stamp()
    if _saxon is not None and _saxon.stamp == stamp:
        return _saxon
    from ..tei.xml import saxon_processor

    processor = _saxon.processor if _saxon else saxon_processor()
    xslt = processor.new_xslt30_processor()
    try:
        executable = xslt.compile_stylesheet(stylesheet_file=str(STYLESHEET))
    except Exception as exc:  # saxonche raises PySaxonApiError with Saxon's message
        raise EditionError(f"web stylesheet does not compile: {exc}", file=STYLESHEET, exit_code=1) from exc
    _saxon = _Saxon(processor, executable, stamp)
    return _saxon


def _parse(processor: Any, path: Path, text: bool = True) -> Any:
    from ..slugs import check_publishable
    from ..tei.xml import parse_file, saxon_document

    # lxml parses (safely: no DTD, no entities; a malformed file gets file:line:col) and Saxon
    # gets that tree: it never reads the file itself. A text's slug names its pages: checked.
    tree = parse_file(path)
    if text:
        check_publishable(tree, path)
    return saxon_document(processor, tree)


def default_pdf_dir(out_dir: Path) -> Path:
    """Where the print edition lives for a site in ``out_dir``: build/print beside build/html."""
    return out_dir.parent / "print"


def publish_pdfs(slugs: Iterable[str], pdf_dir: Path, out_dir: Path) -> list[str]:
    """Copy ``pdf_dir/<slug>.pdf`` into ``out_dir/pdf/`` for every slug that has one (stale copies
    go); return the slugs published."""
    target = out_dir / "pdf"
    shutil.rmtree(target, ignore_errors=True)
    found = [slug for slug in slugs if (pdf_dir / f"{slug}.pdf").is_file()]
    if found:
        target.mkdir(parents=True)
    for slug in found:
        copy_atomic(pdf_dir / f"{slug}.pdf", target / f"{slug}.pdf")
    return found


def refresh_published_pdfs(pdfs: Iterable[Path], out_dir: Path) -> int:
    """After a print build: replace the copies a site already publishes (``out_dir/pdf``) with the
    new PDFs; return how many. A site built before the PDFs links none: rebuild it to link them."""
    target = out_dir / "pdf"
    count = 0
    for pdf in pdfs:
        if (target / pdf.name).is_file():
            copy_atomic(pdf, target / pdf.name)  # the live site: whole old or whole new PDF
            count += 1
    return count


def normalise_base_url(base_url: str | None) -> str:
    """The site's canonical address as the stylesheets want it: '' or an http(s) URL ending in '/'."""
    url = (base_url or "").strip()
    if not url:
        return ""
    if not re.match(r"^https?://[^\s/?#]+[^\s?#]*$", url):
        raise EditionError(f"--base-url must be an http(s) address without query or fragment: {url!r}",
                           exit_code=2)
    return url if url.endswith("/") else url + "/"


def build_date() -> str:
    """The date of this build (UTC), or of SOURCE_DATE_EPOCH for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    when = datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit() else datetime.now(UTC)
    return when.date().isoformat()


def edition_version() -> str:
    try:
        return metadata.version("edition")
    except metadata.PackageNotFoundError:  # running from a source tree without installing
        return "0+unknown"


def transform_site(tei_files: Sequence[Path], out_dir: Path, progress: Progress | None = None,
                   on_warning: Callable[[str], None] | None = None,
                   pdf_dir: Path | None = None, base_url: str | None = None) -> Path:
    """Write the HTML pages, assets, TEI copies and the PDFs found in ``pdf_dir`` (default:
    build/print beside out_dir) into out_dir; return index.html. ``base_url`` is the site's
    canonical address (permalinks, citations, meta tags); without it citations carry no URL."""
    progress = progress or _no_progress
    warn = on_warning or (lambda msg: print(msg, file=sys.stderr))
    files = [Path(p) for p in tei_files]
    for p in files:
        if not p.is_file():
            raise EditionError("no such TEI file", file=p)
    registers = [p for p in files if p.name == REGISTER_NAME]
    texts = sorted((p for p in files if p.name != REGISTER_NAME), key=lambda p: p.name)
    if not registers:  # the register sits beside the texts when it exists
        registers = sorted({p.parent / REGISTER_NAME for p in texts if (p.parent / REGISTER_NAME).is_file()})

    from . import page_name, require_distinct_names

    require_distinct_names(texts, page_name, ".html")
    saxon = _compiled()
    proc, exe = saxon.processor, saxon.executable
    docs = [_parse(proc, p) for p in texts]
    out_dir.mkdir(parents=True, exist_ok=True)
    edition = proc.empty_sequence()
    for doc in docs:
        edition.add_xdm_item(doc)

    pdf_slugs = proc.empty_sequence()
    for slug in publish_pdfs((p.stem for p in texts), pdf_dir or default_pdf_dir(out_dir), out_dir):
        pdf_slugs.add_xdm_item(proc.make_string_value(slug))

    configure(saxon, edition, pdf_slugs, registers[0] if registers else None, out_dir, base_url)
    with tempfile.TemporaryDirectory(prefix="edition-records-") as tmp:
        records: list[Path] = []
        for path, doc in progress(list(zip(texts, docs, strict=True))):
            call_template(exe, "text-pages", doc, path, warn)
            records.append(write_record(saxon, doc, Path(tmp) / f"{len(records)}.xml", path, warn))
        set_records(saxon, records)
        call_template(exe, "site-pages", docs[0] if docs else None, "site pages", warn)

    copy_assets(out_dir)
    tei_out = out_dir / "tei"
    tei_out.mkdir(exist_ok=True)
    for p in [*texts, *registers]:
        shutil.copyfile(p, tei_out / p.name)
    return out_dir / "index.html"


def configure(saxon: _Saxon, edition: Any, pdf_slugs: Any, register: Path | None,
              out_dir: Path, base_url: str | None = None) -> None:
    """Set the stylesheet's parameters for a run writing into ``out_dir``."""
    exe, proc = saxon.executable, saxon.processor
    exe.clear_parameters()
    exe.set_parameter("edition", edition)
    exe.set_parameter("pdf-slugs", pdf_slugs)
    exe.set_parameter("base-url", proc.make_string_value(normalise_base_url(base_url)))
    exe.set_parameter("edition-version", proc.make_string_value(edition_version()))
    exe.set_parameter("build-date", proc.make_string_value(build_date()))
    if register is not None:
        # The register as the tree lxml parsed (never a path Saxon would open itself).
        exe.set_parameter(f"{{{COMMON_NS}}}register", _parse(proc, register, text=False))
    exe.set_save_xsl_message(True)
    # Result documents (xsl:result-document href="x.html") resolve against this URI.
    exe.set_base_output_uri((out_dir.resolve() / "index.html").as_uri())


def write_record(saxon: _Saxon, doc: Any, record: Path, label: Path | str,
                 warn: Callable[[str], None]) -> Path:
    """Write the site record of one text (what the site-wide pages take from it) to ``record``."""
    saxon.executable.set_parameter(f"{{{WEB_NS}}}record-uri",
                                   saxon.processor.make_string_value(record.resolve().as_uri()))
    call_template(saxon.executable, "site-record", doc, label, warn)
    return record


def set_records(saxon: _Saxon, records: Iterable[Path]) -> None:
    """The texts' site records, in the edition's order, for the site-wide pages."""
    from lxml import etree

    from ..tei.xml import parser, saxon_document

    proc = saxon.processor
    sequence = proc.empty_sequence()
    saxon.records = []  # the documents live as long as the parameter names them
    for record in records:  # the tool's own file (not TEI): lxml parses, Saxon gets the tree
        tree = etree.fromstring(record.read_bytes(), parser()).getroottree()
        saxon.records.append(saxon_document(proc, tree))
        sequence.add_xdm_item(saxon.records[-1])
    saxon.executable.set_parameter(f"{{{WEB_NS}}}records", sequence)


def call_template(exe: Any, template: str, context: Any | None, label: Path | str,
                  warn: Callable[[str], None]) -> None:
    """Run one of the stylesheet's entry templates; its xsl:messages go to ``warn``."""
    exe.clear_xsl_messages() if hasattr(exe, "clear_xsl_messages") else None
    if context is not None:
        exe.set_global_context_item(xdm_item=context)
    try:
        exe.call_template_returning_string(template_name=f"{{urn:edition:web}}{template}")
    except Exception as exc:
        raise EditionError(f"web transform failed: {exc}", file=label, exit_code=1) from exc
    messages = exe.get_xsl_messages()
    if messages is not None:
        for i in range(messages.size):
            warn(f"{label}: {messages.item_at(i).string_value.strip()}")


def copy_assets(out_dir: Path) -> None:
    """The stylesheet, the script and the fonts (assets/fonts/) into out_dir/assets."""
    target = out_dir / "assets"
    for asset in sorted(ASSETS.rglob("*")):
        if asset.is_file() and "__pycache__" not in asset.parts:
            dest = target / asset.relative_to(ASSETS)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(asset, dest)


SEARCH_BUNDLES = "indexes.json"  # pagefind/indexes.json: the search bundles the site merges


def index_site(_tei_files: Sequence[Path] | None, out_dir: Path) -> Path:
    """Build the pagefind search index of an already transformed site (signature mirrors
    transform_site so that the benchmark times both stages alike); returns out_dir/pagefind."""
    shutil.rmtree(out_dir / "pagefind", ignore_errors=True)
    index_pages(out_dir, out_dir / "pagefind")
    write_search_bundles(out_dir / "pagefind", [""])  # one bundle: pagefind/ itself
    return out_dir / "pagefind"


def index_pages(pages: Path, bundle: Path) -> Path:
    """A pagefind search bundle in ``bundle`` for the HTML pages in ``pages``."""
    import pagefind_bin

    cmd = [str(pagefind_bin.get_executable()), "--site", str(pages), "--output-path", str(bundle),
           "--silent"]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0 or not (bundle / "pagefind.js").is_file():
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise EditionError(f"pagefind failed: {detail[-1] if detail else 'no index written'}",
                           file=pages, exit_code=1)
    return bundle


def write_search_bundles(index_dir: Path, bundles: Sequence[str]) -> None:
    """``pagefind/indexes.json``: the bundles (folders under pagefind/, '' for pagefind/ itself)
    that the search page loads, the first as pagefind's primary index and the others merged
    into it (pagefind's mergeIndex): one bundle per text lets one changed text cost one text."""
    import json

    paths = [f"pagefind/{b}/" if b else "pagefind/" for b in bundles]
    (index_dir / SEARCH_BUNDLES).write_text(json.dumps({"bundles": paths}) + "\n", encoding="utf-8")


def build_site(tei_files: list[Path], out_dir: Path, progress: Progress | None = None,
               on_warning: Callable[[str], None] | None = None, pdf_dir: Path | None = None,
               base_url: str | None = None) -> Path:
    """Transform every TEI file into out_dir and index the site for search; return index.html.

    The site is built beside out_dir and then put in its place: pages of a former build (a work
    renumbered, a text removed) do not linger and get indexed, and a failed build leaves the
    previous site whole. The tool's marker file (outputs.MARKER) goes into the site: only a
    folder that has it is ever replaced or removed."""
    staging = staging_for(out_dir)
    try:
        transform_site(tei_files, staging, progress, on_warning, pdf_dir, base_url)
        index_site(tei_files, staging)
    except BaseException:
        remove_ours(staging)
        raise
    swap_in(staging, out_dir)  # whole folders exchanged: build/html is the old site or the new
    return out_dir / "index.html"
