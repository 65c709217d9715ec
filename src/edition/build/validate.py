"""Validation file by file, with bounded memory, in a process pool, and incremental.

What one file's findings depend on: its own bytes, the validator and schema, and, for the two
cross-file rules (ids unique across the edition, pointers into other files), only the xml:ids of
the other files of its folder and whether they exist and parse. So each file gets a small
summary (its ids with their element and line), cached by content hash. From the summaries, read
one at a time, the main process finds the ids a file shares with an earlier file; a worker
validates a file with its own tree, those earlier owners, and, for a pointer into another file,
that file's ids read from its summary (only the files pointed into: the register, mostly). Memory
holds one tree at a time; a file is validated again only when its bytes, the code, or the
summary of the edition (an id added or removed anywhere, a file added or broken) changed.

Limits: a pointer into a file outside the folder is resolved by loading that file, as before,
but such a file is not part of the key.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache, partial
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
# a file's ids that an earlier file has: xml:id -> (that file, its line there)
Owners = dict[str, tuple[str, int]]


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


def id_table(path: Path, store: Path):
    """A Doc standing in for a file the rules point into: its ids only, from its summary."""
    from ..tei.xml import TEI_NS
    from ..validate.load import Doc

    entries = cast(list[IdEntry], json.loads(store.read_text(encoding="utf-8")))
    placeholder = etree.Element(f"{{{TEI_NS}}}TEI")  # the rules ask only whether an id is there
    return Doc(path, placeholder, "", dict.fromkeys((e[0] for e in entries), placeholder))


@lru_cache(maxsize=2)
def _stand_ins(index_file: str) -> dict[Path, Callable[[], Any]]:
    """Per worker, once per edition: each file of the edition, by resolved path, as a stand-in
    read from its summary when a pointer names it (None: the file is broken)."""
    index = json.loads(Path(index_file).read_text(encoding="utf-8"))
    return {Path(p).resolve(): (partial(id_table, Path(p), Path(store)) if store else _broken)
            for p, store in index.items()}


def _broken() -> None:
    return None


def validate_one(task: tuple[str, str, Owners, tuple[str, ...] | None]) -> list[dict[str, object]]:
    """One file's findings (in a worker): its tree, the edition's grammar, the rules named
    (None: all), the earlier owners of its ids and the other files' ids from their summaries;
    the same findings as ``validate_files`` (a test checks)."""
    from ..validate.grammar import edition_grammar
    from ..validate.load import finding, load
    from ..validate.rules import Edition, check

    path_str, index_file, owners, rule_list = task
    rules = frozenset(rule_list) if rule_list is not None else None
    path = Path(path_str)
    doc, problems = load(path)
    found = list(problems)
    if doc is not None:
        found += edition_grammar().check([doc])[0]
        edition = Edition([doc], _stand_ins(index_file))
        edition.use_earlier_owners(doc, owners)
        try:
            found += check([doc], rules, edition)
        except Exception as exc:  # as validate_files: a rule bug is a finding, not a crash
            found.append(finding("E009", path, 1, 1, f"the rule checks failed ({exc!r}): report "
                                                     "this as a validator bug"))
    if rules is not None:  # as validate_files: only the rules named
        found = [d for d in found if d.rule in rules]
    return [d.as_dict() for d in found]


@dataclass
class EditionIds:
    """What the main process keeps of the summaries: their digest, each file's summary store
    (None: broken), and the ids each file shares with an earlier one (usually none)."""

    digest: str
    stores: dict[str, str | None]
    owners: dict[str, Owners]


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
        hashes: dict[Path, str] = {}
        ids = self._edition_ids(workers, hashes)
        index_file = self.cache_dir / "summaries" / f"edition-{ids.digest[:16]}.json"
        if not index_file.exists():
            write_atomic(index_file, json.dumps(ids.stores).encode("utf-8"))
        version = code_version(STAGE)
        rule_list = tuple(sorted(self.rules)) if self.rules is not None else None
        results: dict[str, list[dict[str, object]]] = {}
        keys: dict[str, str] = {}
        stale: list[str] = []
        for path in self.files:
            item = str(path)
            keys[item] = hash_bytes(version, item, hashes[path.resolve()], ids.digest,
                                    repr(rule_list))
            entry = manifest.entry(STAGE, item, keys[item])
            if entry is None:
                stale.append(item)
            else:
                results[item] = entry["findings"]
        tasks = [(item, str(index_file), ids.owners.get(item, {}), rule_list) for item in stale]
        for item, found in zip(stale, workers.map(validate_one, tasks, self._progress),
                               strict=True):
            results[item] = found
            manifest.record(STAGE, item, keys[item], findings=found)
            self.redone.append(item)
        manifest.save()
        self._forget_old_summaries(index_file)
        out = [Diagnostic(**d) for path in self.files for d in results[str(path)]]  # type: ignore[arg-type]
        order = {str(p): i for i, p in enumerate(self.files)}
        return sorted(out, key=lambda d: (order.get(d.file, len(order)), d.file, d.line,
                                          d.column, d.code))

    def _progress(self, tasks: Iterable[Any]) -> Iterable[Any]:
        return self.progress(tasks)

    def _edition_ids(self, workers: Workers, hashes: dict[Path, str]) -> EditionIds:
        """The summaries of every file the rules see (the files and their folders' siblings),
        made where missing, then read one at a time in path order: their digest, and the ids
        each file shares with an earlier one. ``hashes`` gets each file's content hash."""
        seen: dict[Path, Path] = {}
        for path in self.files:
            for sibling in [path, *sorted(path.parent.glob("*.xml"))]:
                seen.setdefault(sibling.resolve(), sibling)
        version = code_version(STAGE)
        stores: dict[Path, Path] = {}
        for resolved in sorted(seen):
            hashes[resolved] = hash_file(seen[resolved])
            stores[resolved] = (self.cache_dir / "summaries"
                                / f"{hash_bytes(version, hashes[resolved])}.json")
        # the files not summarized yet: parsed in the pool too (a cold run parses every file)
        missing = [r for r in sorted(seen) if not stores[r].is_file()]
        for resolved, summary in zip(missing, workers.map(summarize, [seen[r] for r in missing]),
                                     strict=True):
            write_atomic(stores[resolved], json.dumps(summary.get("ids")).encode("utf-8"))
        parts: list[str] = []
        first: dict[str, tuple[str, int]] = {}  # edition-wide xml:id -> (first file, line)
        out = EditionIds("", {}, {})
        for resolved in sorted(seen):
            item = str(seen[resolved])
            data = stores[resolved].read_bytes()
            parts += [item, hash_bytes(data)]
            entries = cast(list[IdEntry] | None, json.loads(data))
            out.stores[item] = str(stores[resolved]) if entries is not None else None
            for ident, _tag, line, header_local in entries or ():
                if header_local:
                    continue
                owner = first.setdefault(ident, (item, line))
                if owner[0] != item:
                    out.owners.setdefault(item, {})[ident] = owner
        out.digest = hash_bytes(*parts)
        return out

    def _forget_old_summaries(self, keep: Path) -> None:
        for old in keep.parent.glob("edition-*.json"):
            if old != keep:
                old.unlink(missing_ok=True)
