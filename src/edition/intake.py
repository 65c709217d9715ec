"""Taking a new text into the edition (``edition add``): guess its metadata from the text itself.

Every guess names the evidence it rests on (a raw line) so that the editor can check it; the
metadata file marks each guessed key (a ``# guess`` comment and the ``guessed`` list) until the
editor confirms it. Nothing here names one source: the guesses read general conventions of the
three kinds of text the edition takes in (pasted web or e-text pages, OCR'd articles, printed
volumes) — line lengths, citation lines, datelines, signatures, a volume statement in a preface.
"""

from __future__ import annotations

import calendar
import hashlib
import json
import re
import statistics
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .convert.web import NAME_LINE, bare_name
from .profiles import Conventions

# A pasted web page keeps a paragraph on one line; OCR and print wrap at the measure.
WRAPPED_MEDIAN_MAX = 120  # median characters per non-empty line at or below which a text is wrapped
# A printed volume repeats page furniture: running heads (short lines in capitals) and folios.
BOOK_MIN_LINES = 3000  # non-empty lines: a volume is long
BOOK_MIN_FURNITURE_PER_1000 = 4.0  # furniture-like lines per 1000 non-empty lines
SHORT_LINE = 60  # a running head or folio is at most this long

PROFILE_KIND = {"plain": "excerpt", "web-transcription": "excerpt", "ocr-article": "article",
                "printed-book": "book-volume"}
WEB_PROFILE = "web-transcription"  # its labels and link words are what a web page's furniture is
WEB_MIN_LABELS = 2  # labelled source lines ("Source: …", "Publisher: …") that make a web page ...
WEB_MIN_LABELS_WITH_LINKS = 1  # ... or this many with a navigation line

MONTHS = list(calendar.month_name)[1:]  # English: Python leaves LC_TIME at "C" unless told
MONTH_NUMBER = {m: i for i, m in enumerate(MONTHS, 1)}
FULL_DATE = re.compile(rf"\b({'|'.join(MONTHS)})\s+(\d{{1,2}}),\s+(\d{{4}})|"
                       rf"\b(\d{{1,2}})\s+({'|'.join(MONTHS)}),?\s+(\d{{4}})")
DATELINE = re.compile(rf"^\s*(?:[A-Z][a-z]+,\s+)?({'|'.join(MONTHS)})\s+(\d{{1,2}}),\s+(\d{{4}})\s*\.?\s*$")
YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")
# "Harpal Brar, Trotskyism or Leninism (1993), 146-7." — author, title (year), pages.
CITATION = re.compile(r"^\s*(?P<author>[A-Z][\w.'’ -]{2,60}?),\s+(?P<title>[^()]{3,200}?)\s*"
                      r"\((?P<year>1[5-9]\d\d|20\d\d)\)(?:,\s*(?:pp?\.\s*)?(?P<pages>[\dIVXLCivxlc]+"
                      r"(?:\s*[-–]\s*[\dIVXLCivxlc]+)?))?\.?\s*$")
# "The sixth volume of J. V. Stalin's Works contains ... of the year 1924."
ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
            "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
            "seventeenth", "eighteenth", "nineteenth", "twentieth"]
VOLUME_STATEMENT = re.compile(
    rf"\b(?:The|This)\s+({'|'.join(ORDINALS)}|\d+(?:st|nd|rd|th))\s+volume\s+of\s+"
    r"(?P<author>(?:[A-Z]\.\s*){0,3}[A-Z][\w-]+)[’']s\s+(?P<work>(?:[A-Z][\w-]+\s?){1,4})",
)
YEAR_OF_VOLUME = re.compile(r"\b(?:of|in)\s+the\s+years?\s+(\d{4})(?:\s*[-–]\s*(\d{4}))?")
# A signature: initials and a surname alone on a line ("J. STALIN", "J. V. Stalin"), or "By Name".
SIGNATURE = re.compile(r"^\s*((?:[A-Z]\.\s*){1,3}[A-Z][A-Za-z-]+)\s*$")
BYLINE = re.compile(r"^\s*[Bb]y\s+((?:[A-Z][\w.'’-]*\s*){1,4})\s*$")


