"""A project's validation settings: ``[tool.edition]`` in pyproject.toml, or edition.toml.

    [tool.edition]                  # pyproject.toml (edition.toml: the same keys, top level)
    schema = "schema/tei_all.rng"   # .xsd, .rng, .rnc, .odd, a shipped name, or "none"
    rules = "pointers"              # edition | pointers | none | rule names, comma-separated

Paths are relative to the file that names them. The command line wins over the file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import EditionError

KEYS = {"schema", "rules"}


@dataclass(frozen=True)
class Settings:
    schema: str | None = None
    rules: str | None = None
    base: Path = Path(".")  # the folder relative paths in the file start from


def read_settings(root: Path) -> Settings:
    """The settings of the project at ``root`` (edition.toml first, then pyproject.toml)."""
    for name, table in (("edition.toml", ()), ("pyproject.toml", ("tool", "edition"))):
        path = root / name
        if not path.is_file():
            continue
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise EditionError(f"not valid TOML ({exc})", file=path) from exc
        for key in table:
            data = data.get(key, {}) if isinstance(data, dict) else {}
        if not data:
            continue
        unknown = sorted(set(data) - KEYS) if name == "pyproject.toml" else []
        if unknown:
            raise EditionError(f"[tool.edition] has unknown key(s) {', '.join(unknown)}: "
                               f"use {', '.join(sorted(KEYS))}", file=path)
        values = {k: data.get(k) for k in KEYS}
        for key, value in values.items():
            if value is not None and not isinstance(value, str):
                raise EditionError(f"{key} must be a string", file=path)
        return Settings(values["schema"], values["rules"], root)
    return Settings(base=root)
