"""Anomalies a careful editor must see before publication, each a ``Diagnostic``.

Codes (stable): R101 repeated paragraph, R102 unbalanced brackets or quotation marks,
R103 suspicious OCR token, R104 note call without note, R105 note without call,
R106 inconsistent page numbers, R107 date outside the work's time or contradicting the
metadata, R108 name not in the register, R109 typo seen but not corrected.

Severity "warning" is an open anomaly; "info" one the TEI already addresses (an editorial
note or a correction at the place), which the report still shows.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from ..annotate.typos import find_typos
from ..convert import MIN_DUPLICATE  # the converter's own threshold for a repeat
from ..diagnostics import Diagnostic
from ..tei.xml import NS, TEI_NS, local
from .align import source_reading
from .subject import XML_ID, Subject, nearest_id

Check = Callable[[Subject, "Register"], list[Diagnostic]]


class Register:
    """The ids of the persons and organisations in tei/register.xml."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.ids: set[str] | None = None
        if path is not None and path.exists():
            from ..tei.xml import parse_file

            root = parse_file(path).getroot()
            self.ids = {el.get(XML_ID, "") for el in root.iter() if el.get(XML_ID)}

    def resolves(self, ref: str) -> bool:
        if self.ids is None:
            return False
        prefix, _, name = ref.partition(":")
        return f"{prefix}-{name}" in self.ids if prefix in {"per", "org", "pla"} else False


def _diag(s: Subject, code: str, el: etree._Element, message: str, rule: str,
          addressed: bool = False) -> Diagnostic:
    return Diagnostic(code, "info" if addressed else "warning", str(s.tei_path),
                      el.sourceline or 1, 1, message, element=nearest_id(el), rule=rule)


def _addressed(el: etree._Element) -> bool:
    """The place already carries an editorial note or an editor's correction."""
    return bool(el.xpath(".//tei:note[@type='editorial'] | .//tei:choice[not(@resp='#conv')]",
                         namespaces=NS))


def _plain(el: etree._Element) -> str:
    """The block's edited reading (``corr``/``reg`` of corrections) without furniture and notes:
    the text that may still hold uncorrected errors."""
    copy = etree.fromstring(etree.tostring(el, with_tail=False))
    # encoded note calls (digits, marks) are reported by their own rule, not as stray text
    for node in copy.xpath(".//tei:choice[not(ancestor::tei:ref[@type='noteCall' or @type='crossref'])]"
                           " | .//tei:fw | .//tei:note | .//tei:ref[@type='noteCall' or @type='crossref']",
                           namespaces=NS):
        parent = node.getparent()
        edited = node.xpath("string(tei:corr | tei:reg)", namespaces=NS) if local(node) == "choice" else ""
        tail = edited + (node.tail or "")
        prev = node.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + " " + tail
        else:
            parent.text = (parent.text or "") + " " + tail
        parent.remove(node)
    return source_reading(copy)


# -- R101 ------------------------------------------------------------------
def repeated_paragraphs(s: Subject, reg: Register) -> list[Diagnostic]:
    seen: dict[str, etree._Element] = {}
    out = []
    for el in s.blocks:
        # a chronicle repeats its formulas ("J. V. Stalin speaks at ...") by design
        if local(el) not in {"p", "item", "quote"} or el.xpath("ancestor::tei:div[@type='chronicle']",
                                                                namespaces=NS):
            continue
        reading = source_reading(el)
        if len(reading) < MIN_DUPLICATE:
            continue
        first = seen.get(reading)
        if first is None:
            seen[reading] = el
            continue
        out.append(_diag(s, "R101", el,
                         f"paragraph at {s.where(el)} repeats the paragraph at {s.where(first)} "
                         "word for word", "repeated-paragraph",
                         _addressed(el) or _addressed(first)))
    return out


# -- R102 ------------------------------------------------------------------
_LIST_LABEL = re.compile(r"(?:^|(?<=\s))(?:\d{1,2}|[a-zA-Z]|[ivx]{1,4})\)")
PAIRS = (("(", ")", "parentheses"), ("[", "]", "square brackets"), ("“", "”", "quotation marks"))


