"""Text clean-up shared by every source format: white space, punctuation
normalised the way the bundled reports write it, and label keys that compare
table labels however an office typed them."""

from __future__ import annotations

import functools
import re
import unicodedata

from reader.language.convert import opencc_for

_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’《》"
_CJK_CHAR = re.compile(f"[{_CJK}]")
_SPACES = re.compile(r"[ \t\u00a0\u2002\u2003\u2009\u200b\u3000\ufeff]+")
# ASCII punctuation that Chinese text writes full-width when it touches Chinese.
_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}


def clean_space(text: str) -> str:
    """One line of text: no-break and ideographic spaces read as spaces, runs
    of spaces collapsed, ends trimmed."""
    text = text.replace("\r", "").replace("\n", " ")
    return _SPACES.sub(" ", text).strip()


# A reading a site's converter put in brackets after a character: 數(shù), 報(bào), 開(kai)
_TONED = r"[a-zA-Z]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zA-Z]*"
_READINGS = re.compile(rf"(?<=[\u3400-\u9fff])(?:[(（](?:{_TONED}|[a-z]{{1,6}})[)）])+")
_TONED_READINGS = re.compile(rf"(?<=[\u3400-\u9fff])(?:[(（]{_TONED}[)）])+")


def strip_readings(text: str) -> str:
    """Text without the pinyin readings some portals' script converters put in
    brackets after characters (數(shù)據(jù) → 數據): they are not part of the
    text. Readings without tone marks (開(kai)) are taken for readings only
    where a text has several of them, so that a list marker such as 附件(a)
    stays."""
    if len(_READINGS.findall(text)) >= 3:
        return _READINGS.sub("", text)
    return _TONED_READINGS.sub("", text)


def tighten(text: str) -> str:
    """Body text: a space between two Chinese characters is padding, not a word break."""
    return re.sub(f"(?<=[{_CJK}]) (?=[{_CJK}])", "", text)


def _is_cjk(ch: str) -> bool:
    return bool(ch) and bool(_CJK_CHAR.match(ch))


def _paren_pairs(text: str) -> list[tuple[int, int]]:
    pairs: list[tuple[int, int]] = []
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            pairs.append((stack.pop(), i))
    return pairs


def punctuation(text: str) -> str:
    """Punctuation as the bundled reports write it (see ``marks``), and no
    spaces around full-width marks."""
    return squeeze(marks(text))


def squeeze(text: str) -> str:
    return re.sub(r"\s*([，；：？！（）、。])\s*", _keep_paren_space, text)


def marks(text: str) -> str:
    """ASCII , ; : ? ! ( ) written full-width where they touch Chinese text,
    as the bundled reports write them; a time (18:16) or a number (1,750)
    keeps its ASCII marks; full-width digits become ASCII digits."""
    # full-width digits and Latin letters are written as ASCII, as in the bundled reports
    text = re.sub("[０-９Ａ-Ｚａ-ｚ]", lambda m: unicodedata.normalize("NFKC", m.group()), text)
    chars = list(text)
    for start, end in _paren_pairs(text):
        inner = text[start + 1:end]
        if _CJK_CHAR.search(inner) or _is_cjk(text[start - 1:start]) or _is_cjk(text[end + 1:end + 2]):
            chars[start], chars[end] = "（", "）"
    for i, ch in enumerate(text):
        full = _FULL.get(ch)
        if full is None:
            continue
        before, after = text[i - 1:i], text[i + 1:i + 2]
        if before.isdigit() and after.isdigit():
            continue
        if _is_cjk(before) or _is_cjk(after) or chars[i - 1:i] == ["）"]:
            chars[i] = full
    out = "".join(chars)
    # a sentence that ends in Chinese ends with a full stop
    return re.sub(f"(?<=[{_CJK}])\\.(?=$|[{_CJK}])", "。", out)


def _keep_paren_space(match: re.Match[str]) -> str:
    return match.group(1)


def simplified(text: str) -> str:
    return str(opencc_for("t2s").convert(text))


def script_of(text: str) -> str:
    """zh-Hant when the text is written in traditional characters, else zh-Hans."""
    chinese = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    if not chinese:
        return "zh-Hans"
    sample = "".join(chinese[:4000])
    changed = sum(a != b for a, b in zip(sample, simplified(sample), strict=False))
    return "zh-Hant" if changed >= max(3, len(sample) // 50) else "zh-Hans"


@functools.lru_cache(maxsize=8192)
def label_key(text: str) -> str:
    """A table label reduced to what identifies it: traditional characters
    read as simplified, full-width forms folded (NFKC), white space and
    quotation marks removed, ``1、`` read as ``1.``."""
    key = unicodedata.normalize("NFKC", simplified(text))
    key = re.sub(r"[\s\"'“”‘’「」:：]", "", key)
    return re.sub(r"^(\d+)[.、]", r"\1.", key)


NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)|\d+\.|\(\d+\))")


@functools.lru_cache(maxsize=8192)
def label_variants(label: str) -> tuple[str, ...]:
    """Keys a label may be written as: whole, without brackets (第二十条第一项),
    without its numbering, and without a closing parenthetical note."""
    key = label_key(label)
    bare = NUMBERING.sub("", key)
    short = re.sub(r"\([^()]*\)$", "", bare)
    unbracketed = re.sub(r"[()]", "", key)
    return tuple(dict.fromkeys(k for k in (key, unbracketed, bare, short) if k))


def figure_text(text: str) -> str:
    """A table cell's figure: full-width digits folded, spaces removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


NOT_STATED = re.compile(r"[-—–―/\\_.…]*|[无無]|未[报報]告")


def not_stated(figure: str) -> bool:
    """Blank, a dash, a slash, 无 or 未报告: the figure is not reported."""
    return bool(NOT_STATED.fullmatch(figure))
