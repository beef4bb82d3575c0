"""The site glossary: ``content/glossary.yaml``.

Corrections fix phrases the conversion gets wrong; protected terms are never
converted. Entries keep the length of their source phrase, so they can be laid
over OpenCC's output at the same offsets. A correction that changes how one of
OpenCC's own test cases or dictionary phrases converts must say why, with
``deliberate: reason`` (``reader check`` finds the others: see
reader/language/glossary_check.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from reader.content import yamlnodes
from reader.content.problems import ContentError, Problem
from reader.content.reports import decode
from reader.language import segment
from reader.language.variants import VARIANTS

TARGETS = tuple(v.code for v in VARIANTS if v.configs["zh-Hans"])


@dataclass
class Glossary:
    corrections: dict[str, dict[str, str]] = field(default_factory=dict)
    protected: list[str] = field(default_factory=list)
    deliberate: dict[str, str] = field(default_factory=dict)  # phrase → the reason
    lines: dict[str, int] = field(default_factory=dict)  # phrase → its line in the file

    def __post_init__(self) -> None:
        keys = sorted(set(self.corrections) | set(self.protected), key=len, reverse=True)
        self._protected = set(self.protected)
        self._pattern = re.compile("|".join(map(re.escape, keys))) if keys else None

    def apply(self, source: str, converted: str, target: str, corrections: bool = True) -> str:
        """Lay the glossary over ``converted``, the conversion of ``source``.
        Protected terms always apply; corrections only when ``corrections``
        (they are written for conversion from simplified script) and only
        where they do not cut across a word (复核 not in 重复核对)."""
        if self._pattern is None or len(source) != len(converted):
            return converted
        parts: list[str] = []
        last = 0
        for match in self._pattern.finditer(source):
            phrase = match.group()
            if phrase in self._protected:
                replacement = phrase
            elif corrections and not segment.cuts_across_word(source, match.start(), match.end()):
                replacement = self.corrections[phrase][target]
            else:
                continue
            parts.append(converted[last:match.start()])
            parts.append(replacement)
            last = match.end()
        if not parts:
            return converted
        parts.append(converted[last:])
        return "".join(parts)


def parse(text: str) -> Glossary:
    root = yamlnodes.parse(text)
    if root is None:
        return Glossary()
    if not isinstance(root, yamlnodes.Mapping):
        raise ContentError(root.line, "the glossary must have “corrections:” and “protected:”")
    corrections: dict[str, dict[str, str]] = {}
    protected: list[str] = []
    deliberate: dict[str, str] = {}
    lines: dict[str, int] = {}
    for key, node in root.items:
        if key.value == "corrections":
            if not isinstance(node, yamlnodes.Mapping):
                raise ContentError(node.line, "“corrections” must be “简体: 繁體” lines")
            for phrase, value in node.items:
                corrections[phrase.value] = _targets(phrase, value)
                lines[phrase.value] = phrase.line
                reason = _reason(value)
                if reason:
                    deliberate[phrase.value] = reason
        elif key.value == "protected":
            if not isinstance(node, yamlnodes.Sequence):
                raise ContentError(node.line, "“protected” must be a list of “- term” lines")
            for item in node.items:
                if not isinstance(item, yamlnodes.Scalar) or not item.value:
                    raise ContentError(item.line, "a protected term must be plain text")
                protected.append(item.value)
                lines[item.value] = item.line
        else:
            raise ContentError(key.line, f"unknown glossary section “{key.value}”",
                               "use corrections: and protected:")
    return Glossary(corrections, protected, deliberate, lines)


def _reason(value: yamlnodes.Node) -> str:
    if isinstance(value, yamlnodes.Mapping):
        for key, text in value.items:
            if key.value == "deliberate" and isinstance(text, yamlnodes.Scalar):
                return text.value
    return ""


def _targets(phrase: yamlnodes.Scalar, value: yamlnodes.Node) -> dict[str, str]:
    if not phrase.value:
        raise ContentError(phrase.line, "empty phrase")
    if isinstance(value, yamlnodes.Scalar):
        targets = {code: value.value for code in TARGETS}
    elif isinstance(value, yamlnodes.Mapping):
        targets = {}
        for key, node in value.items:
            if key.value not in (*TARGETS, "all", "deliberate"):
                raise ContentError(key.line, f"unknown key “{key.value}”",
                                   "use " + ", ".join(TARGETS) + ", all (every region) or deliberate")
            if not isinstance(node, yamlnodes.Scalar) or not node.value:
                raise ContentError(node.line, f"“{key.value}” must be plain text")
            if key.value == "all":
                targets.update({target: node.value for target in TARGETS if target not in targets})
            elif key.value != "deliberate":
                targets[key.value] = node.value
        for target in TARGETS:
            targets.setdefault(target, phrase.value)
    else:
        raise ContentError(value.line, "a correction must be text or "
                           "{zh-Hant-TW: …, zh-Hant-HK: …, deliberate: reason}")
    for target, replaced in targets.items():
        if len(replaced) != len(phrase.value):
            raise ContentError(value.line, f"“{phrase.value}” → “{replaced}” ({target}) changes the length",
                               "a correction replaces characters one for one")
    return targets


def load(path: Path) -> tuple[Glossary | None, list[Problem]]:
    """The glossary, or None and the problem if the file has a mistake."""
    if not path.exists():
        return Glossary(), []
    try:
        return parse(decode(path.read_bytes())), []
    except ContentError as exc:
        return None, [Problem(path, exc.line, exc.message, exc.hint)]
