"""Protect scholars' hand edits: convert never silently overwrites an edited TEI file.

``tei/conversion-stamps.json`` (committed) records the SHA-256 of the bytes the converter
last wrote to each file. A file whose bytes differ from its stamp has been edited by hand.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .fsutil import write_atomic

STAMPS = "conversion-stamps.json"


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Stamps:
    def __init__(self, tei_dir: Path) -> None:
        self.path = tei_dir / STAMPS
        self.data: dict[str, str] = {}
        if self.path.exists():
            self.data = json.loads(self.path.read_text(encoding="utf-8"))

    def edited(self, target: Path) -> bool:
        """True when ``target`` exists and is not what the converter last wrote there."""
        if not target.exists():
            return False
        stamp = self.data.get(target.name)
        return stamp is None or stamp != digest(target.read_bytes())

    def record(self, target: Path, data: bytes) -> None:
        self.data[target.name] = digest(data)

    def save(self) -> None:
        text = json.dumps(dict(sorted(self.data.items())), indent=2) + "\n"
        write_atomic(self.path, text.encode("utf-8"))
