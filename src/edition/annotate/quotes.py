"""Quotations: quoted passages become quote (in cit with bibl when the source is named).

Phrases in quotation marks are classified by their context and length:
- after a title cue ("pamphlet", "entitled", "report on", …) or three or more words in
  title case: ``title``;
- after "so-called", or four words or fewer: ``soCalled`` (terms and scare quotes such as
  the “New Opposition”);
- otherwise: ``quote``. A quotation interrupted by "says Lenin" is one quotation printed
  in two parts, linked with @next/@prev.
The quoted person (@source, a per: reference) comes from the text: "Zinoviev … thinks
that:", "says Lenin", "Lenin said", or a source reference naming him. A paragraph that is
wholly a quotation becomes a block ``quote`` (in ``cit`` with its ``bibl``).
"""

from __future__ import annotations

import re

from ..model import Block, Container, Document, Span
from ..sources import Source
from .register import ref_for_surname
from .spans import add_span, walk
from .speech import INTERJECTION, REACTION

PAIRS = [("“", "”"), ('"', '"')]
TITLE_CUE = re.compile(r"(?i)\b(?:entitled|pamphlet|article|articles|book|booklet|magazine|newspaper|"
                       r"journal|report(?:\s+\w+){0,6}\s+on|speech(?:\s+\w+){0,4}\s+on|lectures?\s+on|"
                       r"theses|outline|slogan)\W{0,3}$")
SO_CALLED = re.compile(r"(?i)\bso-?\s*called\s*$")
SPEECH_VERB = r"(?:says|said|say|writes|wrote|write|thinks|think|thought|declares|declared|states|stated|" \
              r"puts it|continues|continued|adds|added|words|asserts|asserted|remarked|argues)"
INTERRUPT = re.compile(rf"^\s*{SPEECH_VERB}\s+(?P<name>[A-Z][\w-]+)(?:\s+\w+){{0,4}},\s*$|"
                       rf"^\s*(?P<name2>[A-Z][\w-]+)\s+{SPEECH_VERB},\s*$")
NAME = re.compile(r"(?<![\w-])([A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?:’s|'s)?(?![\w-])")
BIBL_AFTER = re.compile(r"^(?P<gap>\s*[?.,;:]?\**\s*)"
                        r"(?P<bibl>\((?:[Ss]ee\s+)?(?:Vol\.|[A-Z][a-z]+,)[^()]{0,120}\)"
                        r"|[{(]\s*[A-Z][a-z]+[,.][^(){}]{0,120}\)\.?|-\(\s*[A-Z][a-z]+\.?\))")
BLOCK_TAGS = {"p"}


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


def _title_case(s: str) -> bool:
    words = [w for w in _words(s) if len(w) > 3]
    return len(_words(s)) >= 3 and bool(words) and all(w[0].isupper() for w in words)


def classify(text: str, start: int, end: int) -> tuple[str, str | None]:
    """The element for a quoted phrase text[start:end] (marks included) and its @cert."""
    inner = text[start + 1:end - 1]
    before = text[max(0, start - 60):start]
    n = len(_words(inner))
    if SO_CALLED.search(before):
        return "soCalled", "high"
    if TITLE_CUE.search(before):
        return "title", "medium"
    if _title_case(inner) and n <= 12:
        return "title", "medium"
    if n <= 4:
        return "soCalled", "medium"
    return "quote", "high" if n >= 8 else "medium"


def speaker_before(text: str, pos: int) -> str | None:
    """The person the text says is speaking just before ``pos`` ("Zinoviev … thinks that:")."""
    window = text[max(0, pos - 160):pos]
    sentence = re.split(r"[.!?]\s+(?=[A-Z“])", window)[-1]
    if not re.search(rf"\b{SPEECH_VERB}\b|\bas follows\b|\bfollowing words\b|:\s*$", sentence):
        return None
    for m in reversed(list(NAME.finditer(sentence))):
        ref = ref_for_surname(m.group(1))
        if ref:
            return ref
    return None


def ref_in(text: str) -> str | None:
    for m in NAME.finditer(text):
        ref = ref_for_surname(m.group(1))
        if ref:
            return ref
    return None


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
            elif ch == "”" and depth:
                depth -= 1
                if depth == 0:
                    out.append((start, i + 1))
    else:
        marks = [i for i, ch in enumerate(text) if ch == '"']
        out = [(marks[i], marks[i + 1] + 1) for i in range(0, len(marks) - 1, 2)]
    return out


class _Ids:
    def __init__(self, slug: str) -> None:
        self.slug, self.n = slug, 0

    def next(self) -> str:
        self.n += 1
        return f"{self.slug}-qpart{self.n}"


def annotate_inline(block: Block, ids: _Ids, counts: dict[str, int]) -> None:
    text = block.text
    pairs = [p for p in find_pairs(text)
             if not any(s.tag in {"said", "title", "ref"} and s.start <= p[0] and p[1] <= s.end
                        for s in block.spans)]
    kinds = [classify(text, a, b) for a, b in pairs]
    # quotations interrupted by "says Lenin": two parts of one quote
    parts: dict[int, tuple[str, str]] = {}
    for i in range(len(pairs) - 1):
        gap = text[pairs[i][1]:pairs[i + 1][0]]
        m = INTERRUPT.match(gap)
        if m:
            who = ref_for_surname(m.group("name") or m.group("name2"))
            if who:
                kinds[i] = kinds[i + 1] = ("quote", "high")
                parts[i] = (who, "first")
                parts[i + 1] = (who, "second")
    prev_id: str | None = None
    for i, ((a, b), (tag, cert)) in enumerate(zip(pairs, kinds, strict=True)):
        if tag != "quote":
            if add_span(block, Span(a, b, tag, cert=cert)):
                counts[tag] = counts.get(tag, 0) + 1
            continue
        attrs: dict[str, str] = {}
        who = parts[i][0] if i in parts else speaker_before(text, a)
        after = bibl_after(text[b:])
        if who is None and after:
            who = ref_in(after.group("bibl"))
        if who:
            attrs["source"] = who
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
                counts["cit"] = counts.get("cit", 0) + 1
                counts["quote"] = counts.get("quote", 0) + 1
                continue
        if add_span(block, quote):
            counts["quote"] = counts.get("quote", 0) + 1
            if after:
                add_span(block, Span(b + after.start("bibl"), b + after.end("bibl"), "bibl"))


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
    for block in doc.blocks():
        if block.tag in {"fw", "bibl"} and block.attrs.get("type") == "source":
            continue
        if block.tag == "quote":
            continue  # a block quotation's own marks are the quotation's
        annotate_inline(block, ids, counts)
    for k, v in counts.items():
        doc.stats[f"quotes: {k}"] = v
