"""A quick start: a large new archive is listed from its files' metadata at
once, served, and checked in the background (state.ServerState)."""

from __future__ import annotations

import logging
import shutil
import time
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from reader.config import Config
from reader.web.app import create_app
from reader.web.state import ServerState
from tests.conftest import CONTENT, SEED

SEED_FILE = CONTENT / "reports" / "2019-zhangmianyi.md"
BROKEN_TABLE = "```annual-table 三\n这不是表格: [\n```\n"


@pytest.fixture
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The bundled content, twelve copies of the seed under other bodies, and
    one report whose metadata is fine but whose table 三 is not; a cache of
    its own, so that every file is new to it."""
    monkeypatch.setenv("READER_CACHE", str(tmp_path / "cache"))
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    front, body = SEED_FILE.read_text(encoding="utf-8").split("\n---\n", 1)
    for n in range(12):
        text = front.replace("张家川县张棉驿乡人民政府", f"副本{n}乡人民政府") \
            .replace("title: ", f"title: 副本{n}：", 1)
        (target / "reports" / f"copy-{n:02d}.md").write_text(f"{text}\n---\n{body}",
                                                            encoding="utf-8")
    broken = front.replace("title: ", "title: 表格有误：", 1)
    (target / "reports" / "broken-table.md").write_text(
        f"{broken}\n---\n\n## 一、总体情况\n\n正文。\n\n{BROKEN_TABLE}", encoding="utf-8")
    return target


def test_every_report_is_listed_and_readable_before_its_file_is_checked(
        archive: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="reader")
    app = create_app(Config.from_environment(archive, parse_first=0))
    reader = app.state.server
    # the background check is held back until this test has looked
    with reader._reload_lock:
        assert {r.slug for r in reader.library.pending} == set(reader.library.by_slug)
        client = TestClient(app)
        sitemap = client.get("/sitemap").text
        assert "副本11：" in sitemap and "表格有误" in sitemap
        page = client.get("/reports/copy-03")
        assert page.status_code == 200 and "副本3：" in page.text
        assert "结转下年度继续办理" in page.text  # the body, parsed on demand
        assert client.get("/zh-hant-tw/reports/copy-03").status_code == 200
        # a body with a mistake: listed for now, answered "try again shortly"
        broken = client.get("/reports/broken-table")
        assert broken.status_code == 503
        assert broken.headers["retry-after"] == "30"
        assert "报告正在载入" in broken.text
        assert client.get("/reports/broken-table.docx").status_code == 503
    assert reader.completed.wait(120)
    assert not reader.library.pending
    client = TestClient(app)
    assert client.get("/reports/broken-table").status_code == 404
    assert "表格有误" not in client.get("/sitemap").text
    assert client.get("/reports/copy-03").status_code == 200
    assert client.get(SEED).status_code == 200
    assert any("broken-table.md" in r.getMessage() for r in caplog.records
               if r.levelno == logging.ERROR)
    assert any("listed from their metadata" in r.getMessage() for r in caplog.records)
    reader.stop()


def test_a_small_archive_is_checked_before_serving(archive: Path) -> None:
    reader = create_app(archive).state.server  # fewer new files than PARSE_FIRST
    assert not reader.library.pending and reader.completed.is_set()
    assert "broken-table" not in reader.library.by_slug
    assert [p.path.name for p in reader.library.errors] == ["broken-table.md"]
    reader.stop()


def test_a_change_while_checking_is_served_and_checked_too(archive: Path) -> None:
    app = create_app(Config.from_environment(archive, parse_first=0))
    reader = app.state.server
    with reader._reload_lock:
        added = archive / "reports" / "added.md"
        added.write_text(SEED_FILE.read_text(encoding="utf-8").replace(
            "title: ", "title: 新加的：", 1), encoding="utf-8")
    reader.reload()  # what the watcher does
    assert "added" in reader.library.by_slug
    assert reader.completed.wait(120)
    assert not reader.library.pending
    assert reader.library.by_slug["added"].title.startswith("新加的：")
    assert TestClient(app).get("/reports/added").status_code == 200
    reader.stop()


def test_an_export_checks_every_file_first(archive: Path) -> None:
    reader = create_app(Config.from_environment(archive, parse_first=None)).state.server
    assert not reader.library.pending and "broken-table" not in reader.library.by_slug
    reader.stop()


def test_a_failed_check_is_started_again_by_the_next_load(
        archive: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    def fails(self: ServerState, processes: int | None = None) -> None:
        raise RuntimeError("the disk went away")
    monkeypatch.setattr(ServerState, "_check", fails)
    reader = create_app(Config.from_environment(archive, parse_first=0)).state.server
    deadline = time.monotonic() + 120
    while not any("the disk went away" in (r.exc_text or "") for r in caplog.records):
        assert time.monotonic() < deadline  # the check ran and failed
        time.sleep(0.05)
    assert reader.library.pending and not reader.completed.is_set()
    monkeypatch.undo()
    reader.reload()  # what the watcher does on the next change
    assert reader.completed.wait(120)
    assert not reader.library.pending
    reader.stop()
