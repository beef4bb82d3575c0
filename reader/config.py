"""What a running server is told: its content folder, its cache folder, whether
to watch the content, how much to parse before serving. Read from the
environment in one place (``Config.from_environment``) and passed down, so no
module below asks the environment for itself.

    READER_CONTENT   the content folder (default: ``content``)
    READER_CACHE     the cache folder (default: $XDG_CACHE_HOME/public-reader,
                     else ~/.cache/public-reader)
    READER_WATCH     1: reload the content when it changes
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PARSE_FIRST = 100  # new files parsed before serving; any more are listed from metadata


def content_folder(given: Path | str | None = None,
                   environ: Mapping[str, str] = os.environ) -> Path:
    """The content folder: the one given, else $READER_CONTENT, else ./content."""
    return Path(given or environ.get("READER_CONTENT") or "content")


def default_cache_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """$READER_CACHE, else $XDG_CACHE_HOME/public-reader, else ~/.cache/public-reader."""
    if environ.get("READER_CACHE"):
        return Path(environ["READER_CACHE"])
    base = environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "public-reader"


@dataclass(frozen=True)
class Config:
    content_dir: Path
    cache_dir: Path
    watch: bool = False
    # how many files the parse cache does not know a load parses before it
    # lists the rest from their metadata; None parses every file before serving
    # (`reader build` does, so that an exported copy is complete)
    parse_first: int | None = PARSE_FIRST
    processes: int | None = None  # worker processes reading files (None: one a core)

    @classmethod
    def from_environment(cls, content_dir: Path | str | None = None, *,
                         watch: bool | None = None, parse_first: int | None = PARSE_FIRST,
                         processes: int | None = None,
                         environ: Mapping[str, str] = os.environ) -> Config:
        """Settings given here win over the environment's."""
        # not resolved: a content folder that is a symlink may be swapped while serving
        content = content_folder(content_dir, environ).absolute()
        return cls(content_dir=content, cache_dir=default_cache_dir(environ),
                   watch=environ.get("READER_WATCH") == "1" if watch is None else watch,
                   parse_first=parse_first, processes=processes)

    @property
    def downloads_dir(self) -> Path:
        return self.cache_dir

    @property
    def catalog_dir(self) -> Path:
        return self.cache_dir / "catalog"

    @property
    def search_dir(self) -> Path:
        return self.cache_dir / "search"

    @property
    def static_dir(self) -> Path:
        return self.cache_dir / "static"
