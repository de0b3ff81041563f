"""Search that ignores case and diacritics, the way people type on a phone ("ngo may" finds
"UBND phường Ngô Mây"), identical on SQLite and PostgreSQL.

Neither database folds Vietnamese the same way (SQLite's LIKE folds ASCII only; PostgreSQL's
unaccent is an extension we cannot assume), so the folding is done once, in Python: a unit keeps a
folded copy of its code and name (`OrgUnit.search`), and a query is folded the same way and
matched with a plain, case-sensitive `contains` on that column.
"""

import re
import unicodedata


def fold(text):
    """Lower case, without diacritics (đ → d), spaces collapsed: "  UBND  Phường Ngô Mây" → "ubnd phuong ngo may"."""
    text = unicodedata.normalize("NFD", str(text or "")).replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return re.sub(r"\s+", " ", text).strip().lower()


def matches(query, *texts):
    """Whether a folded query is found in any of the texts (for the few lists searched in Python)."""
    q = fold(query)
    return not q or any(q in fold(t) for t in texts)
