"""Watching the content folder: reload when a file in it changes, and also
when the folder vanishes and comes back or a symlink to it is swapped (file
events do not tell either: they watch the folder the link pointed to)."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger("reader")

Identity = tuple[str, int, int]


def identity(folder: Path) -> Identity | None:
    """Which folder ``folder`` names now (following symlinks), or None when gone."""
    try:
        real = os.path.realpath(folder)
        stat = os.stat(real)
    except OSError:
        return None
    return (real, stat.st_dev, stat.st_ino)


async def watch_content(folder: Path, reload: Callable[[], None], poll: float = 1.0,
                        debounce: int = 1600, polled: Callable[[], None] | None = None) -> None:
    """Call ``reload`` (in a thread) after every change; runs until cancelled.
    ``polled`` is called after each look at the folder (at least every
    ``poll`` seconds), once the look's reload is done: a caller that must
    know the watcher saw the folder as it is now waits for it."""
    from watchfiles import awatch

    seen = identity(folder)
    while True:
        if seen is None:
            await asyncio.sleep(poll)
            if polled is not None:
                polled()
        else:
            try:
                async for changes in awatch(seen[0], debounce=debounce, yield_on_timeout=True,
                                            rust_timeout=int(poll * 1000)):
                    if identity(folder) != seen:
                        break
                    if changes:
                        await asyncio.to_thread(reload)
                    if polled is not None:
                        polled()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the watched folder went away under the watcher
                log.warning("watching %s stopped (%s); checking every %.0f s", folder, exc, poll)
                await asyncio.sleep(poll)
        now = identity(folder)
        if now != seen:
            seen = now
            await asyncio.to_thread(reload)
