"""The one registry of conversion profiles: a profile is a data file, ``<name>.toml``.

A profile names the reader that builds the document, the layout conventions it follows and
every threshold it uses, each with a comment in the file. The built-in profiles are the
TOML files of this package; a project may add its own (``profiles/<name>.toml`` in the
project folder, which replaces a built-in one of the same name). A source's metadata
(``raw/<name>.toml``) names its profile and may override any convention (``[conventions]``)
or threshold (``[thresholds]``) for that source alone: what one source prints (its stamp,
the heading of its notes) belongs there, never in the code.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

from ..diagnostics import EditionError
from ..project import Project

KEYS = {"extends", "reader", "page_starts", "paragraphs", "apparatus", "corrections", "conventions",
        "thresholds"}  # what a profile file may set
READERS = {"plain", "printed", "web"}
PAGE_STARTS = {"none", "leading-space", "blank-run"}
PARAGRAPHS = {"one-per-line", "inferred", "blank-lines"}
# The thresholds each reader uses: a profile gives all of them, and no others.
READER_THRESHOLDS = {
    "plain": {"title_max"},
    "web": {"title_max", "paragraph_min_words", "heading_max", "heading_max_words", "navigation_max_words",
            "contents_min_items", "licence_max_words",
            "source_block_min_lines"},
    "printed": {"short_line", "merged_line", "proclamation_min_words", "title_max", "subtitle_max",
                "subtitle_max_lines", "head_source_max_lines", "head_source_max_length",
                "closing_group_max_lines", "closing_line_max", "closing_year_line_below",
                "source_wrap_max", "running_head_max", "page_marks_per_1000_lines", "folio_max_gap",
                "page_min_lines", "folio_min_count", "page_rhythm_tolerance_pct",
                "furniture_min_repeats", "furniture_glued_min_repeats", "furniture_glued_min_pct",
                "blank_run_min_pages", "label_min_repeats"},
}


@dataclass(frozen=True)
class Conventions:
    """What a source prints, as data (strings compared as printed, stripped)."""

    notes_headings: tuple[str, ...] = ()  # the line that opens the endnotes section
    front_heads: tuple[str, ...] = ()  # heads of front matter before the first work
    back_running_heads: tuple[str, ...] = ()  # running heads beside page numbers in the back
    stamp_lines: tuple[str, ...] = ()  # a scanner's or library's stamp, as printed line by line
    stamp_tails: tuple[str, ...] = ()  # parts of a stamp split over lines ...
    stamp_tail_after: tuple[str, ...] = ()  # ... a stamp only one or two lines after these
    signature_prefix: str = ""  # printed before a signature ("Signed: ")
    salutes: tuple[str, ...] = ()  # closing salutes of letters
    source_line_starts: tuple[str, ...] = ()  # openings of a work's source line (publication)
    note_entry_openings: tuple[str, ...] = ()  # words that open an endnote entry
    # A pasted web page's source block: "Label: value" lines, by what the value tells
    source_block_source: tuple[str, ...] = ()  # the printed source ("Source")
    source_block_publisher: tuple[str, ...] = ()  # its publisher ("Publisher")
    source_block_written: tuple[str, ...] = ()  # when written or delivered ("Written", "Delivered")
    source_block_published: tuple[str, ...] = ()  # when first published ("First Published")
    source_block_responsibility: tuple[str, ...] = ()  # who transcribed, marked up, translated
    source_block_licence: tuple[str, ...] = ()  # the page's licence ("Public Domain", "Copyleft")
    source_block_other: tuple[str, ...] = ()  # other labelled lines ("Online Version")
    source_block_page: tuple[str, ...] = ()  # the web page's own lines ("Last updated"): text only
    # an unlabelled source block: bibliographic lines, each showing one of these ("Vol.", "pp.")
    source_block_unlabelled: tuple[str, ...] = ()
    licence_marks: tuple[str, ...] = ()  # a licence or copyright line without label ("©")
    contents_headings: tuple[str, ...] = ()  # the heading of a page's contents list ("Contents")
    navigation_words: tuple[str, ...] = ()  # a page's links, alone or between "|": "Home", "Next"
    editor_note_signs: tuple[str, ...] = ()  # how a note of the source's editors ends ("Ed.")
    translator_note_signs: tuple[str, ...] = ()  # how a translator's note ends ("Tr.")
    # a source citation's parts: a publisher's name shows one of these ("Progress Publishers") ...
    publisher_marks: tuple[str, ...] = ()
    # ... and a collection's title ends with one ("X Collected Works"): a title, not an author
    collection_words: tuple[str, ...] = ()

    @cached_property
    def source_start(self) -> re.Pattern[str]:
        return _openings(self.source_line_starts)

    @cached_property
    def salute(self) -> re.Pattern[str]:
        return re.compile("^(?:" + "|".join(map(re.escape, self.salutes)) + ")$") if self.salutes \
            else NEVER

    def signature(self, authors: list[str]) -> re.Pattern[str]:
        """A signature of one of ``authors``: initials (all but the first may be left out),
        the surname possibly letter-spaced, an optional full stop."""
        alternatives = [_signature(a) for a in authors if a.split()]
        if not alternatives:
            return NEVER
        prefix = f"(?:{re.escape(self.signature_prefix)})?" if self.signature_prefix else ""
        return re.compile(rf"^{prefix}(?:{'|'.join(alternatives)})\.?$")

    def note_entry_start(self, authors: list[str]) -> re.Pattern[str]:
        """An endnote entry's opening: a listed word, an author's name, or a name before "(" ."""
        words = [rf"{re.escape(w)}\b" for w in self.note_entry_openings]
        words += [re.escape(a) for a in authors]
        return re.compile(r"^(?:" + "|".join(words + [r"[A-Z][a-z]+ ?\("]) + ")")


NEVER = re.compile(r"(?!)")


def _openings(items: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("^(?:" + "|".join(map(re.escape, items)) + ")") if items else NEVER


def _signature(author: str) -> str:
    *initials, surname = author.split()
    parts = [re.escape(initials[0]) + " ?"] if initials else []
    parts += [f"(?:{re.escape(i)} ?)?" for i in initials[1:]]
    return "".join(parts) + " ?".join(re.escape(c) for c in surname)


@dataclass(frozen=True)
class Profile:
    name: str
    reader: str  # "plain" | "printed"
    page_starts: str  # how a page start is printed: "none" | "leading-space" | "blank-run"
    paragraphs: str  # "one-per-line" | "inferred" (line lengths) | "blank-lines"
    apparatus: bool  # running heads, works, an endnotes section and a chronicle
    corrections: bool  # run the correction rules and the corrections list
    conventions: Conventions = field(default_factory=Conventions)
    thresholds: dict[str, int] = field(default_factory=dict)

    def with_overrides(self, meta: dict[str, Any], where: Path) -> Profile:
        """This profile with a source's ``[conventions]`` and ``[thresholds]`` applied."""
        conv = _conventions(meta.get("conventions", {}), where, self.conventions)
        limits = dict(self.thresholds)
        for key, value in _table(meta.get("thresholds", {}), where, "thresholds").items():
            if key not in limits:
                raise EditionError(f"unknown threshold {key!r} for profile {self.name!r} "
                                   f"(known: {', '.join(sorted(limits))})", file=where)
            limits[key] = _int(value, key, where)
        return replace(self, conventions=conv, thresholds=limits)


