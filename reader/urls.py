"""Every address of the site, built in one place: by the views, the renderers
(download links), the open data, the sitemap, and the templates (``urls`` in
every template, e.g. ``href(urls.report(report.slug))``).

Paths here are without a script prefix; ``in_variant`` puts one in front. Path
segments taken from content (slugs, category names, body names) are
percent-encoded, so that a name with ``/``, ``?`` or ``#`` stays one segment.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import quote, urlencode


def _segment(text: str) -> str:
    return quote(text, safe="")


def report(slug: str, ext: str = "") -> str:
    """``/reports/{slug}`` and its files: ``ext`` docx, pdf, csv or json."""
    return f"/reports/{_segment(slug)}" + (f".{ext}" if ext else "")


def category(path: Iterable[str]) -> str:
    return "/category/" + "/".join(_segment(part) for part in path)


def body(name: str) -> str:
    """A publishing body's page."""
    return "/bodies/" + _segment(name)


def year_data(year: int | str) -> str:
    return f"/data/{year}.csv"


def with_page(path: str, number: int) -> str:
    """A listing's page ``number`` (the first page has no query)."""
    return path if number <= 1 else f"{path}?page={number}"


def with_query(path: str, params: Mapping[str, str]) -> str:
    """``params`` without empty values, as a query string."""
    kept = {k: v for k, v in params.items() if v}
    return path + ("?" + urlencode(kept) if kept else "")


def in_variant(prefix: str, path: str) -> str:
    """The address of ``path`` in the script whose prefix is ``prefix``."""
    return prefix + path
