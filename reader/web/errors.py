"""Error pages in the site's design and the reader's script: 400, 404, 405,
414, 500, 503 (a report listed at a quick start whose body is not readable
yet) and 507 (no space left to store a download)."""

from __future__ import annotations

import errno
import logging

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from reader.content import reports as content
from reader.web.base_view import HTML, BaseView
from reader.web.middleware.script_prefix import prefix_taken

log = logging.getLogger("reader")

ERRORS = {
    400: ("请求有误", "这个网址的格式不正确。"),
    404: ("页面不存在", "您要找的页面不存在，可能已经移动或删除。"),
    405: ("不支持的请求", "这个页面不支持这种请求方式。"),
    414: ("网址太长", "这个网址太长，无法处理。"),
    500: ("服务器出错", "服务器暂时出了问题，请稍后再试。我们已经记录了这个错误。"),
    503: ("报告正在载入", "网站刚刚启动，这份报告还在检查中，请稍后再试。"),
    507: ("暂时无法生成文件", "服务器的存储空间已满，这个文件暂时无法生成。请稍后再试，网页版可以照常阅读。"),
}
NO_SPACE = {errno.ENOSPC, errno.EDQUOT}
RETRY_AFTER = {503: {"Retry-After": "30"}, 507: {"Retry-After": "600"}}


def status_of(exc: Exception) -> int:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    if isinstance(exc, OSError) and exc.errno in NO_SPACE:  # a download could not be stored
        status = 507
    elif isinstance(exc, content.BodyUnavailable):  # listed at a quick start, not readable
        status = 503
    if status not in ERRORS:
        status = 404 if status < 500 else 500
    return status


class ErrorPages(BaseView):
    async def handle(self, request: Request, exc: Exception) -> Response:
        status = status_of(exc)
        if status == 503:
            log.warning("%s: %s", request.url.path, exc)
        elif status >= 500:
            log.exception("error serving %s", request.url.path, exc_info=exc)
        title, message = ERRORS[status]
        # a 500 is answered outside the routing, from the address as it came
        request = Request(prefix_taken(request.scope), request.receive)
        try:
            body = self.state.pages.error(self.page(request), self.state.converter, status, title,
                                          message)
        except Exception:  # the error page itself failed: say so plainly
            log.exception("error page failed")
            return PlainTextResponse(f"{status} {title}", status_code=status)
        headers = {"Cache-Control": "no-store"} | RETRY_AFTER.get(status, {})
        return Response(body, status_code=status, media_type=HTML, headers=headers)
