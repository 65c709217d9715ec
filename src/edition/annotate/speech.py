"""Speeches: who speaks, audience reactions and interjections.

Model (docs/encoding.md): the speaker's own paragraphs in a speech are wrapped in
``sp[@who]`` (one ``sp`` per run of paragraphs between headings, since ``sp`` cannot hold
``div``/``head``); the speaker is the source's first speaker. A printed reaction such as
"(Laughter, applause.)" keeps its parentheses and punctuation as text; each reaction phrase
becomes ``vocal`` (laughter, voices), ``kinesic`` (applause) or ``incident`` (anything else)
with the printed words in ``desc``. An interjection "(Preobrazhensky: “…”)" or "(Voice: “…”)"
becomes ``said[@who][@direct='true']`` over the quoted words, the name staying outside.
"""

from __future__ import annotations

import re

from ..model import Block, Container, Document, Span
from ..sources import Source
from ..wordlist import zipf
from .candidates import COMMON_WORD_ZIPF
from .register import is_anonymous, ref_for_surname
from .spans import add_span, walk

# A parenthesis that is an audience reaction or an interjection, as printed in the Works.
PAREN = re.compile(r"\(([^()]{1,300})\)")
REACTION = re.compile(
    r"(?i)(?:(?:prolonged|loud|stormy|general|renewed)\s+)?"
    r"(?:laughter|applause|commotion|noise|uproar|stir|animation|shouts|cries|voices|ovation)")
# "Walecki: “…”" or "Walecki, from his seat: “…”" (a short lower-case aside before the colon)
INTERJECTION = re.compile(r"([A-Z][\w-]+)(?:,\s*[a-z][^:“”\"()]{0,40})?:\s*(“[^”]*”|\"[^\"]*\")")
VOCAL = ("laughter", "noise", "uproar", "shouts", "cries", "voices")
KINESIC = ("applause", "ovation")
# A head naming an oral genre marks its work as spoken: the work's own head or subtitle, or the
# head of one of its sections ("1. REPORT ON …", "2. REPLY TO THE DISCUSSION").
SPOKEN_HEAD = re.compile(r"(?i)\b(speech|report|address|reply to the discussion|concluding remarks|"
                         r"closing remarks|delivered at|lectures?)\b")
RUN_TAGS = {"p", "quote"}  # blocks the speaker says
RUN_CONTAINERS = {"cit", "list"}


def _reaction_kind(words: str) -> str:
    w = words.lower()
    if any(k in w for k in VOCAL):
        return "vocal"
    if any(k in w for k in KINESIC):
        return "kinesic"
    return "incident"


def mark_parentheses(block: Block, participants: list[str]) -> int:
    """Reactions and interjections in one block; returns how many were marked."""
    count = 0
    for m in PAREN.finditer(block.text):
        inner_start = m.start(1)
        inner = m.group(1)
        parts = _segments(inner)
        if not parts:
            continue
        for kind, a, b, extra in parts:
            a += inner_start
            b += inner_start
            if kind == "reaction":
                tag = _reaction_kind(block.text[a:b])
                if "\n" in block.text[a:b]:
                    continue  # desc cannot hold a line break; the words stay plain text
                if add_span(block, Span(a, b, tag, {"type": "reaction"})):
                    add_span(block, Span(a, b, "desc", resp=None))
                    count += 1
            else:
                who, name_start, name_end = extra
                if who is None:  # not in the register: listed as a candidate by the review
                    if add_span(block, Span(a, b, "said", {"direct": "true"}, cert="medium")):
                        count += 1
                    continue
                if not is_anonymous(who):
                    add_span(block, Span(name_start + inner_start, name_end + inner_start,
                                         "persName", {"ref": who}))
                if add_span(block, Span(a, b, "said", {"who": who, "direct": "true"})):
                    count += 1
                    if who not in participants:
                        participants.append(who)
    return count


