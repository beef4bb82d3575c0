"""`reader check` (every file validated, every report audited) on a generated
archive: wall time, reports per second, peak memory of the command and of
its largest worker, and findings per rule. The baseline, run in the same
process beforehand on the first ``--baseline`` files, is parsing alone
(`content.load` in one process, as `reader check` did before the audit).

    nice .venv/bin/python benchmarks/bench_check.py 100000 --folder /tmp/archive
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.archive_content import generate  # noqa: E402
from reader.content import reports as content  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def baseline(folder: Path, files: int) -> float:
    """Seconds per report to parse ``files`` of the archive in one process."""
    subset = Path(tempfile.mkdtemp(prefix="bench-check-base-"))
    try:
        (subset / "reports").mkdir()
        shutil.copy(folder / "site.toml", subset / "site.toml")
        for path in sorted((folder / "reports").iterdir())[:files]:
            (subset / "reports" / path.name).symlink_to(path)
        started = time.perf_counter()
        library = content.load(subset)
        return (time.perf_counter() - started) / max(1, len(library.reports))
    finally:
        shutil.rmtree(subset, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("reports", type=int, nargs="?", default=10000)
    parser.add_argument("--folder", help="generate into (or reuse) this folder")
    parser.add_argument("--baseline", type=int, default=2000, help="files parsed for the baseline")
    args = parser.parse_args()
    folder = Path(args.folder) if args.folder else Path(tempfile.mkdtemp(prefix="bench-check-"))
    if not (folder / "reports").is_dir() or \
            sum(1 for _ in (folder / "reports").iterdir()) != args.reports:
        shutil.rmtree(folder, ignore_errors=True)
        started = time.perf_counter()
        generate(folder, args.reports)
        print(f"generated {args.reports} reports in {time.perf_counter() - started:.0f} s")
    cpu_before = time.process_time()
    per_report = baseline(folder, args.baseline)
    cpu_base = (time.process_time() - cpu_before) / args.baseline
    print(f"baseline: parsing alone, one process: {per_report * 1000:.2f} ms per report wall, "
          f"{cpu_base * 1000:.2f} ms CPU ({args.baseline} files)")
    started = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "reader", "check", "--content", str(folder),
                          "--json"], cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    children = usage.ru_maxrss / 1024
    cpu = usage.ru_utime + usage.ru_stime
    rules = Counter(json.loads(line)["rule"] for line in run.stdout.splitlines())
    print(f"reader check --json: {seconds:.0f} s for {args.reports} reports "
          f"({args.reports / seconds:.0f} reports/s, {seconds / args.reports * 1000:.2f} ms each; "
          f"{seconds / args.reports / per_report:.2f}× the baseline's time per report), exit "
          f"{run.returncode}")
    print(f"CPU time of the command and its workers: {cpu:.0f} s ({cpu / args.reports * 1000:.2f} ms "
          f"per report; the machine is shared: the wall time depends on its load, the CPU time "
          f"less so); load average at the end {os.getloadavg()[0]:.1f}")
    print(f"peak memory of the largest process (the command or a worker): {children:.0f} MB")
    print("findings: " + ", ".join(f"{rule} {n}" for rule, n in sorted(rules.items())))
    print(run.stderr.strip().splitlines()[-1] if run.stderr.strip() else "")
    return 0


if __name__ == "__main__":
    sys.exit(main())