@dataclass
class Guess:
    """One metadata value guessed from the text, with the line it rests on (1-based, 0: none)."""

    key: str
    value: object
    evidence: str
    line: int = 0


@dataclass
class Intake:
    """What ``edition add`` found out about a new text."""

    guesses: list[Guess] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # required keys nothing in the text tells

    def get(self, key: str) -> object | None:
        return next((g.value for g in self.guesses if g.key == key), None)

    def put(self, guess: Guess | None, key: str) -> None:
        if guess is None:
            self.unknown.append(key)
        else:
            self.guesses.append(guess)


def _nonempty(lines: Sequence[str]) -> list[tuple[int, str]]:
    return [(n, s.strip()) for n, s in enumerate(lines, 1) if s.strip()]


def _furniture_like(text: str) -> bool:
    """A running head in capitals or a bare folio (arabic or roman numerals)."""
    if len(text) > SHORT_LINE:
        return False
    if re.fullmatch(r"[\divxlcIVXLC]{1,5}", text):
        return True
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


@dataclass
class WebPage:
    """A pasted web page's furniture as the web-transcription profile reads it."""

    labelled: list  # convert.web.Labelled, in raw order
    navigation: list[int]  # raw line numbers
    title_lines: list[tuple[int, str]]  # the top's lines that are neither furniture nor text
    unlabelled: int = 0  # the lines of an unlabelled source block (enough of them make one)


def read_web_page(lines: Sequence[str]) -> WebPage:
    from .convert.lines import RawLine
    from .convert.web import is_navigation, is_paragraph, label_pattern, labelled, unlabelled_block
    from .profiles import load

    profile = load(WEB_PROFILE)
    conv, max_nav = profile.conventions, profile.thresholds["navigation_max_words"]
    pattern = label_pattern(conv)
    raw = [RawLine(n, s) for n, s in enumerate(lines, 1) if s.strip()]
    found = [x for ln in raw if (x := labelled(ln, conv, pattern)) is not None]
    block = unlabelled_block(raw, profile, pattern)
    if block and not found:  # another transcriber's block: its lines read as labelled ones
        dates = _unlabelled_dates(raw, conv)
        found = _unlabelled_source(raw, block, conv, {x.line for x in dates}) + dates
    nav = [ln.number for ln in raw if not pattern.match(ln.text) and is_navigation(ln.text, conv, max_nav)]
    top: list[tuple[int, str]] = []
    for ln in raw:
        source_line = bool(pattern.match(ln.text)) or ln.number in block
        if is_paragraph(ln.text, profile) and not source_line:
            break
        if source_line:
            if top:
                break  # the source block ends the title lines
            continue
        if ln.number not in nav:
            top.append((ln.number, ln.text.strip()))
    return WebPage(found, nav, top, len(block))


DATE_LINE_MAX_WORDS = 12  # "Published in …" longer than this is running text
FROM = re.compile(r"^From\s+")  # "From A. B. Author, Works": the printed source


def _unlabelled_source(raw: list, block: set[int], conv: Conventions, dated: set[int]) -> list:
    """An unlabelled source block's lines naming the printed source ("From …, Works" / publisher /
    place, year / "Vol. N, pp. N") read as one "Source" line; its dates ("Published …", as the
    profile's labels open them) and licence ("© …") are not."""
    from .convert.web import Labelled

    dates = tuple(w.lower() for w in (*conv.source_block_written, *conv.source_block_published))
    parts = [ln for ln in raw if ln.number in block and ln.number not in dated
             and not ln.text.strip().lower().startswith(dates)
             and not any(m.lower() in ln.text.lower() for m in conv.licence_marks)]
    value = ", ".join(FROM.sub("", ln.text.strip()).strip(" ,") for ln in parts)
    return [Labelled("source", "", value, parts[0].number)] if parts else []


