"""The report reaches the PDF template as data, never as markup: text that
is Typst syntax (``#``, ``$``, ``@``, ``<``, ``\\``, ``]``, ``//``, ``/*``,
``"``, ``{``, ``}``) in the title, the metadata, a heading, a paragraph and
table cells comes out of the downloaded PDF as the page shows it; and every
kind of block and inline a report may hold reaches the PDF, tagged."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pikepdf
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


# every kind of block and inline a report may hold
KINDS = """---
title: 各种段落的2019年报告
published: 2020-01-15 18:16:09 +08:00
organisation: 某某局
category: [政府信息公开, 政府信息公开年报]
year: 2019
---

开头段落有**加粗文字**、*强调文字*、`代码文字`和[网站链接](https://example.gov.cn/a)，
[邮件地址](mailto:office@example.gov.cn)、[本站报告](/reports/2019-zhangmianyi)，这里换行\\
第二行，以及姓-{范}-的名字。

## 一、列表

1. 第一项
2. 第二项
   - 内层甲
   - 内层乙
3. 第三项

4. 从四开始的第四项
5. 第五项

- 无序甲
- 无序乙

> 引用的一段话。
>
> 引用的第二段。

---

| 栏目 | 数量 |
|---|---:|
| 甲 | 1 |
| 乙 | 2 |

结束段落。
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    shutil.copytree(CONTENT, root / "content")
    (root / "content" / "reports" / "2019-hostile.md").write_text(REPORT, encoding="utf-8")
    (root / "content" / "reports" / "2019-kinds.md").write_text(KINDS, encoding="utf-8")
    return root


def test_every_kind_of_block_is_in_the_pdf(hostile: Path) -> None:
    with cache_env(hostile / "cache"):
        app = create_app(hostile / "content")
    with TestClient(app) as client:
        page = read_page(client.get("/zh-hant-hk/reports/2019-kinds").text)
        response = client.get("/zh-hant-hk/reports/2019-kinds.pdf")
    assert response.status_code == 200
    data = response.content
    text = squash("".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))
    for block in page.texts("p", "li", "h2", "th", "td"):
        assert squash(block) in text, block
    assert "姓范" in text  # protected from conversion, as on the page
    with pikepdf.open(io.BytesIO(data)) as pdf:
        roles = set()

        def walk(elem: pikepdf.Dictionary) -> None:
            k = elem.get("/K")
            for kid in (list(k) if isinstance(k, pikepdf.Array) else [k]):
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    roles.add(str(kid.S))
                    walk(kid)

        walk(pdf.Root.StructTreeRoot)
        links = [a.A.URI for p in pdf.pages for a in p.get("/Annots", [])
                 if a.get("/Subtype") == pikepdf.Name.Link]
    assert {"/L", "/LI", "/Lbl", "/LBody", "/BlockQuote", "/Link", "/Table"} <= roles
    # web and mail links are links; a site path stays text while site.toml has no base_url
    assert [str(u) for u in links] == ["https://example.gov.cn/a", "mailto:office@example.gov.cn"]


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
