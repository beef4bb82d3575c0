"""The download endpoint: /reports/{slug}.docx and /reports/{slug}.pdf (also
under /zh-hant-tw and /zh-hant-hk).

Responses carry an ETag (a hash of the bytes) and Last-Modified, and a
revalidation gets 304. The file name is the report's title in the reader's
script; the header carries an ASCII fallback as well (RFC 6266, RFC 8187).
"""

from __future__ import annotations

import email.utils
import re
from collections.abc import Callable
from urllib.parse import quote

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response

from reader.content.reports import Report
from reader.language.variants import Variant
from reader.render.downloads import FORMATS, Downloads, Unavailable, ascii_name, file_name
from reader.web.conditional import not_modified


def content_disposition(name: str, fallback: str) -> str:
    """Both forms: old clients read filename=, current ones filename*= (RFC 6266/8187)."""
    fallback = re.sub(r'[^A-Za-z0-9._-]', "_", fallback)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


class DownloadView:
    """Serves the files ``downloads`` makes. ``find`` gives the report for a
    slug (None: no such report); ``title`` the report's title in a variant."""

    def __init__(self, downloads: Downloads, find: Callable[[str], Report | None],
                 title: Callable[[Report, Variant], str]) -> None:
        self.downloads = downloads
        self.find = find
        self.title = title

    async def respond(self, request: Request, variant: Variant, ext: str) -> Response:
        report = self.find(request.path_params["slug"])
        if report is None or ext not in FORMATS:
            raise HTTPException(404)
        try:
            path = await self.downloads.file(report, variant, ext)
        except Unavailable:
            raise HTTPException(404) from None  # not offered on this server
        stat = path.stat()
        etag = self.downloads.cache.etag(path, stat)
        headers = {
            "ETag": etag,
            "Last-Modified": email.utils.formatdate(stat.st_mtime, usegmt=True),
            "Cache-Control": "no-cache",
            "Vary": "Cookie, Accept-Language",
            "Content-Disposition": content_disposition(
                file_name(self.title(report, variant), ext), ascii_name(report, variant, ext)),
        }
        if not_modified(request.headers.get("if-none-match"), etag,
                        request.headers.get("if-modified-since"), stat.st_mtime):
            del headers["Content-Disposition"]
            return Response(status_code=304, headers=headers)
        return FileResponse(path, media_type=FORMATS[ext].mime, headers=headers,
                            stat_result=stat)
