"""Annotators: small units that each recognise one thing and add spans with @resp/@cert.

An annotator is a function ``annotate(source, doc)`` that adds ``Span``s to blocks (or
regroups nodes, as speeches into ``sp``). To add one, write a module here and list it in
``ANNOTATORS``; they run in this order: speech first (interjections are not quotations),
then quotations, dates (and their calendars) and names (which nest inside quotations and
interjections).
"""

from __future__ import annotations

from collections.abc import Callable

from .. import project
from ..model import Document
from ..sources import Source
from . import calendars, dates, names, quotes, speech, typos

Annotator = Callable[[Source, Document], None]

ANNOTATORS: list[tuple[str, Annotator]] = [
    ("speech", speech.annotate),
    ("quotes", quotes.annotate),
    ("dates", dates.annotate),
    ("calendars", calendars.annotate),  # dates printed in both calendars: Gregorian @when, @calendar
    ("names", names.annotate),
    ("typos", typos.annotate),  # certain typos as choice/sic+corr (review issue 8)
]

# Which annotator is responsible for each element it makes (for evaluation and counts).
TAGS: dict[str, set[str]] = {
    "speech": {"sp", "said", "vocal", "kinesic", "incident"},
    "quotes": {"quote", "cit", "bibl", "q", "soCalled", "title", "term"},
    "dates": {"date"},
    "names": {"persName", "orgName"},
}


def run_annotators(source: Source, doc: Document) -> None:
    """Every annotator in order, reading the source's project (register, titles)."""
    with project.using(source.project):
        for _name, annotator in ANNOTATORS:
            annotator(source, doc)
