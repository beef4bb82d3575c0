"""The disk cache of made files: atomic writes, sizes known in memory, pruning."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from reader.filecache import FileCache


def test_sizes_are_known_without_the_disk_once_learnt(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    cache = FileCache(tmp_path)
    assert cache.size("a", "pdf") is None and cache.sizes_version == 0
    cache.put("a", "pdf", b"x" * 2048)
    assert cache.sizes_version == 1
    other = FileCache(tmp_path)  # another process: learns the size from the disk once
    assert other.size("a", "pdf") == 2048 and other.sizes_version == 1

    def no_disk(*args: object, **kwargs: object) -> None:
        raise AssertionError("the disk was asked")

    monkeypatch.setattr(os, "stat", no_disk)
    assert cache.size("a", "pdf") == 2048 and other.size("a", "pdf") == 2048


def test_a_file_removed_from_disk_is_found_missing(tmp_path: Path) -> None:
    cache = FileCache(tmp_path)
    path = cache.put("a", "docx", b"PK")
    assert cache.get("a", "docx") == path
    path.unlink()
    assert cache.get("a", "docx") is None
    assert cache.size("a", "docx") is None  # get forgot it


def test_writes_are_atomic_and_readable_by_all(tmp_path: Path) -> None:
    cache = FileCache(tmp_path)
    path = cache.put("k", "pdf", b"%PDF")
    assert path.read_bytes() == b"%PDF" and path.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["k.pdf"]  # no .part file left


def test_prune_removes_old_files_and_forgets_their_size(tmp_path: Path) -> None:
    cache = FileCache(tmp_path)
    old = cache.put("old", "pdf", b"%PDF old")
    new = cache.put("new", "pdf", b"%PDF new")
    long_ago = time.time() - 400 * 86400
    os.utime(old, (long_ago, long_ago))
    assert cache.prune() == 1
    assert not old.exists() and new.exists()
    assert cache.size("old", "pdf") is None


def test_etag_is_a_hash_of_the_bytes(tmp_path: Path) -> None:
    cache = FileCache(tmp_path)
    one, two = cache.put("one", "pdf", b"same"), cache.put("two", "pdf", b"same")
    assert cache.etag(one, one.stat()) == cache.etag(two, two.stat())
    three = cache.put("three", "pdf", b"other")
    assert cache.etag(three, three.stat()) != cache.etag(one, one.stat())
