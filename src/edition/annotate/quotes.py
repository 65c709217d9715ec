"""Quotations: quoted passages become quote (in cit with bibl when the source is named).

Phrases in quotation marks are classified by their context and length:
- after a title cue ("pamphlet", "entitled", "report on", …) or three or more words in
  title case: ``title``;
- after "so-called", or four words or fewer: ``soCalled`` (terms and scare quotes such as
  the “New Opposition”);
- otherwise: ``quote``. A quotation interrupted by "says Lenin" is one quotation printed
  in two parts, linked with @next/@prev ("says Lenin," or "says Lenin." between them);
- direct speech in narrative, introduced or followed by a verb of speaking ("Lenin replied:
  “…”", "“…,” it is said"): ``said`` (with @who when the speaker is named), not a quote of a
  written source;
- a short phrase with an attribution ("as Lenin says", "what Lenin calls"): ``quote`` with
  @source, however short.
Titles printed without quotation marks are found after a cue ("pamphlet", "book", "entitled")
and from a list of known works (the project's raw/titles.list) plus the volume's own work titles (its heads).
Source references in parentheses ("(see Vol. XXV, p. 194)", "(ibid., p. 74)") are ``bibl``
wherever they stand; "ibid." takes the source of the last quotation with a source.
The quoted person (@source, a per: reference) comes from the text: "Zinoviev … thinks
that:", "says Lenin", "Lenin said", or a source reference naming him. A paragraph that is
wholly a quotation becomes a block ``quote`` (in ``cit`` with its ``bibl``).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from .. import project
from ..model import Block, Container, Document, Span
from ..sources import Source
from .register import ref_for_surname
from .spans import add_span, covered_by, walk
from .speech import INTERJECTION, REACTION

TITLE_CUE = re.compile(r"(?i)\b(?:entitled|pamphlet|article|articles|book|booklet|magazine|newspaper|"
                       r"journal|report(?:\s+\w+){0,6}\s+on|speech(?:\s+\w+){0,4}\s+on|lectures?\s+on|"
                       r"theses|outline|slogan|sub-heading|heading)\W{0,3}$")
# after the closing mark: "“Outline” was published", "“…” appeared in"
TITLE_AFTER = re.compile(r"^\W{0,3}\s*(?:was|were|is|has been)\s+(?:first\s+)?(?:published|written|printed)\b"
                         r"|^\W{0,3}\s*appeared\s+in\b")
# Documents named by a capitalised quoted title: "the resolution “On Party Unity”", "an appeal “To …”"
DOC_CUE = re.compile(r"(?i)\b(?:resolution|appeal|manifesto|declaration|letter|programme|platform|"
                     r"decision|decree|order|heading|chapter|section)\W{0,3}$")
# A capitalised phrase opening with a preposition is a heading's wording: “On Party Unity”
TITLE_OPENING = re.compile(r"^(?:On|To|Concerning|Against|About|For|Down With|Long Live)\s+[A-Z]")
SO_CALLED = re.compile(r"(?i)\bso-?\s*called\s*$")
SPEECH_VERB = r"(?:says|said|say|writes|wrote|write|thinks|think|thought|declares|declared|states|stated|" \
              r"puts it|continues|continued|adds|added|words|asserts|asserted|remarked|argues)"
INTERRUPT = re.compile(rf"^\s*{SPEECH_VERB}\s+(?P<name>[A-Z][\w-]+)(?:\s+\w+){{0,4}}[,.]\s*$|"
                       rf"^\s*(?P<name2>[A-Z][\w-]+)\s+{SPEECH_VERB}[,.]\s*$")
# Verbs of oral speech: a quotation they introduce or follow in narrative is direct speech
# (said), not a quotation of a written source ("says Lenin" quotes his writings).
ORAL_VERB = r"(?:replied|replies|answered|answers|exclaimed|cried(?:\s+out)?|shouted|retorted|asked|asks|" \
            r"whispered|muttered|interrupted|objected)"
ORAL_BEFORE = re.compile(rf"(?:\b{ORAL_VERB}\b[^.:;!?“”\"]{{0,40}}|\bcan say is|"
                         rf"\bit (?:is|was|used to be) said[^.:;!?“”\"]{{0,40}}|"
                         r"\b(?:he|she|they|I|we|someone|somebody|comrades?|delegates?|workers?|"
                         r"peasants?|people|everyone|everybody)\s+said)\s*:\s*$")
ORAL_INTERRUPT = re.compile(rf"^\s*(?:he|she|they|I|we)\s+(?:said|{ORAL_VERB})[,.]\s*$")
ORAL_AFTER = re.compile(rf"^\s*(?:it\s+is\s+said|(?:he|she|they|I|we)\s+(?:said|{ORAL_VERB})|"
                        rf"{ORAL_VERB}\s+(?:he|she|they|I|we|(?P<name>[A-Z][\w-]+)))\b")
# A short phrase its author is named for: "“reformist path,” as Lenin says", "what Lenin calls “…”".
# "… ,” as Lenin says", "… ,” said Lenin three years after", "… ’ (Lenin)"
ATTRIB_AFTER = re.compile(r"^\W{0,3}\s*(?:as\s+(?:Comrade\s+)?(?P<name>[A-Z][\w-]+)\s+(?:says|said|puts it|"
                          r"put it|writes|wrote|calls it|called it|expresses it)\b|"
                          rf"{SPEECH_VERB}\s+(?:Comrade\s+)?(?P<name2>[A-Z][\w-]+)\b|"
                          r"\((?P<name3>[A-Z][\w-]+)\))")
ATTRIB_BEFORE = re.compile(r"(?:\b(?:what|as)\s+(?:Comrade\s+)?(?P<n1>[A-Z][\w-]+)\s+"
                           r"(?:calls|called|terms|termed)(?:\s+(?:it|this|them))?|"
                           r"\bin\s+(?P<n2>[A-Z][\w-]+)(?:’s|'s)\s+words,?|"
                           r"\bas\s+(?P<n3>[A-Z][\w-]+)\s+(?:says|said|put it|puts it),?|"
                           r"\baccording\s+to\s+(?P<n4>[A-Z][\w-]+)(?:\s+himself)?,?(?:\s+\w+){0,2})\s*$")
NAME = re.compile(r"(?<![\w-])([A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?:’s|'s)?(?![\w-])")
# A source reference in parentheses: "(Vol. XXV, p. 194)", "(see Lenin Miscellany, Vol. 111, p. 497)",
# "(ibid., p. 74)", "(Lenin, …)", Brar's "{Stalin, …)". The period after it is the sentence's.
REF = (r"\((?:[Ss]ee\s+(?:also\s+)?)?(?:Vol\.|[Ii]bid\.|[A-Z][a-z]+,)[^()]{0,120}\)"
       r"|\([Ss]ee\s+(?:also\s+)?[A-Z“][^()]{0,200}\)"
       r"|[{(]\s*[A-Z][a-z]+[,.][^(){}]{0,120}\)|-\(\s*[A-Z][a-z]+\.?\)")
BIBL_AFTER = re.compile(rf"^(?P<gap>\s*[?.,;:]?\**\s*)(?P<bibl>{REF})")
BIBL_ANY = re.compile(r"\((?:[Ss]ee\s+(?:also\s+)?(?:Vol\.|[A-Z“])[^()]{0,200}|[Ii]bid\.[^()]{0,120}"
                      r"|Vol\.\s+[IVXL\d]+[^()]{0,120})\)")
IBID = re.compile(r"^\W*(?:[Ss]ee\s+)?[Ii]bid\.")
BLOCK_TAGS = {"p"}
CAP = r"[A-Z][^\W\d_]*(?:[’'-][^\W\d_]+)*"  # a capitalised word, without a glued note number
SMALL = r"(?:the|of|and|to|on|in|a|an|for|with|at|by|from|or)"
# An unquoted title after a cue: "Lenin’s pamphlet What Is To Be Done?", "entitled The Barren Year"
TITLE_RUN = re.compile(rf"\b(?:pamphlet|pamphlets|book|booklet|story|novel|entitled|well-known work)\s+"
                       rf"(?P<t>{CAP}(?:\s+(?:{SMALL}\s+)*{CAP})*(?:\s+1[89]\d\d\b)?[?!]?)")


def known_titles() -> tuple[str, ...]:
    """The project's curated list of works cited without quotation marks (raw/titles.list)."""
    return _titles(project.current().titles)


