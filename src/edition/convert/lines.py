"""The raw file as numbered lines: the unit every later stage points back to."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar


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


# "… the police. [1]" / "… in accordance with your desire, [1]": a call after the line's last word
TRAILING_CALL = re.compile(r"\s*\[\d{1,3}\]$")
# ", in accordance with": a comma and a clause of small words, the run of a sentence
CLAUSE_RUNS_ON = re.compile(r",\s+(?:[a-z][\w'’-]*\s+){2,}[a-z]")


def running_text(text: str, min_words: int) -> bool:
    """A line of more than ``min_words`` words ending as a sentence or a clause ends (".", "!",
    "?", a closing quote, ",", ";", ":") or running on after a comma in small words ("DEAR FRIENDS
    [1], as you asked of us in your letter …"): prose, never a title or heading, however
    short it is."""
    t = TRAILING_CALL.sub("", text.strip())
    return len(t.split()) > min_words and (t[-1:] in ".!?”’\",;:" or bool(CLAUSE_RUNS_ON.search(t)))


class Numbered(Protocol):
    @property
    def number(self) -> int: ...


N = TypeVar("N", bound=Numbered)


def adjacent_run(items: Sequence[N], k: int) -> list[N]:
    """``items[k]`` and the items after it on the next raw lines: a group no blank line parts."""
    run = [items[k]]
    while k + len(run) < len(items) and items[k + len(run)].number == run[-1].number + 1:
        run.append(items[k + len(run)])
    return run
