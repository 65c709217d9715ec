"""Schema validation of many files on two cores: each big tree is cut into pieces.

Why: xmlschema is pure Python and one file (works-06) is most of the edition, so files
alone do not spread over the cores. A tree is cut into subtrees instead: a first pass
validates everything above the cuts (xmlschema's validation hook skips each cut element
exactly where the one-pass validation would decode it, and remembers it), then every cut
subtree is validated as a root of its own. That is the same check: trang declares every
element globally and the edition's grammar has no identity constraints or IDREFs (a
duplicate xml:id is a parse error, E002, before the schema is asked). The pieces are shared
out between this process and one forked child, which inherits the loaded schema and the
parsed trees, so nothing is loaded twice.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from dataclasses import dataclass

import xmlschema
from lxml import etree

from ..diagnostics import Diagnostic
from .load import Doc
from .load import finding as make_finding

# below this many elements in all, one process is faster than forking a second one
PARALLEL_MIN_ELEMENTS = 4000
PIECES_PER_WORKER = 12  # small enough pieces to balance two workers, few enough to be cheap

Finding = Callable[[Doc, etree._Element, xmlschema.XMLSchemaValidationError], Diagnostic]


@dataclass
class Piece:
    doc: Doc
    root: etree._Element
    size: int  # elements in the subtree: the cost estimate


def _size(el: etree._Element) -> int:
    return sum(1 for _ in el.iter(etree.Element))


def _cuts(el: etree._Element, size: int, limit: int, out: dict[etree._Element, int]) -> None:
    """Subtrees of at most ``limit`` elements that together cover ``el``'s big descendants."""
    if size <= limit:
        out[el] = size
        return
    for child in el.iterchildren(etree.Element):
        _cuts(child, _size(child), limit, out)


def plan(schema: xmlschema.XMLSchema, docs: list[Doc], finding: Finding, workers: int
         ) -> tuple[list[Piece], dict[int, list[Diagnostic]]]:
    """The pieces left to validate, and the findings of the passes above the cuts (by doc)."""
    sizes = [_size(d.root) for d in docs]
    limit = max(sum(sizes) // (workers * PIECES_PER_WORKER), 1)
    pieces: list[Piece] = []
    found: dict[int, list[Diagnostic]] = {}
    for i, (doc, size) in enumerate(zip(docs, sizes, strict=True)):
        cuts: dict[etree._Element, int] = {}
        _cuts(doc.root, size, limit, cuts)
        if doc.root in cuts:
            pieces.append(Piece(doc, doc.root, size))
            continue

        def skip(el: etree._Element, xsd: xmlschema.XsdElement, doc: Doc = doc,
                 cuts: dict[etree._Element, int] = cuts) -> bool:
            if el not in cuts:
                return False
            decl = schema.maps.elements.get(el.tag)
            if decl is None or decl.type is not xsd.type:
                return False  # not what a standalone check would use: validate it here
            pieces.append(Piece(doc, el, cuts[el]))
            return True

        found[i] = _check(schema, doc, etree.ElementTree(doc.root), finding, skip)
    return pieces, found


def _check(schema: xmlschema.XMLSchema, doc: Doc, source: etree._Element | etree._ElementTree,
           finding: Finding, hook: Callable[..., bool] | None = None) -> list[Diagnostic]:
    try:
        return [finding(doc, e.elem if e.elem is not None else doc.root, e)
                for e in schema.iter_errors(source, validation_hook=hook)]
    except Exception as exc:  # a validator bug must not hide the other files' findings
        return [make_finding("E009", doc.path, 1, 1, f"the schema check failed ({exc!r}): "
                                                     "report this as a validator bug")]


def _run(schema: xmlschema.XMLSchema, pieces: list[Piece], finding: Finding
         ) -> list[list[Diagnostic]]:
    return [_check(schema, p.doc, etree.ElementTree(p.root) if p.root is p.doc.root else p.root,
                   finding) for p in pieces]


def _share(pieces: list[Piece], workers: int) -> list[list[int]]:
    """Piece indices per worker, largest first to the least loaded (balanced by size)."""
    bins: list[list[int]] = [[] for _ in range(workers)]
    load = [0] * workers
    for i in sorted(range(len(pieces)), key=lambda i: -pieces[i].size):
        w = load.index(min(load))
        bins[w].append(i)
        load[w] += pieces[i].size
    return [sorted(b) for b in bins]


def workers_for(docs: list[Doc]) -> int:
    """2 where the machine has the cores, the work is big enough and fork is available."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if (cores or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return 2 if sum(_size(d.root) for d in docs) >= PARALLEL_MIN_ELEMENTS else 1


def validate_pieces(schema: xmlschema.XMLSchema, pieces: list[Piece], finding: Finding,
                    workers: int) -> list[list[Diagnostic]]:
    """Each piece's findings, in piece order; the second half of the work in a forked child."""
    if workers < 2 or len(pieces) < 2:
        return _run(schema, pieces, finding)
    mine, theirs = _share(pieces, 2)
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)

    def child() -> None:
        try:
            send.send(("ok", _run(schema, [pieces[i] for i in theirs], finding)))
        except BaseException as exc:  # noqa: BLE001 - reported to the parent, which redoes the work
            send.send(("failed", repr(exc)))
        finally:
            send.close()

    proc = ctx.Process(target=child, daemon=True)
    proc.start()
    send.close()
    results: list[list[Diagnostic] | None] = [None] * len(pieces)
    for i, r in zip(mine, _run(schema, [pieces[i] for i in mine], finding), strict=True):
        results[i] = r
    try:
        status, payload = receive.recv()
    except EOFError:  # the child died without an answer
        status, payload = "failed", None
    finally:
        receive.close()
        proc.join()
    if status == "ok":
        for i, r in zip(theirs, payload, strict=True):
            results[i] = r
    else:  # check the child's share here: a lost child must not lose findings
        for i, r in zip(theirs, _run(schema, [pieces[i] for i in theirs], finding), strict=True):
            results[i] = r
    return [r or [] for r in results]
