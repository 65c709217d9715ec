"""Validation file by file, with bounded memory, in a process pool, and incremental.

What one file's findings depend on: its own bytes, the validator and schema, and, for the two
cross-file rules (ids unique across the edition, pointers into other files), only the xml:ids of
the other files of its folder and whether they exist and parse. So each file gets a small
summary (its ids with their element and line), cached by content hash; a file is validated
with its own tree plus *skeletons* of the other files built from their summaries (an element per
id, at its line), which answer the cross-file rules exactly as the whole trees would. Memory
holds one tree at a time; a file is validated again only when its bytes, the code, or the
summary of the edition (an id added or removed anywhere, a file added or broken) changed.

Limits: a pointer into a file outside the folder is resolved by loading that file, as before,
but such a file is not part of the key.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from lxml import etree

from ..diagnostics import Diagnostic
from ..fsutil import write_atomic
from .graph import Manifest, code_version, hash_bytes, hash_file
from .pool import Workers

STAGE = "validate"
# (xml:id, element tag in Clark notation, line, True for a header-local id)
IdEntry = tuple[str, str, int, bool]
Summary = dict[str, object]  # {"path": str, "ids": [IdEntry...]} or {"path": str, "broken": True}


def summarize(path: Path) -> Summary:
    """The file's xml:ids as the cross-file rules see them; broken files have none."""
    from ..validate.load import load
    from ..validate.rules import HEADER_LOCAL_IDS, NS

    doc, _ = load(path)
    if doc is None:
        return {"path": str(path), "broken": True}
    local = set(doc.root.xpath(HEADER_LOCAL_IDS, namespaces=NS))
    ids = [(i, el.tag, el.sourceline or 1, el in local) for i, el in doc.ids.items()]
    return {"path": str(path), "ids": ids}


def skeleton(summary: Summary):
    """A Doc standing in for a file of the edition: an element per id, at its line."""
    from ..tei.xml import TEI_NS
    from ..validate.load import XML_ID, Doc

    t = f"{{{TEI_NS}}}"
    root = etree.Element(f"{t}TEI")
    doc = Doc(Path(str(summary["path"])), root, "")
    title_stmt = None
    for ident, tag, line, header_local in cast(list[IdEntry], summary["ids"]):
        if tag == f"{t}TEI" and root.get(XML_ID) is None:  # the file's own id
            el = root
        elif header_local:
            if title_stmt is None:
                header = etree.SubElement(root, f"{t}teiHeader")
                title_stmt = etree.SubElement(etree.SubElement(header, f"{t}fileDesc"),
                                              f"{t}titleStmt")
            el = etree.SubElement(title_stmt, tag)
        else:
            el = etree.SubElement(root, tag)
        el.set(XML_ID, ident)
        el.sourceline = line
        doc.ids[ident] = el
    return doc


@lru_cache(maxsize=2)
def _skeletons(summaries_file: str, digest: str) -> tuple[dict[str, Any], Any]:
    """Per worker, once per edition: the skeleton of every file, by path, and the index of
    each id's first owner over them (so the unique-id check of a file is linear)."""
    from ..validate.rules import first_owners

    summaries = json.loads(Path(summaries_file).read_text(encoding="utf-8"))
    skeletons = {s["path"]: skeleton(s) for s in summaries if not s.get("broken")}
    return skeletons, first_owners({Path(p).resolve(): d for p, d in skeletons.items()})


def validate_one(task: tuple[str, str, str, tuple[str, ...] | None]) -> list[dict[str, object]]:
    """One file's findings (in a worker): its tree, the edition's grammar, the rules named
    (None: all) against skeletons; the same findings as ``validate_files`` (a test checks)."""
    from ..validate.grammar import edition_grammar
    from ..validate.load import finding, load
    from ..validate.rules import Edition, check

    path_str, summaries_file, digest, rule_list = task
    rules = frozenset(rule_list) if rule_list is not None else None
    path = Path(path_str)
    doc, problems = load(path)
    found = list(problems)
    if doc is not None:
        found += edition_grammar().check([doc])[0]
        skeletons, first_ids = _skeletons(summaries_file, digest)
        others = [d for p, d in skeletons.items() if p != path_str]
        edition = Edition([*others, doc])
        edition.use_first_ids(first_ids)  # the skeleton of this file has the ids it has
        try:
            found += check([doc], rules, edition)
        except Exception as exc:  # as validate_files: a rule bug is a finding, not a crash
            found.append(finding("E009", path, 1, 1, f"the rule checks failed ({exc!r}): report "
                                                     "this as a validator bug"))
    if rules is not None:  # as validate_files: only the rules named
        found = [d for d in found if d.rule in rules]
    return [d.as_dict() for d in found]


