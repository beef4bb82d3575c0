"""Reviewed findings: listed with a reason, they no longer fail the check."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.cli import main
from reader.content import standard_tables as st
from tests.audit.making import check_json, folder, report

T4 = {"行政复议": {"结果维持": 1, "结果纠正": 0, "其他结果": 0, "尚未审结": 0, "总计": 0}}


def broken(tmp_path: Path) -> Path:
    return folder(tmp_path, {
        "a.md": report("甲乡人民政府", 2021, {"四": T4}),
        "b.md": report("甲乡人民政府", 2022, {"三": {st.T3_CARRIED_IN: {"总计": 1}}}),
    })


def test_a_reviewed_error_no_longer_fails_the_check(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    root = broken(tmp_path)
    status, found = check_json(root, capsys)
    [error] = [f for f in found if f["severity"] == "error"]
    assert status == 1
    (root / "reviewed.yaml").write_text(
        f"# 已复核的问题\n{error['id']}: 原报告表四即如此，已向发布机关核实\n", encoding="utf-8")
    status, found = check_json(root, capsys)
    assert status == 0
    [again] = [f for f in found if f["id"] == error["id"]]
    assert again["reviewed"] == "原报告表四即如此，已向发布机关核实"
    assert main(["check", "--content", str(root)]) == 0
    out, err = capsys.readouterr()
    assert "error (已复核): 表四“行政复议”" in out and "复核意见：原报告表四即如此" in out
    assert "0 errors" in err and "1 reviewed" in err


def test_the_id_stays_while_the_finding_does(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    root = broken(tmp_path)
    _, before = check_json(root, capsys)
    path = root / "reports" / "a.md"
    path.write_text(path.read_text(encoding="utf-8").replace("## 一、总体情况",
                                                             "## 一、总体情况\n\n新加的一段。"),
                    encoding="utf-8")
    _, after = check_json(root, capsys)
    assert [f["id"] for f in before] == [f["id"] for f in after]
    assert [f["line"] for f in before if f["path"].endswith("a.md")] \
        != [f["line"] for f in after if f["path"].endswith("a.md")]
    path.write_text(path.read_text(encoding="utf-8").replace("结果维持: 1", "结果维持: 2"),
                    encoding="utf-8")
    _, changed = check_json(root, capsys)
    assert {f["id"] for f in changed if f["rule"] == "t4-total"} \
        .isdisjoint({f["id"] for f in before})  # other figures: another finding


def test_mistakes_in_the_reviews_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = broken(tmp_path)
    (root / "reviewed.yaml").write_text(
        "0123456789ab: 数字已更正\nnot-an-id: 说明\nabcdefabcdef:\n", encoding="utf-8")
    status, found = check_json(root, capsys)
    mine = [(f["line"], f["severity"], f["message"]) for f in found
            if f["path"].endswith("reviewed.yaml")]
    assert mine == [
        (1, "warning", "复核记录 0123456789ab 对应的问题已不存在"),
        (2, "error", "“not-an-id”不是问题编号"),
        (3, "error", "复核记录 abcdefabcdef 没有复核意见"),
    ]
    assert status == 1
