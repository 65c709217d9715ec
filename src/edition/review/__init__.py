"""The encoding review: every machine decision and every anomaly, with the source line beside it.

``review_files`` reads TEI files (and their raw files) and returns one ``TextReview`` each;
``report`` writes build/review/ (HTML pages and review.json); ``record`` notes a review
session in revisionDesc; ``against`` compares a TEI file with a fresh conversion;
``carry`` brings reviewed decisions over into a fresh conversion.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from ..tei.xml import parse_file
from .annotations import collect
from .anomalies import Register, find_anomalies
from .model import TextReview
from .subject import Subject, raw_path_for

REGISTER = "register.xml"  # hand-curated, not a converted text: never reviewed as one


def review_targets(files: Iterable[Path]) -> list[Path]:
    return [f for f in files if f.name != REGISTER]


def review_file(path: Path, project_root: Path, sources_by_slug: dict[str, Path],
                register: Register) -> TextReview:
    root = parse_file(path).getroot()
    subject = Subject(path, root, raw_path_for(root, path, project_root, sources_by_slug))
    review = TextReview(path, subject.slug, subject.title, subject.raw_path)
    review.annotations = collect(subject)
    review.anomalies = find_anomalies(subject, register)
    return review


def review_files(files: list[Path], project_root: Path,
                 progress: Callable[[Iterable[Path]], Iterable[Path]] = lambda x: x
                 ) -> list[TextReview]:
    from ..sources import discover

    raw_dir = project_root / "raw"
    sources = {s.slug: s.raw_path for s in discover(raw_dir, pending=[])} if raw_dir.is_dir() else {}
    targets = review_targets(files)
    registers: dict[Path, Register] = {}
    out = []
    for path in progress(targets):
        folder = path.parent
        if folder not in registers:
            registers[folder] = Register(folder / REGISTER)
        out.append(review_file(path, project_root, sources, registers[folder]))
    return out
