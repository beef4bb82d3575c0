"""The portal's identity: ``content/site.toml``."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

from reader.content.problems import Problem


@dataclass
class Site:
    name: str = "政府信息公开"
    tagline: str = ""
    organisation: str = ""
    base_url: str = ""
    allowed_hosts: tuple[str, ...] = ()  # for absolute links when base_url is empty (hosts.py)
    timezone: str = "+08:00"
    # footer lines, as the portal shows them
    site_code: str = ""  # 网站标识码
    icp: str = ""  # ICP 备案号
    police: str = ""  # 公安备案号
    news_licence: str = ""  # 互联网新闻信息服务许可证编号
    copyright: str = ""  # 版权所有
    sponsor: str = ""  # 主办
    address: str = ""
    phone: str = ""
    email: str = ""
    accessibility_contact: str = ""
    accessibility_phone: str = ""
    accessibility_email: str = ""
    extra: dict[str, str] = field(default_factory=dict)


_KNOWN = {f.name for f in fields(Site)} - {"extra"}


def load_site(path: Path) -> tuple[Site, list[Problem]]:
    """Read site.toml; on any mistake report it and fall back to defaults."""
    if not path.exists():
        return Site(), [Problem(path, 0, "site settings file is missing",
                                "create site.toml with at least name = \"…\"", "warning")]
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return Site(), [Problem(path, 1, "not UTF-8 text", "save the file as UTF-8")]
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        return Site(), [Problem(path, int(match.group(1)) if match else 1, f"TOML syntax: {exc}")]
    site = Site()
    problems: list[Problem] = []
    for key, value in data.items():
        if key not in _KNOWN:
            problems.append(Problem(path, _line_of(path, key), f"unknown setting “{key}”",
                                    "known: " + ", ".join(sorted(_KNOWN)), "warning"))
        elif key == "allowed_hosts":
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip()
                                                      for v in value):
                problems.append(Problem(path, _line_of(path, key), "“allowed_hosts” must be a list "
                                        "of host names", 'write e.g. ["example.gov.cn", "localhost"]'))
            else:
                site.allowed_hosts = tuple(v.strip().lower() for v in value)
        elif not isinstance(value, str):
            problems.append(Problem(path, _line_of(path, key), f"“{key}” must be text in quotes"))
        else:
            setattr(site, key, value.strip())
    if not re.fullmatch(r"[+-]\d\d:\d\d", site.timezone):
        problems.append(Problem(path, _line_of(path, "timezone"),
                                f"timezone “{site.timezone}” is not an offset", "write e.g. +08:00"))
        site.timezone = "+08:00"
    return site, problems


def _line_of(path: Path, key: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.split("=")[0].strip() == key:
            return number
    return 1
