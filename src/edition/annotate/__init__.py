"""Annotators: small units that each recognise one thing and add spans with @resp/@cert.

An annotator is a function ``annotate(source, doc)`` that adds ``Span``s to blocks. To add
one, write a module here and list it in ``ANNOTATORS``; they run in this order.
"""

from __future__ import annotations

from collections.abc import Callable

from ..model import Document
from ..sources import Source

Annotator = Callable[[Source, Document], None]

ANNOTATORS: list[tuple[str, Annotator]] = []


def run_annotators(source: Source, doc: Document) -> None:
    for _name, annotator in ANNOTATORS:
        annotator(source, doc)
