"""The raw file as numbered lines: the unit every later stage points back to."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RawLine:
    number: int  # 1-based line number in the raw file
    text: str  # the line as in the file, without its line ending

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def split_lines(text: str) -> list[RawLine]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [RawLine(i, t) for i, t in enumerate(lines, 1)]


def to_block(tag: str, lines: list[RawLine], attrs: dict[str, str] | None = None):
    """A model Block of ``lines`` (stripped), one print line per ``"\\n"``."""
    from ..model import Block

    return Block(tag, "\n".join(ln.text.strip() for ln in lines), [ln.number for ln in lines],
                 dict(attrs or {}))