def _unlabelled_dates(raw: list, conv: Conventions) -> list:
    """"Written in November 1926", "Published in a paper, …": short lines opening with the
    profile's written or published labels and "in"/"on": when written, when published."""
    from .convert.web import Labelled

    out = []
    for role in ("written", "published"):
        labels = "|".join(map(re.escape, getattr(conv, f"source_block_{role}")))
        opening = re.compile(rf"^(?P<label>(?:{labels})\s+(?:in|on))\s+(?P<value>\S.*)$", re.IGNORECASE)
        for ln in raw:
            if (m := opening.match(ln.text.strip())) and len(ln.text.split()) <= DATE_LINE_MAX_WORDS:
                out.append(Labelled(role, m.group("label"), m.group("value"), ln.number))
    return out


def is_web_page(page: WebPage) -> bool:
    return len(page.labelled) >= WEB_MIN_LABELS or page.unlabelled > 0 or \
        (len(page.labelled) >= WEB_MIN_LABELS_WITH_LINKS and bool(page.navigation))


WEB_SEPARATED_MIN = 0.8  # the share of lines a blank line follows on a page of one paragraph a line
BRACKET_ENTRY = re.compile(r"^\[(\d{1,3})\]\s+\S")  # "[1] The note."
BRACKET_CALL = re.compile(r"\S\s?\[(\d{1,3})\]")  # "the police. [1]", "Comintern.[40]"


def _web_notes(body: list[tuple[int, str]]) -> int:
    """A page without source block is a web transcription when its lines are separated by blank
    lines (a paragraph a line, not wrapped) and its text calls "[N]" the notes listed "[N] …" at
    its end: how many calls find their note (0: not such a page)."""
    if len(body) < 2:
        return 0
    separated = sum(1 for (n, _), (m, _) in zip(body, body[1:], strict=False) if m > n + 1)
    if separated < WEB_SEPARATED_MIN * (len(body) - 1):
        return 0
    listed = {m.group(1) for _, s in body if (m := BRACKET_ENTRY.match(s))} | _headed_entries(body)
    return sum(1 for _, s in body if not BRACKET_ENTRY.match(s) for m in BRACKET_CALL.finditer(s)
               if m.group(1) in listed)


def _headed_entries(body: list[tuple[int, str]]) -> set[str]:
    """The numbers of the entries ("1. …", "1) …") listed under the page's last notes heading
    ("Notes"): a page may number its notes so when its calls are "[1]"."""
    from .convert.web import entry_number
    from .profiles import load

    headings = {h.lower() for h in load(WEB_PROFILE).conventions.notes_headings}
    at = next((k for k in range(len(body) - 1, -1, -1) if body[k][1].rstrip(":").strip().lower() in headings),
              None)
    return set() if at is None else {n for _, s in body[at + 1:] if (n := entry_number(s))}


def guess_profile(lines: Sequence[str], page: WebPage | None = None) -> Guess:
    body = _nonempty(lines)
    if page is not None and not is_web_page(page) and (notes := _web_notes(body)):
        return Guess("profile", WEB_PROFILE, f"one paragraph a line between blank lines, {notes} "
                                             "\"[N]\" call(s) of the notes listed at the end", 0)
    if page is not None and is_web_page(page):
        labels = ", ".join(x.label for x in page.labelled[:4])
        return Guess("profile", WEB_PROFILE, f"a web page's source block ({labels}) and "
                                             f"{len(page.navigation)} navigation line(s)",
                     page.labelled[0].line if page.labelled else 0)
    median = statistics.median(len(s) for _, s in body) if body else 0
    if median > WRAPPED_MEDIAN_MAX:
        return Guess("profile", "plain",
                     f"paragraphs on one line each (median {median:.0f} characters a line)")
    furniture = sum(1 for _, s in body if _furniture_like(s))
    rate = 1000 * furniture / max(len(body), 1)
    if len(body) >= BOOK_MIN_LINES and rate >= BOOK_MIN_FURNITURE_PER_1000:
        return Guess("profile", "printed-book",
                     f"{len(body)} wrapped lines with {furniture} running heads or folios")
    if folios := _folios_at_page_rhythm(lines):
        return Guess("profile", "printed-book",
                     f"{len(body)} wrapped lines with {folios} page numbers rising at a page's rhythm")
    return Guess("profile", "ocr-article",
                 f"{len(body)} wrapped lines (median {median:.0f} characters), few running heads")


