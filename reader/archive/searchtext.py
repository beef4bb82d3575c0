"""What the search index holds of a report, and how text becomes its terms.

A report's searchable text is read from its file as the catalog keeps it
(headings, paragraphs, lists and tables of the body, without the standard
tables' figures or the Markdown marks), in simplified script.

Chinese has no spaces between words, so the index holds every pair of
adjacent characters (``信息公开`` → ``信息 息公 公开``) of each run of letters,
digits or characters; a query is the same pairs as a phrase. Any part of a
word of two or more characters matches, as a substring search would (names of
two characters such as 龙山 included), from an index about half the size of
the text's three-character one. Latin letters (pinyin, 索引号) are paired the
same way, so ``zmy`` finds the initials ``zjcxzmyx``.
"""

from __future__ import annotations

import re
import unicodedata

from reader.content import reports as content
from reader.content.problems import ContentError
from reader.language.convert import opencc_for

MAX_TERMS = 8
_PINYIN = re.compile(r"[a-zA-Z\u00c0-\u024f\u1e00-\u1eff' 1-5]+")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

_RUN = re.compile(r"[^\W_]+")
_FENCE = re.compile(r"^(`{3,}|~{3,})[^\n]*\n.*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKS = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d+[.)][ \t]+)|[*_`|]|-\{|\}-",
                    re.MULTILINE)


def text_of(raw: bytes) -> str:
    """The body's text as the search index holds it (the script left as written)."""
    text = content.strip_controls(raw.decode("utf-8", errors="replace"))
    try:
        _, body, _ = content.split_front_matter(text)
    except ContentError:  # a listed file has a metadata block; this is for safety
        body = text
    body = _FENCE.sub("\n", body)
    body = _LINK.sub(r"\1", body)
    body = _MARKS.sub(" ", body)
    return "\n".join(line.strip() for line in body.splitlines() if line.strip())


def pairs(text: str) -> str:
    """The index terms of ``text``, space-separated: each pair of adjacent
    characters of every run (a run of one character is its own term)."""
    out: list[str] = []
    for match in _RUN.finditer(text.lower()):
        run = match.group()
        if len(run) == 1:
            out.append(run)
        else:
            out.extend(run[i:i + 2] for i in range(len(run) - 1))
    return " ".join(out)


def phrase(term: str) -> str | None:
    """An FTS5 phrase that matches where ``term`` occurs, or None if the term
    has no letters, digits or characters. One character: any pair it starts."""
    terms = pairs(term)
    if not terms:
        return None
    if len(terms) == 1:
        return f'"{terms}" *'
    return '"' + terms.replace('"', '""') + '"'


# --- queries ------------------------------------------------------------------


def without_controls(text: str) -> str:
    """Control characters as spaces: they mean nothing in a query, and are not
    allowed in the HTML that shows it back."""
    return _CONTROL.sub(" ", text)


def normalise(query: str) -> str:
    query = unicodedata.normalize("NFKC", without_controls(query))
    return " ".join(query.split())


def pinyin_form(term: str) -> str | None:
    """'Zhāng Miányì', 'zhang1mian2yi4', "xi'an" → 'zhangmianyi' …; None if not pinyin."""
    if not _PINYIN.fullmatch(term) or not re.search(r"[a-zA-Z]", term):
        return None
    # ü (ǖ ǘ ǚ ǜ) is written v, as pypinyin does
    bare = re.sub("[üǖǘǚǜ]", "v", term.lower())
    bare = "".join(ch for ch in unicodedata.normalize("NFD", bare)
                   if unicodedata.category(ch) != "Mn")
    return re.sub(r"[^a-z]", "", bare) or None


def alternatives(term: str) -> list[str]:
    """The forms a term may take in the index (simplified script, pinyin)."""
    found = [term.lower()]
    if _HAN.search(term):
        for config in ("t2s", "tw2s", "hk2s"):
            found.append(opencc_for(config).convert(term))
    spelled = pinyin_form(term)
    if spelled:
        found.append(spelled)
    return list(dict.fromkeys(found))


def terms_of(query: str) -> list[list[str]]:
    """Each whitespace-separated term with its alternatives; a query that is
    all pinyin is also tried as one word ('zhang mian yi')."""
    words = query.split()
    joined = pinyin_form(query) if len(words) > 1 else None
    if joined and all(pinyin_form(w) for w in words):
        return [alternatives(joined)]
    return [alternatives(word) for word in words[:MAX_TERMS]]


def names_of(organisation: str) -> str:
    """The body's name in pinyin: full syllables and initials, no tones."""
    from pypinyin import Style, lazy_pinyin  # costs ~0.25 s: only when indexing

    syllables = [s for s in lazy_pinyin(organisation, style=Style.NORMAL) if s.isalpha()]
    return "".join(syllables).lower() + " " + "".join(s[0] for s in syllables).lower()
