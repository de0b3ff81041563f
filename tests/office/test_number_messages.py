"""Vietnamese number formatting applies to numbers, never to whole sentences: a message such as
"Tệp big50.xlsx quá lớn" once came out "big50,xlsx", and "200.000 ký tự" as "200,000"."""

import ast
from pathlib import Path

import pytest

from cchc.office.numbers import format_megabytes, format_number
from cchc.reporting.actions import ReportError, save_report

SOURCE = Path(__file__).resolve().parents[2] / "cchc"


def test_it_formats_megabytes_the_vietnamese_way():
    assert format_megabytes(5 * 1024 * 1024) == "5"
    assert format_megabytes(5_452_595) == "5,2"
    assert format_megabytes(1_234 * 1024 * 1024) == "1.234"
    assert format_number(200_000) == "200.000"


def test_it_says_how_long_a_narrative_may_be_with_a_vietnamese_number(unit, period):
    with pytest.raises(ReportError) as refused:
        save_report(unit("NGO-MAY"), period("2021-Q1"), values={}, narrative={"difficulties": "x" * 200_001})
    assert "(tối đa 200.000 ký tự)" in str(refused.value)


def _offences(tree):
    """f-strings with Python's "," grouping (English style) and .replace() run over a whole f-string."""
    for node in ast.walk(tree):
        if isinstance(node, ast.FormattedValue) and node.format_spec is not None:
            spec = "".join(v.value for v in node.format_spec.values if isinstance(v, ast.Constant))
            if "," in spec or "_" in spec:
                yield node.lineno, "thousands grouped by Python's format spec"
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "replace"
            and isinstance(node.func.value, ast.JoinedStr)
        ):
            yield node.lineno, ".replace() over a whole message"


def test_no_message_is_formatted_by_replacing_characters_in_the_sentence():
    """The one helper (cchc/office/numbers.py) formats each figure; nothing rewrites a sentence."""
    found = [
        f"{path.relative_to(SOURCE.parent)}:{line}: {why}"
        for path in sorted(SOURCE.rglob("*.py"))
        for line, why in _offences(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert not found, "\n".join(found)
