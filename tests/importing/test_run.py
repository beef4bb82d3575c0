"""`reader import` as an operator meets it: folders, bad files, existing
files, addresses, dry runs and missing metadata."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reader.importing import libreoffice
from tests.import_support import CONTENT, empty_content, load_report, run_import, word_download
from tests.importing.test_docx_reader import office_docx

BUNDLED = "2019-zhangmianyi"


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


@pytest.fixture
def good_docx(tmp_path: Path) -> bytes:
    return word_download(load_report(CONTENT, BUNDLED))


def test_bad_files_are_refused_one_line_each_and_the_rest_imports(
        tmp_path: Path, good_docx: bytes, capsys: pytest.CaptureFixture[str]) -> None:
    inbox = tmp_path / "inbox"
    (inbox / "2020" / "scans").mkdir(parents=True)
    (inbox / "good.docx").write_bytes(good_docx)
    (inbox / "2020" / "corrupt.docx").write_bytes(good_docx[:len(good_docx) // 2])
    (inbox / "2020" / "not-a-zip.docx").write_bytes(b"PK\x03\x04 this is not a zip archive")
    (inbox / "2020" / "empty.htm").write_bytes(b"")
    (inbox / "2020" / "scans" / "report.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj")
    (inbox / "2020" / "scans" / "page1.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    content = empty_content(tmp_path / "content")
    shutil.copy(CONTENT / "reports" / f"{BUNDLED}.md", content / "reports" / "earlier.md")
    before = _snapshot(content)

    assert run_import(inbox, "--content", content) == 1
    out = capsys.readouterr().out.splitlines()
    refused = {line.split(": ")[1]: line for line in out if line.startswith("refused: ")}
    assert set(refused) == {str(inbox / "2020" / name) for name in (
        "corrupt.docx", "not-a-zip.docx", "empty.htm", "scans/report.pdf", "scans/page1.png")}
    assert "damaged Word file" in refused[str(inbox / "2020" / "corrupt.docx")]
    assert "the file is empty" in refused[str(inbox / "2020" / "empty.htm")]
    assert "a damaged PDF" in refused[str(inbox / "2020" / "scans" / "report.pdf")]
    assert "a PNG image" in refused[str(inbox / "2020" / "scans" / "page1.png")]
    assert out[-1] == "1 imported, 0 imported with warnings, 5 refused"
    after = _snapshot(content)
    assert {k: v for k, v in after.items() if k != f"reports/{BUNDLED}.md"} == before
    assert load_report(content, BUNDLED).title == load_report(CONTENT, BUNDLED).title


def test_existing_files_are_kept_unless_forced(tmp_path: Path, good_docx: bytes,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "report.docx"
    source.write_bytes(good_docx)
    content = empty_content(tmp_path / "content")
    target = content / "reports" / f"{BUNDLED}.md"
    target.write_text("---\ntitle: 手工修订的版本\n---\n", "utf-8")
    assert run_import(source, "--content", content) == 1
    assert "already exists: give --force" in capsys.readouterr().out
    assert target.read_text("utf-8") == "---\ntitle: 手工修订的版本\n---\n"
    assert run_import(source, "--content", content, "--force") == 0
    assert load_report(content, BUNDLED).title == "张家川县张棉驿乡2019年度政府信息公开工作报告"


def test_two_imports_never_share_an_address(tmp_path: Path, good_docx: bytes,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.docx").write_bytes(good_docx)
    (inbox / "b.docx").write_bytes(good_docx)
    content = empty_content(tmp_path / "content")
    assert run_import(inbox, "--content", content, "--force") == 0
    assert sorted(p.name for p in (content / "reports").iterdir()) == [
        f"{BUNDLED}-2.md", f"{BUNDLED}.md"]
    assert run_import(inbox, "--content", content, "--slug", "one") == 2  # --slug names one report


def test_a_content_folder_that_does_not_exist_is_not_created(
        tmp_path: Path, good_docx: bytes, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "report.docx"
    source.write_bytes(good_docx)
    assert run_import(source, "--content", tmp_path / "contnet") == 2
    assert "does not exist" in capsys.readouterr().out and not (tmp_path / "contnet").exists()


def test_dry_run_writes_nothing(tmp_path: Path, good_docx: bytes,
                                capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "report.docx"
    source.write_bytes(good_docx)
    content = empty_content(tmp_path / "content")
    assert run_import(source, "--content", content, "--dry-run") == 0
    assert f"would import: {source} → {content / 'reports' / BUNDLED}.md" in capsys.readouterr().out
    assert not list((content / "reports").iterdir())


def test_missing_metadata_is_named_with_how_to_give_it(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "report.docx"
    source.write_bytes(office_docx())
    content = empty_content(tmp_path / "content")
    assert run_import(source, "--content", content) == 1
    line = capsys.readouterr().out.splitlines()[0]
    assert line == (f"refused: {source}: not found in the file: the category path (栏目): "
                    "give --category 政府信息公开/…/政府信息公开年报")
    bare = tmp_path / "notes.txt"
    bare.write_text("本镇今年的工作情况说明。\n", "utf-8")
    assert run_import(bare, "--content", content) == 1
    line = capsys.readouterr().out.splitlines()[0]
    for named in ("标题", "发布时间", "发布机构", "栏目", "年度"):
        assert named in line
    assert not list((content / "reports").iterdir())
    assert run_import(source, "--content", content, "--category", "政府信息公开年报",
                      "--organisation", "样本镇人民政府", "--published", "2022-01-21 10:00") == 0
    report = load_report(content, "2021-yangben")
    assert report.organisation == "样本镇人民政府" and report.category == ("政府信息公开年报",)
    assert report.published.isoformat() == "2022-01-21T10:00:00+08:00"


def test_word_97_file_without_libreoffice_says_what_to_install(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(libreoffice.shutil, "which", lambda name: None)
    source = tmp_path / "old.doc"
    source.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    content = empty_content(tmp_path / "content")
    assert run_import(source, "--content", content) == 1
    assert "apt-get install libreoffice-writer-nogui" in capsys.readouterr().out
