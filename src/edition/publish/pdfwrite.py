"""Writing a laid-out WeasyPrint document as a tagged PDF, without a cost that grows with pages².

WeasyPrint's tagging (``weasyprint/pdf/tags.py``) asks ``pydyf.PDF.page_references`` for the
reference of a marked-content item's page once per item, and pydyf (0.13.0, the newest) builds that
property anew each time: a tuple of every page's reference. On the 306-page Works volume that is
33,000 calls × 306 pages, about 3 CPU seconds of the 12 the write takes (measured with cProfile).
While the edition writes a PDF, the property answers from a copy made once per page count; the
references are the same objects' numbers, so the bytes written are identical (tests/test_pdf.py
compares a write with and without it).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_CACHE = "_edition_page_references"


@contextmanager
def page_references_made_once() -> Iterator[None]:
    """Within the block, ``pydyf.PDF.page_references`` is computed once per number of pages."""
    import pydyf

    original = pydyf.PDF.page_references

    def page_references(pdf: Any) -> tuple[bytes, ...]:
        kids = len(pdf.pages["Kids"])  # pages are only ever added (PDF.add_page)
        cached = pdf.__dict__.get(_CACHE)
        if cached is None or cached[0] != kids:
            cached = (kids, original.fget(pdf))
            pdf.__dict__[_CACHE] = cached
        return cached[1]

    pydyf.PDF.page_references = property(page_references)
    try:
        yield
    finally:
        pydyf.PDF.page_references = original


def write_pdf(document: Any, **options: Any) -> bytes:
    """``document.write_pdf(**options)`` with the page references made once."""
    with page_references_made_once():
        data: bytes = document.write_pdf(**options)
    return data
