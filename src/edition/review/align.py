"""Find where a TEI element's text stands in the raw file.

The TEI keeps no raw line numbers, so the review recovers them: the raw file becomes one
string of whitespace-separated tokens, and an element's source reading (``sic``/``orig``
taken, editorial additions skipped, as ``edition text`` does) is searched for in it,
forward from where the previous block was found, so a repeated paragraph finds its own copy.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from lxml import etree

from ..tei.xml import local

_TOKEN = re.compile(r"\S+")

SKIP = {"corr", "reg", "supplied", "expan", "teiHeader"}
PROBE_TOKENS = 12  # enough words to place a block unambiguously, few enough to survive edits


def source_reading(el: etree._Element, *, inner_notes: bool = False) -> str:
    """The raw-file reading of ``el``: what ``edition text`` recovers for it, on one line."""
    out: list[str] = []

    def walk(node: etree._Element, top: bool) -> None:
        name = local(node)
        if not top:
            if name in SKIP or (name == "note" and node.get("type") == "editorial"):
                return
            if name == "note" and node.get("place") == "foot" and not inner_notes:
                out.append(node.get("n", ""))  # the call stays; the note is at the page foot
                return
        if name in {"lb", "pb", "fw"}:
            out.append(" ")
        if node.text and name not in SKIP:
            out.append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                walk(child, False)
            if child.tail:
                out.append(child.tail)
        if name in {"fw", "p", "head", "item", "note"}:
            out.append(" ")

    walk(el, True)
    return " ".join("".join(out).split())


class RawIndex:
    """The raw file as a token string, with the raw line of every token."""

    def __init__(self, text: str) -> None:
        self.lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        tokens: list[str] = []
        self.token_lines: list[int] = []
        self.token_cols: list[int] = []  # 0-based column of each token in its line
        for number, line in enumerate(self.lines, 1):
            for m in _TOKEN.finditer(line):
                tokens.append(m.group())
                self.token_lines.append(number)
                self.token_cols.append(m.start())
        self.starts: list[int] = []
        pos = 0
        for tok in tokens:
            self.starts.append(pos)
            pos += len(tok) + 1
        self._start_set = set(self.starts)
        self.joined = " ".join(tokens)

    def token_at(self, offset: int) -> int:
        return bisect_right(self.starts, offset) - 1

    def find(self, reading: str, from_token: int = 0, *, probe: int | None = None) -> int | None:
        """Token index where ``reading`` (or its first ``probe`` tokens) starts, at or after
        ``from_token``; falls back to a search from the start of the file."""
        words = reading.split()
        if probe:
            words = words[:probe]
        needle = " ".join(words)
        if not needle:
            return None
        for begin in (from_token, 0):
            pos = self.starts[begin] if begin < len(self.starts) else len(self.joined)
            while True:
                pos = self.joined.find(needle, pos)
                if pos < 0:
                    break
                if pos in self._start_set:
                    return self.token_at(pos)
                pos += 1
            if begin == 0:
                break
        return None

    def line_of(self, token: int) -> int:
        return self.token_lines[token]

    def excerpt(self, token: int, n_tokens: int, max_lines: int = 6, context: int = 160) -> str:
        """The raw lines spanned by ``n_tokens`` tokens from ``token``, as in the file; a long
        line (a whole paragraph in a pasted text) is cut to ``context`` characters around them."""
        first = self.token_lines[token]
        last_tok = min(token + max(n_tokens, 1) - 1, len(self.token_lines) - 1)
        last = min(self.token_lines[last_tok], first + max_lines - 1)
        lines = self.lines[first - 1:last]
        if len(lines) == 1 and len(lines[0]) > 2 * context:
            line = lines[0]
            start = self.token_cols[token]
            end = (self.token_cols[last_tok] + len(line[self.token_cols[last_tok]:].split()[0])
                   if self.token_lines[last_tok] == first else len(line))
            a, b = max(0, start - context), min(len(line), end + context)
            return ("…" if a else "") + line[a:b] + ("…" if b < len(line) else "")
        return "\n".join(lines)