@cache
def _titles(path: Path) -> tuple[str, ...]:
    if not path.is_file():
        return ()
    lines = path.read_text(encoding="utf-8").splitlines()
    return tuple(t.strip() for t in lines if t.strip() and not t.startswith("#"))


def _key_word(title: str) -> str:
    """The title's longest plain word, lower-cased: printed wherever the title is."""
    return max(re.findall(r"[^\W\d_]+", title), key=len, default="").lower()


def title_pattern(title: str, ignore_case: bool = False) -> re.Pattern[str]:
    """A title as printed: any spacing or line break between words, either kind of quotation
    mark, "Left-Wing" also as "Left Wing"; a leading "The"/"A" of a listed title optional
    (a head's title, matched regardless of case, keeps its article)."""
    words = title.split()
    lead = ""
    if len(words) > 2 and words[0] in {"The", "A"} and not ignore_case:
        lead, words = rf"(?:{words[0]}\s+)?", words[1:]
    parts = []
    marks = {"-": r"[-\s]?", "“": "[“\"]", "”": "[”\"]"}
    for w in words:
        parts.append("".join(marks.get(ch, re.escape(ch)) for ch in w))
    body = lead + r"\s+".join(parts)
    return re.compile(rf"(?<![\w“\"-]){body}(?![^\W\d_])", re.IGNORECASE if ignore_case else 0)


