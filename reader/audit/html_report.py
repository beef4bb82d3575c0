"""`reader check --html DIR`: the findings as pages for the people who check.

Plain HTML files in the site's design (its stylesheet, copied beside them,
and one of their own; no inline styles, no script): a summary by rule and
severity, the bodies that have not published the latest year, then every
finding by body and year, each linked to its cell on the report's page at
the site's ``base_url``. Filtering by rule or by severity is a link to a
page of its own, so it needs no JavaScript; a long list is cut into pages
of ``PAGE`` findings.
"""

from __future__ import annotations

import shutil
from collections import Counter
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from urllib.parse import quote

import jinja2

from reader.audit.one_report import RULES, TITLES
from reader.content.problems import SEVERITIES, Problem
from reader.content.site import Site

ROOT = Path(__file__).resolve().parent.parent.parent
TEMPLATES = ROOT / "templates"
SITE_CSS = ROOT / "static" / "css" / "site.css"
AUDIT_CSS = ROOT / "static" / "css" / "audit.css"
PAGE = 2000
SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}


def address(problem: Problem, base_url: str) -> str:
    """Where a finding is on the site: the cell on the report's page, the
    report, or the body's page (who has not published)."""
    base = base_url.rstrip("/")
    if problem.rule == "completeness" and problem.organisation:
        return f"{base}/bodies/{quote(problem.organisation, safe='')}"
    if not problem.report:
        return ""
    return f"{base}/reports/{problem.report}" + (f"#{problem.cell}" if problem.cell else "")


@dataclass
class Group:
    organisation: str
    year: int
    findings: list[Problem]


@dataclass
class Listing:
    name: str  # the file, e.g. rule-t3-total.html
    title: str
    kind: str  # "all", "rule" or "severity"
    value: str
    findings: list[Problem]


def _order(problem: Problem) -> tuple[int, str, int, str, int]:
    return (0 if problem.organisation else 1, problem.organisation, -problem.year,
            str(problem.path), problem.line)


def _groups(findings: list[Problem]) -> list[Group]:
    return [Group(organisation, year, list(items)) for (organisation, year), items in groupby(
        findings, key=lambda p: (p.organisation, p.year))]


def _page_name(listing: Listing, number: int) -> str:
    stem = listing.name.removesuffix(".html")
    return listing.name if number == 1 else f"{stem}-{number}.html"


def write(out: Path, problems: list[Problem], site: Site, root: Path | None = None,
          reports: int = 0) -> Path:
    """Write the pages into ``out`` (created if need be); returns the first."""
    out.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SITE_CSS, out / "site.css")
    shutil.copyfile(AUDIT_CSS, out / "audit.css")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True,
                             lstrip_blocks=True)
    template = env.get_template("audit.html")
    findings = sorted(problems, key=_order)
    rules = Counter(p.rule for p in findings)
    severities = Counter(p.severity for p in findings)
    listings = [Listing("index.html", "全部问题", "all", "", findings)]
    listings += [Listing(f"rule-{rule}.html", TITLES.get(rule, rule), "rule", rule,
                         [p for p in findings if p.rule == rule]) for rule in sorted(rules)]
    listings += [Listing(f"severity-{severity}.html", SEVERITY_NAMES[severity], "severity",
                         severity, [p for p in findings if p.severity == severity])
                 for severity in SEVERITIES if severities[severity]]
    hints: dict[tuple[str, str], str] = {}
    for p in findings:
        hints.setdefault((p.rule, p.severity), p.hint)
    summary = [(key, n, hints[key]) for key, n in
               sorted(Counter((p.rule, p.severity) for p in findings).items())]
    missing = [p for p in findings if p.rule == "completeness"]
    for listing in listings:
        pages = max(1, -(-len(listing.findings) // PAGE))
        for number in range(1, pages + 1):
            part = listing.findings[(number - 1) * PAGE:number * PAGE]
            html = template.render(
                site=site, listing=listing, listings=listings, groups=_groups(part),
                number=number, pages=pages, page_size=PAGE,
                page_name=lambda n, lst=listing: _page_name(lst, n),
                summary=summary, missing=missing if listing.kind == "all" and number == 1 else [],
                reports=reports, total=len(findings), severities=severities,
                severity_names=SEVERITY_NAMES, titles=TITLES, rules=RULES,
                address=lambda p: address(p, site.base_url),
                shown_path=lambda p: p.shown_path(root))
            (out / _page_name(listing, number)).write_text(html, encoding="utf-8")
    return out / "index.html"
