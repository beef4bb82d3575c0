"""Rendering pages: Jinja2 templates, then script conversion of the result."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2

from . import html, pdf
from .content import Category, Library, Report
from .convert import Converter
from .document import Heading, plain_text
from .prefs import Prefs, mode_groups
from .staticfiles import StaticFiles
from .variants import VARIANTS, Variant


def category_url(category: Category) -> str:
    return "/category/" + "/".join(quote(part, safe="") for part in category.path)


@dataclass
class PageContext:
    library: Library
    variant: Variant
    prefs: Prefs
    here: str  # the page's path without the variant prefix
    origin: str = ""  # scheme://host for absolute links (hosts.origin); "" uses base_url


class Pages:
    def __init__(self, templates: Path, static: StaticFiles) -> None:
        self.static = static
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(templates),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.globals.update(static=static.url, category_url=category_url, variants=VARIANTS)

    def render(self, name: str, page: PageContext, converter: Converter, **context: Any) -> str:
        site = page.library.site

        def href(path: str) -> str:
            return page.variant.prefix + path

        def absolute(path: str) -> str:
            return (page.origin or site.base_url).rstrip("/") + path

        context.setdefault("canonical", page.here)
        context.setdefault("crumbs", [])
        if not context.get("description"):
            context["description"] = f"{context.get('title', '')} - {site.name}"
        text = self.env.get_template(name).render(
            library=page.library, site=site, variant=page.variant, prefs=page.prefs,
            mode_groups=mode_groups(page.prefs),
            here=page.here, href=href, absolute=absolute, **context)
        return converter.convert_html(text, page.variant)

    # --- page contexts ----------------------------------------------------------

    def home(self, page: PageContext, converter: Converter) -> str:
        groups: dict[str, list[Report]] = {}
        for report in page.library.reports:
            groups.setdefault(report.organisation, []).append(report)
        by_organisation = sorted(
            ((org, sorted(reports, key=lambda r: r.year, reverse=True))
             for org, reports in groups.items()), key=lambda item: item[0])
        site = page.library.site
        description = (f"{site.name}{site.tagline}：{len(page.library.reports)}份报告，"
                       "可按单位和年度查找，提供简体、繁體、长者模式、拼音、朗读和Word、PDF下载。")
        return self.render("home.html", page, converter, title=site.tagline or "首页",
                           by_organisation=by_organisation, description=description)

    def report(self, page: PageContext, converter: Converter, report: Report,
               downloads: list[Any] | None = None, readings: html.Readings | None = None) -> str:
        toc = [(b.anchor, plain_text(b.children)) for b in report.blocks
               if isinstance(b, Heading) and b.level == 2]
        return self.render("report.html", page, converter, title=report.title, report=report,
                           body=html.render(report.blocks, readings if page.prefs.pinyin else None),
                           toc=toc,
                           crumbs=self.crumbs(report.category, report_title="正文"),
                           description=report.summary or report.title,
                           downloads=downloads or [])

    def print_page(self, library: Library, converter: Converter, report: Report,
                   variant: Variant) -> str:
        """templates/print.html for the PDF, script-converted like the web page."""
        page = PageContext(library, variant, Prefs(), f"/reports/{report.slug}")
        return self.render("print.html", page, converter, title=report.title, report=report,
                           **pdf.print_context(report))

    def category(self, page: PageContext, converter: Converter, category: Category) -> str:
        description = (f"{page.library.site.name}“{'›'.join(category.path)}”栏目："
                       f"{len(category.all_reports())}份报告。")
        return self.render("category.html", page, converter, title=category.name,
                           category=category, crumbs=self.crumbs(category.path),
                           description=description)

    def simple(self, name: str, title: str, page: PageContext, converter: Converter) -> str:
        return self.render(name, page, converter, title=title,
                           crumbs=[("首页", "/"), (title, None)])

    def error(self, page: PageContext, converter: Converter, status: int, title: str,
              message: str) -> str:
        return self.render("error.html", page, converter, title=title, message=message,
                           status=status, canonical="", crumbs=[("首页", "/"), (title, None)])

    @staticmethod
    def crumbs(path: tuple[str, ...], report_title: str = "") -> list[tuple[str, str | None]]:
        crumbs: list[tuple[str, str | None]] = [("首页", "/")]
        for depth in range(1, len(path) + 1):
            last = depth == len(path) and not report_title
            crumbs.append((path[depth - 1], None if last else category_url(Category(path[:depth]))))
        if report_title:
            crumbs.append((report_title, None))
        return crumbs
