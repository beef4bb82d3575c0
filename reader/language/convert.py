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

from reader.language import i18n, policies, segment, senses, surnames
from reader.language.glossary import Glossary
from reader.language.htmltokens import Tag, tokens
from reader.language.variants import Variant

MASK = "\ufffc"  # stands in for protected text: not Han, so it breaks phrases

INLINE_TAGS = frozenset("""a abbr b bdi bdo cite code data dfn em i kbd mark q rb ruby rp rt s
    samp small span strong sub sup time u var wbr label""".split())
VOID_TAGS = frozenset("area base br col embed hr img input link meta source track wbr".split())
SKIP_TAGS = frozenset("script style code pre rt rp textarea".split())
TEXT_ATTRS = ("title", "alt", "aria-label", "aria-description", "placeholder")

SCRIPTS = ("zh-Hans", "zh-Hant")
AUTHOR_CONTEXT = "作者："  # what a converted author field is read after
_ATTR_HINT = re.compile(r"(?i)\b(?:title|alt|aria-|placeholder|content)")
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
    def __init__(self, glossary: Glossary | None = None, words: bool = True,
                 warm: bool = True) -> None:
        """``warm``: load OpenCC's phrases and jieba's dictionary now (about
        0.8 s), not on the first conversion; the server does it in the
        background after start (see state.Reader)."""
        self.glossary = glossary or Glossary()
        self.words = words  # False: OpenCC's longest match alone (benchmarks compare the two)
        # the glossary's terms are words for the segmenter too; added on first use
        self._vocabulary = [*self.glossary.corrections, *self.glossary.protected]
        if words and warm:
            segment.warm_up()
            self._add_vocabulary()

    def _add_vocabulary(self) -> None:
        if self._vocabulary:
            segment.add_words(self._vocabulary)
            self._vocabulary = []

    # --- plain text -------------------------------------------------------

    def convert_joined(self, text: str, config: str | None, target: str) -> str:
        """Convert text whose pieces must keep their offsets. Localised text
        (between i18n's KEEP marks) is masked from OpenCC and the segmenter
        and comes out as it went in, marks and all (``i18n.unmark`` removes
        them); the rules after OpenCC still read it as context (作者 before
        an author's name), the marks as spaces."""
        if config is None or not text:
            return text
        text = _CONTROL.sub(" ", text)  # a NUL makes OpenCC drop text
        if i18n.KEEP_OPEN not in text:
            return self._convert(text, text, config, target)
        masked = i18n.KEPT.sub(lambda m: i18n.KEEP_OPEN + MASK * len(m.group(1)) + i18n.KEEP_CLOSE, text)
        chars = list(self._convert(masked, i18n.MARKS.sub(" ", text), config, target))
        for kept in i18n.KEPT.finditer(text):
            chars[kept.start(1):kept.end(1)] = kept.group(1)
        return "".join(chars)

    def _convert(self, text: str, context: str, config: str, target: str) -> str:
        """OpenCC with word boundaries over ``text``, then the rules, which
        read ``context`` (the same text, localised words unmasked)."""
        from_simplified = config.startswith("s2")
        if self._vocabulary and from_simplified and self.words:
            self._add_vocabulary()
        converted = _opencc(text, config, segment.plan(text) if from_simplified and self.words
                            else segment.NO_PLAN)
        if from_simplified:
            converted = policies.apply(context, converted, target)
            converted = senses.apply(context, converted, target)
            converted = surnames.apply(context, converted, target)
        return self.glossary.apply(context, converted, target, corrections=from_simplified)

    def convert_text(self, text: str, variant: Variant, source_script: str = "zh-Hans") -> str:
        text = i18n.localise(text, variant.code)
        return i18n.unmark(self.convert_joined(text, variant.configs[source_script], variant.code))

    def convert_author(self, text: str, variant: Variant, source_script: str = "zh-Hans") -> str:
        """An author field: converted after the words 作者：, so a personal
        name's surname keeps its surname form (于明, not 於明)."""
        context = AUTHOR_CONTEXT
        return self.convert_text(context + text, variant, source_script)[len(context):]

    def convert_runs(self, blocks: list[list[tuple[str, bool]]], variant: Variant,
                     source_script: str = "zh-Hans") -> list[list[str]]:
        """Blocks of (text, protected) runs → the same runs converted."""
        config = variant.configs[source_script]
        blocks = [[(i18n.localise(text, variant.code), protected) for text, protected in runs]
                  for runs in blocks]
        if config is None:
            return [[i18n.unmark(text) for text, _ in runs] for runs in blocks]
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
        return [[i18n.unmark(original if original is not None else converted[start:end])
                 for start, end, original in block_spans] for block_spans in spans]

    # --- HTML ---------------------------------------------------------------

    def convert_html(self, html: str, variant: Variant, default_script: str = "zh-Hans") -> str:
        """Convert the text of a page: element text and the readable
        attributes, read with a real tag tokenizer (quoted values may hold
        any character; script and style bodies are raw text)."""
        html = i18n.localise(html, variant.code)
        if all(variant.configs[s] is None for s in SCRIPTS):
            return i18n.unmark(html)
        out: list[str | tuple[str, int, int]] = []
        buffers: dict[str, _Buffer] = {}
        # stack of (tag, script, mode); mode: "text", "skip" or "mask"
        stack: list[tuple[str, str, str]] = [("", default_script, "text")]
        open_tags: dict[str, int] = {}  # how many of each tag the stack holds
        for token in tokens(html):
            if not isinstance(token, Tag):
                if token.kind == "text":
                    self._text(token.text, stack[-1], out, buffers)
                else:  # comment, declaration, raw script or style body
                    out.append(token.text)
                continue
            _, script, mode = stack[-1]
            if token.name not in INLINE_TAGS:
                _buffer(buffers, script).boundary()
            if token.closing:
                if open_tags.get(token.name):  # a stray end tag closes nothing
                    while len(stack) > 1:
                        name = stack.pop()[0]
                        open_tags[name] -= 1
                        if name == token.name:
                            break
                out.append(token.text)
                continue
            if mode == "text":
                self._attributes(token, script, out, buffers)
            else:
                out.append(token.text)
            if token.name in VOID_TAGS or token.self_closing:
                continue
            child_script, child_mode = script, mode
            text = token.text
            if "data-script" in text or "data-nc" in text:  # a fast no, never a yes
                declared = token.get("data-script")
                child_script = declared if declared in SCRIPTS else script
                if token.has("data-nc") and mode == "text":
                    child_mode = "mask"
            if token.name in SKIP_TAGS:
                child_mode = "skip"
            stack.append((token.name, child_script, child_mode))
            open_tags[token.name] = open_tags.get(token.name, 0) + 1

        converted = {script: self.convert_joined("".join(buf.parts), variant.configs[script],
                                                 variant.code)
                     for script, buf in buffers.items()}
        # the marks go wherever the page put localised text: text, attributes, data
        return i18n.unmark("".join(piece if isinstance(piece, str) else converted[piece[0]][piece[1]:piece[2]]
                                   for piece in out))

    def _text(self, text: str, frame: tuple[str, str, str],
              out: list[str | tuple[str, int, int]], buffers: dict[str, _Buffer]) -> None:
        _, script, mode = frame
        if mode == "skip":
            out.append(text)
            return
        buffer = _buffer(buffers, script)
        if mode == "mask":
            buffer.add(MASK * len(text))
            out.append(text)
            return
        start, end = buffer.add(text)
        out.append((script, start, end))

    def _attributes(self, tag: Tag, script: str, out: list[str | tuple[str, int, int]],
                    buffers: dict[str, _Buffer]) -> None:
        """Queue the tag's human-readable attribute values for conversion."""
        if "=" not in tag.text or _ATTR_HINT.search(tag.text) is None:  # a fast no, never a yes
            out.append(tag.text)
            return
        readable = [a for a in tag.attributes if a.value_span is not None and
                    (a.name in TEXT_ATTRS or (a.name == "content" and _readable_meta(tag)))]
        if not readable:
            out.append(tag.text)
            return
        buffer = _buffer(buffers, script)
        last = 0
        for attribute in readable:
            assert attribute.value_span is not None
            start, end = attribute.value_span
            out.append(tag.text[last:start])
            buffer.boundary()
            if attribute.name == "content" and tag.get("name") == "author":
                buffer.add(AUTHOR_CONTEXT)  # read, never written out: see convert_author
            out.append((script, *buffer.add(tag.text[start:end])))
            buffer.boundary()
            last = end
        out.append(tag.text[last:])


