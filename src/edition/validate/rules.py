"""The rules a grammar cannot express, as Python over lxml trees, all in this one module.

Each check names its code (codes.RULES), which names its rule in schema/edition.odd
(``constraintSpec/@ident``), where the rule is described in prose.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from lxml import etree

from ..diagnostics import Diagnostic
from ..slugs import slug_problem
from ..tei.xml import TEI_NS
from .load import XML_ID, Doc, load

T = f"{{{TEI_NS}}}"
NS = {"t": TEI_NS}

POINTER_ATTRS = ("who", "ref", "target", "corresp", "resp", "next", "prev", "sameAs", "calendar",
                  "url", "facs")
SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):(.*)$")
URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
EXTERNAL_SCHEMES = {"http", "https", "mailto", "ftp", "urn", "doi", "file", "data"}
REGISTER = "register.xml"
# ids local to each file's header (respStmt of the converter and the editors): not edition-wide
HEADER_LOCAL_IDS = "t:teiHeader/t:fileDesc/t:titleStmt/t:respStmt"
# entries of the register follow their own naming (per-…, org-…), not the file's slug
REGISTER_ENTRIES = {"person", "org", "place", "event", "relation", "personGrp"}
# the annotations the converter and annotators make; each must say who made it (@resp).
# Not sp: its @who comes from the source metadata (text structure, like pb).
ANNOTATIONS = {"date", "time", "persName", "orgName", "placeName", "name", "rs", "quote", "cit", "q",
               "soCalled", "title", "term", "mentioned", "said", "incident", "vocal",
               "kinesic", "choice", "seg"}
# the subtrees whose content is not annotation (each rule asks once per file, not per element)
_NOT_ANNOTATED_ROOTS = etree.XPath(
    ".//t:teiHeader | .//t:standOff | .//t:listPerson | .//t:listOrg | .//t:listPlace | "
    ".//t:listEvent | .//t:bibl[@type='source']", namespaces=NS)


def _not_annotated(text: etree._Element) -> set[etree._Element]:
    """The elements inside the subtrees whose content is not annotation."""
    out: set[etree._Element] = set()
    for top in _NOT_ANNOTATED_ROOTS(text):
        out.update(top.iterdescendants(etree.Element))
    return out
_IDS_EXEMPT = etree.XPath("//*[@xml:id][ancestor::t:teiHeader or ancestor::t:person or "
                          "ancestor::t:org or ancestor::t:place]", namespaces=NS)
_DATES_EXEMPT = etree.XPath("//t:date[ancestor::t:teiHeader or ancestor::t:note[@type='editorial'] "
                            "or ancestor::t:standOff or ancestor::t:listPerson or "
                            "ancestor::t:listOrg]", namespaces=NS)
EARLIEST_YEAR = 1600  # the works cite history back to the English revolution, not before
DATE_ATTRS = ("when", "from", "to", "notBefore", "notAfter")
_DATE_ATTR_SET = frozenset(DATE_ATTRS)
ROMAN = re.compile(r"^(?=[ivxlcdm]+$)m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
# xml:id -> (resolved path, file, element) of its first use in path order
FirstIds = dict[str, tuple[Path, Doc, etree._Element]]
# for the ids of one file that an earlier file (in path order) has: that file and the line there
EarlierOwners = dict[str, tuple[str, int]]


class Edition:
    """The files under validation plus their sibling TEI files, indexed for cross-file rules.

    ``stand_in``: gives the other files a pointer names without parsing them (a Doc that holds
    their ids only, or None for a missing or broken file): the build reads them from its
    summaries. Such stand-ins serve the pointer rules only; the build gives the unique-id rule
    the earlier owners of a file's ids instead (``use_earlier_owners``)."""

    def __init__(self, docs: list[Doc],
                 stand_in: Callable[[Path], Doc | None] | None = None) -> None:
        self.docs: dict[Path, Doc] = {d.path.resolve(): d for d in docs}
        self._folders = {d.path.parent for d in docs}
        self._stand_in = stand_in
        self._resolved: dict[Path, Path] = {}
        self._beside: dict[tuple[Path, str], tuple[Path, Doc | None]] = {}
        self._first_ids: FirstIds | None = None
        self._earlier: dict[Path, EarlierOwners] = {}

    def first_ids(self) -> FirstIds:
        """Each edition-wide xml:id's first owner (in path order) over the files and their
        siblings: made once, so the unique-id check is linear in the number of files."""
        if self._first_ids is None:
            self.add_siblings(self._folders)
            self._first_ids = first_owners(self.docs)
        return self._first_ids

    def use_earlier_owners(self, doc: Doc, owners: EarlierOwners) -> None:
        """The ids of ``doc`` that earlier files have, found by the caller (from summaries of
        the edition's ids): the unique-id check of ``doc`` then parses no other file."""
        self._earlier[doc.path.resolve()] = owners

    def earlier_owner(self, doc: Doc, ident: str) -> tuple[str, int] | None:
        """The file (and line there) that used ``ident`` before ``doc`` did, in path order."""
        key = doc.path.resolve()
        if key in self._earlier:
            return self._earlier[key].get(ident)
        owner, other, oel = self.first_ids().get(ident, (key, doc, doc.root))
        if owner == key:  # a file's own ids are unique (load)
            return None
        return str(other.path), other.position(oel)[0]

    def doc(self, path: Path) -> Doc | None:
        """The parsed file at ``path`` (loaded on demand), or None when it is missing or broken."""
        key = self._resolved.get(path)
        if key is None:
            key = self._resolved[path] = path.resolve()
        if key not in self.docs and self._stand_in is not None:
            stand_in = self._stand_in(path)
            if stand_in is None:
                return None
            self.docs[key] = stand_in
        if key not in self.docs:
            if not path.is_file():
                return None
            doc, _ = load(path)
            if doc is None:
                return None
            self.docs[key] = doc
        return self.docs[key]

    def beside(self, doc: Doc, name: str) -> tuple[Path, Doc | None]:
        """The file ``name`` relative to ``doc``'s folder, and its parse (asked once per pair:
        thousands of pointers name register.xml)."""
        key = (doc.path.parent, name)
        if key not in self._beside:
            path = doc.path.parent / name
            self._beside[key] = (path, self.doc(path))
        return self._beside[key]

    def add_siblings(self, folders: set[Path]) -> None:
        for folder in folders:
            for p in sorted(folder.glob("*.xml")):
                self.doc(p)


