"""Source positions: which raw lines a TEI element was made from.

Every block the converter writes carries the raw lines of its print lines in ``@source``
(att.global.source: "the source from which some aspect of this element is drawn") as
pointers with the private prefix ``raw:``, declared in the header's ``listPrefixDef``::

    <p source="raw:6025,6030 raw:6033,6035">      raw lines 6026–6030 and 6034–6035

``raw:A,B`` expands to ``../raw/<file>#line=A,B``, an RFC 5147 text fragment: positions count
the line *boundaries* from 0, so ``line=6025,6030`` selects the 1-based lines 6026 to 6030.
Consecutive print lines are one run; a block's ``lb`` elements take its lines in order, so the
N-th print line of a block is the N-th line of its runs. On a ``quote`` whose ``@source`` names
the person quoted (``per:lenin``) the ``raw:`` pointers follow that pointer in the same list.

Why an attribute and not a sidecar: the positions travel with the file through every hand edit
(a paragraph's xml:id and its ``@source`` move together), and ``@source`` is valid on every
element under both tei_all and the edition's schema, with no extension.
"""

from __future__ import annotations

from lxml import etree

PREFIX = "raw"


def pointer(lines: list[int]) -> str:
    """The ``raw:`` pointers of 1-based raw line numbers (runs of consecutive lines)."""
    runs: list[list[int]] = []
    for n in lines:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return " ".join(f"{PREFIX}:{a - 1},{b}" for a, b in runs)


def add_positions(el: etree._Element, lines: list[int]) -> None:
    """Write ``lines`` into ``el/@source`` after any pointer already there."""
    if not lines:
        return
    own = el.get("source")
    el.set("source", f"{own} {pointer(lines)}" if own else pointer(lines))


def lines_of(el: etree._Element) -> list[int] | None:
    """The 1-based raw lines in ``el/@source`` (None: the element has no position)."""
    out: list[int] = []
    for token in (el.get("source") or "").split():
        prefix, _, rest = token.partition(":")
        if prefix != PREFIX:
            continue
        a, _, b = rest.partition(",")
        if a.isdigit() and b.isdigit():
            out.extend(range(int(a) + 1, int(b) + 1))
    return out or None


def other_sources(value: str | None) -> str:
    """``@source`` without its ``raw:`` pointers (the person a quotation names, say)."""
    return " ".join(t for t in (value or "").split() if not t.startswith(PREFIX + ":"))


def with_sources(value: str | None, others: str) -> str:
    """``@source`` with its non-position pointers replaced by ``others``, positions kept."""
    keep = [t for t in (value or "").split() if t.startswith(PREFIX + ":")]
    return " ".join([*others.split(), *keep])


def prefix_pattern(raw_name: str) -> dict[str, str]:
    """The prefixDef attributes: ``raw:A,B`` → the raw file (next to tei/) at RFC 5147 lines."""
    return {"ident": PREFIX, "matchPattern": "([0-9]+),([0-9]+)",
            "replacementPattern": f"../raw/{raw_name}#line=$1,$2"}
