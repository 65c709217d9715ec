"""Record a review session in the TEI: a ``change`` in revisionDesc by the editors.

This is a hand edit as far as the conversion guard is concerned, which is the point: a
reviewed file is not overwritten by a re-conversion without --force.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from lxml import etree

from ..fsutil import write_atomic
from ..tei.xml import NS, parse_file, sub, tree_bytes
from .model import EDITORS, TextReview


def record_session(review: TextReview, reviewer: str, when: date | None = None) -> Path:
    tree = parse_file(review.tei_path)
    root = tree.getroot()
    header = root.find("tei:teiHeader", NS)
    if header is None:
        header = etree.SubElement(root, "{http://www.tei-c.org/ns/1.0}teiHeader")
    rev = header.find("tei:revisionDesc", NS)
    if rev is None:
        rev = sub(header, "revisionDesc")
    day = (when or date.today()).isoformat()
    text = (f"Encoding reviewed by {reviewer}: {review.reviewed_count} of {len(review.annotations)} "
            f"annotations reviewed, {len(review.pending)} still to review; "
            f"{len(review.open_anomalies)} open anomalies of {len(review.anomalies)}.")
    last = rev[-1] if len(rev) else None
    change = sub(rev, "change", {"when": day, "who": EDITORS}, text)
    # keep the file's indentation: the new change lines up with the previous one
    if last is not None:
        change.tail = last.tail
        last.tail = rev.text
    write_atomic(review.tei_path, tree_bytes(tree))  # the prolog's comments and PIs too
    return review.tei_path