# Each check and the rules (constraintSpec/@ident) whose findings it makes.
CHECKS: list[tuple[Callable[[Doc, Edition], Iterator[Diagnostic]], frozenset[str]]] = []


def check(docs: list[Doc], rules: frozenset[str] | None = None,
          edition: Edition | None = None, ids_across_files: bool = True) -> list[Diagnostic]:
    """The rules named (default: all) over the given files (cross-file rules see their
    sibling files too).

    ``edition``: the files the cross-file rules see, when the caller has them (the build passes
    the other files as summaries of their ids, see edition.build.validate).
    ``ids_across_files``: False leaves out the unique-id rule (the build runs it apart, once it
    has the summaries of all files)."""
    edition = edition or Edition(docs)
    out: list[Diagnostic] = []
    if ids_across_files and (rules is None or "id-unique" in rules):
        out.extend(unique_ids(docs, edition))
    for doc in docs:
        for rule, names in CHECKS:
            if rules is None or names & rules:
                out.extend(d for d in rule(doc, edition) if rules is None or d.rule in rules)
    return out


# -- ids -----------------------------------------------------------------------------------

def _edition_ids(doc: Doc) -> Iterator[tuple[str, etree._Element]]:
    local = set(doc.root.xpath(HEADER_LOCAL_IDS, namespaces=NS))
    for i, el in doc.ids.items():
        if el not in local:
            yield i, el


def first_owners(docs: dict[Path, Doc]) -> FirstIds:
    """xml:id -> (resolved path, file, element) of its first use in path order."""
    first: FirstIds = {}
    for key in sorted(docs):
        doc = docs[key]
        for i, el in _edition_ids(doc):
            first.setdefault(i, (key, doc, el))
    return first


