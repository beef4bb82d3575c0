"""Script conversion of rendered pages (and of document trees for Word files).

Only text is converted: element text and the human-readable attributes
(title, alt, aria-label, placeholder). URLs, ids, classes, scripts and code
pass through untouched. The text runs of one block are joined, converted in
one call and cut back at the same offsets, so a phrase spanning inline markup
(头<em>发</em>) converts as a phrase; blocks are joined with a newline so that
phrases never join across them. A whole page costs one OpenCC call per
source script.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

import opencc

from .glossary import Glossary
from .variants import Variant

MASK = "\ufffc"  # stands in for protected text: not Han, so it breaks phrases

INLINE_TAGS = frozenset("""a abbr b bdi bdo cite code data dfn em i kbd mark q rb ruby rp rt s
    samp small span strong sub sup time u var wbr label""".split())
VOID_TAGS = frozenset("area base br col embed hr img input link meta source track wbr".split())
SKIP_TAGS = frozenset("script style code pre rt rp textarea".split())
TEXT_ATTRS = ("title", "alt", "aria-label", "aria-description", "placeholder")

_TOKEN = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)")
_ATTR = re.compile(r'(\s(?:{}|content)=")([^"]*)(")'.format("|".join(TEXT_ATTRS)))
_SCRIPT_ATTR = re.compile(r'\sdata-script="(zh-Hans|zh-Hant)"')
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_lock = threading.Lock()
_converters: dict[str, opencc.OpenCC] = {}


def opencc_for(config: str) -> opencc.OpenCC:
    """One converter per config for the process (building one takes ~0.1 s)."""
    with _lock:
        if config not in _converters:
            _converters[config] = opencc.OpenCC(config)
        return _converters[config]


@dataclass
class _Buffer:
    """Text gathered for one OpenCC config, with where each piece goes."""

    parts: list[str] = field(default_factory=list)
    length: int = 0

    def add(self, text: str) -> tuple[int, int]:
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        return start, self.length

    def boundary(self) -> None:
        if self.parts and self.parts[-1] != "\n":
            self.add("\n")


class Converter:
    def __init__(self, glossary: Glossary | None = None) -> None:
        self.glossary = glossary or Glossary()

    # --- plain text -------------------------------------------------------

    def convert_joined(self, text: str, config: str | None, target: str) -> str:
        """Convert text whose pieces must keep their offsets."""
        if config is None or not text:
            return text
        text = _CONTROL.sub(" ", text)  # a NUL makes OpenCC drop text
        converted = opencc_for(config).convert(text)
        if len(converted) != len(text):
            converted = "".join(opencc_for(config).convert(ch) for ch in text)
        return self.glossary.apply(text, converted, target, corrections=config.startswith("s2"))

    def convert_text(self, text: str, variant: Variant, source_script: str = "zh-Hans") -> str:
        return self.convert_joined(text, variant.configs[source_script], variant.code)

    def convert_runs(self, blocks: list[list[tuple[str, bool]]], variant: Variant,
                     source_script: str = "zh-Hans") -> list[list[str]]:
        """Blocks of (text, protected) runs → the same runs converted."""
        config = variant.configs[source_script]
        if config is None:
            return [[text for text, _ in runs] for runs in blocks]
        buffer = _Buffer()
        spans: list[list[tuple[int, int, str | None]]] = []
        for runs in blocks:
            block_spans = []
            for text, protected in runs:
                start, end = buffer.add(MASK * len(text) if protected else text)
                block_spans.append((start, end, text if protected else None))
            buffer.boundary()
            spans.append(block_spans)
        converted = self.convert_joined("".join(buffer.parts), config, variant.code)
        return [[original if original is not None else converted[start:end]
                 for start, end, original in block_spans] for block_spans in spans]

    # --- HTML ---------------------------------------------------------------

    def convert_html(self, html: str, variant: Variant, default_script: str = "zh-Hans") -> str:
        """Convert the text of a page we rendered ourselves (well-formed,
        attributes double-quoted, text escaped)."""
        if all(variant.configs[s] is None for s in ("zh-Hans", "zh-Hant")):
            return html
        out: list[str | tuple[str, int, int]] = []
        buffers: dict[str, _Buffer] = {}
        # stack of (tag, script, mode); mode: "text", "skip" or "mask"
        stack: list[tuple[str, str, str]] = [("", default_script, "text")]
        pos = 0
        for token in _TOKEN.finditer(html):
            if token.start() > pos:
                self._text(html[pos:token.start()], stack[-1], out, buffers)
            pos = token.end()
            tag_text = token.group()
            match = _TAG.match(tag_text)
            if match is None:  # comment or doctype
                out.append(tag_text)
                continue
            closing, name = match.group(1) == "/", match.group(2).lower()
            _, script, mode = stack[-1]
            if name not in INLINE_TAGS:
                buffers.setdefault(script, _Buffer()).boundary()
            if closing:
                while len(stack) > 1:
                    if stack.pop()[0] == name:
                        break
                out.append(tag_text)
                continue
            out.append(self._attributes(tag_text, script, out, buffers) if mode == "text"
                       else tag_text)
            if name in VOID_TAGS or tag_text.endswith("/>"):
                continue
            found = _SCRIPT_ATTR.search(tag_text)
            child_script = found.group(1) if found else script
            child_mode = mode
            if name in SKIP_TAGS:
                child_mode = "skip"
            elif " data-nc" in tag_text and mode == "text":
                child_mode = "mask"
            stack.append((name, child_script, child_mode))
        if pos < len(html):
            self._text(html[pos:], stack[-1], out, buffers)

        converted = {script: self.convert_joined("".join(buf.parts), variant.configs[script],
                                                 variant.code)
                     for script, buf in buffers.items()}
        return "".join(piece if isinstance(piece, str) else converted[piece[0]][piece[1]:piece[2]]
                       for piece in out)

    def _text(self, text: str, frame: tuple[str, str, str],
              out: list[str | tuple[str, int, int]], buffers: dict[str, _Buffer]) -> None:
        _, script, mode = frame
        if mode == "skip":
            out.append(text)
            return
        buffer = buffers.setdefault(script, _Buffer())
        if mode == "mask":
            buffer.add(MASK * len(text))
            out.append(text)
            return
        start, end = buffer.add(text)
        out.append((script, start, end))

    def _attributes(self, tag_text: str, script: str, out: list[str | tuple[str, int, int]],
                    buffers: dict[str, _Buffer]) -> str:
        """Queue human-readable attribute values for conversion; returns the
        tag text if nothing in it needs converting."""
        matches = list(_ATTR.finditer(tag_text))
        if not matches:
            return tag_text
        buffer = buffers.setdefault(script, _Buffer())
        last = 0
        for match in matches:
            if match.group(1).strip().startswith("content") and "<meta" not in tag_text[:5]:
                continue
            out.append(tag_text[last:match.end(1)])
            buffer.boundary()
            start, end = buffer.add(match.group(2))
            buffer.boundary()
            out.append((script, start, end))
            last = match.start(3)
        return tag_text[last:]
