"""The three standard tables of the annual report, 2019 and 2021 formats.

Authors write only figures, keyed by the official row and column labels; this
module knows the official layout (row and column spans included), builds the
whole table, and applies the arithmetic rules printed in the format.
Labels are verbatim from 国办公开办函〔2019〕60号 and 〔2021〕30号.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from reader.content import yamlnodes
from reader.content.document import Cell, Row, Table, Text
from reader.content.problems import ContentError

FORMATS = ("2019", "2021")
NOT_REPORTED = "未报告"

# --- table 二: 主动公开政府信息情况 -----------------------------------------


@dataclass(frozen=True)
class Block2:
    title: str
    columns: tuple[str, ...]
    rows: tuple[str, ...]


TABLE2: dict[str, tuple[Block2, ...]] = {
    "2019": (
        Block2("第二十条第（一）项", ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
               ("规章", "规范性文件")),
        Block2("第二十条第（五）项", ("上一年项目数量", "本年增/减", "处理决定数量"),
               ("行政许可", "其他对外管理服务事项")),
        Block2("第二十条第（六）项", ("上一年项目数量", "本年增/减", "处理决定数量"),
               ("行政处罚", "行政强制")),
        Block2("第二十条第（八）项", ("上一年项目数量", "本年增/减"), ("行政事业性收费",)),
        Block2("第二十条第（九）项", ("采购项目数量", "采购总金额"), ("政府集中采购",)),
    ),
    "2021": (
        Block2("第二十条第（一）项", ("本年制发件数", "本年废止件数", "现行有效件数"),
               ("规章", "行政规范性文件")),
        Block2("第二十条第（五）项", ("本年处理决定数量",), ("行政许可",)),
        Block2("第二十条第（六）项", ("本年处理决定数量",), ("行政处罚", "行政强制")),
        Block2("第二十条第（八）项", ("本年收费金额（单位：万元）",), ("行政事业性收费",)),
    ),
}
TABLE2_WIDTH = 4

# --- table 三: 收到和处理政府信息公开申请情况 -------------------------------

T3_COLUMNS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
T3_PARTS = T3_COLUMNS[:-1]
T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_NEW = "一、本年新收政府信息公开申请数量"
T3_CARRIED_IN = "二、上年结转政府信息公开申请数量"
T3_RESULTS = "三、本年度办理结果"
T3_TOTAL = "（七）总计"
T3_CARRIED_OUT = "四、结转下年度继续办理"

# Groups of 三、本年度办理结果: (group label, sub-row labels); no sub-rows means
# the group label is itself a data row.
_T3_COMMON: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("（一）予以公开", ()),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ()),
    ("（三）不予公开", (
        "1．属于国家秘密", "2．其他法律行政法规禁止公开", "3．危及“三安全一稳定”",
        "4．保护第三方合法权益", "5．属于三类内部事务信息", "6．属于四类过程性信息",
        "7．属于行政执法案卷", "8．属于行政查询事项")),
    ("（四）无法提供", (
        "1．本机关不掌握相关政府信息", "2．没有现成信息需要另行制作", "3．补正后申请内容仍不明确")),
    ("（五）不予处理", (
        "1．信访举报投诉类申请", "2．重复申请", "3．要求提供公开出版物",
        "4．无正当理由大量反复申请", "5．要求行政机关确认或重新出具已获取信息")),
)
T3_GROUPS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "2019": _T3_COMMON + (("（六）其他处理", ()),),
    "2021": _T3_COMMON + (("（六）其他处理", (
        "1．申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "2．申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "3．其他")),),
}


def t3_result_rows(fmt: str) -> list[str]:
    """The data rows under 三、本年度办理结果 that add up to （七）总计."""
    rows: list[str] = []
    for group, subs in T3_GROUPS[fmt]:
        rows.extend(subs or (group,))
    return rows


def t3_rows(fmt: str) -> list[str]:
    return [T3_NEW, T3_CARRIED_IN, *t3_result_rows(fmt), T3_TOTAL, T3_CARRIED_OUT]


def t3_keys(fmt: str) -> list[str]:
    """Every row label a table 三 figure may be keyed by, in the official
    order: the data rows, and before its sub-rows each group's own label —
    a figure the source gives for the whole group, not broken down (the
    2019-style single （六）其他处理 row in a 2021 table)."""
    keys = [T3_NEW, T3_CARRIED_IN]
    for group, subs in T3_GROUPS[fmt]:
        keys.extend((group, *subs) if subs else (group,))
    return [*keys, T3_TOTAL, T3_CARRIED_OUT]


def t3_result_parts(figures: Mapping[tuple[str, ...], object], fmt: str,
                    column: str) -> list[tuple[str, ...]]:
    """The cells of a column that add up to （七）总计: each group's own
    figure where the table gives one, else its sub-rows."""
    parts: list[tuple[str, ...]] = []
    for group, subs in T3_GROUPS[fmt]:
        if not subs or (group, column) in figures:
            parts.append((group, column))
        else:
            parts.extend((sub, column) for sub in subs)
    return parts


# --- table 四: 政府信息公开行政复议、行政诉讼情况 -----------------------------

T4_COLUMNS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
T4_GROUPS = ("行政复议", "未经复议直接起诉", "复议后起诉")

CAPTIONS = {
    "二": "主动公开政府信息情况",
    "三": "收到和处理政府信息公开申请情况",
    "四": "政府信息公开行政复议、行政诉讼情况",
}
KINDS = tuple(CAPTIONS)

# --- figures as written by the author ---------------------------------------


@dataclass
class Figure:
    text: str  # as written: "1750", "+1", "13万元"
    line: int

    @property
    def number(self) -> int | None:
        return int(self.text) if re.fullmatch(r"[+-]?\d+", self.text) else None


@dataclass
class StandardTable:
    kind: str  # 二, 三 or 四
    fmt: str
    figures: dict[tuple[str, ...], Figure] = field(default_factory=dict)
    line: int = 0


def _suggest(label: str, valid: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(label, list(valid), n=1, cutoff=0.3)
    if close:
        return f"did you mean “{close[0]}”?"
    return "valid labels: " + "、".join(valid)


def _mapping(node: yamlnodes.Node | None, line: int, what: str) -> yamlnodes.Mapping:
    if not isinstance(node, yamlnodes.Mapping):
        got_line = node.line if node is not None else line
        raise ContentError(got_line, f"{what} must be a mapping of labels",
                           "write “label:” on its own line and indent what belongs to it")
    return node


def _figure(node: yamlnodes.Node, counts: bool, where: str) -> Figure:
    if not isinstance(node, yamlnodes.Scalar):
        raise ContentError(node.line, f"{where}: a figure must be a single value")
    text = node.value
    if counts and not re.fullmatch(r"\d+", text):
        raise ContentError(node.line, f"{where}: “{text}” is not a count",
                           "write a whole number such as 0 or 12; leave the cell out if the "
                           "report does not state it")
    if not text:
        raise ContentError(node.line, f"{where}: empty figure",
                           "leave the cell out if the report does not state it")
    return Figure(text, node.line)


def parse(kind: str, fmt: str, source: str, first_line: int) -> StandardTable:
    """Read the figures of one standard table from its YAML block."""
    if kind not in KINDS:
        raise ContentError(first_line - 1, f"unknown standard table “{kind}”",
                           "use annual-table 二, annual-table 三 or annual-table 四")
    table = StandardTable(kind, fmt, line=first_line - 1)
    root = yamlnodes.parse(source, first_line)
    if root is None:
        return table
    top = _mapping(root, first_line, f"table {kind}")
    if kind == "二":
        blocks = {block.title: block for block in TABLE2[fmt]}
        for key, value in top.items:
            block = blocks.get(key.value)
            if block is None:
                raise ContentError(key.line, f"table 二 ({fmt} format) has no block “{key.value}”",
                                   _suggest(key.value, list(blocks)))
            for row_key, row_value in _mapping(value, key.line, key.value).items:
                if row_key.value not in block.rows:
                    raise ContentError(row_key.line,
                                       f"{block.title} has no row “{row_key.value}”",
                                       _suggest(row_key.value, block.rows))
                for col_key, fig in _mapping(row_value, row_key.line, row_key.value).items:
                    if col_key.value not in block.columns:
                        raise ContentError(col_key.line,
                                           f"{block.title} has no column “{col_key.value}”",
                                           _suggest(col_key.value, block.columns))
                    where = f"{row_key.value} · {col_key.value}"
                    table.figures[(block.title, row_key.value, col_key.value)] = _figure(
                        fig, False, where)
    elif kind == "三":
        rows = t3_keys(fmt)
        for key, value in top.items:
            if key.value not in rows:
                raise ContentError(key.line, f"table 三 ({fmt} format) has no row “{key.value}”",
                                   _suggest(key.value, rows))
            for col_key, fig in _mapping(value, key.line, key.value).items:
                if col_key.value not in T3_COLUMNS:
                    raise ContentError(col_key.line, f"table 三 has no column “{col_key.value}”",
                                       _suggest(col_key.value, T3_COLUMNS))
                table.figures[(key.value, col_key.value)] = _figure(
                    fig, True, f"{key.value} · {col_key.value}")
        _check_groups(table)
    else:
        for key, value in top.items:
            if key.value not in T4_GROUPS:
                raise ContentError(key.line, f"table 四 has no group “{key.value}”",
                                   _suggest(key.value, T4_GROUPS))
            for col_key, fig in _mapping(value, key.line, key.value).items:
                if col_key.value not in T4_COLUMNS:
                    raise ContentError(col_key.line, f"table 四 has no column “{col_key.value}”",
                                       _suggest(col_key.value, T4_COLUMNS))
                table.figures[(key.value, col_key.value)] = _figure(
                    fig, True, f"{key.value} · {col_key.value}")
    return table


def _check_groups(table: StandardTable) -> None:
    """A group's own figure stands for its sub-rows: a column gives one or the other."""
    for group, subs in T3_GROUPS[table.fmt]:
        for col in T3_COLUMNS:
            own = table.figures.get((group, col))
            if own is not None and subs and any((sub, col) in table.figures for sub in subs):
                raise ContentError(own.line, f"table 三, {group} · {col}: the group's own figure "
                                   "and figures for its rows are both given",
                                   "keep the group's figure only where the report does not "
                                   "break it down, else the rows' figures")