def volume_titles(doc: Document) -> list[str]:
    """The volume's own work titles (the heads of its work divisions), four words or more:
    shorter heads ("THE PARTY", "Y. M. SVERDLOV") are as often a name as a title."""
    out = []
    for node, _ in walk(doc):
        if isinstance(node, Container) and node.tag == "div" and node.attrs.get("type") == "work":
            head = next((c for c in node.children if isinstance(c, Block) and c.tag == "head"
                         and not c.attrs.get("type")), None)
            if head is not None:
                title = " ".join(re.sub(r"[*\d]+$", "", head.text).split()).rstrip(".")
                if len(_words(title)) >= 4:
                    out.append(title)
    return out


class Titles:
    """Known work titles of one document, as patterns (the curated list and the volume's heads)."""

    def __init__(self, doc: Document) -> None:
        # each with its longest word: a text without that word need not be searched for the title
        self.listed = [(_key_word(t), title_pattern(t)) for t in known_titles()]
        self.heads = [(_key_word(t), title_pattern(t, ignore_case=True)) for t in volume_titles(doc)]
        self.names = {" ".join(_words(t)).lower() for t in (*known_titles(), *volume_titles(doc))}

    def is_known(self, inner: str) -> bool:
        return " ".join(_words(inner)).lower().removeprefix("the ") in {
            n.removeprefix("the ") for n in self.names}

    @staticmethod
    def _head_like(found: str) -> bool:
        """A head's words in the text name the work when printed in title case ("A Letter to
        Comrade Demyan Bedny"), not in lower case ("the Communist Party of Poland") nor in
        capitals (a head, a heading quoted in capitals)."""
        return found[0].isupper() and not found.isupper() and _title_case(found)

    def find(self, text: str) -> list[tuple[int, int]]:
        """Known titles in ``text``, longest first where they overlap."""
        low = text.lower()
        hits = [(m.start(), m.end()) for k, p in self.listed if k in low for m in p.finditer(text)]
        # a head's words inside quotation marks are part of a longer quoted title or a quotation
        pairs = find_pairs(text)
        hits += [(m.start(), m.end()) for k, p in self.heads if k in low for m in p.finditer(text)
                 if self._head_like(m.group()) and not any(a < m.start() and m.end() < b for a, b in pairs)]
        for m in TITLE_RUN.finditer(text):
            t = m.group("t")
            if len(_words(t)) == 1 and ref_for_surname(t):
                continue  # "the book Lenin …": a person, not a title
            hits.append((m.start("t"), m.end("t")))
        out: list[tuple[int, int]] = []
        for a, b in sorted(hits, key=lambda h: (h[0], -h[1])):
            if not any(a < y and x < b for x, y in out):
                out.append((a, b))
        return out


def bibl_after(rest: str) -> re.Match[str] | None:
    """The source reference right after a quotation; None for "(Laughter.)" or "(Voice: …)",
    which are the audience's reaction or an interjection, never a source."""
    m = BIBL_AFTER.match(rest)
    if m is None:
        return None
    inner = m.group("bibl").lstrip("-({ \n")
    if REACTION.match(inner) or INTERJECTION.match(inner):
        return None
    return m


