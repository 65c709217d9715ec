"""One diagnostics channel: every stage reports findings with a code and a raw line;
`edition -v convert` prints them; the self-check figures agree with them."""

from __future__ import annotations

import pytest

from edition.convert import convert_with_report
from edition.convert.findings import CODES
from edition.model import Block, Container, Document, Span
from edition.tei.serialize import Serializer


@pytest.fixture(scope="module")
def works_report(sources):
    source = next(s for s in sources if s.slug == "works-06")
    return source, convert_with_report(source)


def _codes(result, code: str) -> list:
    return [d for d in result.diagnostics if d.code == code]


def test_the_figures_count_the_findings(works_report):
    _source, result = works_report
    stats = result.stats
    assert len(_codes(result, "C101")) == stats["endnote calls without note text"]
    assert len(_codes(result, "C103")) == stats["endnotes with inferred number"]
    assert len(_codes(result, "C105")) == stats["footnote calls without foot text"]
    assert len(_codes(result, "C108")) == stats["endnote calls misread by the OCR"]
    rejected = str(stats.get("page anchors disagreeing (kind:N@line)", "")).split()
    assert len(_codes(result, "C106")) == len(rejected)
    assert _codes(result, "C110") == []  # no annotation crossed another


def test_every_finding_has_a_known_code_and_a_raw_line(works_report):
    source, result = works_report
    lines = source.read_text().split("\n")
    assert result.diagnostics
    for d in result.diagnostics:
        assert d.code in CODES and d.severity == CODES[d.code][0]
        assert d.file == str(source.raw_path) and 1 <= d.line <= len(lines)


def test_a_missing_note_points_at_the_line_of_its_call(works_report):
    source, result = works_report
    lines = source.read_text().split("\n")
    for d in _codes(result, "C101"):
        number = d.message.split()[2].rstrip(":")
        assert number in lines[d.line - 1], d.format_text()


def test_the_serializer_reports_a_dropped_span_with_its_raw_line():
    block = Block("p", "one two\nthree four", [7, 8])
    block.add(Span(0, 7, "quote"))
    block.add(Span(4, 13, "date"))  # crosses the quote: dropped
    ser = Serializer("t")
    ser.text(Document(body=[Container("div", {}, [block])]))
    assert [(d.span.tag, d.line) for d in ser.dropped] == [("date", 7)]


def test_verbose_convert_prints_the_findings(project):
    from test_cli import run

    result = run("--root", project, "-v", "convert")
    assert result.returncode == 0, result.stderr
    assert any(" C101 " in line and ".txt:" in line for line in result.stderr.splitlines())
