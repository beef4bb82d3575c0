"""LibreOffice headless, for the formats only an office suite reads (.doc)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from reader.importing.source import Refused

INSTALL_HINT = ("install LibreOffice to import it (Debian: apt-get install "
                "libreoffice-writer-nogui), or open it in Word or WPS and save it as .docx")


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(raw: bytes, suffix: str, target: str, timeout: float = 180) -> bytes:
    """The file converted by LibreOffice, e.g. convert(doc_bytes, ".doc", "docx")."""
    program = soffice()
    if program is None:
        raise Refused(f"a {suffix} file needs LibreOffice: {INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="reader-import-") as tmp:
        folder = Path(tmp)
        source = folder / f"in{suffix}"
        source.write_bytes(raw)
        out = folder / "out"
        command = [program, f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                   "--headless", "--norestore", "--convert-to", target, "--outdir", str(out),
                   str(source)]
        try:
            subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise Refused(f"LibreOffice did not finish converting it within {timeout:.0f} s") \
                from None
        made = out / f"in.{target.split(':')[0]}"
        if not made.is_file():
            raise Refused(f"LibreOffice could not read it: the file is damaged or not a {suffix} "
                          "document LibreOffice knows; open it in Word or WPS and save it as .docx")
        return made.read_bytes()
