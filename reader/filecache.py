"""Finished files on disk, one folder, named by their key.

Files are written atomically (several server processes may share the
folder). The size of every file this process made or found is kept in
memory, so a page that shows file sizes needs no disk call once they are
known; ``sizes_version`` counts the sizes learnt, so a cached page can tell when a
size it could not show has become known.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import time
from pathlib import Path

from reader.lru import LRU

MAX_REMEMBERED = 65536  # sizes and ETags kept in memory; more start again from disk


class FileCache:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.root.mkdir(parents=True, exist_ok=True)
        self.sizes_version = 0
        self._sizes: dict[str, int] = {}  # file name → size in bytes
        self._etags: LRU[tuple[str, int, int], str] = LRU(MAX_REMEMBERED)

    def path(self, key: str, ext: str) -> Path:
        return self.root / f"{key}.{ext}"

    def prune(self, keep_days: float = 180.0, keep_files: int = 5000) -> int:
        """Remove files no key names any more: they are not used for
        ``keep_days``, or beyond the newest ``keep_files``. Returns how many."""
        try:
            found = sorted(((p.stat().st_atime, p) for p in self.root.iterdir() if p.is_file()),
                           reverse=True)
        except OSError:
            return 0
        cutoff = time.time() - keep_days * 86400
        removed = 0
        for index, (used, path) in enumerate(found):
            if index >= keep_files or used < cutoff:
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed += 1
                self._sizes.pop(path.name, None)
        return removed

    def _remember(self, name: str, size: int) -> None:
        if len(self._sizes) >= MAX_REMEMBERED:
            self._sizes.clear()
        if self._sizes.get(name) != size:
            self._sizes[name] = size
            self.sizes_version += 1

    def size(self, key: str, ext: str) -> int | None:
        """The file's size in bytes, None if it is not made: from memory once known."""
        name = f"{key}.{ext}"
        known = self._sizes.get(name)
        if known is not None:
            return known
        try:
            size = self.path(key, ext).stat().st_size
        except OSError:
            return None
        self._remember(name, size)
        return size

    def get(self, key: str, ext: str) -> Path | None:
        """The file, if it is on disk (always asks the disk: another process may
        have made it, or a prune removed it)."""
        path = self.path(key, ext)
        try:
            size = path.stat().st_size
        except OSError:
            self._sizes.pop(path.name, None)
            return None
        self._remember(path.name, size)
        return path

    def put(self, key: str, ext: str, data: bytes) -> Path:
        path = self.path(key, ext)
        fd, temp = tempfile.mkstemp(dir=self.root, prefix=f".{key}.", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.chmod(temp, 0o644)
            os.replace(temp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
        self._remember(path.name, len(data))
        return path

    def etag(self, path: Path, stat: os.stat_result) -> str:
        """A hash of the file's bytes, computed once per version of the file."""
        memo = (str(path), stat.st_mtime_ns, stat.st_size)
        found = self._etags.get(memo)
        if found is None:
            found = '"' + hashlib.blake2b(path.read_bytes(), digest_size=12).hexdigest() + '"'
            self._etags.put(memo, found)
        return found
