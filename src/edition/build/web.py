"""The web edition, text by text: pages per text in worker processes, cached; the site assembled.

What a text's pages depend on: its own TEI, the register, which PDFs the site publishes, the
stylesheets, and of the rest of the edition only a little: the edition's title and licence (the
first header) and the chronology's days and years (dates in the text link to them). So a worker
gets its own text plus a *summary* of every text (``summary``: the header, and the divisions with
only the dated parts the chronology reads), a small document; it holds one text at a time.

With its pages a worker writes the text's *site record* (site.xsl, w:site-record): what the
site-wide pages take from it, rendered (its register passages in context, its chronology
entries, its counts). The site-wide pages (home, register with every mention, chronology, about)
are made from the records and the summaries when a record or a summary changed, never from
the texts: one changed text costs its pages and record (and the site-wide pages only if its
record changed: an edit of a paragraph no register passage quotes leaves them as they were), and
memory holds records, not texts. The search index is one pagefind bundle per text, made by the
worker over the text's pages; the site lists them (pagefind/indexes.json) and the search page
merges them (pagefind's mergeIndex), so a changed text is indexed again alone. The site is
assembled beside the output folder and swapped in.

Bad input stops the build before anything is written; a text is parsed for that check only when
its content changed since it last passed (the manifest keeps, per text, its content hash and page
name): a large edition does not parse every text to check one edited text.
"""

from __future__ import annotations

import copy
import os
import shutil
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from lxml import etree

from ..diagnostics import EditionError
from ..fsutil import write_atomic
from ..tei.xml import TEI_NS
from .graph import Manifest, code_version, hash_bytes, hash_file
from .pool import map_jobs

STAGE = "web"
SITE = "_site"  # the cache folder of the site-wide pages
CHECKED = "_checked"  # the manifest's entry of the texts found publishable, by content
T = f"{{{TEI_NS}}}"
# what the chronology reads from a work: these children of div[@type='work'] (site.xsl)
WORK_DATED = {f"{T}dateline", f"{T}head", f"{T}bibl", f"{T}closer", f"{T}byline"}
STRUCTURE = {f"{T}text", f"{T}front", f"{T}body", f"{T}back", f"{T}group", f"{T}div"}


def summary(path: Path) -> bytes:
    """The text as the other texts' pages see it: its header and its divisions, with the
    chronicle whole and of each work only the parts that carry its date."""
    from ..tei.xml import parse_file

    root = parse_file(path).getroot()
    out = etree.Element(root.tag, dict(root.attrib), nsmap=root.nsmap)
    for child in root:
        if child.tag == f"{T}teiHeader":
            out.append(copy.deepcopy(child))
        elif child.tag == f"{T}text":
            out.append(_pruned(child))
    return etree.tostring(out, encoding="utf-8")


def _pruned(el: etree._Element) -> etree._Element:
    keep = etree.Element(el.tag, dict(el.attrib), nsmap=el.nsmap)
    work = el.tag == f"{T}div" and el.get("type") == "work"
    for child in el:
        if not isinstance(child.tag, str):
            continue
        if _read_whole(child, work):
            keep.append(_detached(child))
        elif child.tag in STRUCTURE or child.find(f".//{T}div") is not None:
            keep.append(_pruned(child))
    return keep


def _read_whole(el: etree._Element, in_work: bool) -> bool:
    """The chronicle, and a work's dated parts: the chronology reads them (site.xsl)."""
    if el.tag == f"{T}div" and el.get("type") == "chronicle":
        return True
    return in_work and (el.tag in WORK_DATED or (el.tag == f"{T}note" and el.get("type") == "source"))


def _detached(el: etree._Element) -> etree._Element:
    c = copy.deepcopy(el)
    c.tail = None
    return c


# -- in a worker -------------------------------------------------------------------------------

@dataclass(frozen=True)
class PagesTask:
    text: str  # the TEI file
    pages_dir: str  # where its pages go (emptied first)
    record: str  # where its site record goes
    bundle: str  # where its search bundle goes (emptied first)
    # every text's (summary file, TEI file), in the edition's order
    summaries: tuple[tuple[str, str], ...]
    register: str | None
    pdf_slugs: tuple[str, ...]
    base_url: str | None = None  # the site's canonical address (citations, permalinks)


