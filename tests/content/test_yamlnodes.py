"""YAML read as plain strings with the line of every node."""

from __future__ import annotations

import pytest

from reader.content.problems import ContentError
from reader.content.yamlnodes import Mapping, Scalar, Sequence, parse


def test_every_scalar_is_a_string_with_its_line() -> None:
    root = parse("a: +1\nb: 0938\nc:\n  - yes\n  - 1.50 \n", first_line=10)
    assert isinstance(root, Mapping) and root.line == 10
    (a, one), (b, zero), (c, items) = root.items
    assert (a, one) == (Scalar("a", 10), Scalar("+1", 10))
    assert zero == Scalar("0938", 11)  # the leading zero stays
    assert isinstance(items, Sequence) and items.line == 13
    assert items.items == [Scalar("yes", 13), Scalar("1.50", 14)]  # not True, not 1.5
    assert c == Scalar("c", 12)


def test_empty_text_is_none() -> None:
    assert parse("") is None
    assert parse("# only a comment\n") is None


def test_a_duplicate_key_names_both_lines() -> None:
    with pytest.raises(ContentError) as caught:
        parse("title: a\nyear: 2019\ntitle: b\n", first_line=2)
    assert caught.value.line == 4 and "title" in caught.value.message
    assert "line 2" in caught.value.hint


def test_a_syntax_error_points_to_its_line() -> None:
    with pytest.raises(ContentError) as caught:
        parse("a: 1\nb: [unclosed\nc: 3\n", first_line=5)
    assert caught.value.line == 6  # where the unclosed bracket opens, not where it was noticed
    assert caught.value.message.startswith("YAML syntax")


def test_a_key_must_be_plain_text() -> None:
    with pytest.raises(ContentError, match="plain text"):
        parse("? [a, b]\n: value\n")
