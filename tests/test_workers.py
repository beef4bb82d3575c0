"""Worker processes go with the process that started them."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from reader import workers

PARENT = """
import os, signal, sys, time
from reader import workers
pool = workers.pool(2)
pids = {pool.submit(os.getpid).result() for _ in range(8)}
print(" ".join(map(str, pids)), flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_workers_exit_when_the_server_is_killed() -> None:
    done = subprocess.run([sys.executable, "-c", PARENT], capture_output=True, text=True,
                          timeout=120, check=False)
    pids = [int(pid) for pid in done.stdout.split()]
    assert pids and done.returncode == -9
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in pids)


def test_cores_counts_what_this_process_may_use() -> None:
    assert 1 <= workers.cores() <= (os.cpu_count() or 1)
