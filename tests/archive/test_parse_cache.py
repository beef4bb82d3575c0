"""The parse cache: results kept on disk by content hash, bodies loaded on demand."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader import fingerprint
from reader.archive import parse_cache
from reader.archive.parse_cache import ParseCache
from reader.content import reports as content
from tests.conftest import report_text


def _never(*args: object) -> object:
    raise AssertionError("parsed again although the cache holds the file")


def test_a_second_start_reads_the_cache_not_the_parser(content_copy: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    first = ParseCache(tmp_path / "cache").load(content_copy)
    seed = first.by_slug["2019-zhangmianyi"]
    assert seed.loaded is None and seed.fetch is not None  # the body stays on disk
    monkeypatch.setattr(content, "parse_report", _never)
    again = ParseCache(tmp_path / "cache").load(content_copy)
    cached = again.by_slug["2019-zhangmianyi"]
    assert cached.title == seed.title and cached.version == seed.version
    assert cached.blocks == seed.blocks and cached.standard_tables == seed.standard_tables


def test_a_changed_file_is_parsed_again_and_a_reload_skips_the_rest(
        content_copy: Path, tmp_path: Path) -> None:
    cache = ParseCache(tmp_path / "cache")
    cache.load(content_copy)
    new = content_copy / "reports" / "2021-test.md"
    new.write_text(report_text(), encoding="utf-8")
    library = cache.load(content_copy)
    assert library.by_slug["2021-test"].title == "测试乡2021年度政府信息公开工作报告"
    new.write_text(report_text(title="改过的标题"), encoding="utf-8")
    os.utime(new, ns=(1, 1))  # a different modification time
    assert cache.load(content_copy).by_slug["2021-test"].title == "改过的标题"
    new.unlink()
    assert "2021-test" not in cache.load(content_copy).by_slug


def test_errors_are_reported_every_time(content_copy: Path, tmp_path: Path) -> None:
    (content_copy / "reports" / "2021-bad.md").write_text("no metadata", encoding="utf-8")
    cache = ParseCache(tmp_path / "cache")
    for _ in range(2):
        library = cache.load(content_copy)
        assert [p.path.name for p in library.errors] == ["2021-bad.md"]


def test_without_a_usable_folder_reports_stay_in_memory(content_copy: Path,
                                                        tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache = ParseCache(blocker / "cache")
    assert not cache.usable
    seed = cache.load(content_copy).by_slug["2019-zhangmianyi"]
    assert seed.loaded is not None and len(seed.blocks) > 10


def test_a_restart_does_not_read_files_whose_stat_is_unchanged(
        content_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = ParseCache(tmp_path / "cache").load(content_copy)
    changed = content_copy / "reports" / "2021-test.md"
    changed.write_text(report_text(), encoding="utf-8")
    opened: list[str] = []
    real_open = open

    def counting(file: object, *args: object, **kwargs: object) -> object:
        opened.append(str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]
    monkeypatch.setattr("builtins.open", counting)
    again = ParseCache(tmp_path / "cache").load(content_copy)
    assert {r.slug for r in again.reports} == {*first.by_slug, "2021-test"}
    assert [name for name in opened if name.endswith(".md")] == [str(changed)]
    assert again.by_slug["2019-zhangmianyi"].version == first.by_slug["2019-zhangmianyi"].version


def test_a_quick_load_lists_new_files_from_their_metadata(content_copy: Path,
                                                          tmp_path: Path) -> None:
    (content_copy / "reports" / "2021-test.md").write_text(report_text(), encoding="utf-8")
    cache = ParseCache(tmp_path / "cache")
    listed = cache.load(content_copy, parse_first=1)
    assert len(listed.pending) == len(listed.reports) - 1
    report = listed.by_slug["2021-test"]
    assert report.blocks  # parsed when asked for
    full = cache.load(content_copy, listed)  # the files checked
    assert not full.pending and full.by_slug["2021-test"].title == report.title


def test_the_cache_key_covers_every_module_a_parse_runs() -> None:
    # table_headers sets the header associations stored with each body
    modules, _ = fingerprint.closure([parse_cache.PARSER])
    assert {f"reader.content.{name}" for name in
            ("reports", "markdown", "standard_tables", "table_headers", "yamlnodes")} <= set(modules)
    assert not {name for name in modules if name.startswith(("reader.web", "reader.render"))}
