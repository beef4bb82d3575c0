"""Worker processes (parsing, PDFs): spawned, at a chosen priority, and gone
with the server.

Spawned rather than forked, because the server process has threads by then.
A worker exits when the process that started it is gone: a pool's workers
otherwise wait forever on a queue whose writing end they hold themselves
(a server killed with SIGKILL would leave them behind).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor


def cores() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def pool(processes: int, niceness: int = 0, max_tasks_per_child: int | None = None,
         setup: Callable[..., object] | None = None,
         setup_args: tuple[object, ...] = ()) -> ProcessPoolExecutor:
    """``setup(*setup_args)`` runs in each worker once it has started."""
    return ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_start,
                               initargs=(os.getpid(), niceness, setup, setup_args),
                               max_tasks_per_child=max_tasks_per_child)


def _start(parent: int, niceness: int, setup: Callable[..., object] | None = None,
           setup_args: tuple[object, ...] = ()) -> None:
    if niceness:
        try:
            os.nice(niceness)
        except OSError:
            pass
    watch_parent(parent)
    if setup is not None:
        setup(*setup_args)


def watch_parent(parent: int) -> None:
    """End this process when ``parent`` is gone (for workers started otherwise)."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)
    threading.Thread(target=watch, name="reader-worker-watch", daemon=True).start()