def unique_ids(docs: list[Doc], edition: Edition) -> Iterator[Diagnostic]:
    """E010: an xml:id used in two files; reported in the later file (in path order)."""
    for key in sorted({d.path.resolve() for d in docs}):
        doc = edition.docs[key]
        for i, el in _edition_ids(doc):
            owner = edition.earlier_owner(doc, i)
            if owner is not None:
                path, line = owner
                yield doc.at("E010", el, f"xml:id '{i}' is already used in {path}:{line}: "
                                         "ids must be unique across the edition; rename one",
                             "xml:id")


def prefixed_ids(doc: Doc, edition: Edition) -> Iterator[Diagnostic]:
    """W011: ids in the text start with the file's slug."""
    exempt = set(_IDS_EXEMPT(doc.root))  # header, register entries and what is inside them
    for i, el in doc.ids.items():
        if el is doc.root or el in exempt or etree.QName(el).localname in REGISTER_ENTRIES:
            continue
        if not i.startswith(doc.slug + "-"):
            yield doc.at("W011", el, f"xml:id '{i}' does not start with the file's slug "
                                     f"'{doc.slug}-': rename it so ids stay unique in the edition",
                         "xml:id")


# -- references ----------------------------------------------------------------------------

def _prefixes(doc: Doc) -> dict[str, tuple[str, str]]:
    out = {}
    for pd in doc.root.iterfind(f".//{T}prefixDef"):
        out[pd.get("ident", "")] = (pd.get("matchPattern", ""), pd.get("replacementPattern", ""))
    return out


def _expand(value: str, match: str, replacement: str) -> str | None:
    try:
        m = re.fullmatch(match, value)
    except re.error:
        return None
    if not m:
        return None
    return re.sub(r"\$(\d)", lambda g: m.group(int(g.group(1))) or "", replacement)


# a pointer's verdict: None (it resolves), or the finding's code, its message and, for a
# warning given once per file (W023), the target it is about
Verdict = tuple[str, str, str | None] | None
_POINTER_ORDER = {a: i for i, a in enumerate(POINTER_ATTRS)}
_REF = f"{T}ref"


def references(doc: Doc, edition: Edition) -> Iterator[Diagnostic]:
    """E020/E021/E022/W023: pointers resolve, within the file, into other files or the register.

    A file repeats its pointers (the same person named thousands of times): each distinct
    pointer is resolved once per file, and each target file looked up once."""
    prefixes = _prefixes(doc)
    warned_missing: set[str] = set()
    url_based = _under_url_base(doc.root)
    verdicts: dict[tuple[str, str, str, bool], Verdict] = {}
    targets: dict[str, tuple[bool, Path, Doc | None]] = {}
    for el in doc.root.iter(etree.Element):  # (an XPath over eleven attributes: 6x slower)
        present = _POINTER_ORDER.keys() & el.keys()
        if not present:
            continue
        name = etree.QName(el).localname
        under_url = bool(url_based) and el in url_based
        for attr in sorted(present, key=_POINTER_ORDER.__getitem__):
            if attr == "target" and el.tag == _REF and el.get("type") == "noteCall":
                continue  # note calls have their own rule (E040)
            for ptr in el.get(attr, "").split():
                key = (name, attr, ptr, under_url)
                if key not in verdicts:
                    verdicts[key] = _verdict(doc, edition, name, attr, ptr, prefixes, targets,
                                             under_url)
                verdict = verdicts[key]
                if verdict is None:
                    continue
                code, message, once = verdict
                if once is not None:
                    if once in warned_missing:
                        continue
                    warned_missing.add(once)
                yield doc.at(code, el, message, attr)


def _target(doc: Doc, edition: Edition, file_part: str,
            targets: dict[str, tuple[bool, Path, Doc | None]]) -> tuple[bool, Path, Doc | None]:
    """(a TEI file?, its path, its parse) for the file part of a pointer, looked up once."""
    if file_part not in targets:
        if Path(file_part).suffix.lower() != ".xml":
            targets[file_part] = (False, doc.path.parent / file_part, None)
        else:
            targets[file_part] = (True, *edition.beside(doc, file_part))
    return targets[file_part]


