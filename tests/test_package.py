"""The package as it is shipped: a wheel built from the checkout (not the
editable install the tests otherwise run) holds every sub-package, its
catalogs, and imports every module."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _modules(package: Path) -> set[str]:
    return {".".join(("reader", *p.relative_to(package).with_suffix("").parts)).removesuffix(".__init__")
            for p in package.rglob("*.py")}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # built from a copy, so that no build folder is left in (or reused from) the checkout
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "reader", source / "reader", ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet",
                    "--disable-pip-version-check", "--wheel-dir", str(out), str(source)],
                   check=True, timeout=600, cwd=out)
    [built] = out.glob("public_reader-*.whl")
    return built


def test_the_wheel_holds_every_module_and_catalog(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    sources = {str(p.relative_to(ROOT)) for p in (ROOT / "reader").rglob("*") if p.is_file()
               and p.suffix in (".py", ".po") and "__pycache__" not in p.parts}
    assert sources - names == set()
    assert {name for name in names if name.endswith("/__init__.py")} >= {
        f"reader/{part}/__init__.py" for part in
        ("content", "language", "archive", "render", "render/word", "render/pdf", "web", "importing")}


def test_every_module_imports_from_the_wheel(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    script = (
        "import importlib, json, sys\n"
        f"sys.path.insert(0, {str(target)!r})\n"
        "found = {}\n"
        f"for name in sorted({sorted(_modules(ROOT / 'reader'))!r}):\n"
        "    if name == 'reader.__main__':\n"
        "        continue\n"
        "    found[name] = importlib.import_module(name).__file__\n"
        "print(json.dumps(found))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert len(found) == len(_modules(ROOT / "reader")) - 1
    assert all(Path(path).is_relative_to(target) for path in found.values()), found
