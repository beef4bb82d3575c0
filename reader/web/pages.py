"""Rendering pages: Jinja2 templates, then script conversion of the result."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from reader import fingerprint, urls
from reader.archive import listing
from reader.content.collection import Collection
from reader.content.document import Heading, plain_text
from reader.content.reports import Category, Report
from reader.language import i18n
from reader.language.convert import Converter
from reader.language.variants import VARIANTS, Variant
from reader.render import html
from reader.web.prefs import Prefs, mode_groups
from reader.web.staticfiles import StaticFiles


@dataclass
class PageContext:
    library: Collection
    variant: Variant
    prefs: Prefs
    here: str  # the page's path without the variant prefix
    origin: str = ""  # scheme://host for absolute links (hosts.origin); "" uses base_url


def page_fingerprint(templates: Path, package: Path = fingerprint.PACKAGE) -> str:
    """What shapes a page besides the content: the templates, the interface's
    catalogs, the code this module imports (directly or not: rendering,
    conversion, pinyin, listings) and the versions of the libraries it uses."""
    return _page_fingerprint(templates, package)


@functools.cache
def _page_fingerprint(templates: Path, package: Path) -> str:
    files = [p for p in templates.rglob("*") if p.is_file()]
    files += (package / "language" / "locale").rglob("*.po")
    return fingerprint.fingerprint(["reader.web.pages"], files, package=package)[:16]


class Pages:
    def __init__(self, templates: Path, static: StaticFiles, compiled: Path | None = None) -> None:
        """``compiled``: a folder to keep compiled templates in (a restart skips compiling)."""
        self.static = static
        # the page cache's key (state.ServerState.cached); templates are read
        # once, so that the pages cached are those the fingerprint names
        self.fingerprint = page_fingerprint(templates)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(templates),
            auto_reload=False,
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            extensions=["jinja2.ext.i18n"],
            # compiled templates kept on disk (keyed by their source): a restart skips compiling
            bytecode_cache=_bytecode_cache(compiled),
        )
        self.env.globals.update(static=static.url, urls=urls, variants=VARIANTS,
                                archive_of=listing.archive)

    def render(self, name: str, page: PageContext, converter: Converter, **context: Any) -> str:
        site = page.library.site

        def href(path: str) -> str:
            return urls.in_variant(page.variant.prefix, path)

        def absolute(path: str) -> str:
            return (page.origin or site.base_url).rstrip("/") + path

        words = i18n.translations(page.variant.code)
        context.setdefault("canonical", page.here)
        context.setdefault("crumbs", [])
        if not context.get("description"):
            context["description"] = f"{context.get('title', '')} - {site.name}"
        text = self.env.get_template(name).render(
            library=page.library, site=site, variant=page.variant, prefs=page.prefs,
            mode_groups=mode_groups(page.prefs),
            here=page.here, href=href, absolute=absolute,
            gettext=words.gettext, ngettext=words.ngettext, _=words.gettext, **context)
        return converter.convert_html(text, page.variant)

    # --- page contexts ----------------------------------------------------------

    def home(self, page: PageContext, converter: Converter) -> str:
        found = listing.archive(page.library)
        bodies, pagination = listing.bodies_page(found, 1)
        site = page.library.site
        _ = i18n.translations(page.variant.code).gettext
        description = _("%(name)s%(tagline)s：%(count)s份报告，可按单位和年度查找，"
                        "提供简体、繁體、长者模式、拼音、朗读和Word、PDF下载。") % {
            "name": site.name, "tagline": site.tagline, "count": len(page.library.reports)}
        return self.render("home.html", page, converter, title=site.tagline or _("首页"),
                           archive=found, bodies=bodies, pagination=pagination,
                           description=description,
                           page_href=lambda n: urls.in_variant(page.variant.prefix,
                                                               urls.with_page("/bodies", n)))

    def bodies(self, page: PageContext, converter: Converter, number: int) -> str:
        found = listing.archive(page.library)
        bodies, pagination = listing.bodies_page(found, number)
        _ = i18n.translations(page.variant.code).gettext
        title = _("发布机构") + (_("（第%(n)s页）") % {"n": pagination.page} if pagination.page > 1 else "")
        return self.render("bodies.html", page, converter, title=title, archive=found,
                           bodies=bodies, pagination=pagination,
                           canonical=urls.with_page(page.here, pagination.page),
                           crumbs=self.crumbs(page, (), _("发布机构")),
                           page_href=lambda n: urls.in_variant(page.variant.prefix,
                                                               urls.with_page(page.here, n)))

    def report(self, page: PageContext, converter: Converter, report: Report,
               downloads: list[Any] | None = None, readings: html.Readings | None = None) -> str:
        _ = i18n.translations(page.variant.code).gettext
        toc = [(b.anchor, plain_text(b.children)) for b in report.blocks
               if isinstance(b, Heading) and b.level == 2]
        pinyin = readings if page.prefs.pinyin else None
        return self.render("report.html", page, converter, title=report.title, report=report,
                           title_html=html.ruby_text(report.title, pinyin),
                           body=html.render(report.blocks, readings if page.prefs.pinyin else None),
                           toc=toc,
                           crumbs=self.crumbs(page, report.category, _("正文")),
                           description=report.summary or report.title,
                           downloads=downloads or [])

    def category(self, page: PageContext, converter: Converter, category: Category,
                 number: int = 1) -> str:
        children, children_pagination = listing.children_page(category, number)
        reports, reports_pagination = listing.reports_page(category.reports, number)
        shown = max(children_pagination.page, reports_pagination.page)
        _ = i18n.translations(page.variant.code).gettext
        title = category.name + (_("（第%(n)s页）") % {"n": shown} if shown > 1 else "")
        return self.render("category.html", page, converter, title=title,
                           category=category, crumbs=self.crumbs(page, category.path),
                           archive=listing.archive(page.library),
                           children=children, children_pagination=children_pagination,
                           reports=reports, reports_pagination=reports_pagination,
                           canonical=urls.with_page(page.here, shown),
                           description=_("%(name)s“%(path)s”栏目：%(count)s份报告。") % {
                               "name": page.library.site.name, "path": "›".join(category.path),
                               "count": listing.archive(page.library).counts.get(category.path, 0)},
                           page_href=lambda n: urls.in_variant(page.variant.prefix,
                                                               urls.with_page(page.here, n)))

    def simple(self, name: str, title: str, page: PageContext, converter: Converter) -> str:
        """A page of the interface's own: ``title`` is a message id."""
        title = i18n.translations(page.variant.code).gettext(title)
        return self.render(name, page, converter, title=title, crumbs=self.crumbs(page, (), title))

    def error(self, page: PageContext, converter: Converter, status: int, title: str,
              message: str) -> str:
        """``title`` and ``message`` are message ids."""
        _ = i18n.translations(page.variant.code).gettext
        return self.render("error.html", page, converter, title=_(title), message=_(message),
                           status=status, canonical="", crumbs=self.crumbs(page, (), _(title)))

    @staticmethod
    def crumbs(page: PageContext, path: tuple[str, ...], last: str = "") -> list[tuple[str, str | None]]:
        """Home (translated), the categories (content), then ``last``, the
        page's own crumb as it is shown."""
        _ = i18n.translations(page.variant.code).gettext
        crumbs: list[tuple[str, str | None]] = [(_("首页"), "/")]
        for depth in range(1, len(path) + 1):
            final = depth == len(path) and not last
            crumbs.append((path[depth - 1], None if final else urls.category(path[:depth])))
        if last:
            crumbs.append((last, None))
        return crumbs


def _bytecode_cache(folder: Path | None) -> jinja2.BytecodeCache | None:
    if folder is None:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))
