from __future__ import annotations

from pathlib import Path

import pytest

from reader import content
from reader.document import Heading, Table

from .conftest import CONTENT, report_text


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
    from reader.document import plain_text
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