def _words(s: str) -> list[str]:
    return re.findall(r"[\w’'-]+", s)


def _title_case(s: str, least: int = 3) -> bool:
    words = [w for w in _words(s) if len(w) > 3]
    return len(_words(s)) >= least and bool(words) and all(w[0].isupper() for w in words)


def attribution(text: str, start: int, end: int) -> str | None:
    """The person a short quoted phrase is ascribed to ("as Lenin says", "what Lenin calls")."""
    m = ATTRIB_AFTER.match(text[end:end + 60])
    if m:
        return ref_for_surname(m.group("name") or m.group("name2") or m.group("name3"))
    m = ATTRIB_BEFORE.search(text[max(0, start - 60):start])
    if m:
        return ref_for_surname(m.group("n1") or m.group("n2") or m.group("n3") or m.group("n4"))
    return None


def is_direct_speech(text: str, start: int, end: int) -> bool:
    """A quotation introduced ("Lenin replied: “…”") or followed ("“…,” it is said") by a verb
    of oral speech is someone speaking in the narrative."""
    return bool(ORAL_BEFORE.search(text[max(0, start - 80):start]) or ORAL_AFTER.match(text[end:end + 40]))


def speaker_of(text: str, start: int, end: int) -> str | None:
    """Who speaks direct speech: named after it ("answered Natanson") or before it."""
    m = ORAL_AFTER.match(text[end:end + 40])
    if m and m.group("name"):
        return ref_for_surname(m.group("name"))
    return speaker_before(text, start)


def classify(text: str, start: int, end: int, titles: Titles | None = None) -> tuple[str, str | None]:
    """The element for a quoted phrase text[start:end] (marks included) and its @cert."""
    inner = text[start + 1:end - 1]
    before = text[max(0, start - 60):start]
    n = len(_words(inner))
    if SO_CALLED.search(before):
        return "soCalled", "high"
    if titles is not None and titles.is_known(inner):
        return "title", "high"
    if TITLE_CUE.search(before) or TITLE_AFTER.match(text[end:end + 40]):
        return "title", "medium"
    capitalised = _title_case(inner, least=2)
    if capitalised and (DOC_CUE.search(before) or TITLE_OPENING.match(inner)):
        return "title", "medium"
    # capitalised words without a cue: a title if four words or more (“New Economic Policy” is a term)
    if _title_case(inner, least=4) and n <= 20:
        return "title", "medium"
    if is_direct_speech(text, start, end):
        return "said", "medium"
    if attribution(text, start, end):
        return "quote", "high"
    # a short phrase is a term or a scare quote, unless it opens like a sentence (“Now even the
    # biggest fool,” “We have received no information.”)
    if n <= 5 and not (n >= 4 and inner[:1].isupper()):
        return "soCalled", "medium"
    return "quote", "high" if n >= 8 else "medium"


SUBJECT_BEFORE = {"by", "from", "of", "than", "that", "and", "when", "as", "where", "which", "whom"}


def _may_speak(sentence: str, m: re.Match[str]) -> bool:
    """Whether a name before a bare colon can be the one who speaks: possessive ("Lenin’s
    thesis:"), or a subject ("Lenin is right in saying:", "a speech by Martynov:"), not an
    object ("fits Trotsky fairly well:") nor part of a title ("the book On Lenin and Leninism")."""
    if m.group(0).endswith(("’s", "'s")):
        return True
    before = re.sub(r"(?:\b[A-Z]\.\s*)+$", "", sentence[:m.start()]).rstrip()  # skip initials
    prev = re.search(r"([\w’'-]+)\W*$", before)
    if prev is None or not before[-1].isalnum():
        return True
    word = prev.group(1)
    return word in SUBJECT_BEFORE or word == "Comrade"