def _verdict(doc: Doc, edition: Edition, name: str, attr: str, ptr: str,
             prefixes: dict[str, tuple[str, str]],
             targets: dict[str, tuple[bool, Path, Doc | None]],
             url_based: bool = False) -> Verdict:
    prefixed = None
    m = SCHEME.match(ptr)
    if m:
        scheme, rest = m.group(1), m.group(2)
        if scheme in prefixes:
            expanded = _expand(rest, *prefixes[scheme])
            if expanded is None:
                return ("E020", f"<{name}> {attr}='{ptr}' does not match the pattern declared for "
                                f"the prefix '{scheme}:' in the header; correct the pointer", None)
            prefixed, ptr = f"{scheme}:{rest}", expanded
        elif scheme.lower() in EXTERNAL_SCHEMES or rest.startswith("//"):
            return None  # a URL (any scheme://…): never resolved as a file
        else:
            return ("E021", f"<{name}> {attr}='{ptr}' uses the prefix '{scheme}:', which the "
                            "header does not declare (listPrefixDef): declare it or use per:, "
                            "org: or #id", None)
    if ptr.startswith("//") or url_based:
        return None  # a network path, or relative to an xml:base that is a URL
    file_part, _, frag = ptr.partition("#")
    target: Doc | None
    if file_part:
        is_tei, target_path, target = _target(doc, edition, file_part, targets)
        if not is_tei:
            # not a TEI file (an image, a web page): it must exist, its inside is not ours to check
            if target_path.exists():
                return None
            return ("E020", f"<{name}> {attr}='{ptr}' points to {target_path}, which does not "
                            "exist; correct the pointer (or write the full URL)", None)
        if target is None:
            if Path(file_part).name == REGISTER:
                return ("W023", f"<{name}> {attr}='{prefixed or ptr}' points into {target_path}, "
                                "which does not exist (yet): references to the register cannot "
                                "be checked until it is written", file_part)
            return ("E020", f"<{name}> {attr}='{ptr}' points into {target_path}, which does not "
                            "exist or is not valid XML; correct the pointer", None)
    else:
        target = doc
    if not frag or frag in target.ids:
        return None
    if prefixed and Path(file_part).name == REGISTER:
        return ("E022", f"<{name}> {attr}='{prefixed}' is not in the register ({target.path} has "
                        f"no xml:id '{frag}'): add the entry there or correct the reference", None)
    where = "this file" if target is doc else str(target.path)
    return ("E020", f"<{name}> {attr}='{ptr}' points to xml:id '{frag}', which {where} does not "
                    "have: correct the pointer or add the id", None)


def _under_url_base(root: etree._Element) -> set[etree._Element]:
    """The elements whose nearest xml:base is a URL (their relative pointers are URLs too)."""
    out: set[etree._Element] = set()
    for el in root.iterfind(".//*[@{http://www.w3.org/XML/1998/namespace}base]"):  # outer first
        url = bool(URL.match(el.get("{http://www.w3.org/XML/1998/namespace}base", "")))
        for inner in el.iter(etree.Element):
            if url:
                out.add(inner)
            else:
                out.discard(inner)
    return out


# -- pages ---------------------------------------------------------------------------------

def _page_number(n: str) -> tuple[str, int] | None:
    if n.isdigit():
        return "arabic", int(n)
    if ROMAN.match(n.lower()):
        values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
        total = 0
        digits = [values[c] for c in n.lower()]
        for a, b in zip(digits, digits[1:] + [0], strict=True):
            total += -a if a < b else a
        return "roman", total
    return None


def page_numbers(doc: Doc, edition: Edition) -> Iterator[Diagnostic]:
    """E030/W031: printed page numbers (per edition @ed and numbering system) rise by one."""
    last: dict[tuple[str, str], int] = {}
    for pb in doc.root.iter(f"{T}pb"):
        n = pb.get("n")
        parsed = _page_number(n) if n else None
        if parsed is None:
            continue
        key = (pb.get("ed", ""), parsed[0])
        prev = last.get(key)
        if prev is not None and parsed[1] <= prev:
            yield doc.at("E030", pb, f"page number n='{n}' follows page {prev}: printed page "
                                     "numbers must rise; correct @n (and mark an inferred number "
                                     "with @cert)", "n")
        elif prev is not None and parsed[1] > prev + 1:
            yield doc.at("W031", pb, f"page number n='{n}' follows page {prev}: "
                                     f"{parsed[1] - prev - 1} page(s) missing; check for a lost "
                                     "page break", "n")
        last[key] = parsed[1]


