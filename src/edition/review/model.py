"""What a review finds in one TEI file: its annotations, their status, and its anomalies."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..diagnostics import Diagnostic

CONVERTER = "#conv"
EDITORS = "#editors"
# Review order: the converter's least certain guesses first; "sure" = no @cert.
CERT_ORDER = {"low": 0, "medium": 1, "high": 2, "sure": 3}


@dataclass
class Annotation:
    """One element carrying @resp: a decision someone (converter or editor) made."""

    kind: str  # element name, with @type where it tells kinds apart: "note[editorial]"
    resp: str  # "#conv", "#editors", ...
    cert: str  # "low" | "medium" | "high" | "sure" (no @cert)
    xml_id: str  # the element's or its nearest identified ancestor's xml:id
    tei_line: int
    raw_line: int | None  # line in the raw file where its text starts (None: not found)
    raw_text: str  # the raw file's lines it spans
    reading: str  # the element's source reading, one line
    fragment: str  # the TEI element as written (XML)
    ident: str = ""  # stable across re-conversions of unchanged text: "date@6026.14"
    attrs: dict[str, str] = field(default_factory=dict)  # @when, @who, @ref, … as written

    @property
    def by(self) -> str:
        return "converter" if self.resp == CONVERTER else "editor"

    @property
    def reviewed(self) -> bool:
        return self.resp != CONVERTER

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "resp": self.resp, "by": self.by, "cert": self.cert,
                "xml_id": self.xml_id, "tei_line": self.tei_line, "raw_line": self.raw_line,
                "raw_text": self.raw_text, "reading": self.reading, "fragment": self.fragment,
                "id": self.ident, "attrs": self.attrs}


@dataclass
class TextReview:
    tei_path: Path
    slug: str
    title: str
    raw_path: Path | None
    annotations: list[Annotation] = field(default_factory=list)
    anomalies: list[Diagnostic] = field(default_factory=list)
    changes: list[dict[str, object]] = field(default_factory=list)  # --against-conversion

    @property
    def pending(self) -> list[Annotation]:
        """Machine-made annotations, least certain first, then in document order."""
        todo = [a for a in self.annotations if not a.reviewed]
        return sorted(todo, key=lambda a: (CERT_ORDER.get(a.cert, 3), a.tei_line))

    @property
    def reviewed_count(self) -> int:
        return sum(a.reviewed for a in self.annotations)

    @property
    def open_anomalies(self) -> list[Diagnostic]:
        """Anomalies not yet addressed in the TEI (addressed ones are severity "info")."""
        return [d for d in self.anomalies if d.severity != "info"]

    def counts(self) -> dict[str, dict[str, int]]:
        """Per annotation kind: how many at each certainty and by whom."""
        table: dict[str, Counter[str]] = {}
        for a in self.annotations:
            row = table.setdefault(a.kind, Counter())
            row[f"cert:{a.cert}"] += 1
            row[f"by:{a.by}"] += 1
            row["total"] += 1
        return {kind: dict(sorted(row.items())) for kind, row in sorted(table.items())}

    def as_dict(self) -> dict[str, object]:
        return {
            "tei": str(self.tei_path), "slug": self.slug, "title": self.title,
            "raw": str(self.raw_path) if self.raw_path else None,
            "summary": {"annotations": len(self.annotations), "reviewed": self.reviewed_count,
                        "pending": len(self.pending), "anomalies": len(self.anomalies),
                        "open_anomalies": len(self.open_anomalies)},
            "counts": self.counts(),
            "pending": [a.as_dict() for a in self.pending],
            "anomalies": [d.as_dict() for d in self.anomalies],
            "changes": self.changes,
        }
