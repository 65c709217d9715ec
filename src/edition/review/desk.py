"""The review desk's state: the texts under review, their cards, the decisions and their undo.

Independent of HTTP (``server`` exposes it): the command line's batch accept and the tests use
the same calls. A text's cards are re-read after each write (and when the file changed on disk).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..diagnostics import EditionError
from ..fsutil import write_atomic
from ..tei.xml import NS, TEI_NS, XML_NS, local, parse_file
from .annotations import collect
from .decide import KINDS, Decision, Document, Refused, Reviewer, decide
from .model import Annotation
from .query import Query
from .subject import Subject, raw_path_for

CONTEXT_LINES = 5  # raw lines shown above and below a decision
XML_ID = f"{{{XML_NS}}}id"


@dataclass
class Text:
    path: Path
    slug: str
    stamp: tuple[int, int] = (0, 0)  # (mtime_ns, size) the cards were read at
    cards: list[Annotation] = field(default_factory=list)
    raw_lines: list[str] = field(default_factory=list)
    document: Document | None = None  # parsed at ``stamp``: the cards' elements


@dataclass
class Undo:
    path: Path
    before: bytes
    after: bytes
    label: str


class Desk:
    def __init__(self, files: list[Path], project_root: Path, reviewer: Reviewer,
                 site: Path | None = None) -> None:
        from ..sources import discover
        from . import REGISTER

        self.root = project_root
        self.reviewer = reviewer
        self.site = site
        raw_dir = project_root / "raw"
        self.sources = {s.slug: s.raw_path for s in discover(raw_dir, pending=[])} if raw_dir.is_dir() else {}
        self.texts: dict[str, Text] = {}
        for path in files:
            if path.name == REGISTER:
                continue
            root = parse_file(path).getroot()
            slug = root.get(XML_ID) or path.stem
            self.texts[slug] = Text(path, slug)
        self.undo_stack: list[Undo] = []
        self.changed: list[Path] = []
        registers = {p.parent / REGISTER for p in files}
        self.register = _register_entries([r for r in registers if r.exists()])

    # -- reading ---------------------------------------------------------------------------
    def text(self, slug: str) -> Text:
        t = self.texts.get(slug)
        if t is None:
            raise EditionError(f"no text {slug!r} in this review")
        st = t.path.stat()
        if (st.st_mtime_ns, st.st_size) != t.stamp:
            root = parse_file(t.path).getroot()
            subject = Subject(t.path, root, raw_path_for(root, t.path, self.root, self.sources))
            t.cards = collect(subject)
            t.raw_lines = subject.raw_lines
            t.document = None
            t.stamp = (st.st_mtime_ns, st.st_size)
        return t

    def cards(self, query: Query) -> list[dict[str, object]]:
        out = []
        for slug in self.texts:
            for a in self.text(slug).cards:
                if query.matches(a, slug):
                    out.append({"text": slug, "id": a.ident, "kind": a.kind, "cert": a.cert,
                                "resp": a.resp, "reviewed": a.reviewed, "raw_line": a.raw_line,
                                "reading": a.reading[:120]})
        return out

    def card(self, slug: str, ident: str) -> dict[str, object]:
        t = self.text(slug)
        a = next((c for c in t.cards if c.ident == ident), None)
        if a is None:
            raise EditionError(f"no annotation {ident} in {slug}")
        if t.document is None:
            t.document = Document(t.path)
        el = t.document.element(ident)
        raw = []
        if a.raw_line is not None and t.raw_lines:
            first = max(1, a.raw_line - CONTEXT_LINES)
            last = min(len(t.raw_lines), a.raw_line + CONTEXT_LINES)
            raw = [{"n": n, "text": t.raw_lines[n - 1], "here": n == a.raw_line}
                   for n in range(first, last + 1)]
        reading = el.find("tei:corr", NS) if local(el) == "choice" else None
        if reading is None and local(el) == "choice":
            reading = el.find("tei:reg", NS)
        return {**a.as_dict(), "text": slug, "raw": raw, "rendered": rendered(el),
                "name": local(el), "kinds": list(KINDS) if local(el) in KINDS else [],
                "correction": "".join(reading.itertext()) if reading is not None else None,
                "reading_view": self.reading_view(slug, el)}

    def reading_view(self, slug: str, el: etree._Element) -> str | None:
        """The web edition's page and anchor for ``el`` ("works-06-w02.html#works-06-p31")."""
        if self.site is None or not self.site.is_dir():
            return None
        anchor = next((a.get(XML_ID) for a in el.iterancestors() if a.get(XML_ID)
                       and local(a) not in {"div", "TEI"}), None)
        if el.get(XML_ID):
            anchor = el.get(XML_ID)
        page = next((f"{d.get(XML_ID)}.html" for d in el.iterancestors(f"{{{TEI_NS}}}div")
                     if d.get(XML_ID) and (self.site / f"{d.get(XML_ID)}.html").exists()),
                    f"{slug}.html")
        if not (self.site / page).exists():
            return None
        return f"/site/{page}" + (f"#{anchor}" if anchor else "")

    # -- writing ---------------------------------------------------------------------------
    def decide(self, slug: str, decisions: list[Decision], label: str) -> dict[str, object]:
        t = self.text(slug)
        if t.document is None:
            t.document = Document(t.path)
        written = decide(t.path, decisions, self.reviewer, doc=t.document)
        self.undo_stack.append(Undo(t.path, written.before, written.after, label))
        if t.path not in self.changed:
            self.changed.append(t.path)
        return {"ok": True, "message": f"{label}: written to {t.path.name}",
                "undo": len(self.undo_stack)}

    def accept_all(self, query: Query) -> dict[str, object]:
        """Accept every pending card the query selects (one write per text)."""
        total = 0
        for slug in self.texts:
            chosen = [Decision(a.ident) for a in self.text(slug).cards
                      if not a.reviewed and query.matches(a, slug)]
            if chosen:
                self.decide(slug, chosen, f"accepted {len(chosen)} in {slug}")
                total += len(chosen)
        return {"ok": True, "message": f"accepted {total} annotation(s)", "count": total,
                "undo": len(self.undo_stack)}

    def undo(self) -> dict[str, object]:
        if not self.undo_stack:
            raise Refused("nothing to undo")
        last = self.undo_stack[-1]
        if last.path.read_bytes() != last.after:
            raise Refused("the file changed on disk since this decision: not undone",
                          file=last.path)
        write_atomic(last.path, last.before)
        self.undo_stack.pop()
        return {"ok": True, "message": f"undone: {last.label}", "undo": len(self.undo_stack)}


def rendered(el: etree._Element) -> str:
    """The element's reading as the edition shows it: corrections and regularisations applied,
    notes left out, line ends joined."""
    out: list[str] = []

    def walk(node: etree._Element) -> None:
        name = local(node)
        if name in {"sic", "orig", "note", "fw"}:
            return
        if node.text:
            out.append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                walk(child)
            if child.tail:
                out.append(child.tail)

    walk(el)
    return " ".join("".join(out).split())


def _register_entries(files: list[Path]) -> list[dict[str, str]]:
    """Persons and organisations as pointers (per:lenin) with a name, for type-ahead."""
    out = []
    for path in files:
        root = parse_file(path).getroot()
        for el in root.iter(f"{{{TEI_NS}}}person", f"{{{TEI_NS}}}org"):
            ident = el.get(XML_ID, "")
            prefix, _, name = ident.partition("-")
            label = el.find("tei:persName", NS) if local(el) == "person" else el.find("tei:orgName", NS)
            if name and prefix in {"per", "org"}:
                text = " ".join("".join(label.itertext()).split()) if label is not None else name
                out.append({"id": f"{prefix}:{name}", "name": text})
    return sorted(out, key=lambda e: e["id"])