# --- building the full table -------------------------------------------------


def _th(text: str, scope: str, colspan: int = 1, rowspan: int = 1) -> Cell:
    return Cell([Text(text)], header=True, scope=scope, colspan=colspan, rowspan=rowspan)


def _td(figure: Figure | None, colspan: int = 1, rowspan: int = 1) -> Cell:
    if figure is None:
        return Cell([Text(NOT_REPORTED)], colspan=colspan, rowspan=rowspan, not_reported=True)
    return Cell([Text(figure.text)], colspan=colspan, rowspan=rowspan, numeric=True)


def build(table: StandardTable) -> Table:
    """The whole official table, every cell present, unstated cells marked."""
    if table.kind == "二":
        return _build2(table)
    if table.kind == "三":
        return _build3(table)
    return _build4(table)


def _build2(table: StandardTable) -> Table:
    bodies: list[list[Row]] = []
    for block in TABLE2[table.fmt]:
        span_last = TABLE2_WIDTH - 1 - len(block.columns)
        head_cells = [_th("信息内容", "col")]
        for i, col in enumerate(block.columns):
            last = i == len(block.columns) - 1
            head_cells.append(_th(col, "col", colspan=1 + (span_last if last else 0)))
        rows = [Row([_th(block.title, "colgroup", colspan=TABLE2_WIDTH)]), Row(head_cells)]
        for label in block.rows:
            cells = [_th(label, "row")]
            for i, col in enumerate(block.columns):
                last = i == len(block.columns) - 1
                cells.append(_td(table.figures.get((block.title, label, col)),
                                 colspan=1 + (span_last if last else 0)))
            rows.append(Row(cells))
        bodies.append(rows)
    return Table(CAPTIONS["二"], [], bodies, kind="standard-2",
                 note=f"按{table.fmt}年版年度报告格式；“{NOT_REPORTED}”表示报告未载明该项数据。")