def unbalanced_marks(s: Subject, reg: Register) -> list[Diagnostic]:
    chains: list[tuple[etree._Element, str]] = []
    by_id: dict[str, int] = {}
    for el in s.blocks:
        if local(el) == "fw":
            continue
        reading = _LIST_LABEL.sub(" ", source_reading(el))
        prev = (el.get("prev") or "").lstrip("#")
        if prev in by_id:  # a paragraph split by page furniture is checked as one
            i = by_id[prev]
            chains[i] = (chains[i][0], chains[i][1] + " " + reading)
            by_id[el.get(XML_ID, "")] = i
            continue
        by_id[el.get(XML_ID, "")] = len(chains)
        chains.append((el, reading))
    out = []
    for i, (el, text) in enumerate(chains):
        problems = []
        for left, right, name in PAIRS:
            opens, closes = text.count(left), text.count(right)
            if opens == closes:
                continue
            nxt = chains[i + 1][1] if i + 1 < len(chains) else ""
            prv = chains[i - 1][1] if i else ""
            # a quotation over several paragraphs reopens each one and closes only the last
            if left == "“" and opens > closes and nxt.startswith("“"):
                continue
            if left == "“" and closes > opens and text.startswith("“") and prv.count("“") > prv.count("”"):
                continue
            problems.append(f"{name} {left}{right}: {opens} opening, {closes} closing")
        straight = text.count('"')
        if straight % 2:
            problems.append(f'an odd number ({straight}) of straight quotation marks "')
        if problems:
            out.append(_diag(s, "R102", el, f"unbalanced {'; '.join(problems)} at {s.where(el)}",
                             "unbalanced-marks"))
    return out


# -- R103 ------------------------------------------------------------------
OCR_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(?<!\S)\|(?=[\s.,]|$)|(?<!\S)\|(?=[a-z])"), "“|” where a letter (I, l) belongs"),
    (re.compile(r"\b(?!\d+(?:st|nd|rd|th|s)\b)\d+[a-zA-Z]+\d*\b"), "digits run into letters"),
    (re.compile(r"\b[a-zA-Z]+\d+[a-zA-Z]+\b"), "a digit inside a word"),
    (re.compile(r"\bl\d{3}\b"), "“l” for “1” in a number"),
    (re.compile(r"\b[a-z]{2,}[A-Z][a-z]*\b"), "a capital inside a word: a lost hyphen (non-Party)?"),
    (re.compile(r"(?<=[a-z,;] )(?<!What )(?:Is|Are|Was|Were|Of|And|The(?= [a-z]))\b"),
     "a capitalised word mid-sentence (OCR of a lower-case letter?)"),
    (re.compile(r"(?<!\S)[!@#$%^&~(){}<>|\\/]{3,}(?!\S)"), "a cluster of stray symbols"),
    (re.compile(r"[¢©®¬¦¤]"), "a glyph foreign to the text"),
]


def ocr_tokens(s: Subject, reg: Register) -> list[Diagnostic]:
    out = []
    for el in s.blocks:
        if local(el) == "fw":
            continue
        text = _plain(el)
        for pattern, why in OCR_PATTERNS:
            for m in pattern.finditer(text):
                context = text[max(0, m.start() - 25):m.end() + 25]
                out.append(_diag(s, "R103", el, f"suspicious token “{m.group()}” ({why}) at "
                                 f"{s.where(el)}: …{context}…", "ocr-token"))
    return out


# -- R104 / R105 -------------------------------------------------------------
_GLUED_CALL = re.compile(r"(?<=[a-z][.,;:”’)])\d{1,3}(?=\s|$)|(?<=[a-z]”)\d{1,3}(?=\s|$)")
_STAR_CALL = re.compile(r"(?<=\w)\*{1,3}|(?<=[.,;:”])\*{1,3}")
_STAR_NOTE = re.compile(r"^\*{1,3}\s")


