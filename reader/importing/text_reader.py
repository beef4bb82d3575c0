"""A plain-text copy of a portal page (the page selected and pasted, or saved
as text): one line per paragraph, read like a saved page."""

from __future__ import annotations

from reader.importing import portal
from reader.importing.decoding import decode
from reader.importing.source import Item, Para, Refused, Source
from reader.importing.text import clean_space


def read(raw: bytes) -> Source:
    text = decode(raw, html=False)
    if "\x00" in text:
        raise Refused("binary data, not text")
    items: list[Item] = [Para(line) for line in (clean_space(x) for x in text.splitlines()) if line]
    if not items:
        raise Refused("the file holds no text")
    return portal.read(items)
