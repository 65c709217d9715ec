"""Protect scholars' hand edits: convert never silently overwrites an edited TEI file.

``tei/conversion-stamps.json`` (committed) records the SHA-256 of the bytes the converter
last wrote to each file. A file whose bytes differ from its stamp has been edited by hand.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .diagnostics import EditionError
from .fsutil import write_atomic

STAMPS = "conversion-stamps.json"


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Stamps:
    def __init__(self, tei_dir: Path) -> None:
        self.path = tei_dir / STAMPS
        self.data: dict[str, str] = {}
        if self.path.exists():
            self.data = _read_stamps(self.path)

    def edited(self, target: Path) -> bool:
        """True when ``target`` exists and is not what the converter last wrote there."""
        if not target.exists():
            return False
        accepted = {self.data.get(target.name), self.data.get(target.name + PREVIOUS)}
        return digest(target.read_bytes()) not in accepted - {None}

    def record(self, target: Path, data: bytes) -> None:
        self.data[target.name] = digest(data)

    def write(self, target: Path, data: bytes) -> None:
        """Write ``target`` and its stamp so that a kill at any moment leaves both consistent.

        The stamp of the new bytes is saved first, keeping the former stamp as ``name#previous``;
        then the file is written (atomically); then the former stamp goes. Whichever of the two
        files a kill leaves on disk, the next convert recognises it as its own output."""
        former = self.data.get(target.name)
        if former is not None:
            self.data[target.name + PREVIOUS] = former
        self.record(target, data)
        self.save()
        write_atomic(target, data)
        self.data.pop(target.name + PREVIOUS, None)
        self.save()

    def save(self) -> None:
        text = json.dumps(dict(sorted(self.data.items())), indent=2) + "\n"
        write_atomic(self.path, text.encode("utf-8"))


PREVIOUS = "#previous"  # the stamp of a file while its new version is being written


def _read_stamps(path: Path) -> dict[str, str]:
    """The stamps file, or a one-line error naming it when it is not a JSON object of strings."""
    fix = ("restore it (git checkout) or delete it: then every existing TEI file counts as "
           "edited by hand until converted with --force")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise EditionError(f"stamps file is not UTF-8: {fix}", file=path) from None
    except ValueError as exc:
        line = getattr(exc, "lineno", None)
        raise EditionError(f"stamps file is not valid JSON: {fix}", file=path, line=line) from None
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                             for k, v in data.items()):
        raise EditionError(f"stamps file is not a list of file names and digests: {fix}", file=path)
    return data