BOOK_PROFILE = "printed-book"  # its thresholds say what a page of a printed book looks like


def _folios_at_page_rhythm(lines: Sequence[str]) -> int:
    """How many printed pages the layout learner finds (page numbers rising at the rhythm of
    a page, with their running heads): pages of a printed book, however few (0: none)."""
    from .convert.layout import LayoutLimits, learn_layout
    from .convert.lines import RawLine
    from .profiles import load

    raw = [RawLine(n, s) for n, s in enumerate(lines, 1)]
    layout = learn_layout(raw, LayoutLimits.of(load(BOOK_PROFILE).thresholds))
    return len(layout.printed)


def guess_citation(lines: Sequence[str]) -> Guess | None:
    """A citation line near the top ("Author, Title (Year), pages.") names the printed source."""
    for n, s in _nonempty(lines)[:3]:
        m = CITATION.match(s)
        if m:
            value = {k: v.strip() for k, v in m.groupdict().items() if v}
            return Guess("source", value, f"citation line {s!r}", n)
    return None


def guess_volume(lines: Sequence[str]) -> Guess | None:
    """A preface's volume statement: "The sixth volume of X's Works contains … of the year 1924"."""
    head = "\n".join(lines[:200])
    m = VOLUME_STATEMENT.search(head.replace("\n", " "))
    if not m:
        return None
    ordinal = m.group(1).lower()
    number = ORDINALS.index(ordinal) + 1 if ordinal in ORDINALS else int(re.sub(r"\D", "", ordinal))
    value: dict[str, str] = {"author": m.group("author").strip(), "title": m.group("work").strip(),
                             "volume": str(number)}
    years = YEAR_OF_VOLUME.search(head.replace("\n", " "), m.end())
    if years:
        value["years"] = years.group(1) + (f"-{years.group(2)}" if years.group(2) else "")
    line = head[:m.start()].count("\n") + 1
    return Guess("volume", value, f"volume statement {m.group(0)!r}", line)


def guess_title(lines: Sequence[str], profile: str, citation: Guess | None,
                volume: Guess | None) -> Guess | None:
    if volume is not None:
        v = volume.value
        assert isinstance(v, dict)
        title = f"{v['title']}, Volume {v['volume']}" + (f": {v['years']}" if "years" in v else "")
        return Guess("title", title, volume.evidence, volume.line)
    body = _nonempty(lines)
    if citation is not None:  # the title follows the citation line
        body = [(n, s) for n, s in body if n > citation.line]
    labels = _scrape_labels(lines)
    body = [(n, s) for n, s in body if n not in labels]
    if not body:
        return None
    n, first = body[0]
    if profile != "plain" and _furniture_like(first) and not first[:1].isalpha():
        return None  # a printed text opening with a section number: its title is not in the text
    if len(first) > 200:
        return None  # running text, not a heading
    if profile != "plain" and _wrapped_prose(lines, body, n):
        return None  # the text opens with its first paragraph: its title is not in the text
    return Guess("title", first.rstrip(" ."), f"first line {first!r}", n)


WRAPPED_TITLE_SHARE = 0.8  # a line this near the text's measure, run on by the next, is prose


def _scrape_labels(lines: Sequence[str]) -> set[int]:
    """The raw lines of the labels a scraped page repeats above the text (around its images
    or advertisements), as an article's converter reads them: no title, which is printed once."""
    from .convert.heads import scrape_labels
    from .convert.lines import RawLine
    from .profiles import load

    limit = load(BOOK_PROFILE).thresholds
    raw = [RawLine(n, s) for n, s in enumerate(lines, 1) if s.strip()]
    return scrape_labels(raw, limit["title_max"], limit["label_min_repeats"])


