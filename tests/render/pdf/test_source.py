"""The report reaches the PDF template as data, never as markup: text that
is Typst syntax (``#``, ``$``, ``@``, ``<``, ``\\``, ``]``, ``//``, ``/*``,
``"``, ``{``, ``}``) in the title, the metadata, a heading, a paragraph and
table cells comes out of the downloaded PDF as the page shows it."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader
from starlette.testclient import TestClient

from reader.web.app import create_app
from tests.served_files import CONTENT, cache_env, read_page, squash

TITLE = '关于#set page(fill: red)$x^2$@ref<lab>\\]//注释/*块*/"引号"{花括号}的2019年报告'
AUTHOR = "作者#emph[甲]$乙$"
ORGANISATION = "某某局{机构}@总部"
REPORT = f"""---
title: '{TITLE}'
published: 2020-01-15 18:16:09 +08:00
author: '{AUTHOR}'
organisation: '{ORGANISATION}'
category: [政府信息公开, 政府信息公开年报]
year: 2019
---

正文含 #let x = 1 与 $x + y$ 与 @ref 与 a < b 与 \\\\ 与 ] 与 // 注释 与 "引号" 与 {{ 花括号 }} 结束。

## 一、#heading[注入] $y$ 与 /* 开始

第二段 #include "x.typ" 与 #read("/etc/passwd") 照样是文字。

| 项目 | 数值 |
|---|---|
| #table() $1$ | @引用 \\\\ ] {{x}} "q" // 与 */ |
"""
HOSTILE = ["#set page(fill: red)$x^2$@ref<lab>\\]//注释/*块*/\"引号\"{花括号}",
           "#let x = 1", "$x + y$", "@ref", "a < b", "\\", "//注释", "#heading[注入] $y$",
           "/*开始", '#include "x.typ"', '#read("/etc/passwd")', "#table() $1$",
           '@引用 \\ ] {x} "q" // 与 */']


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    shutil.copytree(CONTENT, root / "content")
    (root / "content" / "reports" / "2019-hostile.md").write_text(REPORT, encoding="utf-8")
    return root


@pytest.mark.parametrize("prefix", ["", "/zh-hant-tw"])
def test_typst_syntax_in_a_report_is_text_in_the_pdf(hostile: Path, prefix: str) -> None:
    with cache_env(hostile / "cache"):
        app = create_app(hostile / "content")
    with TestClient(app) as client:
        page = read_page(client.get(f"{prefix}/reports/2019-hostile").text)
        response = client.get(f"{prefix}/reports/2019-hostile.pdf")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    text = squash("".join(p.extract_text() for p in reader.pages))
    assert reader.metadata.title == page.title
    assert squash(page.title) in text
    for block in page.texts("p", "h2", "th", "td"):
        assert squash(block) in text, block
    if not prefix:
        assert reader.metadata.title == TITLE
        assert reader.metadata.author == AUTHOR
        for piece in HOSTILE:
            assert squash(piece) in text, piece
        assert squash(ORGANISATION) in text
