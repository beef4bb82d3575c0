"""`reader build --out DIR`: the whole site as static files, for any static web
server (nginx with ``scripts/nginx.conf``, a CDN, or a plain file server).

Pages are rendered by the application itself, in-process, and found by
following every internal link from the home page, the site map and
``sitemap.xml`` in every script, so every page the application serves is
exported without a list here. The layout:

    /reports/x            → reports/x/index.html (every HTML page: a folder with index.html)
    /search?year=2019     → search/_q/year=2019.html (links to it are rewritten)
    /reports/x.pdf, /sitemap.xml, /robots.txt …  → the same path
    /static/…             → the fingerprinted files, with .br and .gz beside them
    404.html              → the not-found page

A rebuild (``reuse``: the previous build's folder) hard-links every report
page whose inputs did not change, with its Word, PDF and data files, from the
previous build instead of rendering them (the key: the report's version, the
site's settings and glossary, the code, templates, static files and
catalogs of the interface, the sections in the header); every other page is
rendered again. With ``jobs`` above one, report pages are rendered by that
many worker processes, each with the application loaded (and its own PDF
worker). The copy's search index (copy_search.py) is built last.

Two things need the server and are replaced on the static copy: the script
switch (``/variant?to=…``) links straight to the page in the other script,
and reading preferences are kept by the small script (``static-copy.js``)
in the same cookie; the reading settings panel says that they need JavaScript
there, and that pinyin needs the site itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import hashlib
import html
import json
import multiprocessing
import os
import queue
import re
import shutil
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urljoin, urlsplit

import httpx
from starlette.types import ASGIApp

from reader import copy_search, fingerprint, workers
from reader.language import i18n
from reader.language.variants import BY_CODE, VARIANTS
from reader.web import compression

HOST = "localhost"
MANIFEST = ".reader-build.json"  # what a rebuild may reuse: each report page's key
CHUNK = 40  # report pages a job renders at a time
OWN_FILES = ("", ".docx", ".pdf", ".csv", ".json")  # a report page and the files only it links to
STATIC_NOTE = ("这是本网站的静态副本：阅读设置需要浏览器开启 JavaScript 才能生效和记住；"
               "拼音只在网站本身提供。")
_HTML_TAG = re.compile(r"<html\b")
_MODES_FORM = re.compile(r'<form\b[^>]*\bid="modes"[^>]*>')
_HREF = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
_REPORT = re.compile(r"(?:/zh-hant-(?:tw|hk))?/reports/([a-z0-9][a-z0-9-]*)")
_SEARCH = re.compile(r"(?:/zh-hant-(?:tw|hk))?/search")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and name in ("href", "src"):
                self.found.append(value)


def links_of(page: str) -> list[str]:
    parser = _Links()
    parser.feed(page)
    return parser.found


@dataclass
class Result:
    pages: int = 0
    files: int = 0
    broken: list[tuple[str, str, int]] = field(default_factory=list)  # (link, on page, status)
    origin: str = ""


def variant_target(path: str) -> str | None:
    """Where ``/variant?to=…&next=…`` sends a reader: the page in that script."""
    parts = urlsplit(path)
    if not re.fullmatch(r"(/zh-hant-(tw|hk))?/variant", parts.path):
        return None
    query = parse_qs(parts.query)
    variant = BY_CODE.get(query.get("to", [""])[0])
    target = query.get("next", ["/"])[0]
    if variant is None or not target.startswith("/") or target.startswith("//"):
        return None
    return variant.prefix + target


def file_for(path: str, is_html: bool) -> str:
    """The file, relative to the export folder, that answers ``path``."""
    parts = urlsplit(path)
    name = unquote(parts.path).lstrip("/")
    if parts.query:
        return f"{name.rstrip('/')}/_q/{unquote(parts.query).replace('/', '_')}.html".lstrip("/")
    if is_html:
        return (name.rstrip("/") + "/index.html").lstrip("/")
    return name


def public_link(path: str) -> str:
    """The link written into exported pages for an internal ``path``."""
    if (target := variant_target(path)) is not None:
        return target
    if urlsplit(path).query:
        return "/" + quote(file_for(path, True), safe="/=&-_.~+")
    return path


def _is_file_link(path: str) -> bool:
    """A download or data file (not a page, not a static asset)."""
    name = urlsplit(path).path.rsplit("/", 1)[-1]
    return "." in name and not path.startswith("/static/")


@contextlib.asynccontextmanager
async def _lifespan(app: ASGIApp) -> AsyncIterator[None]:
    """Run the application's start-up and shut-down as a server would."""
    inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    outbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    scope = {"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}
    task: asyncio.Task[None] = asyncio.create_task(
        app(scope, inbox.get, outbox.put))  # type: ignore[arg-type]
    await inbox.put({"type": "lifespan.startup"})
    started = await outbox.get()
    if started["type"] != "lifespan.startup.complete":
        raise RuntimeError(f"the application did not start: {started.get('message', '')}")
    try:
        yield
    finally:
        await inbox.put({"type": "lifespan.shutdown"})
        await outbox.get()
        await task


class Export:
    def __init__(self, app: ASGIApp, out: Path,
                 progress: Callable[[int, int, str], None] | None = None,
                 reuse: Path | None = None, jobs: int = 1) -> None:
        self.app = app
        self.out = out
        self.progress = progress
        self.reuse = reuse
        self.jobs = jobs
        self.deferred: list[tuple[str, str]] = []  # report pages for the jobs
        self.keys: dict[str, str] = {}  # report page → its key, for the next build
        self.reused = 0
        self.server: Any = getattr(app, "state").server  # noqa: B009 - set by create_app
        site = self.server.library.site
        self.netloc = urlsplit(site.base_url).netloc if site.base_url else HOST
        self.result = Result(origin=site.base_url.rstrip("/") or f"http://{HOST}")
        self.script_url = self.server.static.url("js/static-copy.js")
        self.search_url = self.server.static.url("js/static-search.js")
        self.queue: list[tuple[str, str]] = []  # (path, the page that links to it)
        self.seen: set[str] = set()
        self.saved: set[str] = set()  # files written already
        self.summary = ""  # what Pagefind said

    def local_path(self, url: str) -> str | None:
        """Path and query of a link to this site, without its fragment, or None."""
        parts = urlsplit(url)
        if parts.scheme and parts.scheme not in ("http", "https") or \
                parts.netloc and parts.netloc != self.netloc or not parts.path.startswith("/"):
            return None
        return parts.path + ("?" + parts.query if parts.query else "")

    def add(self, path: str, referrer: str) -> None:
        if (target := variant_target(path)) is not None:
            path = target
        if path.startswith("/static/"):
            if not (self.out / unquote(path).lstrip("/")).is_file():
                self.result.broken.append((path, referrer, 404))
        elif path not in self.seen:
            self.seen.add(path)
            self.queue.append((path, referrer))

    def write(self, name: str, data: bytes) -> None:
        target = self.out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        # text files get .gz and .br beside them (Word and PDF files are compressed already),
        # at the levels the server uses: a few milliseconds a page, for thousands of pages
        if compression.is_text(target.name):
            for suffix, packed in compression.copies(data).items():
                target.with_name(target.name + suffix).write_bytes(packed)

    async def save(self, client: httpx.AsyncClient, path: str, referrer: str) -> None:
        """Fetch ``path`` and write it: a page (by its type, not its name) as
        ``…/index.html`` after the files it links to, so it shows their sizes."""
        if path in self.saved:
            return
        if _REPORT.fullmatch(path) and (self.reused_page(path) or self.defer(path, referrer)):
            return
        self.saved.add(path)
        response = await client.get(path)
        if response.status_code != 200:
            self.result.broken.append((path, referrer, response.status_code))
            return
        kind = response.headers.get("content-type", "")
        if not kind.startswith("text/html"):
            self.write(file_for(path, False), response.content)
            self.result.files += 1
            if kind.startswith("application/xml"):
                for loc in re.findall(r"<loc>([^<]+)</loc>", response.text):
                    if (local := self.local_path(html.unescape(loc))) is not None:
                        self.add(local, path)
            return
        links = [self.local_path(urljoin(path, link)) for link in links_of(response.text)]
        files = [link for link in links if link and _is_file_link(link) and link not in self.saved]
        for file in files:
            self.add(file, path)
            await self.save(client, file, path)
        if files:
            response = await client.get(path)
        self.write(file_for(path, True), self.page(response.text, path))
        self.result.pages += 1
        for link in links:
            if link:
                self.add(link, path)

    def page(self, text: str, path: str = "") -> bytes:
        """An exported page: links rewritten, the static-copy script and note
        added; the search page gets the copy's search, a report page the
        pinyin of its publishing body for the copy's search index."""
        found = re.search(r'<html lang="([^"]+)"', text)
        variant = next((v for v in VARIANTS if found and v.code == found.group(1)), None)
        # the interface's own words: localised per region (reader/language/i18n.py); added
        # after conversion, so without the marks that keep them from it
        note = STATIC_NOTE if variant is None else i18n.plain_translations(variant.code).gettext(STATIC_NOTE)

        def link(match: re.Match[str]) -> str:
            value = html.unescape(match.group(2))
            local = self.local_path(value)
            if local is None or not (urlsplit(local).query or variant_target(local)):
                return match.group(0)
            fragment = "#" + value.split("#", 1)[1] if "#" in value else ""
            return match.group(1) + html.escape(public_link(local) + fragment) + match.group(3)

        text = _HREF.sub(link, text)
        text = _HTML_TAG.sub("<html data-static-copy", text, count=1)
        text = text.replace("</head>", f'<script src="{self.script_url}"></script>\n</head>', 1)
        text = _MODES_FORM.sub(lambda m: m.group(0) + f'<p class="static-note">{html.escape(note)}'
                               "</p>", text, count=1)
        if _SEARCH.fullmatch(path):
            text = text.replace("</main>", copy_search.search_box(variant, self.search_url) + "</main>", 1)
        elif (found := _REPORT.fullmatch(path)) is not None:
            report = self.server.library.by_slug.get(found.group(1))
            if report is not None:
                text = copy_search.report_page(text, report)
        return text.encode("utf-8")

    # --- rebuilding: reusing report pages, rendering them in jobs -------------------------

    @functools.cached_property
    def code(self) -> str:
        """The code, templates, static files and catalogs behind a page."""
        root = Path(self.server.static.source).parent
        files = [p for folder in (root / "templates", root / "static",
                                  root / "reader" / "language" / "locale")
                 for p in folder.rglob("*") if p.is_file()]
        return fingerprint.fingerprint(["reader.web.app", "reader.build"], files)

    @functools.cached_property
    def previous(self) -> dict[str, str]:
        if self.reuse is None:
            return {}
        try:
            found = json.loads((self.reuse / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return found.get("pages", {}) if found.get("code") == self.code else {}

    def key(self, path: str) -> str | None:
        """What a report page shows besides its own report: settings, glossary, code, header."""
        found = _REPORT.fullmatch(path)
        report = self.server.library.by_slug.get(found.group(1)) if found else None
        if report is None:
            return None
        header = tuple(self.server.library.categories.children)
        text = repr((self.code, self.server.settings_version(), header, path, report.version,
                     self.server.library.site))
        return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()

    def reused_page(self, path: str) -> bool:
        """Link a report page and its own files from the previous build, if its key is the same."""
        key = self.key(path)
        if key is not None:
            self.keys[path] = key
        if key is None or self.reuse is None or self.previous.get(path) != key:
            return False
        for ext in OWN_FILES:
            name = file_for(path + ext, not ext)
            for suffix in ("", ".gz", ".br"):
                source = self.reuse / (name + suffix)
                if source.is_file():
                    _link(source, self.out / (name + suffix))
            self.saved.add(path + ext)
        self.reused += 1
        self.result.pages += 1
        return True

    def defer(self, path: str, referrer: str) -> bool:
        """Leave a report page to the jobs (when there are some)."""
        if self.jobs <= 1:
            return False
        self.saved.add(path)
        self.deferred.append((path, referrer))
        return True

    def _jobs_done(self, found: Found, path: str) -> None:
        pages, files, broken, links = found
        self.result.pages += pages
        self.result.files += files
        self.result.broken.extend(broken)
        for link in links:
            self.add(link, path)

    async def run(self) -> Result:
        shutil.copytree(Path(self.server.static.build), self.out / "static", dirs_exist_ok=True)
        for variant in VARIANTS:
            for path in ("/", "/sitemap"):
                self.add(variant.prefix + path, "(start)")
        self.add("/sitemap.xml", "(start)")
        self.add("/robots.txt", "(start)")
        transport = httpx.ASGITransport(app=self.app)
        async with _lifespan(self.app), httpx.AsyncClient(
                transport=transport, base_url=f"http://{self.netloc}", timeout=600) as client:
            self.write("404.html", self.page((await client.get("/-export-404")).text))
            jobs = Jobs(self.jobs, self.server.content_dir, self.out) if self.jobs > 1 else None
            try:
                done = 0
                while True:
                    while done < len(self.queue):
                        path, referrer = self.queue[done]
                        done += 1
                        if self.progress is not None:
                            self.progress(done, len(self.queue) + len(self.deferred), path)
                        await self.save(client, path, referrer)
                    if not self.deferred or jobs is None:
                        break
                    batch, self.deferred = self.deferred, []
                    async for chunk, found in jobs.render(batch):
                        self._jobs_done(found, chunk[0][1])
                        if self.progress is not None:
                            self.progress(done, len(self.queue) + len(self.deferred), chunk[-1][0])
            finally:
                if jobs is not None:
                    await jobs.close()
            for variant in VARIANTS:  # the search form's target: no link leads to it
                await self.save(client, variant.prefix + "/search", "(start)")
        (self.out / MANIFEST).write_text(json.dumps({"code": self.code, "pages": self.keys}),
                                         encoding="utf-8")
        self.summary = copy_search.index(self.out)
        self.write(f"{copy_search.BUNDLE}/chars.json", copy_search.characters())
        return self.result


async def build(app: ASGIApp, out: Path,
                progress: Callable[[int, int, str], None] | None = None,
                reuse: Path | None = None, jobs: int = 1) -> Export:
    """Write every page and file the application serves into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    export = Export(app, out, progress, reuse, jobs)
    await export.run()
    return export


def _link(source: Path, target: Path) -> None:
    """A hard link (the same file, no copy), or a copy across file systems."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


# --- jobs: worker processes rendering report pages -------------------------------------

Found = tuple[int, int, list[tuple[str, str, int]], list[str]]  # pages, files, broken, links


class Jobs:
    """``count`` worker processes, each with the application loaded and started
    as a server would be, rendering chunks of report pages into ``out``."""

    def __init__(self, count: int, content_dir: Path, out: Path) -> None:
        context = multiprocessing.get_context("spawn")
        self.tasks: multiprocessing.Queue[tuple[int, list[tuple[str, str]]] | None] = context.Queue()
        self.results: multiprocessing.Queue[tuple[int, Found]] = context.Queue()
        self.processes = [context.Process(target=_job_main, daemon=False, args=(
            os.getpid(), content_dir, out, self.tasks, self.results)) for _ in range(count)]
        for process in self.processes:
            process.start()

    async def render(self, paths: list[tuple[str, str]]
                     ) -> AsyncIterator[tuple[list[tuple[str, str]], Found]]:
        chunks = [paths[i:i + CHUNK] for i in range(0, len(paths), CHUNK)]
        for index, chunk in enumerate(chunks):
            self.tasks.put((index, chunk))
        for _ in chunks:
            while True:
                try:
                    index, found = await asyncio.to_thread(self.results.get, True, 5)
                    break
                except queue.Empty:
                    if not any(process.is_alive() for process in self.processes):
                        raise RuntimeError("the build's worker processes ended") from None
            yield chunks[index], found

    async def close(self) -> None:
        for _ in self.processes:
            self.tasks.put(None)
        for process in self.processes:
            await asyncio.to_thread(process.join, 60)
            if process.is_alive():
                process.kill()


def _job_main(parent: int, content_dir: Path, out: Path,
              tasks: multiprocessing.Queue[tuple[int, list[tuple[str, str]]] | None],
              results: multiprocessing.Queue[tuple[int, Found]]) -> None:
    workers.watch_parent(parent)
    asyncio.run(_job_serve(content_dir, out, tasks, results))


async def _job_serve(content_dir: Path, out: Path,
                     tasks: multiprocessing.Queue[tuple[int, list[tuple[str, str]]] | None],
                     results: multiprocessing.Queue[tuple[int, Found]]) -> None:
    from reader.config import Config
    from reader.web.app import create_app

    app = create_app(Config.from_environment(content_dir, watch=False, parse_first=None))
    export = Export(app, out)
    async with _lifespan(app), httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                                 base_url=f"http://{export.netloc}",
                                                 timeout=600) as client:
        while (task := await asyncio.to_thread(tasks.get)) is not None:
            number, chunk = task
            before = (export.result.pages, export.result.files, len(export.result.broken))
            export.queue.clear()
            for path, referrer in chunk:
                await export.save(client, path, referrer)
            results.put((number, (export.result.pages - before[0], export.result.files - before[1],
                                  export.result.broken[before[2]:],
                                  [path for path, _ in export.queue if path not in export.saved])))


def check_out_folder(out: Path) -> str | None:
    """Why ``out`` cannot take a build, or None."""
    if out.exists() and (not out.is_dir() or any(os.scandir(out))):
        return (f"{out} exists and is not an empty folder: build into a new folder "
                "(then point the web server at it, e.g. by swapping a symlink)")
    return None