def speaker_before(text: str, pos: int) -> str | None:
    """The person the text says is speaking just before ``pos`` ("Zinoviev … thinks that:")."""
    window = text[max(0, pos - 160):pos]
    sentence = re.split(r"(?<![A-Z])[.!?]\s+(?=[A-Z“])", window)[-1]  # "J. V. Stalin" is one sentence
    # "I think that … fits Trotsky:" is the author speaking, not a cue for the name after it
    cue = (rf"(?<!\bI )(?<!\bwe )(?<!\byou )(?:\b{SPEECH_VERB}\b|\b{ORAL_VERB}\b)"
           r"|\bas follows\b|\bfollowing words\b")
    if re.search(cue, sentence):
        bare_colon = False
    elif re.search(r":\s*$", sentence):
        bare_colon = True
    else:
        return None
    for m in reversed(list(NAME.finditer(sentence))):
        ref = ref_for_surname(m.group(1))
        if ref and (not bare_colon or _may_speak(sentence, m)):
            return ref
    return None


def ref_in(text: str) -> str | None:
    for m in NAME.finditer(text):
        ref = ref_for_surname(m.group(1))
        if ref:
            return ref
    return None


def _closes_here(text: str, i: int) -> bool:
    """A straight mark inside a curly quotation closes it when no curly closing mark follows
    before the next opening one (“New Economic Policy"-restricting)."""
    nxt_close = text.find("”", i)
    nxt_open = text.find("“", i)
    return nxt_close == -1 or (nxt_open != -1 and nxt_open < nxt_close)


def find_pairs(text: str) -> list[tuple[int, int]]:
    """Outermost quoted phrases: (start of opening mark, end after closing mark)."""
    out: list[tuple[int, int]] = []
    if "“" in text:
        depth, start = 0, -1
        for i, ch in enumerate(text):
            if ch == "“":
                if depth == 0:
                    start = i
                depth += 1
            elif (ch == "”" or (ch == '"' and depth == 1 and _closes_here(text, i))) and depth:
                depth -= 1
                if depth == 0:
                    out.append((start, i + 1))
    else:
        marks = [i for i, ch in enumerate(text) if ch == '"']
        out = [(marks[i], marks[i + 1] + 1) for i in range(0, len(marks) - 1, 2)]
    return out


def open_tail(text: str, after: int) -> tuple[int, int] | None:
    """An opening mark after ``after`` never closed in this paragraph: a quotation that goes
    on into the next paragraph (the Works close a quotation only at its last paragraph)."""
    i = text.find("“", after)
    if i == -1 or "”" in text[i:]:
        return None
    end = len(text.rstrip())
    return (i, end) if end > i + 1 else None


