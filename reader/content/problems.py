"""Problems found in content: what `reader check` prints and the server logs.

A problem is either a mistake in a file (it cannot be read, a label is
unknown: rule ``file``) or a finding of the audit (a rule of the report
format that the figures break). A finding names its table, row and column,
the figures involved and the cell on the report's page, and has an id that
stays the same from one run to the next while the finding does (a person
can mark it reviewed; see reader/audit/reviewed.py).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

SEVERITIES = ("error", "warning", "info")
FILE_RULE = "file"


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str
    hint: str = ""
    severity: str = "error"  # "error" leaves the file out; "warning" and "info" do not
    rule: str = FILE_RULE  # the audit rule, e.g. "t3-balance"; "file" for a mistake in a file
    table: str = ""  # 二, 三 or 四
    block: str = ""  # table 二's block, e.g. 第二十条第（一）项
    row: str = ""
    column: str = ""
    # the figures involved, as (what, value as written), in the message's order
    figures: tuple[tuple[str, str], ...] = ()
    cell: str = ""  # the id of the cell on the report's page (its address's fragment)
    report: str = ""  # the report's address (slug)
    organisation: str = ""
    year: int = 0
    detail: str = ""  # what else tells this finding apart (the sentence a text rule quotes)
    reviewed: str = ""  # why a person marked it reviewed; empty when not reviewed

    @property
    def id(self) -> str:
        """Stable while the finding is the same: its rule, report, cell,
        figures and quoted text, not its line or the wording of the message."""
        where = self.report or self.path.name
        what = [self.rule, where, str(self.year) if not self.report else "", self.table,
                self.block, self.row, self.column, self.detail, *(f"{k}={v}" for k, v in self.figures)]
        if self.rule == FILE_RULE:
            what.append(self.message)
        return hashlib.sha256("\x1f".join(what).encode()).hexdigest()[:12]

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    @property
    def fails(self) -> bool:
        """An error no person has reviewed: `reader check` exits 1 for it."""
        return self.is_error and not self.reviewed

    @property
    def is_finding(self) -> bool:
        return self.rule != FILE_RULE

    def shown_path(self, root: Path | None = None) -> Path:
        if root is not None:
            try:
                return self.path.relative_to(root)
            except ValueError:
                pass
        return self.path

    def format(self, root: Path | None = None) -> str:
        severity = f"{self.severity} (已复核)" if self.reviewed else self.severity
        text = f"{self.shown_path(root)}:{self.line}: {severity}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        if self.is_finding:
            text += f" [{self.rule} {self.id}]"
        if self.reviewed:
            text += f" 复核意见：{self.reviewed}"
        return text

    def record(self, root: Path | None = None, url: str = "") -> dict[str, object]:
        """The finding as one JSON object (`reader check --json`)."""
        fields = asdict(self)
        fields["path"] = str(self.shown_path(root))
        fields["figures"] = {what: _value(value) for what, value in self.figures}
        fields["id"] = self.id
        fields["url"] = url
        fields["year"] = self.year or None
        return fields

    def json(self, root: Path | None = None, url: str = "") -> str:
        return json.dumps(self.record(root, url), ensure_ascii=False)


def _value(text: str) -> int | str:
    """A figure as a number where it is a whole number, else as written."""
    try:
        return int(text)
    except ValueError:
        return text


class ContentError(Exception):
    """Raised while reading one file; carries the problem to report."""

    def __init__(self, line: int, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.hint = hint
