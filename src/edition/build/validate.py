"""Validation file by file, with bounded memory, in a process pool, and incremental.

What one file's findings depend on: its own bytes, the validator and schema, and, for the two
cross-file rules, only the xml:ids of other files: of the files its pointers name (do they
exist, parse, have the id?) and, for ids unique across the edition, of the files before it in
path order. So a file is read once, in a worker, which gives its findings except the unique-id
ones, its *summary* (its ids with their element and line, cached by content hash) and the
files it pointed into with their content hashes: the ids of those come from their summaries
(made when missing), never from their trees. The main process then reads the summaries one at
a time, in path order, and finds the ids a file shares with an earlier file (usually none: such
a file is read once more for those findings' positions).

A file's findings are kept while its bytes, the code and the files it pointed into are
unchanged; its unique-id findings while the earlier owners of its ids are. Memory holds one
tree at a time plus the ids of the files pointed into (the register, mostly).
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
UNIQUE_STAGE = "validate-unique-ids"
UNIQUE_RULE = "id-unique"
# (xml:id, element tag in Clark notation, line, True for a header-local id); None: a broken file
IdEntry = tuple[str, str, int, bool]
IdEntries = list[IdEntry] | None
# a file's ids that an earlier file has: xml:id -> (that file, its line there)
Owners = dict[str, tuple[str, int]]
Found = list[dict[str, object]]
# Less than this much XML to validate is done in the main process: starting a worker (its
# imports, the grammar) costs about what validating 2 MB does
PARALLEL_MIN_BYTES = 3_000_000


@dataclass(frozen=True)
class Summaries:
    """Where the summaries are kept: by content hash, under the validator's version (given to
    the workers, which need not hash the package again)."""

    folder: Path
    version: str

    def store(self, content_hash: str) -> Path:
        return self.folder / f"{hash_bytes(self.version, content_hash)}.json"


def ids_of(doc: Any) -> list[IdEntry]:
    """A parsed file's xml:ids as the cross-file rules see them."""
    from ..validate.rules import HEADER_LOCAL_IDS, NS

    local = set(doc.root.xpath(HEADER_LOCAL_IDS, namespaces=NS))
    return [(i, el.tag, el.sourceline or 1, el in local) for i, el in doc.ids.items()]


def summarize(task: tuple[str, Summaries]) -> None:
    """Make the summary of a file (in a worker), unless it is kept already."""
    path_str, summaries = task
    summary_of(Path(path_str), summaries)


def summary_of(path: Path, summaries: Summaries, content: str | None = None) -> IdEntries:
    """A file's ids (None: it is broken), from its kept summary, or read from the file and
    kept when there is none or it cannot be read (a damaged cache is made again, not trusted)."""
    from ..validate.load import load

    store = summaries.store(content or hash_file(path))
    try:
        entries = json.loads(store.read_bytes())
        if entries is None or all(isinstance(e, list) and len(e) == 4 for e in entries):
            return cast(IdEntries, entries)
    except (OSError, ValueError, TypeError):
        pass
    doc, _ = load(path)
    made = ids_of(doc) if doc is not None else None
    _store(store, made)
    return made


def _store(store: Path, entries: IdEntries) -> None:
    write_atomic(store, json.dumps(entries).encode("utf-8"))


@lru_cache(maxsize=8)  # the register is asked for by every file a worker is given
def _id_set(path: Path, summaries: Summaries, content: str) -> frozenset[str] | None:
    entries = summary_of(path, summaries, content)
    return None if entries is None else frozenset(e[0] for e in entries)


