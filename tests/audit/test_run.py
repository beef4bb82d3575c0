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
