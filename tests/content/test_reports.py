from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from reader.content import reports as content
from reader.content import standard_tables
from reader.content.document import Heading, Table
from tests.conftest import CONTENT, report_text


def write(root: Path, name: str, data: str | bytes) -> Path:
    path = root / "reports" / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def errors_for(root: Path, name: str) -> list[str]:
    library = content.load(root)
    return [p.format(root) for p in library.problems if p.path.name == name]


def test_seed_report_loads_faithfully() -> None:
    library = content.load(CONTENT)
    assert library.errors == []
    report = library.by_slug["2019-zhangmianyi"]
    assert report.title == "张家川县张棉驿乡2019年度政府信息公开工作报告"
    assert report.index_number == "zmyx/2023-00029"
    assert report.published.isoformat() == "2020-01-15T18:16:09+08:00"
    assert report.category == ("政府信息公开", "部门乡镇信息公开", "乡镇信息公开", "张棉驿乡",
                               "政府信息公开年报")
    assert report.year == 2019 and report.table_format == "2019"
    sections = [b for b in report.blocks if isinstance(b, Heading) and b.level == 2]
    assert [h.anchor for h in sections] == [
        "一总体情况", "二主动公开政府信息情况", "三收到和处理政府信息公开申请情况",
        "四政府信息公开行政复议行政诉讼情况", "五存在的主要问题及改进情况", "六其他需要报告的事项"]
    assert len([b for b in report.blocks if isinstance(b, Table)]) == 3


def test_seed_tables_hold_only_stated_figures() -> None:
    report = content.load(CONTENT).by_slug["2019-zhangmianyi"]
    t2 = {k: f.text for k, f in report.standard_tables["二"].figures.items()}
    assert t2 == {
        ("第二十条第（五）项", "其他对外管理服务事项", "本年增/减"): "+1",
        ("第二十条第（五）项", "其他对外管理服务事项", "处理决定数量"): "1750",
        ("第二十条第（九）项", "政府集中采购", "采购项目数量"): "12",
        ("第二十条第（九）项", "政府集中采购", "采购总金额"): "13万元",
    }
    t3 = report.standard_tables["三"].figures
    assert {k[0] for k in t3} == {"一、本年新收政府信息公开申请数量"}
    assert all(f.text == "0" for f in t3.values()) and len(t3) == 7
    assert report.standard_tables["四"].figures == {}


def test_site_identity_and_footer() -> None:
    site = content.load(CONTENT).site
    assert site.name == "张家川县张棉驿乡人民政府"
    assert site.site_code == "6205250002"
    assert site.icp == "陇ICP备12000553号-1"
    assert site.police == "甘公网安备 62052502000101号"
    assert site.copyright == "张家川回族自治县人民政府"


def test_chinese_metadata_keys_are_accepted(content_copy: Path) -> None:
    text = report_text().replace("title:", "标题:").replace("year:", "年度:")
    write(content_copy, "2021-cn-keys.md", text)
    library = content.load(content_copy)
    assert library.by_slug["2021-cn-keys"].year == 2021


def test_time_without_zone_uses_site_zone(content_copy: Path) -> None:
    write(content_copy, "2021-tz.md", report_text(published="2022-01-20 09:00:00"))
    report = content.load(content_copy).by_slug["2021-tz"]
    assert report.published.utcoffset().total_seconds() == 8 * 3600


BAD_CASES = {
    "broken metadata": (report_text().replace("year: 2021", "year: [2021"), ":7: error: YAML syntax"),
    "missing title": (report_text(title=None), "metadata “title” is missing"),
    "wrong type": (report_text(title="[a, b]"), "“title” must be a single value"),
    "bad year": (report_text(year="twenty"), "year “twenty” is not a year"),
    "bad date": (report_text(published="2022-13-45 99:00"), ":4: error: “2022-13-45 99:00” is not a date"),
    "unknown key": (report_text().replace("year:", "yaer:"), "unknown metadata key “yaer”"),
    "no front matter": ("# 标题\n正文\n", ":1: error: the file must start with a metadata block"),
    "unclosed front matter": ("---\ntitle: x\n", "the metadata block is not closed"),
    "raw html": (report_text() + "\n<script>alert(1)</script>\n", "raw HTML is not allowed"),
    "inline html": (report_text() + "\n文字<img src=x onerror=alert(1)>\n", "raw HTML"),
    "odd link scheme": (report_text() + "\n[文件](ftp://example.org/a)\n", "link target “ftp://example.org/a”"),
    "table label typo": (report_text() + "\n```annual-table 三\n一、本年新收政府信息公开申情数量:\n"
                         "  自然人: 1\n```\n", "did you mean “一、本年新收政府信息公开申请数量”"),
    "column typo": (report_text() + "\n```annual-table 三\n一、本年新收政府信息公开申请数量:\n"
                    "  自然:人: 1\n```\n", "no column"),
    "not a count": (report_text() + "\n```annual-table 四\n行政复议:\n  总计: 两件\n```\n",
                    "“两件” is not a count"),
    "unknown table": (report_text() + "\n```annual-table 五\n```\n", "unknown standard table “五”"),
}


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_report_is_reported_and_left_out(content_copy: Path, case: str) -> None:
    text, expected = BAD_CASES[case]
    write(content_copy, "2021-bad.md", text)
    library = content.load(content_copy)
    lines = [p.format(content_copy) for p in library.problems if p.path.name == "2021-bad.md"]
    assert any(expected in line for line in lines), lines
    assert all(line.startswith("reports/2021-bad.md:") for line in lines)
    assert "2021-bad" not in library.by_slug
    assert "2019-zhangmianyi" in library.by_slug  # the other reports stay online


