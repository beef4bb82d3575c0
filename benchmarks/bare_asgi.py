"""The ceiling for serving one page from Python: an ASGI callable that returns
fixed bytes with fixed headers, read at start from the files named by
BENCH_BODY and BENCH_HEADERS (one "name: value" per line). Used by
bench_serving.py: ``uvicorn bare_asgi:app --app-dir benchmarks``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

BODY = Path(os.environ["BENCH_BODY"]).read_bytes()
HEADERS = [tuple(part.strip().lower().encode("latin-1") for part in line.split(":", 1))
           for line in Path(os.environ["BENCH_HEADERS"]).read_text("latin-1").splitlines() if line]
START = {"type": "http.response.start", "status": 200,
         "headers": [*HEADERS, (b"content-length", str(len(BODY)).encode())]}
MESSAGE = {"type": "http.response.body", "body": BODY}


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    await send(START)
    await send(MESSAGE)
