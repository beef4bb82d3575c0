"""Running the audit: over a folder in worker processes as in one process,
and after `reader import` with the archive's reports of the same body."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from reader.archive.loading import load_all
from reader.audit import run
from reader.content import standard_tables as st
from reader.importing.run import Options, import_paths
from tests.audit.making import folder, report


def _archive(tmp_path: Path) -> Path:
    files = {}
    for n in range(12):
        t3 = {st.T3_CARRIED_OUT: {"总计": n % 3}, st.T3_CARRIED_IN: {"总计": (n + 1) % 3}}
        files[f"r{n:02d}.md"] = report(f"第{n // 4}乡人民政府", 2018 + n % 4, {"三": t3},
                                       text=f"本年共收到政府信息公开申请{n}件。")
    return folder(tmp_path, files)


def _audit(root: Path) -> list[tuple[str, str, int]]:
    auditor = run.Auditor(processes=2)
    loaded = load_all(root, parser=auditor.parse, prepare=auditor.prepare)
    problems = [*loaded.library.problems, *auditor.finish(loaded.library)]
    assert all(r.loaded is None for r in loaded.library.reports)  # no body is kept
    return sorted((p.path.name, p.id, p.line) for p in problems)


def test_worker_processes_find_what_one_process_finds(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    root = _archive(tmp_path)
    alone = _audit(root)
    monkeypatch.setattr(run, "IN_PROCESS", 2)
    monkeypatch.setattr(run, "CHUNK", 5)
    assert _audit(root) == alone
    assert len({name for name, _, _ in alone}) == 12


def test_a_body_is_read_again_when_asked(tmp_path: Path) -> None:
    auditor = run.Auditor()
    loaded = load_all(_archive(tmp_path), parser=auditor.parse, prepare=auditor.prepare)
    assert "annual-table" not in str(loaded.library.reports[0].blocks)
    assert loaded.library.reports[0].standard_tables["三"].figures


def test_import_prints_the_audit_of_what_it_imported(tmp_path: Path) -> None:
    """The figures of the imported page against its own tables and against the
    same body's report of the year before, already in the archive."""
    root = folder(tmp_path, {"before.md": report(
        "张家川县张棉驿乡人民政府", 2018, {"三": {st.T3_CARRIED_OUT: {"总计": 4}}})})
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><h1>张家川县张棉驿乡2019年度政府信息公开工作报告</h1>"
        "<p>一、总体情况</p><p>2019年度，我乡共收到政府信息公开申请5件。</p>"
        "<p>二、主动公开政府信息情况</p><p>无。</p>"
        "<p>三、收到和处理政府信息公开申请情况</p><table>"
        "<tr><td></td><td>自然人</td><td>总计</td></tr>"
        "<tr><td>一、本年新收政府信息公开申请数量</td><td>3</td><td>3</td></tr>"
        "<tr><td>二、上年结转政府信息公开申请数量</td><td>1</td><td>1</td></tr></table>"
        "<p>四、政府信息公开行政复议、行政诉讼情况</p><p>无。</p>"
        "<p>张家川县张棉驿乡人民政府</p><p>2020年1月15日</p></body></html>", encoding="utf-8")
    out = io.StringIO()
    import_paths([page], Options(root, ["政府信息公开", "政府信息公开年报"]), out)
    printed = out.getvalue()
    assert "imported:" in printed, printed
    audit = printed[printed.index("audit:"):]
    assert "text-vs-table" in audit and "正文称本年新收的政府信息公开申请为 5" in audit
    assert "carried-over" in audit and "而2018年度报告的四、结转下年度继续办理为 4" in audit


def test_import_shows_source_labels_that_differ_from_the_official_ones(tmp_path: Path) -> None:
    """A 2021 report whose table 二 writes the 2019 format's 规范性文件."""
    root = folder(tmp_path, {})
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><h1>测试乡2021年度政府信息公开工作报告</h1>"
        "<p>一、总体情况</p><p>正文。</p><p>二、主动公开政府信息情况</p><table>"
        "<tr><td colspan='4'>第二十条第（一）项</td></tr>"
        "<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>"
        "<tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr>"
        "<tr><td>规范性文件</td><td>1</td><td>0</td><td>5</td></tr></table>"
        "<p>测试乡人民政府</p><p>2022年1月15日</p></body></html>", encoding="utf-8")
    out = io.StringIO()
    import_paths([page], Options(root, ["政府信息公开", "政府信息公开年报"]), out)
    audit = out.getvalue()[out.getvalue().index("audit:"):]
    assert "info: 来源表二中的标签“规范性文件”是2019年版格式的标签，本报告为2021年版格式" in audit
    assert "[source-labels " in audit


def test_a_label_typed_with_a_slip_is_information() -> None:
    from reader.audit import one_report
    from reader.content import reports as content
    from reader.content.site import Site

    text = report("甲乡人民政府", 2023, {"三": {st.T3_NEW: {"总计": 1}}})
    parsed, _ = content.parse_report(Path("a.md"), text.encode(), Site())
    [finding] = one_report.source_labels(parsed, [("三", "2.其他法律行政止公开",
                                                   "2．其他法律行政法规禁止公开")])
    assert (finding.rule, finding.severity, finding.table) == ("source-labels", "info", "三")
    assert finding.message == ("来源表三中的标签“2.其他法律行政止公开”与官方格式的"
                               "“2．其他法律行政法规禁止公开”不同，已按官方标签导入")
