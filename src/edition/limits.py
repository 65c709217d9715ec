"""Size limits that make bad input fail fast with a clear message instead of running for hours.

Each limit has a generous default and can be raised (or lowered) with an environment variable,
so that an unusual but genuine text can still be processed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from .diagnostics import EditionError

ENV_MAX_FILE_MB = "EDITION_MAX_FILE_MB"
ENV_MAX_LINE = "EDITION_MAX_LINE_CHARS"
ENV_MAX_DEPTH = "EDITION_MAX_DEPTH"


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 256 * 1024 * 1024  # far above the 50 MB text that must still convert
    max_line_chars: int = 200_000  # a paragraph per line is a few thousand characters
    max_depth: int = 200  # real TEI nests about 15 deep; recursive readers need headroom


def _int_env(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw)
    except ValueError:
        raise EditionError(f"environment variable {name}={raw!r} is not a whole number") from None
    if value <= 0:
        raise EditionError(f"environment variable {name}={raw!r} must be positive")
    return value


def limits() -> Limits:
    """The limits in force (read from the environment each time: cheap, and tests can set them)."""
    base = Limits()
    return Limits(
        max_file_bytes=_int_env(ENV_MAX_FILE_MB, base.max_file_bytes // (1024 * 1024)) * 1024 * 1024,
        max_line_chars=_int_env(ENV_MAX_LINE, base.max_line_chars),
        max_depth=_int_env(ENV_MAX_DEPTH, base.max_depth),
    )