# -- notes ---------------------------------------------------------------------------------

def note_calls(doc: Doc, edition: Edition) -> Iterator[Diagnostic]:
    """E040/E041/E042: every endnote call has its note and every endnote a call."""
    called: set[str] = set()
    for ref in doc.root.iterfind(f".//{T}ref[@type='noteCall']"):
        target = ref.get("target")
        missing = ref.get("subtype") == "missing"
        if target is None:
            if not missing:
                yield doc.at("E041", ref, "a note call without @target must say its note is "
                                          "missing from the source: add @target='#<note id>' or "
                                          "@subtype='missing'")
            continue
        if missing:
            yield doc.at("E041", ref, "a note call has both @target and @subtype='missing': "
                                      "remove the one that is wrong", "subtype")
        for ptr in target.split():
            ident = ptr[1:] if ptr.startswith("#") else None
            note = doc.ids.get(ident) if ident else None
            if note is None or note.tag != f"{T}note" or note.get("place") != "end":
                yield doc.at("E040", ref, f"note call target='{ptr}' does not point to an endnote "
                                          "(note[@place='end']) in this file: correct the target, or "
                                          "drop it and set @subtype='missing'", "target")
            elif ident is not None:
                called.add(ident)
    for note in doc.root.iterfind(f".//{T}note[@place='end']"):
        if note.get(XML_ID) in called or note.get("subtype") == "callMissing":
            continue
        yield doc.at("E042", note, "no note call points to this endnote: add the call "
                                   "(ref[@type='noteCall']) in the text, or set "
                                   "@subtype='callMissing' if the source has none")


# -- page furniture ------------------------------------------------------------------------

def furniture(doc: Doc, edition: Edition) -> Iterator[Diagnostic]:
    """E050: fw never inside p, head or note."""
    for fw in doc.root.iterfind(f".//{T}fw"):
        host = fw.xpath("ancestor::t:p[1] | ancestor::t:head[1] | ancestor::t:note[1]",
                        namespaces=NS)
        if host:
            inner = etree.QName(host[-1]).localname
            yield doc.at("E050", fw, f"page furniture <fw> stands inside <{inner}>: split the "
                                     f"{inner} into two linked with @next/@prev and put the fw "
                                     "(after its pb) between them")


# -- dates ---------------------------------------------------------------------------------

