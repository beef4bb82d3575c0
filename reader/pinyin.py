"""Pinyin annotation, phrase-aware (pypinyin), with the site dictionary.

pypinyin's phrase dictionary is simplified-only, so readings are always
computed on simplified text; a traditional source is converted to simplified
first (same length) and the readings are zipped back onto the original.
pypinyin is imported on first use: it costs ~0.25 s and ~57 MB.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from pathlib import Path

from . import yamlnodes
from .content import decode
from .problems import ContentError, Problem

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_lock = threading.Lock()
_loaded: set[str] = set()


def parse_dictionary(text: str) -> dict[str, list[str]]:
    root = yamlnodes.parse(text)
    if root is None:
        return {}
    if not isinstance(root, yamlnodes.Mapping):
        raise ContentError(root.line, "the pinyin dictionary must be “词语: pīn yīn” lines")
    entries: dict[str, list[str]] = {}
    for key, value in root.items:
        if not isinstance(value, yamlnodes.Scalar):
            raise ContentError(value.line, "a reading must be plain text")
        syllables = value.value.split()
        if len(syllables) != len(key.value):
            raise ContentError(value.line, f"“{key.value}” has {len(key.value)} characters but "
                               f"{len(syllables)} syllables", "write one syllable per character")
        entries[key.value] = syllables
    return entries


def load_dictionary(path: Path) -> tuple[dict[str, list[str]], list[Problem]]:
    if not path.exists():
        return {}, []
    try:
        return parse_dictionary(decode(path.read_bytes())), []
    except ContentError as exc:
        return {}, [Problem(path, exc.line, exc.message, exc.hint)]


def use_dictionary(entries: dict[str, list[str]]) -> None:
    """Teach pypinyin the site's phrases (process-wide; idempotent)."""
    import pypinyin

    with _lock:
        new = {k: [[s] for s in v] for k, v in entries.items() if k + "=" + " ".join(v) not in _loaded}
        if new:
            pypinyin.load_phrases_dict(new)
            _loaded.update(k + "=" + " ".join(v) for k, v in entries.items())
            readings.cache_clear()


@lru_cache(maxsize=4096)
def readings(text: str) -> tuple[str | None, ...]:
    """One reading per character of simplified ``text``; None for non-Han."""
    import pypinyin

    out: list[str | None] = []
    for run in re.split(f"({HAN.pattern}+)", text):
        if not run:
            continue
        if HAN.match(run):
            syllables = pypinyin.lazy_pinyin(run, style=pypinyin.Style.TONE)
            if len(syllables) != len(run):  # never misalign: fall back to one by one
                syllables = [pypinyin.lazy_pinyin(ch, style=pypinyin.Style.TONE)[0] for ch in run]
            out.extend(syllables)
        else:
            out.extend([None] * len(run))
    return tuple(out)