def _table(value: Any, where: Path, name: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise EditionError(f"{name} must be a table", file=where)
    return value


def _int(value: Any, key: str, where: Path) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise EditionError(f"threshold {key} must be a whole number", file=where)
    return value


def _conventions(table: Any, where: Path, base: Conventions) -> Conventions:
    known = {f.name: f for f in fields(Conventions)}
    changes: dict[str, Any] = {}
    for key, value in _table(table, where, "conventions").items():
        if key not in known:
            raise EditionError(f"unknown convention {key!r} (known: {', '.join(sorted(known))})",
                               file=where)
        if isinstance(getattr(base, key), str):
            if not isinstance(value, str):
                raise EditionError(f"convention {key} must be a string", file=where)
            changes[key] = value
        else:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise EditionError(f"convention {key} must be a list of strings", file=where)
            changes[key] = tuple(value)
    return replace(base, **changes)


def _parse(text: str, name: str, where: Path, project: Project | None = None,
           seen: tuple[str, ...] = ()) -> Profile:
    """A profile file; ``extends = "other"`` takes the other profile's settings, conventions
    and thresholds, and the file changes what it names."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise EditionError(f"invalid TOML: {exc}", file=where) from None
    unknown = sorted(set(data) - KEYS)
    if unknown:
        raise EditionError(f"unknown profile setting {unknown[0]!r} (known: {', '.join(sorted(KEYS))})",
                           file=where)
    base: dict[str, Any] = {}
    conventions, limits = Conventions(), {}
    if "extends" in data:
        if data["extends"] in (*seen, name):
            raise EditionError(f"profile {name!r} extends itself", file=where)
        parent = load(str(data["extends"]), project, (*seen, name))
        base = {k: getattr(parent, k) for k in ("reader", "page_starts", "paragraphs", "apparatus",
                                                 "corrections")}
        conventions, limits = parent.conventions, dict(parent.thresholds)
    data = base | data
    for key, allowed in (("reader", READERS), ("page_starts", PAGE_STARTS), ("paragraphs", PARAGRAPHS)):
        if data.get(key) not in allowed:
            raise EditionError(f"{key} must be one of {sorted(allowed)}", file=where)
    for key in ("apparatus", "corrections"):
        if not isinstance(data.get(key), bool):
            raise EditionError(f"{key} must be true or false", file=where)
    limits |= {k: _int(v, k, where) for k, v in _table(data.get("thresholds", {}), where,
                                                        "thresholds").items()}
    needed = READER_THRESHOLDS[data["reader"]]
    if set(limits) != needed:
        wrong = sorted(set(limits) ^ needed)
        raise EditionError(f"thresholds missing or unknown for reader {data['reader']!r}: "
                           f"{', '.join(wrong)}", file=where)
    return Profile(name, data["reader"], data["page_starts"], data["paragraphs"], data["apparatus"],
                   data["corrections"], _conventions(data.get("conventions", {}), where, conventions),
                   limits)


def builtin_names() -> list[str]:
    return sorted(p.name.removesuffix(".toml") for p in resources.files(__name__).iterdir()
                  if p.name.endswith(".toml"))


def names(project: Project | None = None) -> list[str]:
    """Every profile name: the built-in ones and the project's."""
    own = sorted(p.stem for p in project.profiles_dir.glob("*.toml")) \
        if project is not None and project.profiles_dir.is_dir() else []
    return sorted(set(builtin_names()) | set(own))


def load(name: str, project: Project | None = None, seen: tuple[str, ...] = ()) -> Profile:
    """The profile ``name``: the project's own file if it has one, else the built-in one."""
    if project is not None:
        own = project.profiles_dir / f"{name}.toml"
        if own.is_file():
            return _parse(own.read_text(encoding="utf-8"), name, own, project, seen)
    if name not in builtin_names():
        raise EditionError(f"profile {name!r} is not one of {names(project)}")
    data = resources.files(__name__).joinpath(f"{name}.toml").read_text(encoding="utf-8")
    return _parse(data, name, Path(f"edition/profiles/{name}.toml"), project, seen)
