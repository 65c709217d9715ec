"""One diagnostics type for every stage: converter, validator and review alike."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Diagnostic:
    code: str  # stable, e.g. "E012" or "C101"
    severity: str  # "error" | "warning" | "info"
    file: str
    line: int
    column: int
    message: str
    element: str = ""
    rule: str = ""

    def format_text(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.code} {self.message}"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


class EditionError(Exception):
    """A problem with the user's input: reported on one line, never as a traceback.

    exit_code 2 is a usage or input error, 1 is invalid content.
    """

    def __init__(self, message: str, *, file: str | Path | None = None, line: int | None = None,
                 column: int | None = None, exit_code: int = 2) -> None:
        self.file = str(file) if file is not None else None
        self.line = line
        self.column = column
        self.exit_code = exit_code
        super().__init__(message)

    def __reduce__(self) -> tuple[object, ...]:
        # raised in a worker process (--jobs): comes back whole, with its file, position and
        # exit code (the default pickling would call __init__ with the message alone)
        return (_restore_error, (type(self), self.args, dict(self.__dict__)))

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
            where += ": "
        return f"{where}{self.args[0]}"


def _restore_error(cls: type[EditionError], args: tuple[object, ...],
                   state: dict[str, object]) -> EditionError:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error
