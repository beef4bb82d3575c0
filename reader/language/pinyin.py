"""Pinyin annotation, phrase-aware (pypinyin), with the site dictionary.

pypinyin's phrase dictionary is simplified-only, so readings are always
computed on simplified text; a traditional source is converted to simplified
first (same length) and the readings are zipped back onto the original.
pypinyin is imported on first use: it costs ~0.25 s and ~57 MB. The site
dictionary (content/pinyin.yaml) is held by a ``Pinyin`` made per load.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from pathlib import Path

from reader.content import yamlnodes
from reader.content.problems import ContentError, Problem
from reader.content.reports import decode
from reader.language import heteronyms, segment, surnames

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


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


class Pinyin:
    """Readings with one site dictionary. The dictionary belongs to the
    loaded content: a reload makes a new ``Pinyin``, so an entry changed or
    removed in pinyin.yaml takes effect then (pypinyin's own phrase table is
    never touched). A site entry applies where pypinyin's own forward
    longest match, run over its phrases and the site's together, takes it
    (so 为人民 does not cut into 作为人民代表). Readings decided by a
    character's role (reader/language/heteronyms.py) come before the site's
    entries, surname readings (reader/language/surnames.py) after them."""

    def __init__(self, entries: dict[str, list[str]] | None = None) -> None:
        self.entries = dict(entries or {})
        keys = sorted(self.entries, key=len, reverse=True)
        self._pattern = re.compile("|".join(map(re.escape, keys))) if keys else None
        self._cache: dict[str, tuple[str | None, ...]] = {}
        self._lock = threading.Lock()

    def readings(self, text: str) -> tuple[str | None, ...]:
        """One reading per character of simplified ``text``; None for non-Han."""
        found = self._cache.get(text)
        if found is None:
            # a title after a surname is read as a word of its own, with the site's entries
            found = tuple(surnames.readings(text, self._words(text), self._words))
            with self._lock:
                if len(self._cache) >= 4096:
                    self._cache.clear()
                self._cache[text] = found
        return found

    def _words(self, text: str) -> list[str | None]:
        """pypinyin's readings, the role-decided ones, then the site's entries."""
        out = heteronyms.apply(text, list(_pypinyin(text)))
        if self._pattern is not None and self._pattern.search(text):
            for start, end in self._entries_taken(text):
                out[start:end] = self.entries[text[start:end]]
        return out

    def _entries_taken(self, text: str) -> list[tuple[int, int]]:
        from pypinyin.constants import PHRASES_DICT

        taken = []
        longest = max(10, *(len(k) for k in self.entries))
        i = 0
        while i < len(text):
            step = 1
            for length in range(min(longest, len(text) - i), 1, -1):
                word = text[i:i + length]
                if word in self.entries:
                    taken.append((i, i + length))
                    step = length
                    break
                if word in PHRASES_DICT:
                    step = length
                    break
            i += step
        return taken


@lru_cache(maxsize=1)
def _phrases() -> tuple[segment.PhraseIndex, frozenset[str]]:
    """pypinyin's phrase table, and the characters with more than one reading."""
    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT

    heteronyms = frozenset(chr(code) for code, readings in PINYIN_DICT.items() if "," in readings)
    return segment.PhraseIndex(PHRASES_DICT), heteronyms


@lru_cache(maxsize=4096)
def _pypinyin(text: str) -> tuple[str | None, ...]:
    """pypinyin's readings, its phrases kept from cutting across a word the
    way OpenCC's are (资金发放: not 金发 fà; 案头发现: not 头发 fà)."""
    import pypinyin

    out: list[str | None] = []
    for run in re.split(f"({HAN.pattern}+)", text):
        if not run:
            continue
        if not HAN.match(run):
            out.extend([None] * len(run))
            continue
        cuts = segment.cuts(run, *_phrases())
        for a, b in zip([0, *cuts], [*cuts, len(run)], strict=True):
            piece = run[a:b]
            syllables = pypinyin.lazy_pinyin(piece, style=pypinyin.Style.TONE)
            if len(syllables) != len(piece):  # never misalign: fall back to one by one
                syllables = [pypinyin.lazy_pinyin(ch, style=pypinyin.Style.TONE)[0] for ch in piece]
            out.extend(syllables)
    return tuple(out)
