"""Fingerprints of the code behind derived files: worked out from the imports,
so that a change to any module a maker runs gives new files, and a change
elsewhere does not."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reader import fingerprint
from reader.archive import catalog, search
from reader.render import downloads

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def code(tmp_path: Path) -> Path:
    """A copy of the package and its templates, to change."""
    shutil.copytree(ROOT / "reader", tmp_path / "reader", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    return tmp_path


def _touch(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")


def test_the_closure_follows_absolute_relative_and_deferred_imports(tmp_path: Path) -> None:
    package = tmp_path / "reader"
    (package / "part").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "part" / "__init__.py").write_text("")
    (package / "part" / "one.py").write_text("import json\nfrom reader.part import two\n")
    (package / "part" / "two.py").write_text("def f():\n    from .three import g\n")
    (package / "part" / "three.py").write_text("import yaml\n")
    (package / "part" / "other.py").write_text("")
    modules, libraries = fingerprint.closure(["reader.part.one"], package)
    assert modules == ("reader.part", "reader.part.one", "reader.part.three", "reader.part.two")
    assert libraries == ("yaml",)  # json is the standard library's


@pytest.mark.parametrize("changed, new_files", [
    ("reader/language/segment.py", True),  # word boundaries shape the text
    ("reader/language/surnames.py", True),
    ("reader/language/policies.py", True),
    ("reader/language/glossary.py", True),
    ("reader/language/senses.py", True),  # 编制 by sense
    ("reader/language/i18n.py", True),  # localised words kept from conversion
    ("reader/language/locale/zh_Hant_TW/LC_MESSAGES/messages.po", True),  # a table's default caption
    ("reader/content/markdown.py", True),
    ("reader/content/table_headers.py", True),
    ("reader/render/word/styles.py", True),
    ("reader/render/pdf/source.py", True),
    ("reader/render/pdf/tags.py", True),
    ("templates/print.typ", True),
    ("reader/web/app.py", False),
    ("reader/archive/search.py", False),
])
def test_downloads_are_made_again_after_a_change_to_what_shapes_them(
        code: Path, changed: str, new_files: bool) -> None:
    before = downloads.renderer_fingerprint(code)
    _touch(code / changed)
    assert (downloads.renderer_fingerprint(code) != before) is new_files


def test_pdfs_are_made_again_with_other_fonts(code: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The fonts a PDF embeds shape it as its code does: a font file that
    changes (another version, another folder) gives new files."""
    before = downloads.renderer_fingerprint(code)
    assert before == downloads.renderer_fingerprint(code)
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    monkeypatch.setenv("READER_FONTS", str(fonts))  # looked in before the system's folders
    (fonts / "NotoSerifCJK-Regular.ttc").write_bytes(b"a font")
    moved = downloads.renderer_fingerprint(code)
    assert moved != before
    (fonts / "NotoSerifCJK-Regular.ttc").write_bytes(b"a newer font")
    assert downloads.renderer_fingerprint(code) not in (before, moved)


@pytest.mark.parametrize("changed, parse_again", [
    ("reader/content/markdown.py", True),
    ("reader/content/table_headers.py", True),
    ("reader/content/yamlnodes.py", True),
    ("reader/archive/codec.py", True),  # how a file is stored
    ("reader/render/html.py", False),
    ("reader/language/segment.py", False),
    ("reader/archive/search.py", False),
    ("reader/web/app.py", False),
])
def test_an_archive_is_parsed_again_only_after_a_change_to_the_parser(
        code: Path, changed: str, parse_again: bool) -> None:
    def version() -> str:
        return fingerprint.fingerprint(catalog.SHAPERS, package=code / "reader")
    before = version()
    _touch(code / changed)
    assert (version() != before) is parse_again


@pytest.mark.parametrize("changed, new_index", [
    ("reader/archive/search.py", True),
    ("reader/archive/searchtext.py", True),  # how text is read and paired
    ("reader/archive/codec.py", True),  # how the catalog keeps the files it reads
    ("reader/content/markdown.py", True),
    ("reader/language/convert.py", True),  # traditional script indexed as simplified
    ("reader/archive/listing.py", False),
    ("reader/web/pages.py", False),
    ("reader/render/html.py", False),
])
def test_the_search_index_is_built_again_only_after_a_change_to_what_shapes_it(
        code: Path, changed: str, new_index: bool) -> None:
    def version() -> str:
        return fingerprint.fingerprint(search.SHAPERS, package=code / "reader")
    before = version()
    _touch(code / changed)
    assert (version() != before) is new_index


def test_library_versions_are_part_of_the_fingerprint() -> None:
    assert any(v.startswith("python-docx==") for v in fingerprint.versions(["docx"]))
    assert fingerprint.versions(["no_such_library"]) == ()


# --- the page cache and the compressed static files ------------------------------------


def _pages_key(code: Path) -> str:
    from reader.web.pages import page_fingerprint
    return page_fingerprint(code / "templates", code / "reader")


def test_the_page_cache_key_follows_templates_catalogs_and_rendering_code(code: Path) -> None:
    keys = [_pages_key(code)]
    for changed in (code / "templates" / "_header.html",
                    code / "reader" / "language" / "locale" / "zh_Hant_TW" / "LC_MESSAGES" / "messages.po",
                    code / "reader" / "render" / "html.py",  # imported by pages, not listed anywhere
                    code / "reader" / "language" / "segment.py"):
        _touch(changed)
        _clear_page_keys()
        keys.append(_pages_key(code))
    assert len(set(keys)) == len(keys), "a change that shapes pages kept the page cache's key"
    _touch(code / "reader" / "importing" / "run.py")  # `reader import`: no page runs it
    _clear_page_keys()
    assert _pages_key(code) == keys[-1]


def _clear_page_keys() -> None:
    from reader.web import pages, staticfiles
    pages._page_fingerprint.cache_clear()
    staticfiles._packing_fingerprint.cache_clear()


def test_the_compressed_static_copies_key_follows_the_compression_code(code: Path) -> None:
    from reader.web.staticfiles import packed_key
    before = packed_key("0123abcd", code / "reader")
    _touch(code / "reader" / "web" / "compression.py")
    _clear_page_keys()
    after = packed_key("0123abcd", code / "reader")
    assert before != after and before.startswith("0123abcd-") and after.startswith("0123abcd-")
    _touch(code / "reader" / "render" / "html.py")  # not compression: the same copies
    _clear_page_keys()
    assert packed_key("0123abcd", code / "reader") == after
