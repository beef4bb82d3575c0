"""The site's editorial choices of character, applied as rules.

OpenCC picks a character per phrase; where the written standard of a region
picks one character for every compound, the site follows the standard, in
every compound OpenCC's phrase dictionary knows and in any it does not.
Each rule: the simplified source character, its form per region, the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Policy:
    source: str  # one simplified character
    forms: dict[str, str]  # variant code → the character written there
    reason: str


POLICIES: tuple[Policy, ...] = (
    Policy("布", {"zh-Hant-TW": "布", "zh-Hant-HK": "布"},
           "Taiwan's 法律統一用字表 writes 公布、分布、頒布 with 布, and Hong Kong "
           "government text writes 發布、公布、散布; OpenCC writes 佈 in many compounds "
           "(散佈, 佈告, 擺佈)."),
    Policy("占", {"zh-Hant-TW": "占"},
           "Taiwan's 法律統一用字表 writes 占、占有、獨占 with 占; Hong Kong writes 佔 "
           "(OpenCC's s2hk output is kept)."),
)

BY_TARGET: dict[str, dict[str, str]] = {}
for _policy in POLICIES:
    for _target, _form in _policy.forms.items():
        BY_TARGET.setdefault(_target, {})[_policy.source] = _form
_patterns = {target: re.compile("[" + "".join(rules) + "]") for target, rules in BY_TARGET.items()}


def apply(source: str, converted: str, target: str) -> str:
    """Lay the rules for ``target`` over ``converted``, the conversion of
    simplified ``source`` (same length)."""
    rules = BY_TARGET.get(target)
    if not rules or len(source) != len(converted) or rules.keys().isdisjoint(source):
        return converted
    chars = list(converted)
    for match in _patterns[target].finditer(source):
        chars[match.start()] = rules[match.group()]
    return "".join(chars)
