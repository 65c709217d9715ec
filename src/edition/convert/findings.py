"""The converter's findings as diagnostics: one channel for every stage.

A stage reports a finding on the document (``Document.report(code, raw line, message)``);
``diagnostics`` turns them into the project's ``Diagnostic`` (file, line, code, severity).
``edition -v convert`` prints them; the self-check figures count the same events, and a
test checks that they agree. Codes are stable: tests and tools assert on them.
"""

from __future__ import annotations

from ..diagnostics import Diagnostic
from ..model import Document, Finding

# code → (severity, what it means)
CODES: dict[str, tuple[str, str]] = {
    "C101": ("warning", "an endnote call whose note the source lacks"),
    "C102": ("warning", "an endnote that no call in the text refers to"),
    "C103": ("info", "an endnote whose number line the OCR lost: number inferred"),
    "C104": ("warning", "a footnote with no call on its page"),
    "C105": ("warning", "a footnote call with no foot text on its page"),
    "C106": ("warning", "a page-number anchor disagreeing with the others: not used"),
    "C107": ("warning", "an endnote call not on the page its note's back-reference names"),
    "C108": ("info", "an endnote call misread by the OCR: the expected number kept in @n"),
    "C109": ("warning", "a letter-spaced run no word of the text covers: segmentation doubtful"),
    "C110": ("error", "an annotation crossing another: dropped by the serializer"),
    "C111": ("info", "a paragraph printed twice in succession: noted"),
    "C112": ("info", "a page start chosen to fit the printed page numbers: doubtful"),
}


def diagnostics(findings: list[Finding], file: str) -> list[Diagnostic]:
    """The findings as diagnostics of ``file`` (the raw file), in raw order."""
    out = []
    for f in sorted(findings, key=lambda f: (f.line, f.code)):
        severity, meaning = CODES[f.code]
        out.append(Diagnostic(f.code, severity, file, f.line, 1, f.message, rule=meaning))
    return out


def count(doc: Document, code: str) -> int:
    return sum(1 for f in doc.findings if f.code == code)
