"""Record a review session in the TEI: a ``change`` in revisionDesc by the editors.

This is a hand edit as far as the conversion guard is concerned, which is the point: a
reviewed file is not overwritten by a re-conversion without --force. The change is one new
line (a textual insertion, the rest of the file untouched); recording the same figures twice
in a row writes nothing.
"""

from __future__ import annotations

from datetime import date

from lxml import etree

from ..fsutil import write_atomic
from ..tei.xml import NS, parser
from .model import EDITORS, TextReview
from .textedit import Edits


def record_session(review: TextReview, reviewer: str, when: date | None = None) -> bool:
    """Append the session's ``change``; False when the last change already says the same."""
    data = review.tei_path.read_bytes()
    root = etree.fromstring(data, parser())
    changes = root.findall("tei:teiHeader/tei:revisionDesc/tei:change", NS)
    day = (when or date.today()).isoformat()
    text = (f"Encoding reviewed by {reviewer}: {review.reviewed_count} of {len(review.annotations)} "
            f"annotations reviewed, {len(review.pending)} still to review; "
            f"{len(review.open_anomalies)} open anomalies of {len(review.anomalies)}.")
    if not changes:
        return False
    last = changes[-1]
    if last.get("who") == EDITORS and last.get("when") == day and (last.text or "") == text:
        return False
    change = etree.Element("change", when=day, who=EDITORS)
    change.text = text
    edits = Edits(data.decode("utf-8"))
    edits.insert_line_after(last, etree.tostring(change, encoding="unicode"))
    write_atomic(review.tei_path, edits.result()[0].encode("utf-8"))
    return True
