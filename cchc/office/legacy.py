"""Vietnamese typed in the legacy font encodings still found on older office PCs, converted to
Unicode (NFC).

Before Unicode (TCVN 6909:2001, required in government documents since 2001) Vietnamese was typed
in fonts that draw Vietnamese letters in place of Latin-1 characters: TCVN3 (".VnTime", one
character per letter: "Mét sè c¸n bé" is "Một số cán bộ") and VNI ("VNI-Times", a letter then a
mark character: "Keát hôïp" is "Kết hợp"). A file keeps those characters; only the font made them
readable. The mapping tables are data (data/tcvn3.json, data/vni.json).

Detection: a text is converted only when it holds no letter that exists only in Unicode
Vietnamese (ă, đ, ơ, ư, ạ, ế…), and when the conversion reads as strictly more Vietnamese
syllables than the text as it stands — so "Hoàn thành" or "Có", which are already Unicode and
use only Latin-1 letters, are left alone.
"""

import json
import re
import unicodedata
from functools import cache
from pathlib import Path

_DATA = Path(__file__).with_name("data")
ENCODINGS = ("TCVN3", "VNI")
_TONES = {"\u0300": "huyền", "\u0301": "sắc", "\u0303": "ngã", "\u0309": "hỏi", "\u0323": "nặng"}
_STOPS = ("c", "ch", "p", "t")
_SYLLABLE = re.compile(
    r"^(ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnprstvx])?"
    r"(iêu|yêu|uyê|ươi|ươu|uôi|oai|oay|oeo|uây|uya|uyu|ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|ôi|ơi|ua|uâ"
    r"|uê|ui|uô|uơ|uy|ưa|ưi|ưu|ươ|yê|oo|a|ă|â|e|ê|i|o|ô|ơ|u|ư|y)"
    r"(ch|c|m|ng|nh|n|p|t)?$"
)
_WORD = re.compile(r"[^\W\d_]+")


@cache
def table(encoding):
    """{unicode letter: legacy characters} of `encoding` (TCVN3 or VNI)."""
    data = json.loads((_DATA / f"{encoding.lower()}.json").read_text(encoding="utf-8"))
    return {uni: code for uni, code in data["pairs"]}


@cache
def _decoder(encoding):
    pairs = {code: uni for uni, code in table(encoding).items()}
    # Longest first: in VNI "aù" is á, while "ù" alone is ù.
    pattern = re.compile("|".join(re.escape(c) for c in sorted(pairs, key=len, reverse=True)))
    return pattern, pairs


def decode(text, encoding):
    """`text` as typed in a legacy font, in Unicode NFC."""
    pattern, pairs = _decoder(encoding)
    return unicodedata.normalize("NFC", pattern.sub(lambda m: pairs[m.group(0)], text))


def encode(text, encoding):
    """Unicode text as a legacy font would have stored it (for tests and for the tables' check)."""
    codes = table(encoding)
    return "".join(codes.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


@cache
def _unicode_only():
    """Letters that exist in Unicode Vietnamese but in neither legacy encoding's characters."""
    letters = set()
    for encoding in ENCODINGS:
        letters |= set(table(encoding))
    legacy_chars = {ch for encoding in ENCODINGS for code in table(encoding).values() for ch in code}
    return frozenset(ch for ch in letters if ch not in legacy_chars and ord(ch) > 0xFF)


def is_syllable(word):
    """Whether `word` can be a Vietnamese syllable: initial, vowel nucleus, final, at most one tone
    mark, and only sắc or nặng before a stop final (c, ch, p, t)."""
    parts = unicodedata.normalize("NFD", word.lower())
    tones = [ch for ch in parts if ch in _TONES]
    if len(tones) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(ch for ch in parts if ch not in _TONES))
    found = _SYLLABLE.match(bare)
    if not found:
        return False
    if found.group(3) in _STOPS and (not tones or tones[0] not in ("\u0301", "\u0323")):
        return False
    return True


def _score(text):
    return sum(1 if is_syllable(w) else -1 for w in _WORD.findall(text))


def detect(text):
    """The legacy encoding `text` was typed in, or None (plain ASCII, or Unicode already)."""
    if not isinstance(text, str) or text.isascii():
        return None
    if any(ch in _unicode_only() for ch in unicodedata.normalize("NFC", text)):
        return None
    if not any(0x80 <= ord(ch) <= 0xFF for ch in text):
        return None
    base = _score(text)
    best, best_score = None, base
    for encoding in ENCODINGS:
        converted = decode(text, encoding)
        if converted == text:
            continue
        score = _score(converted)
        if score > best_score:
            best, best_score = encoding, score
    return best


def fix_text(text):
    """(text in Unicode NFC, the legacy encoding it was converted from or None)."""
    encoding = detect(text)
    if encoding is None:
        return text, None
    return decode(text, encoding), encoding
