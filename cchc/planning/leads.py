"""Finding the lead unit (cơ quan chủ trì) of a task from the way a plan writes its name.

Plans write the same office many ways: "Phòng Nội vụ", "Nội vụ", "P. Nội vụ", "Phòng Nội vụ thị xã";
"Văn phòng HĐND và UBND thị xã", "Văn phòng HĐND-UBND", "VP HĐND và UBND". Names are compared after
dropping case, diacritics, punctuation, "và"/"&", dashes and "thị xã"; then without the kind word in
front ("Phòng", "UBND phường", "xã", "P."); then against the codes and the short list of abbreviations
in data/aliases.json (what no rule can derive: "TC-KH", "LĐTBXH"…).

Decisions (the plan's appendix has one lead per task; indicator 1.1.1 counts the plan's tasks):
- several units in the lead cell ("Phòng Nội vụ, Văn phòng HĐND và UBND"): the first is the lead,
  the others go in front of the partners (cơ quan phối hợp);
- a group of units as lead ("UBND các xã, phường", "Các cơ quan chuyên môn") is refused: expanding it
  to one task per ward would change the plan's task count, so the row must name one lead and list the
  others as partners.
"""

import json
import re
from pathlib import Path

from cchc.orgunits.models import OrgUnit

from .deadlines import plain

ALIASES_FILE = Path(__file__).resolve().parent / "data" / "aliases.json"
SEPARATORS = re.compile(r"[,;\n+]")
KIND_WORDS = {"ubnd", "phong", "phuong", "p", "xa"}
GROUP = re.compile(r"\bcac (?:xa|phuong|co quan|phong|don vi|dia phuong)\b|\bxa,? phuong\b|\bphuong,? xa\b")
EXPANSIONS = [
    (r"\buy ban nhan dan\b", "ubnd"),
    (r"\bhoi dong nhan dan\b", "hdnd"),
    (r"\bvp\b", "van phong"),
    (r"\bthi xa\b", " "),
    (r"\btx\b", " "),
    (r"\ban khe\b", " "),
    (r"\bva\b", " "),
]


class LeadError(ValueError):
    pass


def key(name):
    """A unit name reduced to what identifies it: "Văn phòng HĐND – UBND thị xã" → "van phong hdnd ubnd"."""
    text = plain(name)
    text = re.sub(r"\([^)]*\)", " ", text).replace("&", " va ")
    text = re.sub(r"[-/.,:;'\"]", " ", text)
    text = re.sub(r"\s+", " ", text)
    for pattern, repl in EXPANSIONS:
        text = re.sub(pattern, repl, text)
    return re.sub(r"\s+", " ", text).strip()


def core(k):
    """The key without the kind word in front: "phong noi vu" → "noi vu", "ubnd phuong ngo may" → "ngo may"."""
    words = k.split()
    while words and words[0] in KIND_WORDS:
        words = words[1:]
    return " ".join(words)


class LeadMatcher:
    """Built once per import from the units in the database and the alias file."""

    def __init__(self, units=None):
        units = list(units if units is not None else OrgUnit.objects.filter(active=True))
        self.by_code = {u.code.upper(): u for u in units}
        self.full, cores = {}, {}
        aliases = json.loads(ALIASES_FILE.read_text(encoding="utf-8"))
        for unit in units:
            names = [unit.name] + [a for a in aliases.get(unit.code, [])]
            for name in names:
                k = key(name)
                self.full.setdefault(k, unit)
                if core(k):
                    cores.setdefault(core(k), set()).add(unit)
        # A short name that two units share (rare in a town, but a province has many "An Phú") is
        # no name at all: it must be written in full.
        self.core = {k: next(iter(us)) for k, us in cores.items() if len(us) == 1}
        self.ambiguous = {k for k, us in cores.items() if len(us) > 1}

    def find(self, name):
        """The unit named `name`; raises LeadError (message without the row, the caller adds it)."""
        name = name.strip()
        if name.upper() in self.by_code:
            return self.by_code[name.upper()]
        k = key(name)
        if k in self.full:
            return self.full[k]
        if core(k) in self.core:
            return self.core[core(k)]
        if core(k) in self.ambiguous:
            raise LeadError(f"tên «{name}» trùng với nhiều đơn vị, ghi tên đầy đủ (ví dụ «UBND phường …»)")
        raise LeadError(f"không có đơn vị «{name}» (cơ quan chủ trì); ghi đúng tên đơn vị, ví dụ «Phòng Nội vụ»")

    def split(self, cell, partners=""):
        """(lead unit, partners) from a lead cell that may name several units."""
        text = (cell or "").strip()
        if not text:
            raise LeadError("thiếu cơ quan chủ trì")
        first, *rest = [p.strip() for p in SEPARATORS.split(text) if p.strip()]
        try:
            lead = self.find(first)
        except LeadError:
            if GROUP.search(plain(text)):
                raise LeadError(
                    f"cơ quan chủ trì «{text}» là nhiều đơn vị; mỗi nhiệm vụ cần một cơ quan chủ trì "
                    f"cụ thể (ghi các đơn vị còn lại ở cột Cơ quan phối hợp)"
                ) from None
            raise
        others = ", ".join(rest)
        partners = (partners or "").strip()
        if others:
            partners = f"{others}, {partners}" if partners else others
        return lead, partners
