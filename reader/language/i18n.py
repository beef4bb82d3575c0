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
"""

from __future__ import annotations

import gettext as stdlib_gettext
import io
import threading
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LOCALES = {"zh-Hant-TW": "zh_Hant_TW", "zh-Hant-HK": "zh_Hant_HK"}  # variant code → locale
DOMAIN = "messages"

_lock = threading.Lock()
_loaded: dict[str, stdlib_gettext.NullTranslations] = {}


def po_path(locale: str) -> Path:
    return LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(locale: str) -> Catalog:
    with po_path(locale).open("rb") as handle:
        return read_po(handle, locale=locale)


def translations(variant_code: str) -> stdlib_gettext.NullTranslations:
    """The catalog for a variant; the message ids themselves for simplified."""
    with _lock:
        found = _loaded.get(variant_code)
        if found is None:
            locale = LOCALES.get(variant_code)
            if locale is None or not po_path(locale).exists():
                found = stdlib_gettext.NullTranslations()
            else:
                compiled = io.BytesIO()
                write_mo(compiled, read_catalog(locale), use_fuzzy=False)
                compiled.seek(0)
                found = stdlib_gettext.GNUTranslations(compiled)
            _loaded[variant_code] = found
        return found


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
