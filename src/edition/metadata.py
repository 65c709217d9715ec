"""The schema of the editable metadata (``raw/<name>.toml``, ``raw/corrections.toml``).

TOML gives values but no positions and no types beyond its own, so each file is checked here
against a small typed model: every key the converter reads, its type and whether it is
required. A wrong type, a misspelt key (with a "did you mean") or a bad slug is an error with
the file and the line of the key; an erratum or correction whose text is not on its raw line is
a warning (``unmatched``), since the converter could only place it approximately.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .diagnostics import EditionError
from .slugs import slug_problem

Check = Callable[[Any], str | None]  # a value's problem, or None


def _string(value: Any) -> str | None:
    return None if isinstance(value, str) else f"must be a string, not {_kind(value)}"


def _text(value: Any) -> str | None:
    problem = _string(value)
    if problem is None and not value.strip():
        return "must not be empty"
    return problem


def _boolean(value: Any) -> str | None:
    return None if isinstance(value, bool) else (f"must be true or false (without quotes), "
                                                 f"not {_kind(value)}")


def _line(value: Any) -> str | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and value >= 1
    return None if ok else f"must be a raw line number (a whole number from 1), not {value!r}"


def _strings(value: Any) -> str | None:
    if isinstance(value, str):
        return f'must be a list of strings, e.g. ["{value}"], not a single string'
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return f"must be a list of strings, not {_kind(value)}"
    return None


DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def _date(value: Any) -> str | None:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return None
    if not isinstance(value, str) or not DATE.fullmatch(value):
        return f"must be a date written YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}"
    return None


def _year(value: Any) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return None
    return None if isinstance(value, str) and re.fullmatch(r"\d{4}", value) else \
        f"must be a year (YYYY), not {value!r}"


def _one_of(*allowed: str) -> Check:
    def check(value: Any) -> str | None:
        if isinstance(value, str) and value in allowed:
            return None
        return f"{value!r} is not one of {', '.join(allowed)}"
    return check


def _slug(value: Any) -> str | None:
    return slug_problem(value)


def _table(value: Any) -> str | None:
    """A table whose own keys another part checks (a profile's conventions and thresholds)."""
    return None if isinstance(value, dict) else f"must be a table, not {_kind(value)}"


def _kind(value: Any) -> str:
    names = {str: "a string", bool: "true/false", int: "a number", float: "a number",
             list: "a list", dict: "a table"}
    return names.get(type(value), type(value).__name__)


@dataclass(frozen=True)
class Key:
    check: Check
    required: bool = False


@dataclass(frozen=True)
class Table:
    """A TOML table (or each table of an array of tables) and its keys."""

    keys: Mapping[str, Key]
    many: bool = False  # [[name]]: an array of tables
    required: bool = False


KINDS = ("book-volume", "article", "excerpt")
CERT = ("high", "medium", "low")

ENTRY = {  # an erratum or an editorial note: placed after `found` on raw line `line`
    "type": Key(_string), "line": Key(_line), "found": Key(_text), "correct": Key(_string),
    "text": Key(_text, required=True),
}
SOURCE = {  # the printed source (tei/header.py source_bibl)
    "title": Key(_text), "author": Key(_text), "collection": Key(_text), "volume": Key(_text),
    "volume_title": Key(_text), "pages": Key(_text), "place": Key(_text), "publisher": Key(_text),
    "year": Key(_year), "cert": Key(_one_of(*CERT)), "note": Key(_text),
}


def source_schema(profiles: tuple[str, ...]) -> dict[str, Key | Table]:
    """The keys of ``raw/<name>.toml``; ``profiles`` are the conversion profiles known."""
    return {
        "slug": Key(_slug, required=True),
        "title": Key(_text, required=True),
        "short": Key(_text),  # a short title: the print edition's running head (never cut)
        "authors": Key(_strings, required=True),
        "author_refs": Key(_strings),
        "date": Key(_date, required=True),
        "date_from": Key(_date),
        "date_to": Key(_date),
        "kind": Key(_one_of(*KINDS), required=True),
        "language": Key(_text, required=True),
        "profile": Key(_one_of(*profiles), required=True),
        "speech": Key(_boolean),
        "speakers": Key(_strings),
        "source": Table(SOURCE),
        "errata": Table(ENTRY, many=True),
        "editorial_notes": Table(ENTRY, many=True),
        # this source's overrides of its profile (checked by the profile registry)
        "conventions": Key(_table),
        "thresholds": Key(_table),
        "guessed": Key(_strings),  # keys `edition add` guessed and the editor has not confirmed
    }


CORRECTION = {"source": Key(_slug, required=True), "line": Key(_line, required=True),
              "found": Key(_text, required=True), "reading": Key(_string, required=True),
              "kind": Key(_one_of("sic", "orig")), "cert": Key(_one_of(*CERT)), "why": Key(_string)}
NOTE_START = {"source": Key(_slug, required=True), "line": Key(_line, required=True),
              "n": Key(_line, required=True), "why": Key(_string)}
NOTE_CONTINUES = {"source": Key(_slug, required=True), "line": Key(_line, required=True),
                  "why": Key(_string)}
CORRECTIONS_SCHEMA: dict[str, Key | Table] = {
    "correction": Table(CORRECTION, many=True),
    "note_start": Table(NOTE_START, many=True),
    "note_continues": Table(NOTE_CONTINUES, many=True),
}


class Positions:
    """Where a key stands in the TOML text (tomllib gives values only): its line number."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self._headers: dict[str, list[int]] = {}  # a table's header lines, found once

    def header(self, table: str, index: int = 0) -> int | None:
        hits = self._headers.get(table)
        if hits is None:
            pattern = re.compile(r"\s*\[\[?\s*" + re.escape(table) + r"\s*\]\]?\s*(#.*)?$")
            hits = self._headers[table] = [i + 1 for i, ln in enumerate(self.lines) if pattern.match(ln)]
        return hits[index] if index < len(hits) else None

    def key(self, key: str, table: str | None = None, index: int = 0) -> int | None:
        """The line of ``key`` at the top (``table`` None) or in the index-th ``[table]``;
        the table's header line when the key is not written there."""
        start = self.header(table, index) if table else 0
        if start is None:
            return None
        pattern = re.compile(r"\s*[\"']?" + re.escape(key) + r"[\"']?\s*=")
        for i in range(start, len(self.lines)):
            if re.match(r"\s*\[", self.lines[i]):
                break  # the next table: the key is not in this one
            if pattern.match(self.lines[i]):
                return i + 1
        return start or None


def check(data: dict[str, Any], schema: Mapping[str, Key | Table], path: Path,
          text: str) -> None:
    """Raise an EditionError (file:line) for the first problem; the message counts the others."""
    problems = list(_problems(data, schema, Positions(text)))
    if problems:
        line, message = problems[0]
        more = f" (and {len(problems) - 1} more problem(s) in this file)" if len(problems) > 1 else ""
        raise EditionError(message + more, file=path, line=line)


def _problems(data: Mapping[str, Any], schema: Mapping[str, Key | Table], where: Positions,
              table: str | None = None, index: int = 0) -> Iterator[tuple[int | None, str]]:
    prefix = f"[{table}] " if table else ""
    for name, value in data.items():
        spec = schema.get(name)
        # a key's line is looked up only for a problem: a list of corrections has thousands of keys
        if spec is None:
            close = difflib.get_close_matches(name, list(schema), n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else \
                f"; known keys: {', '.join(sorted(schema))}"
            yield where.key(name, table, index), f"{prefix}unknown key {name!r}{hint}"
        elif isinstance(spec, Key):
            problem = spec.check(value)
            if problem:
                yield where.key(name, table, index), f"{prefix}{name} {problem}"
        else:
            yield from _table_problems(name, value, spec, where)
    for name, spec in schema.items():
        if spec.required and name not in data:
            yield (where.header(table, index) if table else 1), f"{prefix}missing required key {name!r}"


def _table_problems(name: str, value: Any, spec: Table,
                    where: Positions) -> Iterator[tuple[int | None, str]]:
    tables = value if spec.many else [value]
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        shape = f"[[{name}]] tables" if spec.many else f"a [{name}] table"
        yield where.key(name), f"{name} must be {shape}, not {_kind(value)}"
        return
    for i, entry in enumerate(tables):
        yield from _problems(entry, spec.keys, where, name, i)


def unmatched(entries: list[tuple[str, dict[str, Any]]], lines: list[str]) -> Iterator[str]:
    """A message for each (label, entry) whose ``found`` is not on its raw ``line``."""
    for label, entry in entries:
        line, found = entry.get("line"), entry.get("found")
        if not isinstance(line, int) or not isinstance(found, str):
            continue
        if line > len(lines):
            yield f"{label}: raw line {line} does not exist (the file has {len(lines)} lines)"
        elif found not in lines[line - 1]:
            yield f"{label}: {found!r} is not on raw line {line}"


def unmatched_entries(source: Any, raw_text: str, corrections: dict[str, Any]) -> Iterator[str]:
    """Warnings for the errata, editorial notes and listed corrections of ``source`` that do not
    match its raw text (``found`` not on ``line``)."""
    lines = raw_text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    meta = source.raw_path.with_suffix(".toml").name
    entries = [(f"{meta}: erratum {i}", e) for i, e in enumerate(source.errata, 1)]
    entries += [(f"{meta}: editorial note {i}", e) for i, e in enumerate(source.editorial_notes, 1)]
    entries += [(f"corrections.toml: correction for {source.slug} at line {e.get('line')}", e)
                for e in corrections.get("correction", []) if e.get("source") == source.slug]
    yield from unmatched(entries, lines)


def unknown_correction_sources(corrections: dict[str, Any], slugs: set[str]) -> Iterator[str]:
    """Warnings for corrections that name no text of the edition (a misspelt slug)."""
    for table in ("correction", "note_start", "note_continues"):
        for entry in corrections.get(table, []):
            slug = entry.get("source")
            if slug not in slugs:
                close = difflib.get_close_matches(str(slug), sorted(slugs), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                yield (f"corrections.toml: [[{table}]] at line {entry.get('line')} names source "
                       f"{slug!r}, which is no text of the edition{hint}")
