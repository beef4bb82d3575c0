from __future__ import annotations

import gc
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from starlette.testclient import TestClient
from starlette.types import ASGIApp

from reader.web.app import create_app
from tests.served_files import TEST_TMP

# Generated Word and PDF files go to a cache of the test run's own, so no test
# sees files made by an earlier run (the servers started by tests inherit it).
os.environ["READER_CACHE"] = str(TEST_TMP / "cache")
# Temporary folders of the apps the tests build (and of the servers they start)
# go in the run's own folder, where the check below can see them.
tempfile.tempdir = str(TEST_TMP)
os.environ["TMPDIR"] = str(TEST_TMP)

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
SEED = "/reports/2019-zhangmianyi"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """After a run, nothing but the download cache and pytest's own folders is
    left in the run's temporary folder: every app removed its static build
    folder, shut down or not. Checked once every test and fixture is done with
    (a failed test's traceback keeps its app alive: only a passing run is
    checked), then the folder goes."""
    gc.collect()  # apps built without their lifespan clean up when collected
    # Chromium's own scratch folders (.org.chromium.Chromium.*) go with the run's
    # folder below; they are the browser's, not the reader's
    left = sorted(name for name in os.listdir(TEST_TMP)
                  if name != "cache"
                  and not name.startswith(("downloads-", "pytest-of-", ".org.chromium.")))
    shutil.rmtree(TEST_TMP, ignore_errors=True)
    if left and exitstatus == pytest.ExitCode.OK:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(f"FAILED: the test run left temporary folders behind: {left}",
                                red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session")
def bundled_app() -> ASGIApp:
    """One app over the bundled content for the whole run (its page cache is
    shared: a cached page is the same page for every test)."""
    return create_app(CONTENT)


@pytest.fixture
def client(bundled_app: ASGIApp) -> TestClient:
    """A client of its own for every test: no cookie a test sets (a script or
    reading preference) reaches the next one, whatever the order."""
    return TestClient(bundled_app)


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled content."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


def report_text(**overrides: str) -> str:
    """A small valid report; keyword arguments replace metadata lines."""
    meta = {
        "title": "测试乡2021年度政府信息公开工作报告",
        "index_number": "test/2022-00001",
        "published": "2022-01-20 09:00:00 +08:00",
        "organisation": "测试乡人民政府",
        "category": "[政府信息公开, 政府信息公开年报]",
        "year": "2021",
    }
    meta.update(overrides)
    body = "\n".join(f"{k}: {v}" for k, v in meta.items() if v is not None)
    return f"---\n{body}\n---\n\n## 一、总体情况\n\n正文。\n"
