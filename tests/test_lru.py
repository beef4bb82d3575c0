"""The one cache helper: bounded, least recently used out first."""

from __future__ import annotations

import pytest

from reader.lru import LRU


def test_the_least_recently_used_entry_goes_first() -> None:
    cache: LRU[str, int] = LRU(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # now "b" is the least recently used
    cache.put("c", 3)
    assert len(cache) == 2
    assert "b" not in cache
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (1, None, 3)


def test_putting_a_key_again_replaces_it_and_makes_it_recent() -> None:
    cache: LRU[str, int] = LRU(2)
    cache.put("a", 1)
    cache.put("b", 2)
    cache.put("a", 10)
    cache.put("c", 3)
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (10, None, 3)


def test_clear_and_size() -> None:
    cache: LRU[int, int] = LRU(3)
    for n in range(10):
        cache.put(n, n)
    assert len(cache) == 3 and [n for n in range(10) if n in cache] == [7, 8, 9]
    cache.clear()
    assert len(cache) == 0 and cache.get(9) is None
    with pytest.raises(ValueError):
        LRU(0)
