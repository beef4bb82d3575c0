"""Words whose traditional form follows their sense in the sentence.

编制 has two senses, one simplified form and two traditional ones. To compile
a document (编制预算, 编制了《指南》, 报告由办公室编制) is 編製; the staffing
establishment of an office (人员编制, 核定编制, 编制内) is 編制. Taiwan writes
so (教育部國語辭典: 編製預算; 員額編制), and so does the Hong Kong government
(政府統計處: 「由政府統計處……所編製的統計數列」; 入境事務處年報: 「本處編制內有
6 814 個職位」), so both regions take the same rule. OpenCC writes 編制 for
both (only 编制成 gets 編製).

The sense is read from the sentence, not from a list of compounds: 编制 is
the verb when it has a document as its object — after it (编制部门预算, 编制的
统计数据, 编制印发《手册》) or inside its word (预算编制) —, a complement
(编制完成, 编制了), a verb it is coordinated with (编制、公布了), or an agent or
basis and no object (由市区编制。 根据……要求编制，). Otherwise it is the noun,
OpenCC's 編制.
A document is a noun whose last character names one: 报告, 规划, 方案, 预算,
目录, 指南, 清单, 报表, 年报, 标准, 手册, 年鉴, 数据, 数字 …
"""

from __future__ import annotations

import re

from reader.language import segment

WORD = "编制"
COMPILE = "編製"
TARGETS = ("zh-Hant-TW", "zh-Hant-HK")

DOCUMENT_HEADS = frozenset("告报划案算录南单表图准册鉴件则序要典志书稿材卷格纲谱据字")
DOCUMENT_WORDS = frozenset("表图书册单")  # documents of one character
ASPECT = frozenset(("了", "过", "着", "出"))
COMPLEMENTS = frozenset(("了", "过", "好", "完", "完成", "出", "出来", "成", "中", "完毕"))
QUOTES = frozenset("《“「『")
COORDINATION = frozenset(("、", "和", "并", "及", "或", "与"))
# the noun after a preposition: 按编制, 在编制内, 超编制
PREPOSITIONS = frozenset(("按", "按照", "依", "依照", "以", "在", "从", "对", "超", "占", "用"))
VERB_MARKERS = frozenset(("所", "被"))  # what only a verb follows
AGENT_OR_BASIS = frozenset(("由", "根据", "按照", "依据", "依照", "遵照", "按", "委托"))
VERBS = frozenset(("v", "vd", "vg", "vi", "vq"))  # not vn: a verbal noun is part of a noun phrase
CLAUSE_END = re.compile(r"[，。；！？：）)\n]")
_SENTENCE = re.compile(r"[^。；！？\n]+")


def compiles(words: list[tuple[str, str]], k: int) -> bool:
    """Is the word at ``k`` (one holding 编制) the verb "compile"? ``words``:
    the sentence's (word, part of speech) from the segmenter."""
    word = words[k][0]
    if word != WORD:  # 预算编制: the document is inside the word; 人员编制, 编制数: the noun
        rest = word.replace(WORD, "", 1)
        return (word.endswith(WORD) and _document(rest)) or (word.startswith(WORD) and rest in COMPLEMENTS)
    before = words[k - 1][0] if k > 0 else ""
    after = words[k + 1][0] if k + 1 < len(words) else ""
    if before in PREPOSITIONS:
        return False
    if after in COMPLEMENTS or after[:1] in QUOTES or before in VERB_MARKERS:
        return True  # 编制完成, 编制了《…》, 所编制的
    if after in COORDINATION and _verb_from(words, k + 2, 1):
        return True  # 编制、公布了; 分级编制、逐级汇总
    if before in COORDINATION and _verb_from(words, k - 2, -1):
        return True  # 制定并编制
    if _document(after) or _document(before):
        return True  # 部门编制规划; 计划编制的基本原则
    if before == "的" and k > 1 and _document(words[k - 2][0]):
        return True  # 计划的编制
    if after == "的" and (k + 2 >= len(words) or CLAUSE_END.fullmatch(words[k + 2][0])):
        return True  # 计划是国务院编制的。
    if not after or CLAUSE_END.fullmatch(after):
        # no object: the verb where an agent or basis precedes it (由市区编制。)
        return any(w in AGENT_OR_BASIS for w, _ in words[:k])
    if k > 0 and words[k - 1][1].startswith("n") and after != "的":
        return False  # 事业编制工作人员: a noun's modifier makes 编制 a noun (not 统计处编制的数据)
    if _object_at(words, k + 2, titled=not _verb(words[k + 1])):
        return True  # 编制印发《手册》, 编制形成了《报告》: two verbs, one object
    for following, tag in words[k + 1:]:  # the object, up to the clause's end or a verb
        if CLAUSE_END.fullmatch(following) or following in QUOTES:
            break
        if _document(following):
            return True
        if tag in VERBS:
            break
    return False


def _object_at(words: list[tuple[str, str]], k: int, titled: bool) -> bool:
    """Does a document start at ``k``, past an aspect particle: a titled one
    (《…》), or with ``titled`` False also one named by its head?"""
    while k < len(words) and words[k][0] in ASPECT:
        k += 1
    return k < len(words) and (words[k][0][:1] in QUOTES or (not titled and _document(words[k][0])))


def _document(word: str) -> bool:
    return word in DOCUMENT_WORDS or (len(word) > 1 and word[-1] in DOCUMENT_HEADS)


def _verb(item: tuple[str, str]) -> bool:
    return item[1] in VERBS and not _document(item[0])


def _verb_from(words: list[tuple[str, str]], k: int, step: int) -> bool:
    """Is there a verb at ``k``, past any adverbs, going ``step``?"""
    while 0 <= k < len(words) and words[k][1] in ("d", "ad"):
        k += step
    return 0 <= k < len(words) and words[k][1].startswith("v") and not _document(words[k][0])


def positions(source: str) -> list[int]:
    """Offsets of each 编制 meaning "compile" in simplified text."""
    if WORD not in source:
        return []
    found = []
    for sentence in _SENTENCE.finditer(source):
        if WORD not in sentence.group():
            continue
        words = segment.tagged(sentence.group())
        at = sentence.start()
        for k, (word, _) in enumerate(words):
            if WORD in word and compiles(words, k):
                found.append(at + word.index(WORD))
            at += len(word)
    return found


def apply(source: str, converted: str, target: str) -> str:
    """编制 meaning "compile" as 編製 in ``converted``, the conversion of
    simplified ``source`` (same length)."""
    if target not in TARGETS or WORD not in source or len(source) != len(converted):
        return converted
    chars = list(converted)
    for at in positions(source):
        chars[at:at + 2] = COMPILE
    return "".join(chars)
