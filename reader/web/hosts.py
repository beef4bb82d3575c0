"""The site's own origin (scheme://host[:port]) for absolute links: canonical,
hreflang alternates, sitemap.xml and robots.txt.

``base_url`` in site.toml wins when it is set. Otherwise the request's Host is
used, but only when its host name is in ``allowed_hosts`` (site.toml; by
default the loopback names). An unlisted Host is never echoed into a page: its
pages name the first allowed host instead, so a reader who reaches the server
by an unlisted name still reads every page, and a forged Host header cannot
plant its name in a cached page.
"""

from __future__ import annotations

import functools
import logging
import re

from starlette.types import Scope

log = logging.getLogger("reader")

DEFAULT_ALLOWED = ("localhost", "127.0.0.1", "[::1]")
# a host name or IPv4 address, or a bracketed IPv6 address, and an optional port
_HOST = re.compile(r"(?P<name>\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?)"
                   r"(?::(?P<port>[0-9]{1,5}))?")
_warned: set[str] = set()


def allowed(name: str, patterns: tuple[str, ...]) -> bool:
    """``example.org`` matches itself; ``.example.org`` also every subdomain."""
    for pattern in patterns:
        pattern = pattern.lower()
        if name == pattern or pattern.startswith(".") and (
                name.endswith(pattern) or name == pattern[1:]):
            return True
    return False


def origin(scope: Scope, base_url: str, allowed_hosts: tuple[str, ...]) -> str:
    """The origin to put in front of absolute paths, without a trailing slash."""
    if base_url:
        return base_url.rstrip("/")
    host = b""
    for key, value in scope.get("headers", ()):
        if key == b"host":
            host = value
            break
    return _origin(scope.get("scheme") == "https", host, allowed_hosts)


@functools.lru_cache(maxsize=256)  # a bounded memo: any number of hostile hosts fits
def _origin(https: bool, raw_host: bytes, allowed_hosts: tuple[str, ...]) -> str:
    patterns = allowed_hosts or DEFAULT_ALLOWED
    scheme = "https" if https else "http"
    host = raw_host.decode("latin-1").strip().lower()
    match = _HOST.fullmatch(host)
    if match and allowed(match["name"], patterns) and (
            match["port"] is None or 0 < int(match["port"]) < 65536):
        return f"{scheme}://{host}"
    if len(_warned) < 100 and host not in _warned:
        _warned.add(host)
        log.warning("Host %r is not in allowed_hosts (site.toml): its pages link to %s",
                    host[:100], patterns[0])
    return f"{scheme}://{patterns[0].lstrip('.')}"