def _build3(table: StandardTable) -> Table:
    fig = table.figures
    head = [
        Row([_th(T3_NOTE, "colgroup", colspan=3, rowspan=3),
             _th("申请人情况", "colgroup", colspan=7)]),
        Row([_th("自然人", "col", rowspan=2), _th("法人或其他组织", "colgroup", colspan=5),
             _th("总计", "col", rowspan=2)]),
        Row([_th(name, "col") for name in T3_PARTS[1:]]),
    ]

    def data(label: str) -> list[Cell]:
        return [_td(fig.get((label, col))) for col in T3_COLUMNS]

    body = [Row([_th(T3_NEW, "row", colspan=3), *data(T3_NEW)]),
            Row([_th(T3_CARRIED_IN, "row", colspan=3), *data(T3_CARRIED_IN)])]
    results = _th(T3_RESULTS, "rowgroup", rowspan=len(t3_result_rows(table.fmt)) + 1)
    first = True
    for group, subs in T3_GROUPS[table.fmt]:
        lead = [results] if first else []
        first = False
        if not subs:
            body.append(Row([*lead, _th(group, "row", colspan=2), *data(group)]))
            continue
        body.append(Row([*lead, _th(group, "rowgroup", rowspan=len(subs)),
                         _th(subs[0], "row"), *_group_part(fig, group, subs, subs[0])]))
        for sub in subs[1:]:
            body.append(Row([_th(sub, "row"), *_group_part(fig, group, subs, sub)]))
    body.append(Row([_th(T3_TOTAL, "row", colspan=2), *data(T3_TOTAL)]))
    body.append(Row([_th(T3_CARRIED_OUT, "row", colspan=3), *data(T3_CARRIED_OUT)]))
    return Table(CAPTIONS["三"], head, [body], kind="standard-3",
                 note=f"按{table.fmt}年版年度报告格式；“{NOT_REPORTED}”表示报告未载明该项数据。")


