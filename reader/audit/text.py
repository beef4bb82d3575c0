"""Text against tables: figures the body states that a standard table holds.

Only a sentence that is unambiguous about what it counts is compared, so
that a finding is almost always a real mismatch (the README lists what is
and is not compared):

- the count follows its subject in one clause (收到政府信息公开申请17件,
  17件予以公开), in digits or Chinese numerals (十七件), or the clause denies
  it (未收到政府信息公开申请 is 0);
- the clause is not a change (较上年增加5件, 同比, %), not about another
  time (上年, 以来, 上半年, a year other than the report's), and the
  sentence is not about a wider scope than the body (各部门, 下属单位; 全县
  except in the report of the county's 人民政府 itself);
- a count of applications is taken for 本年新收 only when the verb says so
  and the sentence does not also speak of carried-over applications (收到
  …17件（含上年结转2件）counts both), of a channel (网上申请) or of some
  applicants only (自然人申请);
- applications, 行政复议 and 行政诉讼 are taken only in section 三 or 四 or in
  a sentence that speaks of 公开 (a 司法局 handles other 行政复议 cases);
- a count after two joined subjects (予以公开及部分公开258件) is for both,
  and digits with a leading zero (规章000, table cells run together in a
  crawler's text) are no count;
- a sentence that gives two different counts for one subject is left out.

A mismatch is a warning on the paragraph's line, quoting the sentence and
naming the cell.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from reader.audit.numbers import CHINESE, amount, count, normalise
from reader.content import arithmetic
from reader.content import standard_tables as st
from reader.content.document import Block, Heading, Paragraph, iter_blocks, plain_text

RULE = "text-vs-table"

_STOP = "，,。；;！？!?：:"
_NOT_A_DIGIT = rf"(?<![\d{CHINESE}.])"


def _gap(size: int) -> str:
    return rf"[^{_STOP}]{{0,{size}}}?"


def _after(size: int) -> str:
    """The words between a count and its subject (17件予以公开, 1件结转下年度):
    no 、 either, which would start the next item of a list (复议2件、诉讼7件)."""
    return rf"[^{_STOP}、]{{0,{size}}}?"


def _n(units: str = "件|个|条|份|宗|起|例") -> str:
    """A count and its unit; a count without a unit is taken only where it is 0."""
    return rf"{_NOT_A_DIGIT}(?P<n>\d+|[{CHINESE}]+)(?P<u>{units})?(?![\d.余多])"


_AMOUNT = rf"{_NOT_A_DIGIT}(?P<a>\d+(?:\.\d+)?(?:万元|元))"

# what makes a clause no count of this year: a change, another time, a share
_CHANGE = re.compile(r"较|同比|环比|比上年|比去年|比上一年|增加|减少|增长|下降|上升|提高|降低|持平|"
                     r"%|％|百分|倍|平均")
_OTHER_TIME = re.compile(r"上年|去年|上一年|前一年|往年|历年|以来|至今|先后|近[两三四五\d]年")
# what makes a sentence about more than this body, or part of the year
_SCOPE = re.compile(r"全(?:县|市|区|省|州|旗|盟|系统)|各级|各(?:部门|单位|乡镇|街道|县|区|市|级)|"
                    r"下属|所属|直属|系统内|上半年|下半年|季度|月份")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?=年)")
_OTHER_APPLICATIONS = re.compile(r"复议|诉讼|许可|审批|登记|补贴|救助|低保|资助|贷款|项目|投诉|举报|"
                                 r"信访|咨询|留言|建议|提案|议案|听证|赔偿")
_CHANNEL = re.compile(r"网上|网站|网络|在线|平台|当面|现场|信函|邮寄|邮件|传真|电话|微信|窗口")
_APPLICANT = re.compile(r"自然人|公民|个人|法人|企业|组织|机构|群众")
_EVERY_APPLICANT = re.compile(rf"(?:公民|自然人|个人)[^{_STOP}]*(?:法人|组织)")
# a subject joined to the one before it with no count between them (予以公开及
# 部分公开258件, 行政复议和行政诉讼3件): the count is for both together
_JOINED = re.compile(r"(?<![件个条份宗起例项次])[及和与或、](?:其他|有关)?$")
_RESULT = re.compile(r"维持|纠正|纠错|撤销|驳回|确认|变更|审结|结案|其他结果|尚未|败诉|胜诉|调解|和解|"
                     r"终止")


@dataclass(frozen=True)
class Measure:
    name: str  # what the sentence counts, as the message names it
    kind: str  # the table
    cell: tuple[str, ...]  # the cell the finding links to
    label: str  # the cell as the message names it
    value: Callable[[st.StandardTable], int | Decimal | None]
    patterns: tuple[re.Pattern[str], ...]  # groups: n (a count), a (an amount); none: 0
    formats: tuple[str, ...] = st.FORMATS
    sections: tuple[str, ...] = ()  # where the subject needs no more context
    context: re.Pattern[str] | None = None  # else the sentence must say this
    exclude: re.Pattern[str] | None = None  # words that make the clause ambiguous
    other_time: bool = False  # the subject itself speaks of another year (上年结转)
    years: tuple[int, ...] = (0,)  # years the sentence may name, from the report's
    foreign: re.Pattern[str] | None = None  # words that make the subject another one
    # a sentence says nothing of the measure unless it holds one of these
    # (a substring test, before any pattern: most sentences count nothing)
    keywords: tuple[str, ...] = ()
    # a test of the sentence, the clause and the match
    check: Callable[[str, str, re.Match[str]], bool] | None = None


def _compile(*patterns: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)


def _t3(row: str) -> Callable[[st.StandardTable], int | None]:
    return lambda table: arithmetic.stated(table, (row, "总计"))


def _group(group: str) -> Callable[[st.StandardTable], int | None]:
    return lambda table: arithmetic.group_value(table, group, "总计")


def _t4(*groups: str) -> Callable[[st.StandardTable], int | None]:
    def value(table: st.StandardTable) -> int | None:
        numbers = [arithmetic.stated(table, (group, "总计")) for group in groups]
        return None if any(n is None for n in numbers) else sum(n for n in numbers if n is not None)
    return value


def _t2(block: str, row: str, column: str, unit: str = ""
        ) -> Callable[[st.StandardTable], int | Decimal | None]:
    def value(table: st.StandardTable) -> int | Decimal | None:
        if unit or column == "采购总金额":
            figure = table.figures.get((block, row, column))
            return None if figure is None else amount(figure.text, unit)
        return arithmetic.stated(table, (block, row, column))
    return value


def _new_applications(sentence: str, clause: str, match: re.Match[str]) -> bool:
    """A count of applications received is 本年新收 only when the verb is
    新收, or the sentence does not also count carried-over ones; and not when
    it counts one channel or some applicants."""
    said = match.group(0)
    if "结转" in sentence and "新收" not in said:
        return False
    if _CHANNEL.search(clause):
        return False
    return not (_APPLICANT.search(said) and not _EVERY_APPLICANT.search(said))


_PUBLIC = re.compile(r"公开")
_RECEIVE = r"(?:收到|新收|受理|接收|接到|收悉)了?"
_NEGATE = r"(?:未|没有|无|未曾|尚未)"
_RESULTS = {
    "（一）予以公开": (r"(?<!部分)(?:予以公开|同意公开)", "予以公开的申请"),
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": (r"部分(?:予以)?公开", "部分公开的申请"),
    "（三）不予公开": (r"不予(?:以)?公开", "不予公开的申请"),
    "（四）无法提供": (r"无法提供", "无法提供的申请"),
    "（五）不予处理": (r"不予处理", "不予处理的申请"),
    "（六）其他处理": (r"其他处理", "其他处理的申请"),
}
_RESULT_WORDS = {
    "（一）予以公开": ("予以公开", "同意公开"),
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": ("部分",),
    "（三）不予公开": ("不予",), "（四）无法提供": ("无法提供",), "（五）不予处理": ("不予处理",),
    "（六）其他处理": ("其他处理",),
}
_T1 = "第二十条第（一）项"
_T5, _T6, _T8, _T9 = "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项", "第二十条第（九）项"
_DOCS = r"(?:行政)?规范性文件"
_MAKE = r"(?:制发|制定|出台|新制作)了?"


def _measures() -> tuple[Measure, ...]:
    measures = [
        Measure("本年新收的政府信息公开申请", "三", (st.T3_NEW, "总计"), "一、本年新收 · 总计",
                _t3(st.T3_NEW), _compile(
                    rf"{_RECEIVE}{_gap(24)}(?:申请|公开件|依申请公开(?:政府信息)?(?:件|事项)?)"
                    rf"(?:件|数量?|总数)?[，,]?(?:共|共计|合计|总计|累计)?(?:为|达)?{_n()}",
                    rf"{_RECEIVE}{_gap(6)}{_n()}{_after(16)}(?:申请|公开件)",
                    rf"{_NEGATE}{_RECEIVE}{_gap(24)}申请"),
                sections=("三",), context=_PUBLIC, exclude=re.compile(
                    r"^其中|办结|答复|办理|处理|结转"), check=_new_applications,
                foreign=_OTHER_APPLICATIONS),
        Measure("上年结转的政府信息公开申请", "三", (st.T3_CARRIED_IN, "总计"),
                "二、上年结转 · 总计", _t3(st.T3_CARRIED_IN), _compile(
                    rf"(?:上年|上一年|去年)度?{_gap(6)}结转(?:过来)?的?{_gap(16)}{_n()}",
                    rf"结转(?:自)?上一?年度?{_gap(16)}{_n()}",
                    rf"{_NEGATE}(?:上年|上一年)度?{_gap(4)}结转"),
                exclude=re.compile(r"下一?年|次年|明年"), other_time=True, years=(0, -1)),
        Measure("结转下年度继续办理的政府信息公开申请", "三", (st.T3_CARRIED_OUT, "总计"),
                "四、结转下年度继续办理 · 总计", _t3(st.T3_CARRIED_OUT), _compile(
                    rf"结转(?:至|到|入|为)?(?:下一?年度?|下年|次年|明年|\d{{4}}年)度?(?:继续)?"
                    rf"(?:办理)?的?{_gap(10)}{_n()}",
                    rf"{_n()}{_after(12)}(?:结转|转入|转至|顺延)(?:至|到|入)?(?:下一?年度?|下年|次年|"
                    rf"明年|\d{{4}}年)",
                    rf"{_NEGATE}{_gap(8)}结转(?:至|到|入)?(?:下一?年度?|下年|次年|明年)"),
                exclude=re.compile(r"上年|上一年"), years=(0, 1)),
    ]
    for row, (words, name) in _RESULTS.items():
        single = row.startswith(("（一）", "（二）"))
        measures.append(Measure(
            name, "三", (row, "总计"), f"三、本年度办理结果 · {row.split('（区分')[0]} · 总计",
            _t3(row) if single else _group(row), _compile(
                rf"{words}{_gap(4)}{_n()}", rf"{_n()}{_after(4)}{words}"),
            exclude=re.compile(r"主动")))
    measures += [
        Measure("政府信息公开行政复议案件", "四", ("行政复议", "总计"), "行政复议 · 总计",
                _t4("行政复议"), _compile(
                    rf"行政复议(?:案件|申请)?{_gap(4)}{_n()}",
                    rf"{_n('件|起|宗|例')}{_after(6)}行政复议",
                    rf"行政复议[、和及与或]行政诉讼(?:案件)?(?:数量?)?(?:均|都|各)为?{_n()}",
                    rf"{_NEGATE}(?:发生|收到|出现|涉及|产生|有|被)?{_gap(20)}行政复议"),
                sections=("四",), context=_PUBLIC, exclude=_RESULT),
        Measure("政府信息公开行政诉讼案件", "四", ("未经复议直接起诉", "总计"),
                "未经复议直接起诉 · 总计 与 复议后起诉 · 总计 之和",
                _t4("未经复议直接起诉", "复议后起诉"), _compile(
                    rf"行政诉讼(?:案件)?{_gap(4)}{_n()}",
                    rf"{_n('件|起|宗|例')}{_after(6)}行政诉讼",
                    rf"行政复议[、和及与或]行政诉讼(?:案件)?(?:数量?)?(?:均|都|各)为?{_n()}",
                    rf"{_NEGATE}(?:发生|收到|出现|涉及|产生|有|被)?{_gap(20)}行政诉讼"),
                sections=("四",), context=_PUBLIC, exclude=_RESULT),
    ]
    for fmt, made, repealed, current in (("2021", "本年制发件数", "本年废止件数", "现行有效件数"),
                                         ("2019", "本年新制作数量", "", "")):
        for row, noun in (("规章", "规章"), (st.TABLE2[fmt][0].rows[1], _DOCS)):
            measures.append(Measure(
                f"本年制发的{row}", "二", (_T1, row, made), f"{_T1} · {row} · {made}",
                _t2(_T1, row, made), _compile(
                    rf"{_MAKE}{_gap(4)}{noun}{_gap(4)}{_n('件|个|份|部|项')}",
                    rf"{_NEGATE}{_MAKE}{_gap(6)}{noun}"),
                formats=(fmt,), exclude=re.compile(r"清理|审查|审核|备案|评估|解读|修订|修改")))
            if repealed:
                measures.append(Measure(
                    f"本年废止的{row}", "二", (_T1, row, repealed), f"{_T1} · {row} · {repealed}",
                    _t2(_T1, row, repealed), _compile(
                        rf"废止了?{_gap(4)}{noun}{_gap(4)}{_n('件|个|份|部|项')}"),
                    formats=(fmt,)))
                measures.append(Measure(
                    f"现行有效的{row}", "二", (_T1, row, current), f"{_T1} · {row} · {current}",
                    _t2(_T1, row, current), _compile(
                        rf"现行有效的?{_gap(4)}{noun}{_gap(4)}{_n('件|个|份|部|项')}"),
                    # 清理并集中发布现行有效文件393件: what a clean-up published, not the table's count
                    formats=(fmt,), exclude=re.compile(r"清理|发布|汇编|审查|备案|库")))
    for fmt, column in (("2021", "本年处理决定数量"), ("2019", "处理决定数量")):
        for block, row, words in ((_T5, "行政许可", "行政许可"), (_T6, "行政处罚", "行政处罚"),
                                  (_T6, "行政强制", "行政强制")):
            measures.append(Measure(
                f"本年作出的{row}决定", "二", (block, row, column), f"{block} · {row} · {column}",
                _t2(block, row, column), _compile(
                    rf"(?:作出|做出|办理|办结|实施|采取)了?{_gap(6)}{words}(?:决定|案件|事项|措施)?"
                    rf"{_gap(2)}{_n('件|起|宗')}"),
                formats=(fmt,), exclude=re.compile(r"听证|复议|诉讼|撤销|公示")))
    measures += [
        Measure("本年办理的其他对外管理服务事项", "二", (_T5, "其他对外管理服务事项", "处理决定数量"),
                f"{_T5} · 其他对外管理服务事项 · 处理决定数量",
                _t2(_T5, "其他对外管理服务事项", "处理决定数量"), _compile(
                    rf"办理{_gap(8)}其他对外管理服务事项{_gap(2)}{_n('件|起|宗')}"),
                formats=("2019",)),
        Measure("本年收取的行政事业性收费", "二", (_T8, "行政事业性收费", "本年收费金额（单位：万元）"),
                f"{_T8} · 行政事业性收费 · 本年收费金额（万元）",
                _t2(_T8, "行政事业性收费", "本年收费金额（单位：万元）", "万元"), _compile(
                    rf"行政事业性收费{_gap(8)}{_AMOUNT}"),
                formats=("2021",)),
        Measure("政府集中采购的次数", "二", (_T9, "政府集中采购", "采购项目数量"),
                f"{_T9} · 政府集中采购 · 采购项目数量", _t2(_T9, "政府集中采购", "采购项目数量"),
                _compile(rf"{_n('次|项|个|批')}{_after(2)}政府集中采购",
                         rf"政府集中采购(?:项目)?{_gap(2)}{_n('次|项|个|批')}"),
                formats=("2019",)),
        Measure("政府集中采购的总金额", "二", (_T9, "政府集中采购", "采购总金额"),
                f"{_T9} · 政府集中采购 · 采购总金额", _t2(_T9, "政府集中采购", "采购总金额"),
                _compile(rf"采购(?:总金额|金额总计|总额)(?:为|达|共计?)?{_AMOUNT}"),
                formats=("2019",)),
    ]
    return tuple(dataclasses.replace(m, keywords=m.keywords or _keywords(m)) for m in measures)


def _keywords(measure: Measure) -> tuple[str, ...]:
    """The words a sentence must hold for the measure: the literal words its
    patterns cannot match without."""
    words: dict[str, dict[str, tuple[str, ...]]] = {
        "三": {st.T3_NEW: ("申请", "公开件"), st.T3_CARRIED_IN: ("结转",),
               st.T3_CARRIED_OUT: ("结转", "转入", "转至", "顺延")},
        "四": {"行政复议": ("行政复议",), "未经复议直接起诉": ("行政诉讼",)}}
    found = words.get(measure.kind, {}).get(measure.cell[0])
    if found:
        return found
    if measure.cell[0] in _RESULTS:
        return _RESULT_WORDS[measure.cell[0]]
    if measure.kind == "二":
        row = measure.cell[1]
        if row == "政府集中采购":
            return ("采购",)
        return ("规范性文件",) if row.endswith("规范性文件") else (row,)
    raise ValueError(f"no keywords for {measure.name}")


MEASURES = _measures()
_ANY_KEYWORD = re.compile("|".join(sorted({re.escape(w) for m in MEASURES for w in m.keywords})))


# --- reading the body -------------------------------------------------------

_SECTION = re.compile(r"^\s*([一二三四五六])[、.．]")
_SENTENCES = re.compile(r"[^。；;！？!?\n]+[。；;！？!?]?")
_CLAUSE_END = re.compile(rf"[{_STOP}（）()]")
# a paragraph broken mid-sentence ends in a word or a comma, after a few words
_BROKEN = re.compile(r"[^。；;！？!?：:]{6}[\u4e00-\u9fff\d，、,]$")
_NUMBERED = re.compile(r"\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.．、])")


@dataclass(frozen=True)
class Statement:
    line: int
    section: str  # the number of the section it is in (一 … 六), or ""
    sentence: str


def statements(blocks: list[Block]) -> Iterator[Statement]:
    """Every sentence of the body's prose, with the line it starts on and its
    section. A paragraph that stops mid-sentence (text whose lines were broken
    where the page was, made paragraphs) goes on in the next one, unless
    either is a numbered heading (（二）依申请公开情况)."""
    section = ""
    held: Statement | None = None  # a sentence broken at its paragraph's end
    for block in iter_blocks(blocks):
        if isinstance(block, Heading):
            if held is not None:
                yield held
                held = None
            found = _SECTION.match(plain_text(block.children))
            if found:
                section = found.group(1)
            continue
        if not isinstance(block, Paragraph):
            continue
        text = normalise(plain_text(block.children)).strip()
        sentences = [s.strip() for s in _SENTENCES.findall(text) if s.strip()]
        lines = [block.line] * len(sentences)
        numbered = bool(_NUMBERED.match(text))
        if held is not None:
            if sentences and not numbered:
                sentences[0], lines[0] = held.sentence + sentences[0], held.line
            else:
                yield held
            held = None
        if sentences and _BROKEN.search(sentences[-1]) and not (numbered and len(sentences) == 1):
            held = Statement(lines.pop(), section, sentences.pop())
        for sentence, line in zip(sentences, lines, strict=True):
            yield Statement(line, section, sentence)
    if held is not None:
        yield held


def _clause(sentence: str, start: int, end: int) -> str:
    """The clause around ``sentence[start:end]``: out to the nearest
    punctuation on either side."""
    before = [m.end() for m in _CLAUSE_END.finditer(sentence, 0, start)]
    after = _CLAUSE_END.search(sentence, end)
    return sentence[before[-1] if before else 0:after.start() if after else len(sentence)]


def _stated(measure: Measure, match: re.Match[str]) -> int | Decimal | None:
    groups = match.groupdict()
    if groups.get("a"):
        return amount(match.group("a"))
    if groups.get("n") is None:
        return 0  # a denial: 未收到…申请
    written = match.group("n")
    if len(written) > 1 and written.startswith("0"):
        return None  # 000120: table cells run together in text, not a count
    number = count(written)
    if number is None or (groups.get("u") is None and number != 0):
        return None
    return number


def _own(scope: str, body: str) -> bool:
    """全区 in the report of 某某区人民政府 is the body itself; in a department's
    report, or 各部门 anywhere, it is more than the body."""
    if not scope.startswith("全") or not body:
        return False
    return re.sub(r"(?:人民)?政府$", "", body).endswith(scope[1:])


def _fits(measure: Measure, statement: Statement, year: int, body: str) -> bool:
    sentence = statement.sentence
    if any(not _own(scope.group(0), body) for scope in _SCOPE.finditer(sentence)):
        return False
    if any(int(y) - year not in measure.years for y in _YEAR.findall(sentence)):
        return False
    if measure.context is not None and statement.section not in measure.sections \
            and not measure.context.search(sentence):
        return False
    return True


def told(measure: Measure, statement: Statement, year: int, body: str = ""
         ) -> int | Decimal | None:
    """What the sentence of ``body``'s report for ``year`` says the measure
    is, or None where it does not say, or says it in a way that is not
    unambiguous."""
    sentence = statement.sentence
    if not any(word in sentence for word in measure.keywords) \
            or not _fits(measure, statement, year, body):
        return None
    values: set[int | Decimal] = set()
    for pattern in measure.patterns:
        for match in pattern.finditer(sentence):
            clause = _clause(sentence, match.start(), match.end())
            said = match.group(0)
            if _CHANGE.search(clause) or (not measure.other_time and _OTHER_TIME.search(clause)):
                continue
            if measure.exclude is not None and measure.exclude.search(clause):
                continue
            if measure.foreign is not None and measure.foreign.search(said):
                continue
            if _JOINED.search(sentence[:match.start()]):
                continue  # 予以公开及部分公开258件: one count for two subjects
            if measure.check is not None and not measure.check(sentence, clause, match):
                continue
            value = _stated(measure, match)
            if value is not None:
                values.add(value)
    return values.pop() if len(values) == 1 else None


@dataclass(frozen=True)
class Comparison:
    measure: Measure
    statement: Statement
    said: int | Decimal  # what the text says
    table: int | Decimal  # what the table says
    cell: tuple[str, ...]  # the cell, in the report's format

    @property
    def agrees(self) -> bool:
        return self.said == self.table


def comparisons(blocks: list[Block], tables: dict[str, st.StandardTable], year: int,
                body: str = "") -> list[Comparison]:
    """Every sentence that states a figure its table states too."""
    found: list[Comparison] = []
    measures = [(m, tables[m.kind]) for m in MEASURES
                if m.kind in tables and tables[m.kind].fmt in m.formats]
    if not measures:
        return found
    for statement in statements(blocks):
        if not _ANY_KEYWORD.search(statement.sentence):
            continue
        for measure, table in measures:
            said = told(measure, statement, year, body)
            if said is None:
                continue
            value = measure.value(table)
            if value is not None:
                found.append(Comparison(measure, statement, said, value, _cell(measure, table)))
    return found


def readings(blocks: list[Block], fmt: str, year: int, body: str = ""
             ) -> list[tuple[Measure, Statement, int | Decimal]]:
    """Every figure the text is read to state, whether a table states it too
    or not (for checking the reading by hand)."""
    found = []
    for statement in statements(blocks):
        if _ANY_KEYWORD.search(statement.sentence):
            for measure in MEASURES:
                if fmt in measure.formats:
                    said = told(measure, statement, year, body)
                    if said is not None:
                        found.append((measure, statement, said))
    return found


def mismatches(blocks: list[Block], tables: dict[str, st.StandardTable], year: int,
               body: str = "") -> list[Comparison]:
    """Every sentence whose figure differs from its table's."""
    return [c for c in comparisons(blocks, tables, year, body) if not c.agrees]


def _cell(measure: Measure, table: st.StandardTable) -> tuple[str, ...]:
    """The measure's cell: a group of 办理结果 that has rows of its own links
    to its first row, unless the table states a figure for the whole group."""
    subs = dict(st.T3_GROUPS[table.fmt]).get(measure.cell[0], ()) if measure.kind == "三" else ()
    if subs and measure.cell not in table.figures:
        return (subs[0], *measure.cell[1:])
    return measure.cell
