"""A file's text as inline runs, script-converted in one call: shared by the
Word and PDF writers.

Every block's runs (bold, 楷体 emphasis, links, protected passages and code
marked) are collected first, then all of them converted together with the
converter's ``convert_runs``, one block at a time as the page's blocks are,
so a file says what the page says.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from reader.content import document as d
from reader.language.convert import Converter
from reader.language.variants import Variant


@dataclass
class Run:
    text: str
    protected: bool = False  # -{…}- or code: never converted
    bold: bool = False
    kai: bool = False  # emphasis: 楷体, as Chinese print sets it (never italic)
    code: bool = False
    href: str = ""
    line_break: bool = False


def runs_of(nodes: list[d.Inline], base: Run | None = None) -> list[Run]:
    base = base or Run("")
    out: list[Run] = []
    for node in nodes:
        if isinstance(node, d.Text):
            out.append(replace(base, text=node.text))
        elif isinstance(node, d.Protected):
            out.append(replace(base, text=node.text, protected=True))
        elif isinstance(node, d.Code):
            out.append(replace(base, text=node.text, protected=True, code=True))
        elif isinstance(node, d.Strong):
            out.extend(runs_of(node.children, replace(base, bold=True)))
        elif isinstance(node, d.Emphasis):
            out.extend(runs_of(node.children, replace(base, kai=True)))
        elif isinstance(node, d.Link):
            out.extend(runs_of(node.children, replace(base, href=node.href)))
        elif isinstance(node, d.LineBreak):
            out.append(replace(base, text="\n", line_break=True))
    return [run for run in out if run.text]


@dataclass
class Texts:
    """Every piece of text in the file, converted together in one call."""

    blocks: list[list[Run]] = field(default_factory=list)

    def add(self, runs: list[Run]) -> int:
        self.blocks.append(runs)
        return len(self.blocks) - 1

    def add_text(self, text: str) -> int:
        return self.add([Run(text)] if text else [])

    def convert(self, converter: Converter, variant: Variant, script: str) -> None:
        converted = converter.convert_runs(
            [[(run.text, run.protected) for run in runs] for runs in self.blocks], variant, script)
        self.blocks = [[replace(run, text=text) for run, text in zip(runs, texts, strict=True)]
                       for runs, texts in zip(self.blocks, converted, strict=True)]

    def text(self, index: int) -> str:
        return "".join(run.text for run in self.blocks[index])