def test_gbk_file_is_named_as_such(content_copy: Path) -> None:
    write(content_copy, "2021-gbk.md", ("\n" * 3 + report_text()).encode("gbk"))
    [line] = errors_for(content_copy, "2021-gbk.md")
    assert "GBK" in line and "save it as UTF-8" in line


def test_invalid_utf8_gives_line(content_copy: Path) -> None:
    write(content_copy, "2021-bytes.md", report_text().encode() + b"\n\xff\xfe\n")
    [line] = errors_for(content_copy, "2021-bytes.md")
    assert ":14: error: not valid UTF-8" in line


def test_nul_byte_is_reported_with_line(content_copy: Path) -> None:
    write(content_copy, "2021-nul.md", report_text() + "abc\x00def\n")
    [line] = errors_for(content_copy, "2021-nul.md")
    assert ":13: error: the file contains a NUL character" in line


def test_other_control_characters_are_dropped(content_copy: Path) -> None:
    write(content_copy, "2021-ctl.md", report_text() + "\n前\x07后\x1b文字\n")
    report = content.load(content_copy).by_slug["2021-ctl"]
    from reader.content.document import plain_text
    texts = [plain_text(b.children) for b in report.blocks if hasattr(b, "children")
             and not isinstance(b, Heading)]
    assert "前后文字" in texts


def test_duplicate_slug(content_copy: Path) -> None:
    (content_copy / "reports" / "sub").mkdir()
    write(content_copy, "sub/2019-zhangmianyi.md", report_text())
    library = content.load(content_copy)
    [problem] = [p for p in library.problems if "already used" in p.message]
    assert problem.path.name == "2019-zhangmianyi.md" and problem.path.parent.name == "sub"
    assert library.by_slug["2019-zhangmianyi"].year == 2019


def test_bad_file_name_needs_slug(content_copy: Path) -> None:
    write(content_copy, "张棉驿乡2021.md", report_text())
    lines = errors_for(content_copy, "张棉驿乡2021.md")
    assert any("cannot be used in a web address" in line for line in lines)
    write(content_copy, "张棉驿乡2021.md", report_text(slug="2021-zmy"))
    assert "2021-zmy" in content.load(content_copy).by_slug


def test_body_headings_start_below_the_title(content_copy: Path) -> None:
    write(content_copy, "2021-h1.md", report_text() + "\n# 大标题\n\n### 跳级\n")
    library = content.load(content_copy)
    report = library.by_slug["2021-h1"]
    levels = [b.level for b in report.blocks if isinstance(b, Heading)]
    assert min(levels) == 2
    assert any("skips a level" in p.message and p.severity == "warning" for p in library.problems)


def test_malformed_site_settings_keep_reports_online(content_copy: Path) -> None:
    (content_copy / "site.toml").write_text('name = "x\n', encoding="utf-8")
    library = content.load(content_copy)
    assert any(p.path.name == "site.toml" and p.line == 1 for p in library.problems)
    assert "2019-zhangmianyi" in library.by_slug


# --- what a quick start relies on -------------------------------------------------


def _front_matter_by_lines(text: str) -> tuple[str, str, int]:
    """The rule split_front_matter keeps, written the plain way."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise content.ContentError(1, "start")
    for number, line in enumerate(lines[1:], 2):
        if line.strip() == "---":
            return "".join(lines[1:number - 1]), "".join(lines[number:]), number + 1
    raise content.ContentError(1, "closed")


@pytest.mark.parametrize("text", [
    "", "---", "---\n", "---\n---", "---\n---\n", " --- \r\na: b\r\n---\r\nbody", "x\n---\n---\n",
    "---\na: b\n  ---  \nbody\n---\nmore", "---\u2028a: b\u2028---\u2028body", "---\n\n---",
    "---\na\x85---\nb", "---\na: b\n---", "\n---\n---\n", "---\r---\rbody\r",
])
def test_the_metadata_block_ends_where_a_line_by_line_reading_ends_it(text: str) -> None:
    try:
        expected: object = _front_matter_by_lines(text)
    except content.ContentError:
        expected = content.ContentError
    try:
        found: object = content.split_front_matter(text)
    except content.ContentError:
        found = content.ContentError
    assert found == expected


def test_metadata_alone_is_the_metadata_the_whole_file_gives() -> None:
    site = content.load_site(CONTENT / "site.toml")[0]
    for path in content.report_files(CONTENT):
        raw = path.read_bytes()
        whole, _ = content.parse_report(path, raw, site)
        listed = content.parse_metadata(path, raw, site)
        assert listed.pending and listed.loaded is None
        assert (listed.title, listed.published, listed.category, listed.version, listed.slug) \
            == (whole.title, whole.published, whole.category, whole.version, whole.slug)


def test_metadata_alone_does_not_read_past_the_block() -> None:
    site = content.load_site(CONTENT / "site.toml")[0]
    raw = report_text().encode() + b"\n\xff\x00 damaged further on\n"
    with pytest.raises(content.ContentError):
        content.parse_report(Path("x.md"), raw, site)
    assert content.parse_metadata(Path("x.md"), raw, site).title.startswith("测试乡")


def test_a_report_row_gives_the_report_back() -> None:
    library = content.load(CONTENT)
    for report in library.reports:
        again = content.report_from_row(content.report_row(report), report.path)
        assert again == report  # every field but the body
        assert again.carried == report.carried
    report = dataclasses.replace(library.reports[0], carried=standard_tables.StandardTable(
        "三", "2019", {(standard_tables.T3_CARRIED_IN, "自然人"): standard_tables.Figure("3", 70)},
        63))
    assert content.report_from_row(content.report_row(report), report.path).carried \
        == report.carried
