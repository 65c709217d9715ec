"""``--shard K/N``: a deterministic share of the texts, the same on every machine and run.

A text's shard follows from its name alone (a hash, not its position in a list), so adding a
text moves no other text to another shard, and N runners of a CI matrix build disjoint shares
that together are the whole edition.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from ..diagnostics import EditionError


@dataclass(frozen=True)
class Shard:
    index: int  # 1-based, as written: 1/2 and 2/2
    count: int

    def owns(self, name: str) -> bool:
        digest = hashlib.sha256(name.encode("utf-8")).digest()
        return int.from_bytes(digest[:8], "big") % self.count == self.index - 1

    @property
    def label(self) -> str:
        return f"{self.index}-of-{self.count}"


def parse_shard(text: str) -> Shard:
    m = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
    if not m or not 1 <= int(m.group(1)) <= int(m.group(2)):
        raise EditionError(f"--shard {text!r}: write K/N with 1 ≤ K ≤ N (e.g. 1/4)")
    return Shard(int(m.group(1)), int(m.group(2)))