@lru_cache(maxsize=2)
def _edition(summaries: tuple[tuple[str, str], ...]) -> Any:
    """The summaries as the stylesheet's $edition (parsed once per worker and edition)."""
    from ..publish.html import _compiled
    from ..tei.xml import parse_file, saxon_document

    proc = _compiled().processor
    edition = proc.empty_sequence()
    for summary_file, text in summaries:  # lxml parses; Saxon gets the tree, never a file
        tree = parse_file(Path(summary_file))
        tree.docinfo.URL = text  # its base URI: the text's (a text without slug is named by it)
        edition.add_xdm_item(saxon_document(proc, tree))
    return edition


def _emptied(folder: Path) -> Path:
    """A cache folder of pages, emptied and marked as the tool's: only a folder with the
    tool's marker is ever removed (edition.outputs)."""
    from ..outputs import is_ours, mark, remove_ours

    if folder.exists() and not is_ours(folder):
        raise EditionError("not removed: this cache folder has no marker of the edition; "
                           "remove build/cache yourself if it is yours to remove", file=folder)
    remove_ours(folder)
    mark(folder)
    return folder


def _pages(folder: Path) -> list[str]:
    from ..outputs import MARKER

    return sorted(p.name for p in folder.iterdir() if p.name != MARKER)


def text_pages(task: PagesTask) -> tuple[list[str], list[str]]:
    """Write one text's pages; return their names and the stylesheet's warnings."""
    from ..publish.html import _compiled, _parse, call_template, configure, index_pages, write_record

    saxon = _compiled()
    proc = saxon.processor
    out = _emptied(Path(task.pages_dir))
    pdf_slugs = proc.empty_sequence()
    for slug in task.pdf_slugs:
        pdf_slugs.add_xdm_item(proc.make_string_value(slug))
    configure(saxon, _edition(task.summaries), pdf_slugs,
              Path(task.register) if task.register else None, out, task.base_url)
    warnings: list[str] = []
    doc = _parse(proc, Path(task.text))
    call_template(saxon.executable, "text-pages", doc, Path(task.text), warnings.append)
    write_record(saxon, doc, Path(task.record), Path(task.text), warnings.append)
    index_pages(out, _emptied(Path(task.bundle)))
    return _pages(out), warnings


# -- the stage -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Checked:
    """The texts found publishable: per text, [hash of its name and content, its page name],
    under ``key`` (the code and limits they were checked with)."""

    key: str
    texts: dict[str, list[str]]


