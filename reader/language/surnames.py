"""Surnames: where a character is a surname, its surname form and reading.

A character is read as a surname next to 姓 (姓于, 朴姓), in a name directly
before an official title (于书记, 任副县长, 华明主任, 查处长), before 某 in an
anonymised name (张某, 于某某, 单某称) and at the start of a personal name
after 作者 (作者：于明). Such a character keeps its surname
form in traditional script (于, not 於; 范, not 範) and takes its surname
reading in pinyin (任 rén, 华 huà, 朴 piáo). A character that closes a word
with the one before it (关于书记处, 担任县长) or opens a dictionary word with
the ones after it (于是, 任命) is not a surname there: jieba's dictionary
decides. Nor is one whose 某 opens a noun (区某单位: "a certain unit"), or
whose title is taken by the word after it (查处长期: 长期). A title after a
surname is read as a word of its own (查处长: 处长 chù zhǎng, not 查处 chǔ).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from reader.language import segment

# simplified surname → its form in traditional script, where OpenCC's
# character conversion gives another character (于→於, 范→範 …)
FORMS: dict[str, str] = {
    "于": "于", "范": "范", "余": "余", "朴": "朴", "党": "党", "岳": "岳", "游": "游",
    "台": "台", "干": "干", "郁": "郁", "种": "种", "后": "后", "咸": "咸", "涂": "涂",
}

# simplified surname → its reading as a surname, where that differs from the
# character's common reading
READINGS: dict[str, str] = {
    "任": "rén", "华": "huà", "朴": "piáo", "盖": "gě", "单": "shàn", "曾": "zēng",
    "区": "ōu", "查": "zhā", "解": "xiè", "仇": "qiú", "种": "chóng", "繁": "pó",
    "员": "yùn", "乐": "yuè", "覃": "qín", "召": "shào", "缪": "miào", "翟": "zhái",
    "折": "shé", "秘": "bì", "纪": "jǐ", "过": "guō", "宁": "nìng", "黑": "hè",
    "尉": "wèi", "句": "gōu", "隗": "wěi", "莘": "shēn", "冼": "xiǎn", "殷": "yīn",
    "燕": "yān", "谌": "chén", "佴": "nài", "眭": "suī", "阚": "kàn", "鲜": "xiān",
    "薄": "bó", "柏": "bǎi", "沈": "shěn", "贲": "bēn", "应": "yīng", "葛": "gě",
    "厍": "shè", "长": "cháng", "朝": "cháo", "便": "pián", "于": "yú", "余": "yú",
    "范": "fàn", "党": "dǎng", "岳": "yuè", "干": "gān", "郁": "yù", "后": "hòu",
    "咸": "xián", "涂": "tú", "游": "yóu", "台": "tái", "那": "nā", "藏": "zàng",
    "都": "dū", "万": "wàn", "能": "nài", "重": "chóng", "蔺": "lìn", "缴": "zhuó",
}

SURNAMES = frozenset(FORMS) | frozenset(READINGS)

# 任 before a title is also the verb "serve as" (马兴周任副组长): there it is
# a surname only at the start of a clause or after a preposition (由任书记主持)
VERB_BEFORE_TITLE: dict[str, frozenset[str]] = {"任": frozenset("由请向对与和同给被让经将把及、陪")}

TITLES = ("书记", "县长", "乡长", "镇长", "主任", "局长", "处长", "科长", "组长", "区长", "市长",
          "省长", "厅长", "部长", "村长", "所长", "院长", "校长", "站长", "队长", "主席", "秘书长",
          "委员", "同志", "总经理", "经理", "行长", "社长", "庭长", "检察长", "馆长", "主管")

_HAN = r"[\u3400-\u4dbf\u4e00-\u9fff]"
# 党 opens too many titles' own words (党总支书记, 党工委书记) and 后 closes too
# many time phrases (会后, 三天后) to be read as surnames before a title; next
# to 姓 they still are
BEFORE_TITLE = SURNAMES - {"党", "后"}

_CHARS = "".join(sorted(SURNAMES))
_FORM_CHARS = re.compile(f"[{''.join(sorted(FORMS))}]")
_AFTER_XING = re.compile(f"姓([{_CHARS}])")
_BEFORE_XING = re.compile(f"([{_CHARS}])姓")
_BEFORE_TITLE = re.compile(f"([{''.join(sorted(BEFORE_TITLE))}])({_HAN}{{0,2}}?)副?(?:{'|'.join(TITLES)})")
_AUTHOR = re.compile(f"作者[：:\\s]*([{_CHARS}])(?={_HAN}{{1,2}}(?!{_HAN}))")
_ANONYMISED = re.compile(f"([{_CHARS}])某某?")


def _is_word(text: str) -> bool:
    return segment.frequency(text) > 0


def _strong_word(text: str) -> bool:
    return segment.frequency(text) >= segment.MIN_FREQUENCY


def positions(text: str) -> list[int]:
    """Offsets of the characters read as surnames in simplified text."""
    return sorted({at for at, _ in _found(text)})


def titles(text: str) -> list[tuple[int, int]]:
    """The spans of official titles that follow a surname (处长 in 查处长)."""
    return sorted({title for _, title in _found(text) if title is not None})


def _found(text: str) -> list[tuple[int, tuple[int, int] | None]]:
    """(surname offset, the title after it, if that is why)."""
    found: list[tuple[int, tuple[int, int] | None]] = [(m.start(1), None) for m in _AFTER_XING.finditer(text)]
    found.extend((m.start(1), None) for m in _AUTHOR.finditer(text))
    found.extend((m.start(1), None) for m in _ANONYMISED.finditer(text) if _anonymised(text, m))
    found.extend((m.start(1), None) for m in _BEFORE_XING.finditer(text)
                 if not (m.start() > 0 and _is_word(text[m.start() - 1:m.end() - 1])))  # 中华姓氏
    start = 0
    while True:
        match = _BEFORE_TITLE.search(text, start)
        if match is None:
            break
        start = match.start() + 1
        at, given = match.start(1), match.group(2)
        if at > 0 and _is_word(text[at - 1:at + 1]):
            continue  # 关于 | 书记, 担任 | 县长
        after = VERB_BEFORE_TITLE.get(match.group(1))
        if after is not None and at > 0 and re.match(_HAN, text[at - 1]) and text[at - 1] not in after:
            continue  # 马兴周任副组长
        if any(ch in VERB_BEFORE_TITLE for ch in given):
            continue  # 曾任组长: 任 takes the title, 曾 is "once"
        name = match.group(1) + given
        end = match.end()
        if not given and _strong_word(text[at:at + 2]) and _taken(text, end):
            continue  # 查处 | 长期: the title's last character opens a word
        if given and (_is_word(name) or _is_word(text[at:at + 2]) or
                      (len(given) == 2 and _strong_word(given))):
            continue  # 于是, 任命, 区人大
        found.append((at, (match.start() + len(name), end)))  # the title, 副 included
    return found


def _taken(text: str, end: int) -> bool:
    """Does the character before ``end`` open a word with the ones after it
    (长期, 长江, 长时间)?"""
    return any(_strong_word(text[end - 1:end - 1 + n]) for n in (2, 3, 4) if end - 1 + n <= len(text))


def _anonymised(text: str, match: re.Match[str]) -> bool:
    """张某, 于某某: the character before 某 is a surname unless it closes a
    word with the one before it (调查某, 地区某) or 某 opens a noun
    (区某单位, 某种)."""
    at = match.start(1)
    if at > 0 and _is_word(text[at - 1:at + 1]):
        return False
    rest = text[match.end():]
    if rest[:1] and _is_word("某" + rest[:1]):
        return False  # 某些, 某种, 某个
    following = segment.tagged(rest[:8]) if rest and re.match(_HAN, rest) else []
    return not (following and following[0][1].startswith("n"))


def apply(source: str, converted: str, target: str) -> str:
    """Give each surname in the source its surname form in ``converted``."""
    if len(source) != len(converted) or _FORM_CHARS.search(source) is None:
        return converted
    at = [i for i in positions(source) if source[i] in FORMS]
    if not at:
        return converted
    chars = list(converted)
    for i in at:
        chars[i] = FORMS[source[i]]
    return "".join(chars)


def readings(source: str, syllables: list[str | None],
             read: Callable[[str], Sequence[str | None]] | None = None) -> list[str | None]:
    """Surname readings laid over one reading per character of ``source``;
    with ``read``, each title after a surname is read as a word of its own."""
    found = _found(source)
    for i, title in found:
        if read is not None and title is not None:
            syllables[title[0]:title[1]] = read(source[title[0]:title[1]])
        if source[i] in READINGS:
            syllables[i] = READINGS[source[i]]
    return syllables
