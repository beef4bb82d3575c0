"""Reading many files at once: worker processes find what this process would."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from reader.archive import background_parse, survey
from reader.archive.parse_cache import ParseCache
from reader.content import reports as content
from reader.content.site import load_site
from tests.conftest import CONTENT

SEED_FILE = CONTENT / "reports" / "2019-zhangmianyi.md"


@pytest.fixture
def many(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    text = SEED_FILE.read_text(encoding="utf-8")
    for n in range(40):
        (target / "reports" / f"copy-{n:02d}.md").write_text(
            text.replace("title: ", f"title: 第{n}份：", 1), encoding="utf-8")
    (target / "reports" / "bad.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    return target


def test_workers_find_what_this_process_finds(many: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(survey, "PARALLEL_FROM", 10)
    monkeypatch.setattr(survey, "CHUNK", 5)
    site, _ = load_site(many / "site.toml")
    names = [str(p) for p in content.report_files(many)]
    cache = ParseCache(tmp_path / "cache")
    cache.look()
    alone = {name: cache.examine(name, site, quick=True) for name in names}
    together = survey.survey(cache, names, site, processes=2)
    assert together.keys() == set(names)
    assert together == alone
    listed = [found.listed for found in together.values() if found.listed is not None]
    assert len(listed) == len(names) - 1
    assert together[str(many / "reports" / "bad.md")].error is not None


def test_few_files_are_read_here(many: Path, tmp_path: Path) -> None:
    site, _ = load_site(many / "site.toml")
    names = [str(p) for p in content.report_files(many)]
    assert survey.survey(ParseCache(tmp_path / "cache"), names, site, processes=2) == {}


def test_background_parsing_fills_the_cache(many: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    site, _ = load_site(many / "site.toml")
    folder = tmp_path / "cache"
    files = content.report_files(many)
    assert background_parse.parse_into_cache(files, site, folder, threading.Event(), 2)

    def never(*args: object) -> object:
        raise AssertionError("parsed although the workers stored it")
    monkeypatch.setattr(content, "parse_report", never)
    monkeypatch.setattr(content, "parse_metadata", never)
    with pytest.raises(AssertionError):  # only the file with a mistake is parsed again
        ParseCache(folder).load(many)
    (many / "reports" / "bad.md").unlink()
    library = ParseCache(folder).load(many, parse_first=0)
    assert len(library.reports) == len(files) - 1 and not library.pending


def test_background_parsing_stops_when_asked(many: Path, tmp_path: Path) -> None:
    site, _ = load_site(many / "site.toml")
    stop = threading.Event()
    stop.set()
    assert not background_parse.parse_into_cache(content.report_files(many), site,
                                                 tmp_path / "cache", stop, 2)


def test_without_worker_processes_this_process_reads_every_file(
        many: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class NoProcesses:
        def submit(self, *args: object) -> object:
            raise OSError("no processes may be started here")

        def shutdown(self, **kwargs: object) -> None:
            pass
    monkeypatch.setattr(survey, "PARALLEL_FROM", 10)
    monkeypatch.setattr(survey, "CHUNK", 5)
    monkeypatch.setattr(survey.workers, "pool", lambda *args: NoProcesses())
    site, _ = load_site(many / "site.toml")
    names = [str(p) for p in content.report_files(many)]
    found = survey.survey(ParseCache(tmp_path / "cache"), names, site, processes=2)
    assert found.keys() == set(names)