class StandIns:
    """Other files as the pointer rules see them: their ids, read from their summaries (made
    when missing), with the content hash of every file asked for (what the findings depend on)."""

    def __init__(self, summaries: Summaries) -> None:
        self.summaries = summaries
        self.asked: dict[str, str] = {}  # resolved path -> content hash ("missing")

    def __call__(self, path: Path) -> Any:
        from ..tei.xml import TEI_NS
        from ..validate.load import Doc

        content = hash_file(path)
        self.asked[str(path.resolve())] = content
        if content == "missing" or not path.is_file():
            return None
        ids = _id_set(path, self.summaries, content)
        if ids is None:
            return None
        placeholder = etree.Element(f"{{{TEI_NS}}}TEI")  # the rules ask only whether an id is there
        return Doc(path, placeholder, "", dict.fromkeys(ids, placeholder))


def validate_one(task: tuple[str, Summaries, tuple[str, ...] | None]
                 ) -> tuple[Found, dict[str, str]]:
    """One file's findings but the unique-id ones (in a worker): its tree, the edition's
    grammar, the rules named (None: all), other files' ids from their summaries. Writes the
    file's own summary; gives the findings and the files pointed into with their hashes."""
    from ..validate.grammar import edition_grammar
    from ..validate.load import finding, load
    from ..validate.rules import Edition, check

    path_str, summaries, rule_list = task
    rules = frozenset(rule_list) if rule_list is not None else None
    path = Path(path_str)
    content = hash_file(path)
    doc, problems = load(path)
    _store(summaries.store(content), ids_of(doc) if doc is not None else None)
    found = list(problems)
    stand_ins = StandIns(summaries)
    if doc is not None:
        found += edition_grammar().check([doc])[0]
        try:
            found += check([doc], rules, Edition([doc], stand_ins),
                           ids_across_files=False)
        except Exception as exc:  # as validate_files: a rule bug is a finding, not a crash
            found.append(finding("E009", path, 1, 1, f"the rule checks failed ({exc!r}): report "
                                                     "this as a validator bug"))
    if rules is not None:  # as validate_files: only the rules named
        found = [d for d in found if d.rule in rules]
    return [d.as_dict() for d in found], stand_ins.asked


def unique_ids_one(task: tuple[str, Owners]) -> Found:
    """The unique-id findings of a file whose ids earlier files have (in a worker)."""
    from ..validate.load import load
    from ..validate.rules import Edition, check

    path_str, owners = task
    doc, _ = load(Path(path_str))
    if doc is None:
        return []
    edition = Edition([doc])
    edition.use_earlier_owners(doc, owners)
    return [d.as_dict() for d in check([doc], frozenset({UNIQUE_RULE}), edition)]


def _size(path: str) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:  # gone since it was listed: its reading says so
        return 0