@dataclass
class Validation:
    """Findings for ``files``, each file validated again only when its key changed.

    The edition's grammar (schema/edition.xsd) only: a project's own grammar goes through
    ``validate_files`` (cli.run_validate). ``rules``: the rules named (None: all)."""

    files: list[Path]
    cache_dir: Path
    jobs: int = 1
    progress: Callable[[Iterable[str]], Iterable[str]] = lambda x: x
    redone: list[str] = field(default_factory=list)
    rules: frozenset[str] | None = None

    def run(self) -> list[Diagnostic]:
        with Workers(self.jobs) as workers:  # both passes in one pool: workers start once
            return self._run(workers)

    def _run(self, workers: Workers) -> list[Diagnostic]:
        manifest = Manifest(self.cache_dir)
        summaries = self._summaries(manifest, workers)
        digest = hash_bytes(*(json.dumps(s, sort_keys=True) for s in summaries))
        summaries_file = self.cache_dir / "summaries" / f"edition-{digest[:16]}.json"
        if not summaries_file.exists():
            write_atomic(summaries_file, json.dumps(summaries).encode("utf-8"))
        version = code_version(STAGE)
        rule_list = tuple(sorted(self.rules)) if self.rules is not None else None
        results: dict[str, list[dict[str, object]]] = {}
        keys: dict[str, str] = {}
        stale: list[str] = []
        for path in self.files:
            item = str(path)
            keys[item] = hash_bytes(version, item, hash_file(path), digest, repr(rule_list))
            entry = manifest.entry(STAGE, item, keys[item])
            if entry is None:
                stale.append(item)
            else:
                results[item] = entry["findings"]
        tasks = [(item, str(summaries_file), digest, rule_list) for item in stale]
        for item, found in zip(stale, workers.map(validate_one, tasks, self._progress),
                               strict=True):
            results[item] = found
            manifest.record(STAGE, item, keys[item], findings=found)
            self.redone.append(item)
        manifest.save()
        self._forget_old_summaries(summaries_file)
        out = [Diagnostic(**d) for path in self.files for d in results[str(path)]]  # type: ignore[arg-type]
        order = {str(p): i for i, p in enumerate(self.files)}
        return sorted(out, key=lambda d: (order.get(d.file, len(order)), d.file, d.line,
                                          d.column, d.code))

    def _progress(self, tasks: Iterable[Any]) -> Iterable[Any]:
        return self.progress(tasks)

    def _summaries(self, manifest: Manifest, workers: Workers) -> list[Summary]:
        """The summary of every file the rules see (the files and their folders' siblings)."""
        seen: dict[Path, Path] = {}
        for path in self.files:
            for sibling in [path, *sorted(path.parent.glob("*.xml"))]:
                seen.setdefault(sibling.resolve(), sibling)
        version = code_version(STAGE)
        ids_of: dict[Path, object] = {}
        missing: list[tuple[Path, Path]] = []  # (file, its summary's store)
        for resolved in sorted(seen):
            path = seen[resolved]
            store = self.cache_dir / "summaries" / f"{hash_bytes(version, hash_file(path))}.json"
            try:
                ids_of[path] = json.loads(store.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                missing.append((path, store))
        # the files not summarized yet: parsed in the pool too (a cold run parses every file)
        summaries = workers.map(summarize, [p for p, _ in missing])
        for (path, store), summary in zip(missing, summaries, strict=True):
            ids_of[path] = summary.get("ids")
            write_atomic(store, json.dumps(ids_of[path]).encode("utf-8"))
        out: list[Summary] = []
        for resolved in sorted(seen):
            path = seen[resolved]
            ids = ids_of[path]
            out.append({"path": str(path), "ids": ids} if ids is not None
                       else {"path": str(path), "broken": True})
        return out

    def _forget_old_summaries(self, keep: Path) -> None:
        for old in keep.parent.glob("edition-*.json"):
            if old != keep:
                old.unlink(missing_ok=True)
