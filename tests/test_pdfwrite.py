"""The tagged PDF's writer with page references made once: the same bytes, nothing left patched."""

from __future__ import annotations

import pydyf
from weasyprint import HTML

from edition.publish.pdfwrite import page_references_made_once, write_pdf

PAGES = "".join(f'<h1>Part {n}</h1><p>Text of part {n} <a href="#p{n + 1}">on</a>.</p>'
                f'<p id="p{n + 1}" style="break-after: page">More.</p>' for n in range(12))


def test_the_same_bytes_as_weasyprints_own_write():
    html = f"<html lang='en'><title>T</title><body>{PAGES}</body></html>"
    document = HTML(string=html).render(pdf_tags=True)
    assert len(document.pages) == 12
    options = {"pdf_variant": "pdf/ua-1", "uncompressed_pdf": False}
    assert write_pdf(document, **options) == document.write_pdf(**options)


def test_the_property_is_restored_and_follows_added_pages():
    original = pydyf.PDF.page_references
    pdf = pydyf.PDF()
    with page_references_made_once():
        assert pdf.page_references == ()
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
        first = pdf.page_references
        assert first == (f"{pdf.pages['Kids'][0]} 0 R".encode(),)
        assert pdf.page_references is first  # made once for one page count
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
        assert len(pdf.page_references) == 2
    assert pydyf.PDF.page_references is original
