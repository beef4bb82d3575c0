"""Faults a publisher may cause while the site is serving: each keeps the
published reports online. The watcher runs for real on real folders."""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx
import pytest

from reader.archive.watch import watch_content
from reader.cli import check
from reader.web.app import create_app
from tests.conftest import SEED, report_text

GOOD = "/reports/2021-test"


async def _until(condition: Callable[[], Awaitable[bool]], seconds: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + seconds
    while not await condition():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.05)


class Polls:
    """Counts the watcher's looks at the folder, so a test waits for the
    watcher itself rather than for a fixed time it hopes is enough."""

    count = 0

    def seen(self) -> None:
        self.count += 1

    async def wait(self, looks: int = 1) -> None:
        """Until the watcher has looked ``looks`` more times (each after its reload)."""
        target = self.count + looks

        async def done() -> bool:
            return self.count >= target
        await _until(done)


POLLS = Polls()


def _run(folder: Path, scenario: Callable[[httpx.AsyncClient], Awaitable[None]]) -> None:
    """Serve ``folder`` with a live watcher and play ``scenario`` against it."""
    app = create_app(folder)
    reader = app.state.server  # type: ignore[attr-defined]

    async def main() -> None:
        watcher = asyncio.create_task(watch_content(reader.content_dir, reader.reload, poll=0.1,
                                                    debounce=100, polled=POLLS.seen))
        transport = httpx.ASGITransport(app=app)
        try:
            async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
                await POLLS.wait()  # the watcher is up
                await scenario(http)
        finally:
            watcher.cancel()
            await asyncio.gather(watcher, return_exceptions=True)
    asyncio.run(main())


def _status(http: httpx.AsyncClient, path: str, status: int) -> Callable[[], Awaitable[bool]]:
    async def check() -> bool:
        return (await http.get(path)).status_code == status
    return check


DAMAGE = {
    "saved half-way": lambda text: text.encode()[: len(text.encode()) // 2],
    "cut in the middle of a character": lambda text: text.encode()[:-4] + "公".encode()[:2],
    "metadata block broken": lambda text: text.replace("year: 2021", "year: [2021").encode(),
    "metadata block not closed": lambda text: text.replace("---\n\n", "\n\n", 1).encode(),
    "emptied": lambda text: b"",
}


def test_invalid_report_keeps_its_last_good_version(content_copy: Path, caplog,
                                                     capsys) -> None:  # type: ignore[no-untyped-def]
    path = content_copy / "reports" / "2021-test.md"
    text = report_text()
    path.write_text(text, encoding="utf-8")

    async def scenario(http: httpx.AsyncClient) -> None:
        assert (await http.get(GOOD)).status_code == 200
        for number, (what, damage) in enumerate(DAMAGE.items()):
            good = f"第{number}版正文"
            path.write_text(text.replace("正文。", good), encoding="utf-8")
            await _until(_contains(http, GOOD, good))
            caplog.clear()
            with caplog.at_level(logging.ERROR, logger="reader"):
                path.write_bytes(damage(text))
                await _until(lambda: _logged(caplog, "2021-test.md"))
            page = await http.get(GOOD)
            assert page.status_code == 200 and good in page.text, what
            assert "last good version stays online" in caplog.text, what
            assert check(content_copy) == 1, what  # `reader check` names the broken file
            assert "2021-test.md" in capsys.readouterr().out, what
        path.write_text(text.replace("正文。", "修好的正文"), encoding="utf-8")
        await _until(_contains(http, GOOD, "修好的正文"))
        path.unlink()  # a deleted report does go offline
        await _until(_status(http, GOOD, 404))
    _run(content_copy, scenario)


async def _logged(caplog: pytest.LogCaptureFixture, text: str) -> bool:
    return text in caplog.text


def _contains(http: httpx.AsyncClient, path: str, text: str) -> Callable[[], Awaitable[bool]]:
    async def check() -> bool:
        response = await http.get(path)
        return response.status_code == 200 and text in response.text
    return check


def test_folder_that_disappears_keeps_the_last_good_site_and_returns(tmp_path: Path,
                                                                      content_copy: Path) -> None:
    away = tmp_path / "away"
    extra = content_copy / "reports" / "2021-test.md"

    async def scenario(http: httpx.AsyncClient) -> None:
        content_copy.rename(away)
        await POLLS.wait(3)  # several looks with the folder gone
        assert (await http.get(SEED)).status_code == 200
        assert (await http.get("/")).status_code == 200
        away.rename(content_copy)
        extra.write_text(report_text(), encoding="utf-8")
        await _until(_status(http, GOOD, 200))
        shutil.rmtree(content_copy / "reports")  # emptied rather than moved
        await POLLS.wait(3)
        assert (await http.get(SEED)).status_code == 200
    _run(content_copy, scenario)


def test_unreadable_folder_keeps_the_last_good_site(content_copy: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    reports = str(content_copy / "reports")
    real_scandir = os.scandir

    def scandir(path):  # type: ignore[no-untyped-def]
        # chmod cannot lock out root, who runs many CI machines: refuse as the kernel would
        if str(path) == reports and blocked:
            raise PermissionError(13, "Permission denied", reports)
        return real_scandir(path)
    blocked = False
    monkeypatch.setattr(os, "scandir", scandir)
    app = create_app(content_copy)
    reader = app.state.server  # type: ignore[attr-defined]
    (content_copy / "reports" / "2021-test.md").write_text(report_text(), encoding="utf-8")
    blocked = True
    reader.reload()
    assert SEED.rsplit("/", 1)[1] in reader.library.by_slug
    assert "2021-test" not in reader.library.by_slug  # nothing was read
    blocked = False
    reader.reload()
    assert "2021-test" in reader.library.by_slug


def test_content_folder_swapped_by_symlink(tmp_path: Path, content_copy: Path) -> None:
    first, second = tmp_path / "v1", tmp_path / "v2"
    shutil.copytree(content_copy, first)
    shutil.copytree(content_copy, second)
    (second / "reports" / "2021-test.md").write_text(report_text(), encoding="utf-8")
    link = tmp_path / "current"
    link.symlink_to(first)

    async def scenario(http: httpx.AsyncClient) -> None:
        assert (await http.get(GOOD)).status_code == 404
        swap = tmp_path / "current.new"
        swap.symlink_to(second)
        os.replace(swap, link)  # the atomic way to publish a new version
        await _until(_status(http, GOOD, 200))
        (second / "reports" / "2021-test.md").unlink()  # the new target is watched
        await _until(_status(http, GOOD, 404))
    _run(link, scenario)
