"""Shared test fixtures: the project root, the real sources, small temporary projects."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "raw"
TEI = ROOT / "tei"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def sources():
    from edition.sources import discover

    return discover(RAW)


def _converted(sources, slug: str):
    from lxml import etree

    from edition.convert import build_document, convert

    source = next(s for s in sources if s.slug == slug)
    return source, etree.fromstring(convert(source)), build_document(source)


@pytest.fixture(scope="session")
def works(sources):
    """The Works volume: its source, converted TEI root and document model."""
    return _converted(sources, "works-06")


@pytest.fixture(scope="session")
def leninism(sources):
    """The OCR'd article 003: its source, converted TEI root and document model."""
    return _converted(sources, "concerning-questions-of-leninism")


@pytest.fixture
def make_source():
    """A factory of small in-memory sources for the annotators' unit tests (``make_source(speech=True)``)."""
    from edition.sources import Source

    def make(**kw) -> Source:
        base = dict(raw_path=Path("x.txt"), slug="t", title="T", authors=["J. V. Stalin"],
                    author_refs=["per:stalin"], date="1924", kind="article", language="en",
                    profile="plain", speech=False, speakers=["per:stalin"], root=ROOT)
        return Source(**{**base, **kw})

    return make


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A temporary project folder with the three short raw texts and their metadata, and the
    project's curated lists (register, corrections, titles)."""
    (tmp_path / "raw").mkdir()
    (tmp_path / "tei").mkdir()
    for meta in sorted(RAW.glob("00[012]_*.toml")):
        shutil.copy(meta, tmp_path / "raw" / meta.name)
        shutil.copy(meta.with_suffix(".txt"), tmp_path / "raw" / meta.with_suffix(".txt").name)
    for listed in ("corrections.toml", "titles.list"):
        shutil.copy(RAW / listed, tmp_path / "raw" / listed)
    shutil.copy(TEI / "register.xml", tmp_path / "tei" / "register.xml")
    return tmp_path


@pytest.fixture(scope="session")
def web_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The web edition of the real tei/*.xml, built once per session (transform + search index)."""
    from edition.publish.html import build_site

    out = tmp_path_factory.mktemp("web") / "html"
    build_site(sorted(TEI.glob("*.xml")), out)
    return out
