"""Repeated requests for cached pages are answered before routing, and only
while nothing that shapes the answer has changed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.middleware import Middleware
from starlette.testclient import TestClient

from reader.web.app import create_app
from reader.web.middleware.memo import ResponseMemo
from tests.conftest import SEED


class Counting:
    """The innermost layer before routing: counts the requests that get past the memo."""

    def __init__(self, app: Any, counter: Counter) -> None:
        self.app = app
        self.counter = counter

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            self.counter.calls += 1
        await self.app(scope, receive, send)


class Counter:
    calls = 0


def _client(content: Path) -> tuple[TestClient, Counter]:
    app = create_app(content)
    counter = Counter()
    app.user_middleware.append(Middleware(Counting, counter=counter))
    return TestClient(app), counter


def test_a_repeated_page_is_answered_from_the_memo_with_the_same_bytes(content_copy: Path) -> None:
    client, counting = _client(content_copy)
    headers = {"Accept-Encoding": "br", "Cookie": "reader_prefs=elder-1"}
    # the first view makes the Word file, whose size then shows on the page
    client.get("/zh-hant-tw" + SEED, headers=headers)
    first = client.get("/zh-hant-tw" + SEED, headers=headers)
    calls = counting.calls
    second = client.get("/zh-hant-tw" + SEED, headers=headers)
    assert second.status_code == first.status_code == 200
    assert counting.calls == calls
    assert second.content == first.content
    assert second.headers["etag"] == first.headers["etag"]
    assert second.headers["content-security-policy"] == first.headers["content-security-policy"]
    assert second.headers["content-encoding"] == "br"


def test_every_header_that_shapes_the_page_keeps_its_own_answer(content_copy: Path) -> None:
    client, _ = _client(content_copy)
    plain = client.get(SEED, headers={"Accept-Encoding": "identity"})
    elder = client.get(SEED, headers={"Accept-Encoding": "identity", "Cookie": "reader_prefs=elder-1"})
    gzip = client.get(SEED, headers={"Accept-Encoding": "gzip"})
    again = client.get(SEED, headers={"Accept-Encoding": "identity"})
    assert plain.text != elder.text
    assert gzip.headers["content-encoding"] == "gzip" and "content-encoding" not in again.headers
    assert again.text == plain.text
    etag = plain.headers["etag"]
    for _ in range(2):
        cached = client.get(SEED, headers={"Accept-Encoding": "identity", "If-None-Match": etag})
        assert cached.status_code == 304 and cached.content == b""


def test_a_content_change_is_served_at_once(content_copy: Path) -> None:
    client, counting = _client(content_copy)
    reader = client.app.state.server  # type: ignore[attr-defined]
    assert "张棉驿乡" in client.get(SEED).text
    client.get(SEED)
    path = content_copy / "reports" / "2019-zhangmianyi.md"
    path.write_text(path.read_text(encoding="utf-8").replace("张棉驿乡2019", "张棉驿乡二〇一九"),
                    encoding="utf-8")
    reader.reload()
    calls = counting.calls
    assert "张棉驿乡二〇一九" in client.get(SEED).text
    assert counting.calls == calls + 1


def test_answers_that_set_cookies_or_change_state_are_never_kept(content_copy: Path) -> None:
    client, counting = _client(content_copy)
    for _ in range(2):
        moved = client.get("/variant?to=zh-Hant-TW&next=/", follow_redirects=False)
        assert moved.status_code == 303 and "set-cookie" in moved.headers
    calls = counting.calls
    client.get("/variant?to=zh-Hant-TW&next=/", follow_redirects=False)
    assert counting.calls == calls + 1
    for _ in range(2):
        posted = client.post("/prefs", data={"elder": "1", "next": "/"}, follow_redirects=False)
        assert posted.status_code == 303
    missing = [client.get("/zh-hant-tw/reports/no-such-report").status_code for _ in range(2)]
    assert missing == [404, 404]
    calls = counting.calls
    client.get("/zh-hant-tw/reports/no-such-report")
    assert counting.calls == calls + 1


def test_the_memo_is_bounded_and_forgets_on_a_new_version() -> None:
    version = [1]
    memo = ResponseMemo(None, lambda: version[0], size=2)  # type: ignore[arg-type]
    for n in range(3):
        memo.get(("k", n))
        memo.put(("k", n), (200, [], b"x"), 1)
    assert memo.get(("k", 0)) is None and memo.get(("k", 2)) == (200, [], b"x")
    version[0] = 2
    assert memo.get(("k", 2)) is None
