"""Fingerprints of the code behind a derived file (a parse result, a Word or
PDF file): the modules of this package its maker imports, directly or not,
read from their import lines so that a new module is never left out, with the
data files and the versions of the libraries those modules use.

A derived file keyed on its fingerprint is made again after any change that
can change it, and only then: a change to the web layer does not make an
archive parse again, a change to word boundaries does make new Word files.

Working one out reads every module it covers and the metadata of every
installed distribution: seconds on a busy machine, at every start. So each
is remembered in the cache folder under the stats of what it read (the
package's modules, the files, the folders on the import path, where an
installed or upgraded library shows): a restart with nothing changed reads
no module.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import hashlib
import importlib.metadata
import json
import os
import sys
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from reader.config import default_cache_dir

PACKAGE = Path(__file__).resolve().parent  # reader/
NAME = "reader"


def source(module: str, package: Path = PACKAGE) -> Path | None:
    """The file of a module of this package (``reader.content.reports``), or None."""
    parts = module.split(".")
    if parts[0] != NAME:
        return None
    path = package.joinpath(*parts[1:])
    for candidate in (path.with_suffix(".py"), path / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imports(module: str, path: Path) -> tuple[set[str], set[str]]:
    """(modules of this package, top-level names of other packages) that a
    module imports anywhere in its code, relative imports resolved."""
    ours: set[str] = set()
    theirs: set[str] = set()
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                (ours if alias.name.split(".")[0] == NAME else theirs).add(
                    alias.name if alias.name.split(".")[0] == NAME else alias.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                base = base[:len(base) - node.level + (1 if is_package else 0)]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            if origin.split(".")[0] == NAME:
                ours.add(origin)
                ours.update(f"{origin}.{alias.name}" for alias in node.names)
            elif origin:
                theirs.add(origin.split(".")[0])
    return ours, theirs


def closure(roots: Iterable[str], package: Path = PACKAGE) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(every module of this package that the roots import, directly or not,
    the roots included; the top-level names of the other packages they import)."""
    found: set[str] = set()
    libraries: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        path = source(name, package)
        if name in found or path is None:
            continue
        found.add(name)
        ours, theirs = _imports(name, path)
        todo.extend(ours)
        libraries |= theirs
    return tuple(sorted(found)), tuple(sorted(libraries - set(sys.stdlib_module_names)))


@functools.cache  # reads every installed package's metadata: a quarter of a second
def _providers() -> Mapping[str, list[str]]:
    return importlib.metadata.packages_distributions()


def versions(libraries: Iterable[str]) -> tuple[str, ...]:
    """``distribution==version`` for every installed distribution that
    provides one of these top-level names (opencc → opencc; docx → python-docx)."""
    providers = _providers()
    found = set()
    for name in libraries:
        for distribution in providers.get(name, ()):
            try:
                found.add(f"{distribution}=={importlib.metadata.version(distribution)}")
            except importlib.metadata.PackageNotFoundError:
                found.add(distribution)
    return tuple(sorted(found))


def fingerprint(roots: Iterable[str], files: Iterable[Path] = (), extra: Iterable[str] = (),
                package: Path = PACKAGE, with_versions: bool = True) -> str:
    """A short hash of the code of ``roots`` and everything of this package they
    import, of ``files`` (templates, data the code reads), of ``extra``
    strings (library data versions, settings), and of the versions of the
    libraries that code imports."""
    roots, files, extra = tuple(roots), tuple(files), tuple(extra)
    key = _stats(roots, files, extra, package, with_versions)
    remembered = _remembered()
    if key in remembered:
        return remembered[key]
    found = _fingerprint(roots, files, extra, package, with_versions)
    _remember(key, found)
    return found


def _stats(roots: tuple[str, ...], files: tuple[Path, ...], extra: tuple[str, ...], package: Path,
           with_versions: bool) -> str:
    """Everything a fingerprint reads, by stat: changes whenever it might."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(repr((roots, extra, str(package), with_versions, sys.version)).encode())
    paths = sorted([*package.rglob("*.py"), *files])
    if with_versions:  # where libraries are installed: a folder changes when one is added or upgraded
        paths += [Path(entry) for entry in sys.path
                  if entry.endswith(("site-packages", "dist-packages"))]
    for path in paths:
        try:
            stat = os.stat(path)
            digest.update(f"{path}:{stat.st_mtime_ns}:{stat.st_size}:{stat.st_ino}".encode())
        except OSError:
            digest.update(f"{path}:-".encode())
    return digest.hexdigest()


def _store() -> Path:
    return default_cache_dir() / "fingerprints.json"


def _remembered() -> dict[str, str]:
    try:
        found = json.loads(_store().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _remember(key: str, value: str) -> None:
    """Kept with the last few others (several checkouts may share the folder)."""
    kept = dict(list(_remembered().items())[-31:])
    kept[key] = value
    with contextlib.suppress(OSError):
        _store().parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=_store().parent, prefix=".fingerprints-")
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(kept, file)
        os.replace(name, _store())


def _fingerprint(roots: tuple[str, ...], files: tuple[Path, ...], extra: tuple[str, ...],
                 package: Path, with_versions: bool) -> str:
    modules, libraries = closure(roots, package)
    digest = hashlib.blake2b(digest_size=16)
    digest.update(sys.version.encode())
    for name in modules:
        path = source(name, package)
        assert path is not None
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    for path in sorted(files):
        digest.update(str(path.name).encode() + b"\0" + (path.read_bytes() if path.is_file() else b"")
                      + b"\0")
    for text in (*extra, *(versions(libraries) if with_versions else ())):
        digest.update(text.encode() + b"\0")
    return digest.hexdigest()
