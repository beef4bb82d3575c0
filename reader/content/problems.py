"""Problems found in content: what `reader check` prints and the server logs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str
    hint: str = ""
    severity: str = "error"  # "error" leaves the file out; "warning" does not

    def format(self, root: Path | None = None) -> str:
        path = self.path
        if root is not None:
            try:
                path = self.path.relative_to(root)
            except ValueError:
                pass
        text = f"{path}:{self.line}: {self.severity}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


class ContentError(Exception):
    """Raised while reading one file; carries the problem to report."""

    def __init__(self, line: int, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.hint = hint