def _wrapped_prose(lines: Sequence[str], body: list[tuple[int, str]], n: int) -> bool:
    """Line ``n`` is a wrapped line of running text: in mixed case, as long as the text's
    lines run, and the next line follows it with no blank line between."""
    text = lines[n - 1].strip()
    follows = n < len(lines) and bool(lines[n].strip())
    measure = statistics.median(len(s) for _, s in body)
    letters = [c for c in text if c.isalpha()]
    in_capitals = bool(letters) and all(c.isupper() for c in letters)
    return follows and not in_capitals and len(text) >= WRAPPED_TITLE_SHARE * measure


def guess_authors(lines: Sequence[str], citation: Guess | None, volume: Guess | None) -> Guess | None:
    for g in (citation, volume):
        if g is not None and isinstance(g.value, dict) and g.value.get("author"):
            return Guess("authors", [g.value["author"]], g.evidence, g.line)
    body = _nonempty(lines)
    for n, s in body[:10]:
        m = BYLINE.match(s)
        if m:
            return Guess("authors", [m.group(1).strip()], f"byline {s!r}", n)
    for n, s in reversed(body[-10:]):
        m = SIGNATURE.match(s)
        if m:
            return Guess("authors", [_title_case(m.group(1))], f"signature {s!r}", n)
    return None


def _title_case(name: str) -> str:
    return " ".join(w if w.endswith(".") else w.capitalize() for w in name.split())


def guess_date(lines: Sequence[str], citation: Guess | None, volume: Guess | None) -> Guess | None:
    """The dateline at the end of the text, else the volume's year, else the citation's year."""
    body = _nonempty(lines)
    for n, s in reversed(body[-8:]):
        m = DATELINE.match(s)
        if m:
            month, day, year = MONTH_NUMBER[m.group(1)], int(m.group(2)), m.group(3)
            return Guess("date", f"{year}-{month:02d}-{day:02d}", f"dateline {s!r}", n)
    if volume is not None and isinstance(volume.value, dict) and volume.value.get("years"):
        return Guess("date", volume.value["years"].split("-")[0], volume.evidence, volume.line)
    if citation is not None and isinstance(citation.value, dict):
        return Guess("date", citation.value["year"], citation.evidence, citation.line)
    return None


def _web_title_and_author(page: WebPage) -> tuple[Guess | None, Guess | None]:
    """The title is the top's first line that is not a name alone; such a name is the author."""
    from .convert.web import CONTINUES, DATE_ALONE, LABEL_AND_NUMBER, TITLE_CALL, is_slogan

    title = author = None
    last, last_k = 0, -1
    lines = page.title_lines
    # "Chapter 19" above a line: that line is the title, the lines before it the book's
    label = next((k for k, (_, s) in enumerate(lines[:-1]) if LABEL_AND_NUMBER.match(s)), None)
    if label is not None:
        lines = [x for x in lines[:label] if NAME_LINE.match(bare_name(x[1]))] + lines[label + 1:]
    for k, (n, s) in enumerate(lines):
        name = bare_name(s, dated=title is None)  # above the title: "A. B. Author 1922"
        if DATE_ALONE.match(s):
            continue  # a post's date, not its title
        if author is None and NAME_LINE.match(name):
            author = Guess("authors", [" ".join(name.split())], f"a name alone near the title {s!r}", n)
        elif title is None and not is_slogan(s):
            title = Guess("title", s.rstrip(" ."), f"the page's first line of title {s!r}", n)
            last, last_k = n, k
        elif title is not None and k == last_k + 1 and \
                (str(title.value).split()[-1].lower() in CONTINUES or
                 (n == last + 1 and TITLE_CALL.search(s) and not LABEL_AND_NUMBER.match(s))):
            # the title's next line ("Draft Theses on" / "National and Colonial Questions", a blank
            # line between them or not), or its second line with the call ("… Peasant Women 1")
            title.value = f"{title.value} {s}"
            last, last_k = n, k
    if title is not None:
        title.value = TITLE_CALL.sub("", str(title.value)).rstrip(" .")  # its note call is not the title
    return title, author


