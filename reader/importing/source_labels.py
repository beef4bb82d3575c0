"""The labels of a source's standard tables that differ from the official
ones: a label typed with a slip, renamed, or the other format's (规范性文件
in a 2021 table). The import files their figures under the official label;
the audit shows what it read as information (rule ``source-labels``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from reader.content import document as d
from reader.content import standard_tables as st
from reader.importing import recognise
from reader.importing.text import clean_space, label_key, label_variants

Differing = tuple[str, str, str]  # (table, the source's label, the official label)


class _Finder(Protocol):
    def find(self, text: str) -> str | None: ...


def _labels(fmt: str) -> set[str]:
    """Every row and column label of a format's tables 二 and 三."""
    found = {label for block in st.TABLE2[fmt] for label in (*block.columns, *block.rows)}
    return found | set(st.t3_rows(fmt))


# labels only the other format has: a 2019 label in a 2021 table, or the reverse
_FOREIGN = {fmt: _labels(other) - _labels(fmt) for fmt, other in (("2019", "2021"),
                                                                  ("2021", "2019"))}


def _finders(kind: str) -> list[_Finder]:
    if kind == "二":
        return [recognise.BLOCKS, *recognise.T2_ROWS.values(), *recognise.T2_COLUMNS.values()]
    if kind == "三":
        return [recognise.T3_ROWS, recognise.T3_COLUMNS]
    return [recognise.T4_GROUPS, recognise.T4_COLUMNS]


def differing(items: Iterable[object], fmt: str) -> list[Differing]:
    """Each label of the standard tables among ``items`` (the source's body)
    that is not written as its official label, once, in reading order."""
    found: list[Differing] = []
    for item in items:
        if not isinstance(item, d.Table):
            continue
        kind = recognise.kind_of(item)
        if not kind:
            continue
        finders = _finders(kind)
        for row in item.rows:
            for cell in row.cells:
                text = clean_space(d.plain_text(cell.children))
                if not text or text[0].isdigit() and text.replace(".", "").isdigit():
                    continue
                label = next((hit for finder in finders if (hit := finder.find(text))), None)
                if label is None:
                    continue
                own = label_key(text) in label_variants(label)
                if (own and label not in _FOREIGN.get(fmt, set())) or \
                        any(seen[1] == text for seen in found):
                    continue
                found.append((kind, text, label))
    return found
