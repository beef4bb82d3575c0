"""Reviewed findings: `content/reviewed.yaml` lists the ids of findings a
person has looked at, each with the reason (复核意见)::

    # 编号: 复核意见
    3f2a9c1b7d4e: 原报告表三即如此，已向发布机关核实

A reviewed finding no longer fails `reader check` and shows as reviewed in
its output and report. An id that matches no finding any more (the figures
were corrected, or the report removed) is a warning, so the file stays
short. Mistakes in the file are finding ``file`` problems with their line.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from reader.content import yamlnodes
from reader.content.problems import ContentError, Problem

FILE = "reviewed.yaml"
_ID = re.compile(r"[0-9a-f]{12}")


@dataclasses.dataclass(frozen=True)
class Review:
    reason: str
    line: int


def load(path: Path) -> tuple[dict[str, Review], list[Problem]]:
    """The reviews in ``path`` (none if it does not exist) and its mistakes."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}, []
    except OSError as exc:
        return {}, [Problem(path, 0, f"cannot be read: {exc.strerror}")]
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return {}, [Problem(path, 1, "not valid UTF-8 text", "save the file as UTF-8")]
    try:
        root = yamlnodes.parse(text, 1)
    except ContentError as exc:
        return {}, [Problem(path, exc.line, exc.message, exc.hint)]
    if root is None:
        return {}, []
    if not isinstance(root, yamlnodes.Mapping):
        return {}, [Problem(path, root.line, "复核记录应为“编号: 复核意见”的列表",
                            "每行写一条，例如 3f2a9c1b7d4e: 已向发布机关核实")]
    reviews: dict[str, Review] = {}
    problems = []
    for key, value in root.items:
        finding = key.value.strip().lower()
        if not _ID.fullmatch(finding):
            problems.append(Problem(path, key.line, f"“{key.value}”不是问题编号",
                                    "编号为 reader check 输出中方括号内的12位编号"))
            continue
        if not isinstance(value, yamlnodes.Scalar) or not value.value.strip():
            problems.append(Problem(path, key.line, f"复核记录 {finding} 没有复核意见",
                                    "在编号后写明复核意见，例如：已向发布机关核实"))
            continue
        if finding in reviews:
            problems.append(Problem(path, key.line, f"复核记录 {finding} 重复",
                                    f"第 {reviews[finding].line} 行已有"))
            continue
        reviews[finding] = Review(value.value.strip(), key.line)
    return reviews, problems


def apply(findings: list[Problem], path: Path, complete: bool = True) -> list[Problem]:
    """``findings`` with those reviewed in ``path`` marked, and the file's
    own problems; with ``complete`` (the whole archive was audited), also a
    warning for each review that matches no finding."""
    reviews, problems = load(path)
    marked = []
    used = set()
    for finding in findings:
        review = reviews.get(finding.id) if finding.is_finding else None
        if review is not None:
            used.add(finding.id)
            finding = dataclasses.replace(finding, reviewed=review.reason)
        marked.append(finding)
    if complete:
        for number, review in reviews.items():
            if number not in used:
                problems.append(Problem(path, review.line,
                                        f"复核记录 {number} 对应的问题已不存在",
                                        "数字已更正或报告已移除时，可删除这一行", "warning"))
    return [*marked, *problems]
