"""No locality's name is written in code: the bundled default town's words live only in its data
files (cchc/*/data/), so another town or province needs no code.

Decision: the scan covers the installable package — every .py, template, .js and .txt under cchc/
outside its data/ folders. Tests, bench/ and the shell scripts' comments may name the default's
words: they assert on, generate or describe the bundled demo data, which is An Khê's by design."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WORDS = ("An Khê", "Gia Lai", "158/UBND-NV")
SCANNED = [
    p
    for p in (ROOT / "cchc").rglob("*")
    if p.is_file()
    and p.suffix in (".py", ".html", ".js", ".txt")
    and "data" not in p.relative_to(ROOT).parts
    and "__pycache__" not in p.parts
]


def test_the_scan_sees_the_code():
    names = {p.relative_to(ROOT).as_posix() for p in SCANNED}
    assert {"cchc/reporting/documents.py", "cchc/templates/base.html", "cchc/consolidation/reminders.py"} <= names


@pytest.mark.parametrize("word", WORDS)
def test_no_locality_words_outside_the_bundled_data(word):
    found = [
        f"{p.relative_to(ROOT)}:{n}"
        for p in SCANNED
        for n, line in enumerate(p.read_text(encoding="utf-8", errors="replace").splitlines(), start=1)
        if word in line
    ]
    assert found == [], f"«{word}» viết trong mã: {', '.join(found)}"


def test_the_bundled_data_does_carry_them():
    data = (ROOT / "cchc" / "locality" / "data" / "an-khe-2021.json").read_text(encoding="utf-8")
    assert all(word in data for word in WORDS)
