"""Which annotations a filter selects: the desk's filters and ``review --accept``.

A filter is ``key=value`` words: ``kind=persName cert=high``; ``kind`` matches the element
name with or without its type (``choice`` selects ``choice[sic]`` and ``choice[orig]``),
``cert`` low|medium|high|sure, ``status`` pending (the default) | reviewed | all, ``text`` a
file's slug, ``q`` words of the reading. Several values of one key are alternatives
(``cert=low,medium``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..diagnostics import EditionError
from .model import Annotation

KEYS = ("kind", "cert", "status", "text", "q")
STATUSES = ("pending", "reviewed", "all")


@dataclass
class Query:
    values: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def parse(cls, spec: str) -> Query:
        values: dict[str, list[str]] = {}
        for word in spec.split():
            key, eq, value = word.partition("=")
            if not eq or key not in KEYS or not value:
                raise EditionError(f"filter word {word!r}: write key=value with a key of "
                                   f"{', '.join(KEYS)} (e.g. \"kind=persName cert=high\")")
            values.setdefault(key, []).extend(v for v in value.split(",") if v)
        for status in values.get("status", []):
            if status not in STATUSES:
                raise EditionError(f"status={status}: one of {', '.join(STATUSES)}")
        return cls(values)

    @classmethod
    def of(cls, **kw: str) -> Query:
        return cls({k: [x for x in v.split(",") if x] for k, v in kw.items() if v})

    def matches(self, a: Annotation, slug: str) -> bool:
        v = self.values
        status = v.get("status", ["pending"])
        if "all" not in status and ("reviewed" if a.reviewed else "pending") not in status:
            return False
        if "kind" in v and not any(a.kind == k or a.kind.split("[")[0] == k for k in v["kind"]):
            return False
        if "cert" in v and a.cert not in v["cert"]:
            return False
        if "text" in v and slug not in v["text"]:
            return False
        return not ("q" in v and not all(w.lower() in a.reading.lower() for w in v["q"]))