def _date_in(value: str) -> str | None:
    m = FULL_DATE.search(value)
    if m:
        month, day, year = (m.group(1), m.group(2), m.group(3)) if m.group(1) else \
            (m.group(5), m.group(4), m.group(6))
        return f"{year}-{MONTH_NUMBER[month]:02d}-{int(day):02d}"
    y = YEAR.search(value)
    return y.group(1) if y else None


def _web_date(page: WebPage, title_line: int = 0) -> Guess | None:
    """When written or delivered (the block's line, else a full date under the title: "Adopted
    …, September 1, 1928"), else when first published, else the year of the printed source."""
    def labelled(role: str) -> Guess | None:
        for x in page.labelled:
            if x.role == role and (date := _date_in(x.value)):
                return Guess("date", date, f"source block {x.label}: {x.value!r}", x.line)
        return None

    under_title = next((Guess("date", _date_in(s), f"a date under the title {s!r}", n)
                        for n, s in page.title_lines[1:] if FULL_DATE.search(s) and n > title_line), None)
    return labelled("written") or under_title or labelled("published") or labelled("source")


# "pp. 145-205", "page 360", "pages 398b-399a" (a page's column or half after its number)
PAGES_PART = re.compile(r"^(?:pp?\.|pages?)\s*(\d+[a-z]?(?:\s*[–-]\s*\d+[a-z]?)?)$", re.IGNORECASE)
# "2nd English Edition", "Third edition": which edition, not a title, publisher or place
EDITION_PART = re.compile(r"^(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|new|revised)\b.{0,30}"
                          r"\bedition$", re.IGNORECASE)
# a place: one to three capitalised words ("Moscow", "New York"), no digits
PLACE_PART = re.compile(r"^[A-Z][a-z'’.-]+(?:\s+[A-Z][a-z'’.-]+){0,2}$")
MONTH_IN = re.compile(rf"\b(?:{'|'.join(MONTHS)})\b")
BY = re.compile(r"^[Bb]y\s+")  # "by A. B. Author"
PLACE_PUBLISHER = re.compile(r"^([A-Z][\w .'-]{1,40}?)\s*:\s*(\S.*)$")
VOLUME_PART = re.compile(r"^Vol(?:ume|\.)?\s*(\w+)$", re.IGNORECASE)


def _publication(value: str) -> dict[str, str]:
    """The parts of "Title, Publisher, Place, Year, Volume N, pp. N" in any order: pages, year
    and volume by their shape, the rest in order (with a volume, the first is its collection);
    a part naming a span of dates ("December 1926 - July 1927") is the volume's, left out."""
    out: dict[str, str] = {}
    rest = []
    for part in (p.strip().rstrip(".;") for p in value.split(",")):
        if EDITION_PART.match(part):
            continue
        if (m := PAGES_PART.match(part)) is not None:
            out.setdefault("pages", m.group(1).strip())
        elif (m := VOLUME_PART.match(part)) is not None:
            out.setdefault("volume", m.group(1))
        elif re.fullmatch(r"1[5-9]\d\d|20\d\d", part):
            out["year"] = part  # the last year printed: the edition's
        elif (m := PLACE_PUBLISHER.match(part)) is not None:  # "Moscow: Progress Publishers"
            out.setdefault("place", m.group(1))
            out.setdefault("publisher", m.group(2))
        elif MONTH_IN.search(part) and not MONTH_IN.sub("", part).strip(" -–/"):
            continue  # "January-November": the months a volume spans, not a place or title
        elif YEAR.search(part) and MONTH_IN.search(part):
            # the year of an issue ("July-September 1922"), only if no other year is printed
            out.setdefault("span_year", YEAR.findall(part)[-1])
        elif part:
            rest.append(part)
    return out | {"parts": "\x00".join(rest)}