def _date_bounds(value: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day an ISO date (YYYY, YYYY-MM, YYYY-MM-DD[T…]) can mean."""
    m = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T.*)?$", value)
    if not m:
        return None
    try:
        y = int(m.group(1))
        if m.group(3):
            d = dt.date(y, int(m.group(2)), int(m.group(3)))
            return d, d
        if m.group(2):
            mo = int(m.group(2))
            nxt = dt.date(y + mo // 12, mo % 12 + 1, 1)
            return dt.date(y, mo, 1), nxt - dt.timedelta(days=1)
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    except ValueError:
        return None  # not a calendar date: the schema reports it (E060)


def _latest_year(doc: Doc) -> int:
    """The source's publication year (dates in the text cannot be later), else this year."""
    years = [int(w[:4]) for w in doc.root.xpath(
        "t:teiHeader/t:fileDesc/t:sourceDesc//t:bibl[@type='source']/t:date/@when", namespaces=NS)
        if re.match(r"^\d{4}", w)]
    return max(years) if years else dt.date.today().year


def dates(doc: Doc, edition: Edition) -> Iterator[Diagnostic]:
    """E061: ranges run forwards; E062: dates in the text lie in the works' plausible range."""
    latest = _latest_year(doc)
    exempt = set(_DATES_EXEMPT(doc.root))
    for el in doc.root.iter(etree.Element):  # (an XPath over five attributes: 3x slower)
        if _DATE_ATTR_SET.isdisjoint(el.keys()):
            continue
        name = etree.QName(el).localname
        for lo, hi in (("from", "to"), ("notBefore", "notAfter")):
            a, b = el.get(lo), el.get(hi)
            ba, bb = (_date_bounds(a) if a else None), (_date_bounds(b) if b else None)
            if ba and bb and ba[0] > bb[1]:
                yield doc.at("E061", el, f"<{name}> runs backwards ({lo}='{a}' is after "
                                         f"{hi}='{b}'): swap or correct the dates", lo)
        if name != "date" or el in exempt:
            continue
        for attr in DATE_ATTRS:
            v = el.get(attr)
            year = re.match(r"^(-?\d{4,})", v) if v else None  # also BCE and five-digit years
            if year and not (EARLIEST_YEAR <= int(year.group(1)) <= latest):
                yield doc.at("E062", el, f"<date> {attr}='{v}' lies outside {EARLIEST_YEAR}–{latest} "
                                         "(the source was published in "
                                         f"{latest}): check the date or remove the annotation", attr)


# -- responsibility ------------------------------------------------------------------------

def annotation_resp(doc: Doc, edition: Edition) -> Iterator[Diagnostic]:
    """E070: every annotation in the text, and everything with @cert, says who made it."""
    text = doc.root.find(f"{T}text")
    if text is None:
        return
    exempt: set[etree._Element] | None = None  # made at the first element that needs it
    local_names: dict[str, str] = {}  # tag -> local name, worked out once per tag
    for el in text.iter(etree.Element):
        resp, cert = el.get("resp"), el.get("cert")
        tag = el.tag
        name = local_names.get(tag)
        if name is None:
            name = local_names[tag] = etree.QName(tag).localname
        if cert is None and (resp is not None or name not in ANNOTATIONS):
            continue  # neither rule can apply (most of the text): no further look
        if exempt is None:
            exempt = _not_annotated(text)
        if el in exempt:
            continue
        if resp is not None and "#editors" in resp.split() and cert is not None \
                and name != "pb":
            yield doc.at("E071", el, f"<{name}> was accepted "
                                     "(resp='#editors') but still carries the machine's "
                                     f"cert='{cert}': remove @cert to finish the accept",
                         "cert")
        if resp is not None:
            continue
        # pb/@cert qualifies an inferred page number (source structure, not an annotation)
        guessed = cert is not None and name != "pb"
        if name in ANNOTATIONS or guessed:
            why = "carries @cert" if guessed else "is an annotation"
            yield doc.at("E070", el, f"<{name}> {why} but has no @resp: add resp='#conv' (made by "
                                     "the converter) or resp='#editors'")


# -- slug ----------------------------------------------------------------------------------

def safe_slug(doc: Doc, edition: Edition) -> Iterator[Diagnostic]:
    """E080: the slug names the text's files and pages (<slug>.html, <slug>.pdf), so it is a plain
    name (edition.slugs), not reserved, and the file's own name (tei/<slug>.xml: hence unique)."""
    if doc.path.name == REGISTER:
        return
    idno = doc.root.find("t:teiHeader//t:idno[@type='slug']", NS)
    if idno is None:
        return
    slug = "".join(idno.itertext())
    problem = slug_problem(slug)
    if problem is None and slug != doc.path.stem:
        problem = (f"slug {slug!r} is not the file's name ({doc.path.name}): the file of a text "
                   "is tei/<slug>.xml")
    if problem:
        yield doc.at("E080", idno, problem)
CHECKS.extend([
    (prefixed_ids, frozenset({"id-prefixed"})),
    (references, frozenset({"ref-resolves", "register-ref-resolves"})),
    (page_numbers, frozenset({"page-numbers-rise"})),
    (note_calls, frozenset({"note-call-has-note", "note-has-call"})),
    (furniture, frozenset({"no-furniture-in-block"})),
    (dates, frozenset({"date-valid", "date-in-range"})),
    (annotation_resp, frozenset({"machine-annotation-resp"})),
    (safe_slug, frozenset({"slug-safe"})),
])
