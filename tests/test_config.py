"""The server's settings come from the environment in one place, and every
cache folder follows the one cache folder."""

from __future__ import annotations

from pathlib import Path

from reader.config import PARSE_FIRST, Config, default_cache_dir


def test_the_cache_folder_follows_the_environment(tmp_path: Path) -> None:
    assert default_cache_dir({"READER_CACHE": str(tmp_path / "here")}) == tmp_path / "here"
    assert default_cache_dir({"XDG_CACHE_HOME": str(tmp_path)}) == tmp_path / "public-reader"
    assert default_cache_dir({}) == Path.home() / ".cache" / "public-reader"


def test_every_cache_lives_in_the_cache_folder(tmp_path: Path) -> None:
    config = Config.from_environment(tmp_path / "content", environ={"READER_CACHE": str(tmp_path / "c")})
    assert config.cache_dir == tmp_path / "c"
    assert {config.downloads_dir, config.catalog_dir.parent, config.search_dir.parent,
            config.static_dir.parent} == {tmp_path / "c"}
    assert len({config.catalog_dir, config.search_dir, config.static_dir}) == 3


def test_given_settings_win_over_the_environment(tmp_path: Path) -> None:
    environ = {"READER_CONTENT": str(tmp_path / "from-env"), "READER_WATCH": "1"}
    assert Config.from_environment(environ=environ).content_dir == tmp_path / "from-env"
    assert Config.from_environment(environ=environ).watch is True
    given = Config.from_environment(tmp_path / "given", watch=False, parse_first=None,
                                    environ=environ)
    assert (given.content_dir, given.watch, given.parse_first) == (tmp_path / "given", False, None)
    assert Config.from_environment(environ={}).content_dir == Path("content").absolute()
    assert Config.from_environment(environ={}).parse_first == PARSE_FIRST