def nested_pairs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Single-quoted phrases inside a quotation (‘labour aristocracy,’); a ’ between letters is
    an apostrophe, not a closing mark."""
    out = []
    for m in re.finditer(r"(?<![\w’])‘", text[start:end]):
        a = start + m.start()
        for j in range(a + 1, min(end, a + 200)):
            if text[j] == "‘":
                break
            if text[j] == "’" and not (j + 1 < len(text) and text[j + 1].isalpha()):
                out.append((a, j + 1))
                break
    return out


class _Ids:
    def __init__(self, slug: str) -> None:
        self.slug, self.n = slug, 0
        self.last_source: str | None = None  # for "ibid."

    def next(self) -> str:
        self.n += 1
        return f"{self.slug}-qpart{self.n}"


def _count(counts: dict[str, int], tag: str) -> None:
    counts[tag] = counts.get(tag, 0) + 1


def mark_titles(block: Block, titles: Titles, counts: dict[str, int]) -> None:
    for a, b in titles.find(block.text):
        if add_span(block, Span(a, b, "title", cert="medium")):
            _count(counts, "title")


def mark_nested(block: Block, start: int, end: int, counts: dict[str, int]) -> None:
    for a, b in nested_pairs(block.text, start + 1, end - 1):
        inside = block.text[:end - 1]  # the outer quotation's "says Lenin" is not the inner one's
        who = attribution(inside, a, b)
        if is_direct_speech(inside, a, b):
            speaker = speaker_of(inside, a, b)
            tag, attrs = "said", {"who": speaker, "direct": "true"} if speaker else {"direct": "true"}
        elif who:
            tag, attrs = "quote", {"source": who}
        else:
            tag, attrs = "soCalled" if len(_words(block.text[a + 1:b - 1])) <= 5 else "q", {}
        if add_span(block, Span(a, b, tag, attrs, cert="medium")):
            _count(counts, tag)


def mark_references(block: Block, ids: _Ids, counts: dict[str, int]) -> None:
    """Source references in parentheses not attached to a quotation: "(see Vol. XXV, p. 194)"."""
    for m in BIBL_ANY.finditer(block.text):
        if covered_by(block, m.start(), m.end(), {"bibl", "said", "title"}):
            continue
        if add_span(block, Span(m.start(), m.end(), "bibl")):
            _count(counts, "bibl")


def _interrupts(text: str, pairs: list[tuple[int, int]]) -> dict[int, tuple[str, str]]:
    """Quotations interrupted by "says Lenin," (or "says Lenin.") are two parts of one quote."""
    parts: dict[int, tuple[str, str]] = {}
    for i in range(len(pairs) - 1):
        m = INTERRUPT.match(text[pairs[i][1]:pairs[i + 1][0]])
        if m:
            who = ref_for_surname(m.group("name") or m.group("name2"))
            if who:
                parts[i] = (who, "first")
                parts[i + 1] = (who, "second")
    return parts


def annotate_inline(block: Block, ids: _Ids, counts: dict[str, int], titles: Titles | None = None) -> None:
    text = block.text
    if titles is not None:
        mark_titles(block, titles, counts)
    pairs = [p for p in find_pairs(text)
             if not any(s.tag in {"said", "title", "ref"} and s.start <= p[0] and p[1] <= s.end
                        for s in block.spans)]
    tail = open_tail(text, pairs[-1][1]) if pairs else None
    if tail and any(r.match(text[pairs[-1][1]:tail[0]]) for r in (INTERRUPT, ORAL_INTERRUPT)):
        pairs.append(tail)
    kinds = [classify(text, a, b, titles) for a, b in pairs]
    parts = _interrupts(text, pairs)
    for i in parts:
        kinds[i] = ("quote", "high")
    # “Let’s go,” he said, “it will …”: the speech goes on after the interruption
    spoken = {i + 1 for i in range(len(pairs) - 1) if kinds[i][0] == "said"
              and ORAL_INTERRUPT.match(text[pairs[i][1]:pairs[i + 1][0]])}
    for i in sorted(spoken):
        kinds[i] = kinds[i - 1]
    if tail and pairs[-1] == tail and not {len(pairs) - 1} & (set(parts) | spoken):
        pairs.pop()
        kinds.pop()
    prev_id: str | None = None
    for i, ((a, b), (tag, cert)) in enumerate(zip(pairs, kinds, strict=True)):
        if tag == "said":
            who = speaker_of(text, a, b)
            said = {"who": who, "direct": "true"} if who else {"direct": "true"}
            if add_span(block, Span(a, b, "said", said, cert=cert)):
                _count(counts, "said")
            continue
        if tag != "quote":
            if add_span(block, Span(a, b, tag, cert=cert)):
                _count(counts, tag)
            continue
        attrs: dict[str, str] = {}
        who = parts[i][0] if i in parts else (attribution(text, a, b) or speaker_before(text, a))
        after = bibl_after(text[b:])
        if who is None and after:
            bibl = after.group("bibl")
            who = ids.last_source if IBID.match(bibl.lstrip("({")) else ref_in(bibl)
        if who:
            attrs["source"] = who
            ids.last_source = who
        if i in parts:
            if parts[i][1] == "first":
                prev_id = ids.next()
                attrs["xml:id"] = prev_id
                attrs["next"] = f"#{ids.slug}-qpart{ids.n + 1}"
            else:
                attrs["xml:id"] = ids.next()
                attrs["prev"] = f"#{prev_id}"
        quote = Span(a, b, "quote", attrs, cert=cert)
        if after and not after.group("gap").strip():
            bs, be = b + after.start("bibl"), b + after.end("bibl")
            if add_span(block, Span(a, be, "cit")):
                add_span(block, quote)
                add_span(block, Span(bs, be, "bibl"))
                mark_nested(block, a, b, counts)
                _count(counts, "cit")
                _count(counts, "quote")
                continue
        if add_span(block, quote):
            _count(counts, "quote")
            mark_nested(block, a, b, counts)
            if after:
                add_span(block, Span(b + after.start("bibl"), b + after.end("bibl"), "bibl"))
    mark_references(block, ids, counts)


def split_block(block: Block, at: int, tag: str) -> Block | None:
    """Cut ``block`` at ``at`` (a whitespace run); return the tail as a new block with ``tag``."""
    text = block.text
    end = at
    while end < len(text) and text[end].isspace():
        end += 1
    if end == at or any(s.start < at < s.end or s.start < end < s.end for s in block.spans):
        return None
    nl_before = text.count("\n", 0, end)
    tail = Block(tag, text[end:], block.lines[nl_before:] if block.lines else [])
    tail.spans = [Span(s.start - end, s.end - end, s.tag, s.attrs, s.resp, s.cert, s.reading, s.kind)
                  for s in block.spans if s.start >= end]
    tail.inserts = [type(i)(i.offset - end, i.node) for i in block.inserts if i.offset >= end]
    tail.breaks = {k - end: v for k, v in block.breaks.items() if k >= end}
    block.spans = [s for s in block.spans if s.end <= at]
    block.inserts = [i if i.offset <= at else type(i)(at, i.node) for i in block.inserts if i.offset < end]
    block.breaks = {k: v for k, v in block.breaks.items() if k < at}
    block.text = text[:at]
    block.lines = block.lines[: text.count("\n", 0, at) + 1] if block.lines else []
    return tail


def block_quotation(block: Block, previous: Block | None) -> Container | Block | None:
    """A paragraph that is wholly a quotation → quote (or cit with bibl); None if it is not."""
    text = block.text
    lead = len(text) - len(text.lstrip())
    if text[lead:lead + 1] not in {"“", '"'}:
        return None
    pairs = find_pairs(text)
    if not pairs or pairs[0][0] != lead:
        return None
    end = pairs[0][1]
    rest = text[end:]
    after = bibl_after(rest)
    # after the closing mark only a note call, punctuation or a source reference may follow
    if not (re.fullmatch(r"[\s\d*.,]*", rest) or (after and re.fullmatch(r"[\s.,]*", rest[after.end():]))):
        return None
    if len(_words(text[lead:end])) < 8:
        return None
    who = speaker_before(previous.text, len(previous.text)) if previous is not None else None
    if who is None and after:
        who = ref_in(after.group("bibl"))
    attrs = {"source": who} if who else {}
    block.tag = "quote"
    block.attrs.update(attrs)
    block.attrs.setdefault("resp", "#conv")
    block.attrs.setdefault("cert", "high" if who else "medium")
    if after:
        tail = split_block(block, end + len(after.group("gap")) - len(after.group("gap").lstrip())
                           if not after.group("gap").strip() else end, "bibl")
        if tail is None:
            add_span(block, Span(end + after.start("bibl"), end + after.end("bibl"), "bibl"))
            return block
        return Container("cit", {"resp": "#conv"}, [block, tail])
    return block


def annotate(source: Source, doc: Document) -> None:
    counts: dict[str, int] = {}
    ids = _Ids(source.slug)
    # block quotations first: they change the tree
    previous: Block | None = None
    for node, place in list(walk(doc)):
        if not isinstance(node, Block) or node.tag not in BLOCK_TAGS:
            continue
        if place.siblings[place.index] is not node:
            continue
        made = block_quotation(node, previous)
        previous = node
        if made is None:
            continue
        counts["block quote"] = counts.get("block quote", 0) + 1
        if made is not node:
            place.siblings[place.index] = made
    titles = Titles(doc)
    for block in doc.blocks():
        if block.tag in {"fw", "bibl"} and block.attrs.get("type") == "source":
            continue
        if block.tag == "head":
            annotate_inline(block, ids, counts)  # a head is its own title, not a citation of it
        elif block.tag == "quote":
            # a block quotation's own marks are the quotation's: only titles, inner quotes, sources
            if block.attrs.get("source"):
                ids.last_source = block.attrs["source"]
            mark_titles(block, titles, counts)
            mark_nested(block, -1, len(block.text) + 1, counts)
            mark_references(block, ids, counts)
        else:
            annotate_inline(block, ids, counts, titles)
    # a named speaker of direct speech takes part in the text like an interjector (particDesc)
    speakers = [s.attrs["who"] for b in doc.blocks() for s in b.spans if s.tag == "said" and "who" in s.attrs]
    doc.participants.extend(dict.fromkeys(w for w in speakers if w not in doc.participants))
    for k, v in counts.items():
        doc.stats[f"quotes: {k}"] = v