def _segments(inner: str) -> list[tuple[str, int, int, tuple]]:
    """Split a parenthesis into reaction phrases and interjections; [] if it is neither."""
    out: list[tuple[str, int, int, tuple]] = []
    pos = 0
    rest = inner
    while pos < len(inner):
        rest = inner[pos:]
        lead = len(rest) - len(rest.lstrip(" \n,.;"))
        pos += lead
        rest = inner[pos:]
        if not rest:
            break
        m = REACTION.match(rest)
        if m:
            out.append(("reaction", pos, pos + m.end(), ()))
            pos += m.end()
            continue
        m = INTERJECTION.match(rest)
        if m:
            name = m.group(1)
            who = ref_for_surname(name)  # "Voice(s)": the register's anonymous speaker
            if who is None and zipf(name) >= COMMON_WORD_ZIPF:
                return []  # "(See: “…”)": a word, not a speaker
            # a speaker the register does not know speaks all the same: said without @who
            out.append(("said", pos + m.start(2), pos + m.end(2), (who, pos, pos + len(name))))
            pos += m.end()
            continue
        return []  # some other parenthesis: a reference, an aside
    return out


def _heads(div: Container) -> list[str]:
    """The work's head, subtitle and byline, and the heads of its sections (not of sub-works)."""
    out = [c.text for c in div.children if isinstance(c, Block) and c.tag in {"head", "byline"}]
    for c in div.children:
        if isinstance(c, Container) and c.tag == "div" and c.attrs.get("type") != "work":
            out.extend(_heads(c))
    return out


def _is_spoken(div: Container) -> bool:
    return any(SPOKEN_HEAD.search(h) for h in _heads(div))


def _wrap_runs(div: Container, attrs: dict[str, str]) -> int:
    """Wrap each run of spoken blocks among ``div``'s children in ``sp``; returns sp count."""
    out: list = []
    run: list = []
    made = 0

    def flush() -> None:
        nonlocal made
        if any(isinstance(n, (Block, Container)) for n in run):
            out.append(Container("sp", dict(attrs), list(run)))
            made += 1
        else:
            out.extend(run)
        run.clear()

    for child in div.children:
        spoken = (isinstance(child, Block) and child.tag in RUN_TAGS) or (
            isinstance(child, Container) and child.tag in RUN_CONTAINERS)
        milestone = not isinstance(child, (Block, Container))  # pb and fw between paragraphs
        if spoken or (milestone and run):
            run.append(child)
        else:
            flush()
            out.append(child)
    flush()
    div.children[:] = out
    return made


def _speaker(source: Source) -> tuple[str, dict[str, str]] | None:
    """The speaker and the sp attributes: the metadata's speaker, else the metadata's author
    (a guess); None when the metadata names neither."""
    if source.speakers:
        return source.speakers[0], {"who": source.speakers[0], "resp": "#conv"}
    if not source.author_refs:
        return None
    who = source.author_refs[0]
    return who, {"who": who, "resp": "#conv", "cert": "medium"}


def annotate(source: Source, doc: Document) -> None:
    participants: list[str] = list(doc.participants)
    known = _speaker(source)
    spoken_divs: list[Container] = []
    works = [n for n, _ in walk(doc) if isinstance(n, Container) and n.tag == "div"
             and n.attrs.get("type") == "work"]
    if known is None:
        pass  # no speaker to name: the metadata has neither speakers nor author_refs
    elif works:
        spoken_divs = [w for w in works if _is_spoken(w)]
    elif source.speech:
        spoken_divs = [n for n in doc.body if isinstance(n, Container) and n.tag == "div"]
    reactions = 0
    sps = 0
    for div in spoken_divs:
        stack = [div]
        while stack:
            d = stack.pop()
            stack.extend(c for c in d.children if isinstance(c, Container) and c.tag == "div")
            sps += _wrap_runs(d, known[1]) if known else 0
    if source.speech:
        for block in doc.blocks():
            reactions += mark_parentheses(block, participants)
    if known and (sps or reactions) and known[0] not in participants:
        participants.insert(0, known[0])
    doc.participants = participants
    doc.stats["speeches (sp)"] = sps
    doc.stats["reactions+interjections"] = reactions