def _group_part(fig: dict[tuple[str, ...], Figure], group: str, subs: tuple[str, ...],
                sub: str) -> list[Cell]:
    """A sub-row's data cells; a figure given for the whole group stands across
    its rows, in the first row's cell."""
    first = sub == subs[0]
    return [_td(fig.get((group, col)), rowspan=len(subs)) if (group, col) in fig
            else _td(fig.get((sub, col))) for col in T3_COLUMNS
            if first or (group, col) not in fig]


def _build4(table: StandardTable) -> Table:
    head = [
        Row([_th("行政复议", "colgroup", colspan=5), _th("行政诉讼", "colgroup", colspan=10)]),
        Row([*[_th(col, "col", rowspan=2) for col in T4_COLUMNS],
             _th(T4_GROUPS[1], "colgroup", colspan=5), _th(T4_GROUPS[2], "colgroup", colspan=5)]),
        Row([_th(col, "col") for _ in T4_GROUPS[1:] for col in T4_COLUMNS]),
    ]
    body = [Row([_td(table.figures.get((group, col)))
                 for group in T4_GROUPS for col in T4_COLUMNS])]
    return Table(CAPTIONS["四"], head, [body], kind="standard-4",
                 note=f"按{table.fmt}年版年度报告格式；“{NOT_REPORTED}”表示报告未载明该项数据。")