def note_links(s: Subject, reg: Register) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    if s.text is None:
        return out
    ids = {el.get(XML_ID) for el in s.root.iter() if el.get(XML_ID)}
    targeted: set[str] = set()
    for ref in s.text.iterfind(".//tei:ref[@type='noteCall']", NS):
        target = (ref.get("target") or "").lstrip("#")
        if target:
            targeted.add(target)
        if ref.get("subtype") == "missing":
            out.append(_diag(s, "R104", ref, f"note call {''.join(ref.itertext())} at {s.where(ref)}: "
                             "the source lacks its note (recorded as missing)", "note-call-without-note",
                             addressed=True))
        elif not target or target not in ids:
            out.append(_diag(s, "R104", ref, f"note call {''.join(ref.itertext())} at {s.where(ref)} "
                             f"points to no note ({ref.get('target') or 'no @target'})",
                             "note-call-without-note"))
    for note in s.text.iterfind(".//tei:note[@place='end']", NS):
        if note.get(XML_ID) not in targeted:
            out.append(_diag(s, "R105", note, f"endnote {note.get('n', '')} at {s.where(note)} "
                             "has no call in the text", "note-without-call"))
    # Calls and notes the converter has not encoded at all
    for el in s.blocks:
        if local(el) in {"fw", "note"}:
            continue
        text = _plain(el)
        if _STAR_NOTE.match(text):
            out.append(_diag(s, "R105", el, f"footnote text “{text[:40]}…” at {s.where(el)} is not "
                             "encoded as a note at its call", "note-without-call"))
            continue
        for m in _STAR_CALL.finditer(text):
            out.append(_diag(s, "R104", el, f"footnote call “{m.group()}” at {s.where(el)} is not "
                             "linked to a note: …" + text[max(0, m.start() - 30):m.end()],
                             "note-call-without-note"))
        for m in _GLUED_CALL.finditer(text):
            out.append(_diag(s, "R104", el, f"note call “{m.group()}” at {s.where(el)} is not encoded "
                             "and has no note: …" + text[max(0, m.start() - 30):m.end()],
                             "note-call-without-note"))
    return out


# -- R106 --------------------------------------------------------------------
def page_numbers(s: Subject, reg: Register) -> list[Diagnostic]:
    if s.text is None:
        return []
    pbs = list(s.text.iter(f"{{{TEI_NS}}}pb"))
    unnumbered = [pb for pb in pbs if not pb.get("n")]
    out = []
    if unnumbered and len(unnumbered) == len(pbs):
        return [_diag(s, "R106", pbs[0], f"none of the {len(pbs)} page breaks has a page number",
                      "page-numbers")]
    for pb in unnumbered:
        out.append(_diag(s, "R106", pb, f"page break at {s.where(pb)} has no page number", "page-numbers"))
    prev: tuple[int, etree._Element] | None = None
    for pb in pbs:
        n = pb.get("n", "")
        if not n.isdigit():
            continue
        num = int(n)
        if prev is not None and num != prev[0] + 1:
            out.append(_diag(s, "R106", pb, f"page {num} at {s.where(pb)} follows page {prev[0]} "
                             f"({'a repeated or backward number' if num <= prev[0] else 'pages missing'})",
                             "page-numbers"))
        prev = (num, pb)
        for fw in pb.itersiblings():
            if local(fw) != "fw":
                break
            printed = "".join(fw.itertext()).strip()
            if fw.get("type") == "pageNum" and printed.isdigit() and int(printed) != num:
                out.append(_diag(s, "R106", fw, f"printed page number {printed} differs from the "
                                 f"page break's @n={num}", "page-numbers"))
    return out


# -- R107 --------------------------------------------------------------------
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def _work_span(s: Subject) -> tuple[str, str] | None:
    date = s.root.find(".//tei:profileDesc/tei:creation/tei:date", NS)
    if date is None:
        return None
    start = date.get("when") or date.get("from") or date.get("notBefore")
    end = date.get("when") or date.get("to") or date.get("notAfter") or start
    return (start, end) if start and end else None


