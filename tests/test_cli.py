from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from reader.cli import main
from reader.web.app import create_app

from .conftest import CONTENT, ROOT, SEED, report_text


def test_check_passes_on_bundled_content(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--content", str(CONTENT)]) == 0
    assert "1 reports ready, 0 errors" in capsys.readouterr().err


def test_check_prints_one_line_per_problem(content_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (content_copy / "reports" / "2021-a.md").write_text(report_text(year="x"), encoding="utf-8")
    (content_copy / "reports" / "2021-b.md").write_bytes(report_text().encode("gbk"))
    assert main(["check", "--content", str(content_copy)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "content/reports/2021-a.md:7: error: year “x” is not a year (write e.g. 2019)",
        "content/reports/2021-b.md:2: error: not valid UTF-8 text "
        "(the file looks GBK/GB18030-encoded; save it as UTF-8)",
    ]


def test_content_folder_from_environment(content_copy: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("READER_CONTENT", str(content_copy))
    (content_copy / "reports" / "2021-a.md").write_text(report_text(year="x"), encoding="utf-8")
    assert main(["check"]) == 1


def test_serve_refuses_a_missing_folder(tmp_path: Path) -> None:
    assert main(["serve", "--content", str(tmp_path / "nowhere")]) == 2


def test_server_error_page(monkeypatch: pytest.MonkeyPatch) -> None:
    app = create_app(CONTENT)

    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("boom")

    monkeypatch.setattr(app.state.server.pages, "report", broken)
    response = TestClient(app, raise_server_exceptions=False).get(SEED)
    assert response.status_code == 500
    assert "服务器出错" in response.text and "<h1>" in response.text and "boom" not in response.text


def test_reader_serve_answers_over_http(content_copy: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "reader", "serve", "--content", str(content_copy), "--port", str(port),
         "--no-watch"], cwd=ROOT, env=dict(os.environ), stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}{SEED}", timeout=5) as response:
                    assert response.status == 200
                    assert "张棉驿乡" in response.read().decode()
                    break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline
                time.sleep(0.1)
    finally:
        process.terminate()
        process.wait(30)


def test_check_reports_a_broken_pinyin_dictionary(content_copy: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    (content_copy / "pinyin.yaml").write_text("长者: zhǎng\n", encoding="utf-8")
    assert main(["check", "--content", str(content_copy)]) == 1
    assert "content/pinyin.yaml:1: error: “长者” has 2 characters but 1 syllables" in capsys.readouterr().out
