"""The script variants a reader can choose, and their web addresses."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Variant:
    code: str  # BCP 47 tag, used in <html lang> and hreflang
    prefix: str  # URL path prefix; "" for the default
    label: str  # the name of the variant, written in that variant
    configs: dict[str, str | None]  # source script → OpenCC config (None: as is)
    # the regional tag speech engines and Word know the language by: the voice
    # that reads the page aloud, and w:lang / the core properties of a .docx
    speech_lang: str


VARIANTS: tuple[Variant, ...] = (
    Variant("zh-Hans-CN", "", "简体", {"zh-Hans": None, "zh-Hant": "t2s"}, "zh-CN"),
    Variant("zh-Hant-TW", "/zh-hant-tw", "繁體（臺灣）", {"zh-Hans": "s2tw", "zh-Hant": "t2tw"},
            "zh-TW"),
    Variant("zh-Hant-HK", "/zh-hant-hk", "繁體（香港）", {"zh-Hans": "s2hk", "zh-Hant": "t2hk"},
            "zh-HK"),
)
DEFAULT = VARIANTS[0]
BY_CODE = {v.code: v for v in VARIANTS}
BY_PREFIX = {v.prefix.strip("/"): v for v in VARIANTS if v.prefix}


def split_path(path: str) -> tuple[Variant, str]:
    """('/zh-hant-tw/reports/x') → (Taiwan variant, '/reports/x')."""
    first, _, rest = path.lstrip("/").partition("/")
    variant = BY_PREFIX.get(first)
    if variant is None:
        return DEFAULT, path
    return variant, "/" + rest


def from_accept_language(header: str) -> Variant | None:
    """The variant a browser's Accept-Language asks for, if it names one."""
    best: tuple[float, Variant] | None = None
    for part in header.split(",")[:20]:
        tag, _, params = part.strip().partition(";")
        tag = tag.strip().lower()
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        if not tag.startswith("zh"):
            continue
        if tag in ("zh-tw", "zh-hant-tw", "zh-hant"):
            variant = BY_CODE["zh-Hant-TW"]
        elif tag in ("zh-hk", "zh-mo", "zh-hant-hk", "zh-hant-mo"):
            variant = BY_CODE["zh-Hant-HK"]
        else:
            variant = DEFAULT
        if best is None or quality > best[0]:
            best = (quality, variant)
    return best[1] if best else None
