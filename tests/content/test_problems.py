from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from reader.content.problems import Problem


def finding(**fields: object) -> Problem:
    base = Problem(Path("/site/content/reports/a.md"), 12, "表四“行政复议”：总计填报为 0", "核对",
                   "error", "t4-total", "四", "", "行政复议", "总计", (("总计", "0"), ("四项结果之和", "2")),
                   "t4-g1-c5", "2021-a", "甲乡人民政府", 2021)
    return dataclasses.replace(base, **fields)  # type: ignore[arg-type]


def test_the_id_ignores_line_message_and_place_on_disk() -> None:
    one = finding()
    assert len(one.id) == 12
    assert finding(line=40, message="reworded", path=Path("/elsewhere/a.md")).id == one.id
    assert finding(figures=(("总计", "1"), ("四项结果之和", "2"))).id != one.id
    assert finding(column="结果维持").id != one.id and finding(report="2021-b").id != one.id


def test_a_line_for_a_person_and_an_object_for_a_program() -> None:
    one = finding()
    assert one.format(Path("/site")) == (
        f"content/reports/a.md:12: error: 表四“行政复议”：总计填报为 0 (核对) [t4-total {one.id}]")
    record = json.loads(one.json(Path("/site"), "https://x.example/reports/2021-a#t4-g1-c5"))
    assert record["figures"] == {"总计": 0, "四项结果之和": 2} and record["id"] == one.id
    assert record["path"] == "content/reports/a.md" and record["url"].endswith("#t4-g1-c5")
    reviewed = finding(reviewed="已核实")
    assert reviewed.is_error and not reviewed.fails and one.fails
    assert reviewed.format().endswith("复核意见：已核实") and "error (已复核)" in reviewed.format()


def test_a_file_problem_prints_as_before() -> None:
    problem = Problem(Path("content/reports/b.md"), 7, "year “x” is not a year", "write e.g. 2019")
    assert problem.format() == "content/reports/b.md:7: error: year “x” is not a year (write e.g. 2019)"
    assert not problem.is_finding