@dataclass
class WebBuild:
    """The site in ``out_dir`` from ``tei_files``: only what changed is made again."""

    tei_files: Sequence[Path]
    out_dir: Path
    cache_dir: Path
    jobs: int = 1
    pdf_dir: Path | None = None
    owned: Callable[[str], bool] | None = None  # --shard: make only these texts' pages
    progress: Callable[[Iterable[Any]], Iterable[Any]] = lambda x: x
    warn: Callable[[str], None] = print
    base_url: str | None = None  # the site's canonical address (citations, permalinks)
    redone: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        from ..publish.html import REGISTER_NAME, default_pdf_dir

        files = [Path(p) for p in self.tei_files]
        for p in files:
            if not p.is_file():
                raise EditionError("no such TEI file", file=p)
        self.registers = [p for p in files if p.name == REGISTER_NAME]
        self.texts = sorted((p for p in files if p.name != REGISTER_NAME), key=lambda p: p.name)
        if not self.registers:  # the register sits beside the texts when it exists
            self.registers = sorted({p.parent / REGISTER_NAME for p in self.texts
                                     if (p.parent / REGISTER_NAME).is_file()})
        self.pdfs_from: Path = self.pdf_dir or default_pdf_dir(self.out_dir)
        self.pages_cache = self.cache_dir / STAGE

    def run(self) -> Path:
        """Make what is stale; assemble and index the site unless it is a shard's share."""
        from ..publish.html import edition_version, normalise_base_url

        # bad input (a bad --base-url, a malformed file, a bad slug, two texts with one page
        # name): one line with its position, and nothing written, not even to the cache
        normalise_base_url(self.base_url)
        manifest = Manifest(self.cache_dir)
        digests = {p.stem: hash_file(p) for p in self.texts}  # each text read once to hash it
        checked = self._checked(manifest, digests)
        version = code_version(STAGE)
        register = self.registers[0] if self.registers else None
        pdf_slugs = tuple(s for s in (p.stem for p in self.texts)
                          if (self.pdfs_from / f"{s}.pdf").is_file())
        summaries = tuple((str(self._summary(p, digests[p.stem])), str(p)) for p in self.texts)
        # what every text's pages read of the edition: the summaries' contents, not the texts'
        # the citation's address and version are on every page: a change makes every page again
        shared = hash_bytes(version, self.base_url or "", edition_version(),
                            hash_file(register) if register else "none",
                            *pdf_slugs, "|", *(f"{Path(t).name}={hash_file(Path(s))}" for s, t in summaries))
        keys = {p.stem: hash_bytes(shared, p.name, digests[p.stem]) for p in self.texts}
        stale = [p for p in self.texts if (self.owned is None or self.owned(p.stem))
                 and not self._fresh(manifest, p.stem, keys[p.stem])]
        tasks = [PagesTask(str(p), str(self.pages_cache / p.stem), str(self._record(p.stem)),
                           str(self._bundle(p.stem)), summaries,
                           str(register) if register else None, pdf_slugs, self.base_url)
                 for p in stale]
        for p, (names, warnings) in zip(stale, map_jobs(text_pages, tasks, self.jobs,
                                                         self.progress), strict=True):
            for w in warnings:
                self.warn(w)
            manifest.record(STAGE, p.stem, keys[p.stem], pages=names, warnings=warnings)
            self.redone.append(p.stem)
        manifest.record(STAGE, CHECKED, checked.key, texts=checked.texts)
        manifest.keep_only(STAGE, [*keys, SITE, "_assembled", CHECKED])
        manifest.save()
        if self.owned is not None:
            return self.out_dir / "index.html"
        # the site pages are made from the records, the summaries and what ``shared`` names,
        # and from nothing else: keyed by the records' contents, not the texts', an edit that
        # leaves a text's record as it was (most edits of a paragraph) does not make them again
        site_key = hash_bytes(shared, *(f"{p.name}={hash_file(self._record(p.stem))}"
                                        for p in self.texts),
                              *(p.name for p in self.registers))
        if not self._fresh(manifest, SITE, site_key):
            names = self._site_pages(register, pdf_slugs, summaries)
            manifest.record(STAGE, SITE, site_key, pages=names)
            self.redone.append("site pages")
            manifest.save()
        # assembled for this output folder (another --out has its own site)
        # (every text's key: its pages, search bundle and TEI copy are in the site)
        assembled_key = hash_bytes(site_key, *(keys[p.stem] for p in self.texts),
                                   str(self.out_dir.resolve()))
        assembled = manifest.entry(STAGE, "_assembled", assembled_key)
        if assembled is None or not self._site_whole(manifest, keys, pdf_slugs):
            self._assemble(manifest, keys)
            manifest.record(STAGE, "_assembled", assembled_key)
            manifest.save()
            self.redone.append("search index")
        return self.out_dir / "index.html"

    def _site_whole(self, manifest: Manifest, keys: dict[str, str],
                    pdf_slugs: tuple[str, ...]) -> bool:
        """True if ``out_dir`` is a site the tool assembled with just the expected files at its
        top (a file put there since, or a site without the marker, is assembled again)."""
        from ..outputs import MARKER, is_ours

        if not (self.out_dir / "index.html").is_file() or not is_ours(self.out_dir):
            return False
        expected = {MARKER, "assets", "tei", "pagefind", *(["pdf"] if pdf_slugs else [])}
        for item in [*keys, SITE]:
            expected.update(manifest.data[STAGE][item].get("pages", []))
        return {p.name for p in self.out_dir.iterdir()} == expected

    def _checked(self, manifest: Manifest, digests: dict[str, str]) -> Checked:
        """Refuse a text that is not publishable (edition.slugs) and two texts with one page
        name; return what was checked. A text is parsed only when its content (or the code, or
        the limits) changed since it last passed: the check is a function of those, and
        parsing every text of a large edition to check one edited text cost more than the
        edited text's pages."""
        from ..limits import limits
        from ..publish import page_name_of, require_distinct_names
        from ..slugs import check_publishable
        from ..tei.xml import parse_file

        key = hash_bytes(code_version(STAGE), repr(limits()))
        passed = (manifest.entry(STAGE, CHECKED, key) or {}).get("texts", {})
        texts: dict[str, list[str]] = {}
        names: dict[Path, str] = {}
        for p in self.texts:
            content = hash_bytes(p.name, digests[p.stem])  # the page name may be the file's
            before = passed.get(p.stem)
            if before is not None and before[0] == content:
                names[p] = before[1]
            else:
                tree = parse_file(p)
                check_publishable(tree, p)
                names[p] = page_name_of(tree.getroot(), p)
            texts[p.stem] = [content, names[p]]
        require_distinct_names(self.texts, names.__getitem__, ".html")
        return Checked(key, texts)

    def _summary(self, path: Path, digest: str) -> Path:
        """The text's summary, made once per content (``digest``: the text's hash)."""
        store = self.cache_dir / "web-summaries" / f"{hash_bytes(code_version(STAGE), digest)}.xml"
        if not store.is_file():
            write_atomic(store, summary(path))
        return store

    def _record(self, item: str) -> Path:
        return self.pages_cache / f"{item}.record.xml"

    def _bundle(self, item: str) -> Path:
        return self.pages_cache / f"{item}.pagefind"

    def _fresh(self, manifest: Manifest, item: str, key: str) -> bool:
        entry = manifest.entry(STAGE, item, key)
        return (entry is not None and (item == SITE or (self._record(item).is_file()
                                                         and (self._bundle(item) / "pagefind.js").is_file()))
                and all((self.pages_cache / item / n).is_file() for n in entry.get("pages", [])))

    def _site_pages(self, register: Path | None, pdf_slugs: tuple[str, ...],
                    summaries: tuple[tuple[str, str], ...]) -> list[str]:
        """Home, register, chronology, about, search: from the texts' records and summaries,
        in this process (no text is loaded)."""
        from ..publish.html import _compiled, _parse, call_template, configure, set_records

        saxon = _compiled()
        proc = saxon.processor
        out = _emptied(self.pages_cache / SITE)
        edition = _edition(summaries)
        slugs = proc.empty_sequence()
        for slug in pdf_slugs:
            slugs.add_xdm_item(proc.make_string_value(slug))
        configure(saxon, edition, slugs, register, out, self.base_url)
        set_records(saxon, (self._record(p.stem) for p in self.texts))
        # the context item: the first text's summary as a document of its own (an item taken out
        # of the sequence crashes saxonche)
        first = _parse(proc, Path(summaries[0][0]), text=False) if summaries else None
        call_template(saxon.executable, "site-pages", first, "site pages", self.warn)
        return _pages(out)

    def _assemble(self, manifest: Manifest, keys: dict[str, str]) -> None:
        """Pages, assets, TEI and PDF copies beside out_dir, the search index, then the swap."""
        from ..outputs import MARKER, remove_ours, staging_for, swap_in
        from ..publish.html import copy_assets, publish_pdfs, write_search_bundles

        staging = staging_for(self.out_dir)  # marked; a leftover of a killed build goes first
        try:
            for item in [*keys, SITE]:
                entry = manifest.data[STAGE][item]
                for name in entry.get("pages", []):
                    _link(self.pages_cache / item / name, staging / name)
            publish_pdfs((p.stem for p in self.texts), self.pdfs_from, staging)
            copy_assets(staging)
            (staging / "tei").mkdir()
            for p in [*self.texts, *self.registers]:
                shutil.copyfile(p, staging / "tei" / p.name)
            index = staging / "pagefind"
            index.mkdir()
            for p in self.texts:  # every text's own search bundle
                shutil.copytree(self._bundle(p.stem), index / p.stem, copy_function=_link,
                                ignore=shutil.ignore_patterns(MARKER))
            if self.texts:  # the text pages' highlighter: the same script in every bundle
                shutil.copyfile(self._bundle(self.texts[0].stem) / "pagefind-highlight.js",
                                index / "pagefind-highlight.js")
            write_search_bundles(index, [p.stem for p in self.texts])
        except BaseException:
            remove_ours(staging)
            raise
        swap_in(staging, self.out_dir)  # whole folders exchanged: the old site or the new


def _link(cached: Path | str, target: Path | str) -> None:
    """A file of the cache into the site: a hard link where the file system allows (the cache
    never rewrites a file in place: a page made again is a new file), else a copy. Linking
    keeps assembling the site from costing a copy of every page of the edition."""
    try:
        os.link(cached, target)
    except OSError:
        shutil.copyfile(cached, target)