def _has_mark(part: str, marks: Sequence[str]) -> bool:
    return any(re.search(rf"\b{re.escape(m)}\b", part) for m in marks)


def _publisher_and_place(parts: list[str], conv: Conventions) -> tuple[str | None, str | None]:
    """The part showing a publisher's mark ("Progress Publishers"), and the place: the one short
    capitalised part after it ("Moscow"; with two such parts it is not known which)."""
    publisher = next((p for p in parts if _has_mark(p, conv.publisher_marks)), None)
    if publisher is None:
        return None, None
    places = [p for p in parts[parts.index(publisher) + 1:] if PLACE_PART.match(p)
              and not _has_mark(p, conv.collection_words)]
    return publisher, places[0] if len(places) == 1 else None


def _is_collection(part: str, conv: Conventions) -> bool:
    """"X Collected Works", "Selected Works": a collection's title, though it may read as a name."""
    return any(part.endswith(w) for w in conv.collection_words)


def _web_source(page: WebPage) -> Guess | None:
    """The printed source the block names: its title (or collection and volume), publisher,
    place and year, from the "Source" line and a "Publisher" line."""
    from .profiles import load

    conv = load(WEB_PROFILE).conventions
    value: dict[str, str] = {}
    evidence, first = [], 0
    spans: list[str] = []  # the years of issues ("July-September 1922"): the year if no other
    for x in page.labelled:
        if x.role not in ("source", "publisher") or x.role in value.get("_roles", ""):
            continue
        found = _publication(x.value)
        parts = found.pop("parts").split("\x00") if found.get("parts") else []
        publisher, place = _publisher_and_place(parts, conv)
        if publisher is not None:
            value.setdefault("publisher", publisher)
            parts = [p for p in parts if p not in (publisher, place)]
            if place is not None:
                value.setdefault("place", place)
        if x.role == "publisher" and "year" in found:
            value["year"] = found.pop("year")  # the edition's year: the publisher's line says it
        if x.role == "source":
            # "Author, Title, …": a name of two words or more ("Works" alone is a title, and so
            # is a collection "X Collected Works")
            if len(parts) > 1 and NAME_LINE.match(parts[0]) and len(parts[0].split()) > 1 and \
                    not _is_collection(parts[0], conv):
                value["author"] = parts.pop(0)
            if parts:
                value["collection" if "volume" in found else "title"] = parts[0]
            rest = parts[1:]
        else:
            rest = parts
        if rest and "publisher" not in value and (x.role == "publisher" or len(rest) >= 2):
            value["publisher"] = rest.pop(0)
        if rest:
            value.setdefault("place", rest[0])
        for k in ("place", "publisher", "volume", "year", "pages"):
            if k in found:
                value.setdefault(k, found[k])
        spans.append(found.get("span_year", ""))
        value["_roles"] = value.get("_roles", "") + x.role
        evidence.append(f"{x.label}: {x.value!r}")
        first = first or x.line
    value.pop("_roles", None)
    if "year" not in value and any(spans):
        value["year"] = next(y for y in spans if y)
    return Guess("source", value, "source block " + "; ".join(evidence), first) if value else None


