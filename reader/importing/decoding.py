"""Bytes of a saved page or text copy → text: a byte-order mark or a declared
charset first (GB2312 and GBK read as their superset GB18030), otherwise the
encoding charset-normalizer finds most coherent."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from reader.importing.source import Refused

_DECLARED = re.compile(rb"""(?:<meta[^>]+charset|<\?xml[^>]+encoding)\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""",
                       re.I)
_WIDER = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
          "big5": "big5hkscs"}
CANDIDATES = ["utf_8", "gb18030", "big5hkscs", "utf_16"]


def _codec(name: str) -> str | None:
    name = _WIDER.get(name.lower(), name.lower())
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode(raw: bytes, html: bool) -> str:
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            return raw.decode(codec, errors="replace")
    if html:
        declared = _DECLARED.search(raw[:4096])
        declared_codec = _codec(declared.group(1).decode("ascii")) if declared else None
        if declared_codec is not None:
            try:
                return raw.decode(declared_codec)
            except UnicodeDecodeError:
                pass  # the declaration is wrong: detect instead
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(raw, cp_isolation=CANDIDATES).best()
    if best is None:
        raise Refused("not text in a known encoding (UTF-8, GBK/GB18030, Big5)")
    return str(best)
