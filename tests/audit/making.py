"""Report files made for the audit's tests: a body, a year, its tables'
figures and its text, written the way authors write them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from reader.cli import main
from tests.conftest import CONTENT

Figures = dict[str, Any]  # label → figure, or label → Figures


def _yaml(figures: Figures, indent: int = 0) -> str:
    out = ""
    for label, value in figures.items():
        if isinstance(value, dict):
            out += " " * indent + f"{label}:\n" + _yaml(value, indent + 2)
        else:
            out += " " * indent + f"{label}: {value}\n"
    return out


def report(organisation: str, year: int, tables: dict[str, Figures] | None = None,
           text: str = "正文。", fmt: str | None = None, slug: str = "") -> str:
    """A report file: metadata, section 一's text, then each table in its section."""
    meta = [f"title: {organisation}{year}年度政府信息公开工作报告",
            f"published: {year + 1}-01-20 09:00:00 +08:00", f"organisation: {organisation}",
            "category: [政府信息公开, 政府信息公开年报]", f"year: {year}"]
    if fmt:
        meta.append(f"table_format: {fmt}")
    if slug:
        meta.append(f"slug: {slug}")
    body = f"## 一、总体情况\n\n{text}\n"
    sections = {"二": "## 二、主动公开政府信息情况", "三": "## 三、收到和处理政府信息公开申请情况",
                "四": "## 四、政府信息公开行政复议、行政诉讼情况"}
    for kind, figures in (tables or {}).items():
        body += f"\n{sections[kind]}\n\n```annual-table {kind}\n{_yaml(figures)}```\n"
    return "---\n" + "\n".join(meta) + "\n---\n\n" + body


def folder(tmp_path: Path, files: dict[str, str]) -> Path:
    """A content folder with the bundled settings and these report files only."""
    root = tmp_path / "content"
    (root / "reports").mkdir(parents=True)
    (root / "site.toml").write_text((CONTENT / "site.toml").read_text(encoding="utf-8"),
                                    encoding="utf-8")
    for name, text in files.items():
        (root / "reports" / name).write_text(text, encoding="utf-8")
    return root


def check_json(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict[str, Any]]]:
    """`reader check --json` on ``root``: its exit status and its findings."""
    capsys.readouterr()
    status = main(["check", "--content", str(root), "--json"])
    out = capsys.readouterr().out
    return status, [json.loads(line) for line in out.splitlines()]
