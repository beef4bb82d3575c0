"""Everything in a content folder, loaded and validated in one place (`reader
check`), and whether the folder can be read at all (the server)."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reader.content import reports as content
from reader.content.site import Site
from reader.language import glossary, pinyin


@dataclass
class Loaded:
    library: content.Library  # its problems include those of the files below
    glossary: glossary.Glossary | None  # None: glossary.yaml has a mistake
    pinyin: dict[str, list[str]] | None  # None: pinyin.yaml has a mistake


def load_all(root: Path, previous: content.Library | None = None,
             parser: content.Parser = content.parse_file,
             prepare: Callable[[list[Path], Site], None] | None = None) -> Loaded:
    """Every file read and checked in memory (`reader check`; the server keeps
    a catalog on disk instead, see catalog.py): `parser` reads each file, after
    `prepare` is told them all (`reader check` gives the audit's)."""
    library = content.load(root, previous, parser, prepare)
    found, problems = glossary.load(root / "glossary.yaml")
    library.problems.extend(problems)
    entries, problems = pinyin.load_dictionary(root / "pinyin.yaml")
    library.problems.extend(problems)
    return Loaded(library, found, None if problems else entries)


def unavailable(root: Path) -> str | None:
    """Why the content folder cannot be read as a whole right now (it is gone,
    unreadable, or has no reports folder), or None when it can."""
    try:
        with os.scandir(root / "reports"):
            pass
    except OSError as exc:
        return f"content folder {root} cannot be read: {exc.strerror or exc}"
    return None
