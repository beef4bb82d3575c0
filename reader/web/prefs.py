"""Reading preferences: elder mode, type size, contrast, line spacing, table
layout on phones, pinyin and reading aids. Kept in one cookie, shared by every
script variant, and applied as classes on <html> (the CSS maps them to custom
properties). The page's script reads the same choices from the page
(``Prefs.for_script``), so they are written once, here."""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from typing import Any

from reader.language.variants import VARIANTS

COOKIE = "reader_prefs"
CHOICES: dict[str, tuple[str, ...]] = {
    "size": ("m", "s", "l", "xl"),
    "contrast": ("default", "yb", "by", "wb"),
    "spacing": ("normal", "wide"),
    # narrow screens: each row a block with its labels, or the table as printed, scrolling
    "tables": ("stack", "scroll"),
}
# strip: 显示屏, a caption strip of the text under the pointer or the focus;
# crosshair: 十字光标; textonly: 纯文本, the page without decoration
SWITCHES = ("elder", "pinyin", "cursor", "guide", "strip", "crosshair", "textonly")


@dataclass(frozen=True)
class Prefs:
    elder: bool = False
    size: str = "m"
    contrast: str = "default"
    spacing: str = "normal"
    tables: str = "stack"
    pinyin: bool = False
    cursor: bool = False
    guide: bool = False
    strip: bool = False
    crosshair: bool = False
    textonly: bool = False

    @classmethod
    def from_cookie(cls, value: str | None) -> Prefs:
        """Parse the cookie; anything unexpected is ignored, never an error."""
        prefs = cls()
        if not value or len(value) > 200:
            return prefs
        for item in value.split("."):
            name, _, setting = item.partition("-")
            prefs = prefs.updated(name, setting)
        return prefs

    def updated(self, name: str, setting: str) -> Prefs:
        values: dict[str, Any] = {f.name: getattr(self, f.name) for f in fields(self)}
        if name in SWITCHES and setting in ("0", "1"):
            values[name] = setting == "1"
        elif name in CHOICES and setting in CHOICES[name]:
            values[name] = setting
        else:
            return self
        return Prefs(**values)

    def cookie(self) -> str:
        parts = []
        for f in fields(self):
            value = getattr(self, f.name)
            if value != f.default:
                parts.append(f"{f.name}-{int(value) if isinstance(value, bool) else value}")
        return ".".join(parts)

    def html_classes(self) -> str:
        classes = [f"size-{self.size}", f"contrast-{self.contrast}", f"spacing-{self.spacing}",
                   f"tables-{self.tables}"]
        classes += [name for name in SWITCHES if getattr(self, name)]
        return " ".join(classes)

    @property
    def is_default(self) -> bool:
        return self == Prefs()

    @staticmethod
    def for_script() -> str:
        """The cookie's name and grammar, and each variant's speech language,
        for reader.js as JSON (a data attribute of the settings form, the
        same on every page): the script never repeats them."""
        return json.dumps({"cookie": COOKIE, "choices": CHOICES, "switches": SWITCHES,
                           "speech": {v.code: v.speech_lang for v in VARIANTS}},
                          separators=(",", ":"))


LABELS: dict[str, tuple[str, dict[str, str]]] = {
    "size": ("字号", {"s": "小", "m": "中", "l": "大", "xl": "特大"}),
    "contrast": ("配色", {"default": "默认", "yb": "黑底黄字", "by": "黄底黑字", "wb": "蓝底白字"}),
    "spacing": ("行距", {"normal": "标准", "wide": "宽松"}),
    "tables": ("手机上的表格", {"stack": "按行显示", "scroll": "整表滑动"}),
}
SWITCH_LABELS = {"pinyin": "拼音", "cursor": "大鼠标", "guide": "阅读线", "strip": "显示屏",
                 "crosshair": "十字光标", "textonly": "纯文本"}


@dataclass(frozen=True)
class Option:
    name: str  # the preference this button sets
    value: str  # what it sets it to
    label: str
    on: bool  # shown as aria-pressed


@dataclass(frozen=True)
class Group:
    legend: str
    options: tuple[Option, ...]


def mode_groups(prefs: Prefs) -> list[Group]:
    """The settings panel: each choice a group of buttons, the switches one
    group of toggle buttons."""
    groups = []
    for name, (legend, labels) in LABELS.items():
        current = getattr(prefs, name)
        groups.append(Group(legend, tuple(Option(name, v, label, v == current)
                                          for v, label in labels.items())))
    groups.append(Group("辅助功能", tuple(
        Option(name, "0" if getattr(prefs, name) else "1", label, getattr(prefs, name))
        for name, label in SWITCH_LABELS.items())))
    return groups