def dates(s: Subject, reg: Register) -> list[Diagnostic]:
    span = _work_span(s)
    if span is None or s.text is None:
        return []
    end_year = int(span[1][:4])
    work = span[0] if span[0] == span[1] else f"{span[0]} to {span[1]}"
    # the source's own apparatus (endnotes, chronicle) may run up to its publication year
    published = s.root.find(".//tei:sourceDesc/tei:bibl/tei:date", NS)
    pub_year = (published.get("when") or "")[:4] if published is not None else ""
    apparatus_end = int(pub_year) if pub_year.isdigit() else end_year
    out = []
    for date in s.text.iter(f"{{{TEI_NS}}}date"):
        value = date.get("when") or date.get("to") or date.get("notAfter") or date.get("from") or ""
        in_apparatus = bool(date.xpath("ancestor::tei:back | ancestor::tei:note[@place='end']",
                                       namespaces=NS))
        limit = apparatus_end if in_apparatus else end_year
        if value[:4].isdigit() and int(value[:4]) > limit:
            out.append(_diag(s, "R107", date, f"date {value} (“{source_reading(date)}”) at {s.where(date)} "
                             f"is after the work's time ({work})", "date-outside-time",
                             _addressed(date.getparent())))
    for head in s.text.iter(f"{{{TEI_NS}}}head"):
        for m in _YEAR.finditer(source_reading(head)):
            if int(m.group()) > end_year:
                out.append(_diag(s, "R107", head, f"the heading at {s.where(head)} names the year "
                                 f"{m.group()}, but the metadata date the text {work}",
                                 "date-outside-time", _addressed(head)))
    return out


# -- R108 --------------------------------------------------------------------
def names(s: Subject, reg: Register) -> list[Diagnostic]:
    if s.text is None:
        return []
    out = []
    if reg.ids is None:
        refs = s.text.xpath(".//tei:persName | .//tei:orgName | .//*[@who]", namespaces=NS)
        if refs:
            out.append(_diag(s, "R108", refs[0], f"no register ({reg.path}): {len(refs)} names and "
                             "speakers cannot be checked", "name-not-in-register"))
        return out
    for el in s.text.xpath(".//tei:persName | .//tei:orgName", namespaces=NS):
        ref = el.get("ref")
        if not ref:
            out.append(_diag(s, "R108", el, f"name “{source_reading(el)}” at {s.where(el)} has no "
                             "register reference", "name-not-in-register"))
        else:
            for r in ref.split():
                if not reg.resolves(r):
                    out.append(_diag(s, "R108", el, f"name “{source_reading(el)}” ({r}) at "
                                     f"{s.where(el)} is not in the register", "name-not-in-register"))
    for el in s.text.xpath(".//*[@who]", namespaces=NS):
        for r in (el.get("who") or "").split():
            if r.startswith(("per:", "org:")) and not reg.resolves(r):
                out.append(_diag(s, "R108", el, f"speaker {r} of <{local(el)}> at {s.where(el)} is "
                                 "not in the register", "name-not-in-register"))
    return out


# -- R109 --------------------------------------------------------------------
def typos(s: Subject, reg: Register) -> list[Diagnostic]:
    out = []
    for el in s.blocks:
        if local(el) == "fw":
            continue
        text = _plain(el)
        for typo in find_typos(text):
            seen = text[typo.start:typo.end]
            context = text[max(0, typo.start - 20):typo.end + 20]
            out.append(_diag(s, "R109", el, f"typo “{seen}” → “{typo.correction}” ({typo.why}) not "
                             f"corrected at {s.where(el)}: …{context}…", "uncorrected-typo"))
    return out


CHECKS: list[Check] = [repeated_paragraphs, unbalanced_marks, ocr_tokens, note_links, page_numbers,
                       dates, names, typos]


def find_anomalies(s: Subject, reg: Register) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for check in CHECKS:
        out.extend(check(s, reg))
    return sorted(out, key=lambda d: (d.line, d.code))
