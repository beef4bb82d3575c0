"""The interface's own words, localised per region (not converted).

Templates mark their words with ``{% trans %}`` and ``_()`` (Jinja2's i18n
extension); Python code hands over its interface words (page titles, error
messages, button labels) as message ids. Each region has a catalog,
``reader/locale/<locale>/LC_MESSAGES/messages.po``, written for Taiwan or
Hong Kong usage (設定, 預設, 重設, 滑鼠, 文件 …) rather than converted from the
mainland wording. Catalogs are compiled when first used, so a fresh install
needs nothing but the ``.po`` files. Content — the site name, categories,
reports, the glossary — never passes through a catalog: OpenCC converts it.

The simplified interface is the message ids themselves.

Localised text is marked so that page conversion cannot touch it: each
literal piece of a translation (placeholders stay outside: their values are
content) is wrapped in KEEP marks, two Unicode noncharacters, which OpenCC
passes through unchanged and which break its phrases. The converter masks
what they hold and removes them from every page, Word file and PDF it
converts (reader/language/convert.py). A writer that does not know the
reader's script (a table's default caption in the HTML, Word and PDF
renderers) writes ``message(id)``; the converter puts in the region's words.
"""

from __future__ import annotations

import gettext as stdlib_gettext
import io
import re
import threading
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LOCALES = {"zh-Hant-TW": "zh_Hant_TW", "zh-Hant-HK": "zh_Hant_HK"}  # variant code → locale
DOMAIN = "messages"

# noncharacters: never text of their own, and no control character OpenCC stops at
KEEP_OPEN, KEEP_CLOSE = "\ufdd0", "\ufdd1"  # localised text: never converted
MESSAGE_OPEN, MESSAGE_CLOSE = "\ufdd2", "\ufdd3"  # a message id the converter localises
MARKS = re.compile("[\ufdd0-\ufdd3]")
KEPT = re.compile("\ufdd0([^\ufdd0\ufdd1]*)\ufdd1")
_MESSAGE = re.compile("\ufdd2([^\ufdd2\ufdd3]*)\ufdd3")
_PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifr]|%%")

_lock = threading.Lock()
_loaded: dict[str, stdlib_gettext.NullTranslations] = {}
_plain: dict[str, stdlib_gettext.NullTranslations] = {}


def po_path(locale: str) -> Path:
    return LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(locale: str) -> Catalog:
    with po_path(locale).open("rb") as handle:
        return read_po(handle, locale=locale)


def translations(variant_code: str) -> stdlib_gettext.NullTranslations:
    """The catalog for a variant, its words marked to be kept from page
    conversion; the message ids themselves for simplified."""
    with _lock:
        found = _loaded.get(variant_code)
        if found is None:
            plain = _catalog(variant_code)
            found = plain if isinstance(plain, _Null) else _Keeping(plain)
            _loaded[variant_code] = found
        return found


def plain_translations(variant_code: str) -> stdlib_gettext.NullTranslations:
    """The catalog without marks, for text that is never converted (a note
    added to a page after conversion)."""
    with _lock:
        return _catalog(variant_code)


def _catalog(variant_code: str) -> stdlib_gettext.NullTranslations:
    found = _plain.get(variant_code)
    if found is None:
        locale = LOCALES.get(variant_code)
        if locale is None or not po_path(locale).exists():
            found = _Null()
        else:
            compiled = io.BytesIO()
            write_mo(compiled, read_catalog(locale), use_fuzzy=False)
            compiled.seek(0)
            found = stdlib_gettext.GNUTranslations(compiled)
        _plain[variant_code] = found
    return found


class _Null(stdlib_gettext.NullTranslations):
    """The message ids themselves (simplified): nothing to keep."""


class _Keeping(stdlib_gettext.NullTranslations):
    """A catalog whose words come out marked (see keep)."""

    def __init__(self, inner: stdlib_gettext.NullTranslations) -> None:
        super().__init__()
        self.inner = inner

    def gettext(self, message: str) -> str:
        return keep(self.inner.gettext(message))

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return keep(self.inner.ngettext(msgid1, msgid2, n))


def keep(text: str) -> str:
    """Mark each literal piece of a translation to be kept from conversion;
    its placeholders (%(org)s: a body's name) stay outside, to be converted
    with the content they receive."""
    out: list[str] = []
    last = 0
    for match in _PLACEHOLDER.finditer(text):
        if match.start() > last:
            out.append(KEEP_OPEN + text[last:match.start()] + KEEP_CLOSE)
        out.append(match.group())
        last = match.end()
    if last < len(text):
        out.append(KEEP_OPEN + text[last:] + KEEP_CLOSE)
    return "".join(out)


def message(message_id: str) -> str:
    """Interface words from a writer that does not know the reader's script:
    the converter replaces them with the region's own (``localise``)."""
    return MESSAGE_OPEN + message_id + MESSAGE_CLOSE


def localise(text: str, variant_code: str) -> str:
    """Each message(id) in ``text`` as the variant's words, kept from conversion."""
    if MESSAGE_OPEN not in text:
        return text
    words = plain_translations(variant_code)
    return _MESSAGE.sub(lambda m: keep(words.gettext(m.group(1))), text)


def unmark(text: str) -> str:
    """``text`` without the marks, once it is converted."""
    return MARKS.sub("", text) if MARKS.search(text) else text


def template_messages(templates: Path) -> list[tuple[str, str, int]]:
    """(message id, template, line) for every word the templates mark."""
    from babel.messages.extract import extract_from_dir

    method_map = [("**.html", "jinja2")]
    options = {"**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "false"}}
    found: list[tuple[str, str, int]] = []
    for filename, line, message, _comments, _context in extract_from_dir(
            str(templates), method_map=method_map, options_map=options):
        if isinstance(message, tuple):
            found.extend((m, filename, line) for m in message if m)
        elif message:
            found.append((message, filename, line))
    return found


def missing(messages: Iterable[str]) -> dict[str, list[str]]:
    """Locale → message ids with no (or only a fuzzy) translation."""
    wanted = sorted(set(messages))
    result: dict[str, list[str]] = {}
    for locale in LOCALES.values():
        catalog = read_catalog(locale)
        absent = []
        for message_id in wanted:
            entry = catalog.get(message_id)
            if entry is None or not entry.string or entry.fuzzy:
                absent.append(message_id)
        if absent:
            result[locale] = absent
    return result
