"""What a loaded content folder offers the pages, whether held in memory
(reports.Library, for `reader check` and small folders) or read from the
catalog on disk when asked (archive.shelf, for the server at any scale)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

from reader.content.problems import Problem
from reader.content.reports import Category, Report
from reader.content.site import Site


class Collection(Protocol):
    @property
    def root(self) -> Path: ...

    @property
    def site(self) -> Site: ...

    @property
    def reports(self) -> Sequence[Report]:
        """Every report, newest first."""

    @property
    def by_slug(self) -> Mapping[str, Report]: ...

    @property
    def categories(self) -> Category: ...

    def category(self, path: tuple[str, ...]) -> Category | None: ...

    @property
    def problems(self) -> list[Problem]: ...

    @property
    def pending(self) -> Sequence[Report]:
        """Reports listed from their metadata alone, their files not yet checked."""

    @property
    def errors(self) -> list[Problem]: ...
