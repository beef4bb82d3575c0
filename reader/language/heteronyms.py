"""Readings that follow a character's role in the sentence, where pypinyin's
phrase table or its single-character default reads by the character alone.

- 为 before an amount that ends the clause is the copula wéi (资金为十万元,
  期限为2019年1月1日, 分别为3件、5件), not the preposition wèi (为3名群众
  解决困难), except where 为 closes a word read wèi (因为).
- 长 after a degree adverb is the adjective cháng (很长, 较长, 最长), unless
  it opens a word read zhǎng (最长者, 很长进).
- 还 opening a word with its object (a noun or measure: 还款, 还帐, 还政,
  还田) or its complement 给 (还给) is the verb "give back, repay" huán;
  before what the adverb hái modifies — a verb, copula, modal, negation,
  degree word (还怕, 还是, 还好, 还要, 还不) or a word of its own (还清楚,
  还本着) — it stays hái.
- 倒 before what an adverb modifies (是, 也, 还, 很, 不 …) is the adverb
  dào (倒是, 倒也, 倒很), unless it closes a word with the verb before it
  (打倒, 推倒).

The closed class is grammar (function words), not a list of compounds.
"""

from __future__ import annotations

import re
from functools import lru_cache

from reader.language import segment

# what the adverb 还 hái comes before: copula, modals, negation, degree
# words, adverbs, prepositions
ADVERB_FOLLOWERS = frozenset("是好要有在能会不没算得可应需差挺很更又再未将只真行比像想把被对向从为和与以"
                             "就都也已早曾蛮相当该须必敢肯愿让叫使")
# what the adverb 倒 dào comes before (not 在: 倒在地上 is the verb dǎo)
DAO_FOLLOWERS = frozenset("是也还很挺不没真更蛮像")
# parts of speech of what 还 takes as its object (款 m, 帐 q, 田 n), and its
# complement 给 (还给: give back to)
OBJECT_TAGS = ("n", "m", "q", "t", "r")
COMPLEMENT = "给"
DEGREE = ("非常", "特别", "十分", "相当", "比较", "更加", "格外", "这么", "那么", "多么", "有点",
          "不够", "很", "太", "最", "更", "较", "挺", "极", "蛮", "过")
_NUMBER = r"[0-9０-９.．,%％一二三四五六七八九十百千万亿两零〇几]"
# 为, then groups of a number and at most four characters of unit, to the clause's end
_AMOUNT = re.compile(rf"为(?=(?:约|近|仅|共|达)?(?:{_NUMBER}+[\u4e00-\u9fff%％—–~～-]{{0,4}}?)+"
                     r"(?:[，。；、！？：）)\s]|$))")
_LONG = re.compile("(?:" + "|".join(DEGREE) + ")(长)")


@lru_cache(maxsize=1)
def _phrases() -> dict[str, list[list[str]]]:
    from pypinyin.constants import PHRASES_DICT

    return dict(PHRASES_DICT)


def _reads(word: str, at: int, reading: str) -> bool:
    """Does pypinyin's phrase table read ``word`` with ``reading`` at ``at``?"""
    found = _phrases().get(word)
    return found is not None and found[at][0] == reading


def _word(text: str) -> bool:
    return len(text) > 1 and (segment.frequency(text) > 0 or text in _phrases())


def apply(text: str, syllables: list[str | None]) -> list[str | None]:
    """Lay the role-decided readings over one reading per character of
    simplified ``text``."""
    if "为" in text:
        for match in _AMOUNT.finditer(text):
            at = match.start()
            if at > 0 and _reads(text[at - 1:at + 1], 1, "wèi"):
                continue  # 因为
            syllables[at] = "wéi"
    if "长" in text:
        for match in _LONG.finditer(text):
            at = match.start(1)
            if at + 1 < len(text) and _reads(text[at:at + 2], 0, "zhǎng"):
                continue  # 最长者
            syllables[at] = "cháng"
    for at, ch in enumerate(text):
        if ch == "还" and at + 1 < len(text):
            after = text[at + 1]
            if after in ADVERB_FOLLOWERS or not _word(text[at:at + 2]):
                continue
            if at + 2 < len(text) and _word(text[at + 1:at + 3]):
                continue  # 还清楚: 还 modifies the word 清楚
            if after != COMPLEMENT and not segment.tagged(after)[0][1].startswith(OBJECT_TAGS):
                continue  # 还怕: a verb after 还 is what the adverb modifies
            syllables[at] = "huán"
        elif ch == "倒" and at + 1 < len(text) and text[at + 1] in DAO_FOLLOWERS:
            if at > 0 and _word(text[at - 1:at + 1]):
                continue  # 打倒
            syllables[at] = "dào"
    return syllables