def slugify(title: str, limit: int = 6) -> str:
    """A URL-safe slug of the title's first words: lower case ASCII, hyphens."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())
    stop = {"the", "a", "an", "of", "and", "in", "on", "to", "for"}
    kept = [w for w in words if w not in stop] or words
    slug = "-".join(kept[:limit]) or "text"
    # a slug begins with a letter (it is the document's xml:id): "1905-and-after" → "text-1905-…"
    return slug if slug[0].isalpha() else f"text-{slug}"


def guess_metadata(text: str, file_stem: str = "", profile_given: str | None = None) -> Intake:
    """Every metadata value the text itself suggests, each with its evidence; with the editor's
    ``profile_given`` the other guesses (kind, title…) follow that profile."""
    lines = text.split("\n")
    intake = Intake()
    page = read_web_page(lines)
    profile = (Guess("profile", profile_given, "given on the command line") if profile_given
               else guess_profile(lines, page))
    intake.put(profile, "profile")
    assert isinstance(profile.value, str)
    if profile.value in PROFILE_KIND:  # a project's own profile: the editor says the kind
        intake.put(Guess("kind", PROFILE_KIND[profile.value], f"from the profile {profile.value}"),
                   "kind")
    else:
        intake.unknown.append("kind")
    if profile.value == WEB_PROFILE:
        return _web_metadata(intake, page, file_stem)
    citation, volume = guess_citation(lines), guess_volume(lines)
    title = guess_title(lines, profile.value, citation, volume)
    intake.put(title, "title")
    intake.put(guess_authors(lines, citation, volume), "authors")
    intake.put(guess_date(lines, citation, volume), "date")
    _put_slug(intake, title, file_stem)
    intake.put(Guess("language", "en", "the edition's language"), "language")
    for g in (citation, volume):
        if g is not None:
            intake.guesses.append(g)
    return intake


def _web_metadata(intake: Intake, page: WebPage, file_stem: str) -> Intake:
    """A web page's metadata: title and author from its top lines, date and source from its
    source block."""
    title, author = _web_title_and_author(page)
    intake.put(title, "title")
    intake.put(author, "authors")
    # a date above the title is a post's (a blog's), not necessarily the text's
    intake.put(_web_date(page, title.line if title is not None else 0), "date")
    _put_slug(intake, title, file_stem)
    intake.put(Guess("language", "en", "the edition's language"), "language")
    source = _web_source(page)
    if source is not None:
        intake.guesses.append(source)
    return intake


def _put_slug(intake: Intake, title: Guess | None, file_stem: str) -> None:
    if title is not None:
        intake.put(Guess("slug", slugify(str(title.value)), "from the title"), "slug")
    elif file_stem:
        intake.put(Guess("slug", slugify(file_stem), "from the file name"), "slug")
    else:
        intake.unknown.append("slug")


def _toml(value: object) -> str:
    """A TOML value for a string, list of strings or number (JSON's escapes are TOML's)."""
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, ensure_ascii=False)


def metadata_toml(intake: Intake, raw_name: str) -> str:
    """The metadata file for a new text: each guessed key marked, unknown required keys listed."""
    source: dict[str, str] = {}
    for g in intake.guesses:
        if g.key in {"source", "volume"} and isinstance(g.value, dict):
            source.update({k: str(v) for k, v in g.value.items() if k != "years"})
    out = [f"# Source metadata for {raw_name}, written by `edition add`. Every value marked",
           "# `# guess` was read from the text by rule: check it, then remove its name from `guessed`.",
           ""]
    top = [g for g in intake.guesses if g.key not in {"source", "volume"}]
    for g in top:
        where = f" (line {g.line})" if g.line else ""
        out.append(f"{g.key} = {_toml(g.value)}  # guess: {g.evidence}{where}"[:400])
    for key in intake.unknown:
        empty = "[]" if key == "authors" else '""'
        out.append(f"{key} = {empty}  # unknown: the text does not say; fill in")
    out.append("speech = false  # guess: set true for a speech or report")
    out.append(f"guessed = {_toml([g.key for g in top] + intake.unknown)}")
    if source:
        out += ["", "[source]  # guess: the printed source the text names"]
        out += [f"{k} = {_toml(v)}" for k, v in source.items()]
        out.append('cert = "low"')
    return "\n".join(out) + "\n"


def raw_file_name(raw_dir: Path, slug: str) -> str:
    """The next free ``NNN_<slug>`` name in ``raw_dir`` (numbers keep the edition's order)."""
    numbers = [int(m.group(1)) for p in raw_dir.glob("*.txt") if (m := re.match(r"(\d+)_", p.name))]
    return f"{(max(numbers) + 1) if numbers else 0:03d}_{slug}"


def content_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