@dataclass
class Validation:
    """Findings for ``files``, each file validated again only when what it depends on changed.

    The edition's grammar (schema/edition.xsd) only: a project's own grammar goes through
    ``validate_files`` (cli.run_validate). ``rules``: the rules named (None: all)."""

    files: list[Path]
    cache_dir: Path
    jobs: int = 1
    progress: Callable[[Iterable[str]], Iterable[str]] = lambda x: x
    redone: list[str] = field(default_factory=list)
    rules: frozenset[str] | None = None
    parallel_min_bytes: int = PARALLEL_MIN_BYTES
    _hashes: dict[str, str] = field(default_factory=dict, repr=False)

    def run(self) -> list[Diagnostic]:
        with Workers(self.jobs) as workers:  # all passes in one pool: workers start once
            return self._run(workers)

    def _run(self, workers: Workers) -> list[Diagnostic]:
        manifest = Manifest(self.cache_dir)
        found = self._file_findings(manifest, workers)
        if self.rules is None or UNIQUE_RULE in self.rules:
            for item, more in self._unique_id_findings(manifest, workers).items():
                found[item] = found[item] + more
        manifest.save()
        out = [Diagnostic(**d) for path in self.files for d in found[str(path)]]  # type: ignore[arg-type]
        order = {str(p): i for i, p in enumerate(self.files)}
        return sorted(out, key=lambda d: (order.get(d.file, len(order)), d.file, d.line,
                                          d.column, d.code))

    def _summaries(self) -> Summaries:
        return Summaries(self.cache_dir / "summaries", code_version(STAGE))

    def _hash(self, path: Path | str) -> str:
        key = str(Path(path).resolve())
        if key not in self._hashes:
            self._hashes[key] = hash_file(Path(path))
        return self._hashes[key]

    def _file_findings(self, manifest: Manifest, workers: Workers) -> dict[str, Found]:
        """Each file's findings but the unique-id ones: kept, or made again in the pool."""
        version = code_version(STAGE)
        rule_list = tuple(sorted(self.rules)) if self.rules is not None else None
        results: dict[str, Found] = {}
        keys: dict[str, str] = {}
        stale: list[str] = []
        for path in self.files:
            item = str(path)
            keys[item] = hash_bytes(version, item, self._hash(path), repr(rule_list))
            entry = manifest.entry(STAGE, item, keys[item])
            asked = entry.get("asked") if entry is not None else None
            if isinstance(asked, dict) and all(self._hash(p) == h for p, h in asked.items()):
                results[item] = entry["findings"]  # type: ignore[index]
            else:
                stale.append(item)
        tasks = [(item, self._summaries(), rule_list) for item in stale]
        small = sum(map(_size, stale)) < self.parallel_min_bytes
        for item, (found, asked) in zip(stale, workers.map(validate_one, tasks, self._progress,
                                                           serial=small), strict=True):
            results[item] = found
            self._hashes.update(asked)
            manifest.record(STAGE, item, keys[item], findings=found, asked=asked)
            self.redone.append(item)
        return results

    def _progress(self, tasks: Iterable[Any]) -> Iterable[Any]:
        return self.progress(tasks)

    def _unique_id_findings(self, manifest: Manifest, workers: Workers) -> dict[str, Found]:
        """The findings of the ids a file shares with an earlier one, for the files that have
        any: from the summaries of the files and their folders' siblings, read in path order."""
        owners = self._earlier_owners(workers)
        version = code_version(STAGE)
        results: dict[str, Found] = {}
        keys: dict[str, str] = {}
        stale: list[str] = []
        for path in self.files:
            item = str(path)
            if not owners.get(item):
                continue
            keys[item] = hash_bytes(version, item, self._hash(path),
                                    json.dumps(owners[item], sort_keys=True))
            entry = manifest.entry(UNIQUE_STAGE, item, keys[item])
            if entry is None:
                stale.append(item)
            else:
                results[item] = entry["findings"]
        tasks = [(item, owners[item]) for item in stale]
        for item, found in zip(stale, workers.map(unique_ids_one, tasks), strict=True):
            results[item] = found
            manifest.record(UNIQUE_STAGE, item, keys[item], findings=found)
            if item not in self.redone:
                self.redone.append(item)
        return results

    def _earlier_owners(self, workers: Workers) -> dict[str, Owners]:
        """For each file, its edition-wide ids that a file before it (in path order) has."""
        seen: dict[Path, Path] = {}
        for path in self.files:
            for sibling in [path, *sorted(path.parent.glob("*.xml"))]:
                seen.setdefault(sibling.resolve(), sibling)
        stores = {r: self._summaries().store(self._hash(seen[r])) for r in sorted(seen)}
        missing = [(str(seen[r]), self._summaries()) for r in sorted(seen)
                   if not stores[r].is_file()]  # siblings not validated here
        for _ in workers.map(summarize, missing):
            pass
        first: dict[str, tuple[str, int]] = {}  # edition-wide xml:id -> (first file, line)
        owners: dict[str, Owners] = {}
        for resolved in stores:
            item = str(seen[resolved])
            entries = summary_of(seen[resolved], self._summaries(), self._hash(resolved))
            for ident, _tag, line, header_local in entries or ():
                if header_local:
                    continue
                owner = first.setdefault(ident, (item, line))
                if owner[0] != item:
                    owners.setdefault(item, {})[ident] = owner
        return owners