def _buffer(buffers: dict[str, _Buffer], script: str) -> _Buffer:
    found = buffers.get(script)
    if found is None:
        found = buffers[script] = _Buffer()
    return found


def _readable_meta(tag: Tag) -> bool:
    """<meta name="description" content="…"> is text; viewport, charset and
    http-equiv values are not."""
    return tag.name == "meta" and (tag.get("name") or "") not in ("", "viewport", "referrer",
                                                                   "color-scheme", "theme-color")


def _opencc(text: str, config: str, plan: segment.Plan) -> str:
    """OpenCC over text, never matching a phrase across a cut; outside the
    plan's free spans plain OpenCC's output stands (segment.Plan)."""
    converter = opencc_for(config)
    converted: str = converter.convert(text)
    if len(converted) != len(text):
        converted = "".join(converter.convert(ch) for ch in text)
    if plan.cuts and len(converted) == len(text):
        cuts = plan.cuts
        pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
        joined: str = converter.convert("\n".join(pieces))
        if len(joined) == len(text) + len(cuts):
            edges = [0, *(c + i + 1 for i, c in enumerate(cuts))]
            ends = [c + i for i, c in enumerate(cuts)] + [len(joined)]
            cut = "".join(joined[a:b] for a, b in zip(edges, ends, strict=True))
            return "".join(plan.merge(converted, cut))
    return converted
