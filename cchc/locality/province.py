"""A province under the two-level model (from 1/7/2025), from the official list of the
`vietnam-provinces` package: its name, its communes and wards, and the bundled template of its
words, departments (sở) and the form's responsible units (data/province-2025.json and
data/province-departments-2025.csv, which an office may copy and edit).

Unit codes are derived from the official codes so they never change when a name does: the People's
Committee of the province is "T" + the province code ("T52"), each commune, ward and special zone
its 5-digit official code ("23311"); departments keep the short codes of the departments file.
"""

import csv
import difflib
import io
import json
import unicodedata

from vietnam_provinces import Province, VietNamDivisionType, Ward

from .words import DATA_DIR

TEMPLATE_FILE = DATA_DIR / "province-2025.json"
KIND_OF = {
    VietNamDivisionType.PHUONG: "ward",
    VietNamDivisionType.XA: "commune",
    # A special zone (đặc khu) is a commune-level government of an island district.
    VietNamDivisionType.DAC_KHU: "commune",
}


class ProvinceNotFound(ValueError):
    pass


def fold(text):
    """Lower case without diacritics or the tier word: "Tỉnh Gia  Lai" → "gia lai"."""
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = " ".join(text.replace("_", " ").replace("-", " ").split())
    for prefix in ("thanh pho ", "tp. ", "tp ", "tinh "):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    return text


def short_name(province):
    """ "Thành phố Hà Nội" → "Hà Nội"; "Đắk Lắk" → "Đắk Lắk"."""
    name = province.name
    if name.lower().startswith("thành phố "):
        return name[len("thành phố ") :]
    return name


def tier(province):
    return "thành phố" if province.division_type == VietNamDivisionType.THANH_PHO_TRUNG_UONG else "tỉnh"


def find_province(name):
    """The province named `name` (case, diacritics and "tỉnh"/"thành phố" ignored; its official
    number or codename also do). ProvinceNotFound with the closest names otherwise."""
    provinces = list(Province.iter_all())
    wanted = fold(str(name or ""))
    for p in provinces:
        if wanted in (fold(p.name), fold(p.codename)) or wanted.lstrip("0") == str(int(p.code)):
            return p
    folded = {fold(p.name): p for p in provinces}
    close = difflib.get_close_matches(wanted, list(folded), n=5, cutoff=0.6)
    close += [k for k in folded if wanted and (wanted in k or k in wanted) and k not in close]
    names = [short_name(folded[k]) for k in close] or sorted(short_name(p) for p in provinces)
    label = "Gần nhất" if close else "Các tỉnh, thành phố"
    raise ProvinceNotFound(
        f"Không có tỉnh, thành phố «{name}» trong danh mục 34 tỉnh, thành phố năm 2025. {label}: {', '.join(names)}."
    )


def template():
    return json.loads(TEMPLATE_FILE.read_text(encoding="utf-8"))


def _fill(value, words):
    if isinstance(value, str):
        return value.format(**words)
    if isinstance(value, list):
        return [_fill(v, words) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, words) for k, v in value.items()}
    return value


def placeholders(province):
    level = tier(province)
    return {
        "tier": level,
        "name": short_name(province),
        "code": f"{int(province.code):02d}",
        "party": "Thành ủy" if level == "thành phố" else "Tỉnh ủy",
    }


def locality_words(province, tpl=None):
    """The contract's locality JSON for the province, from the bundled template."""
    return _fill((tpl or template())["locality"], placeholders(province))


def root_code(province, tpl=None):
    return _fill((tpl or template())["root"]["code"], placeholders(province))


def wards(province):
    """The province's communes, wards and special zones, in the official list's order."""
    return list(Ward.iter_by_province(province.code))


def ward_code(ward):
    return f"{int(ward.code):05d}"


def ward_name(ward):
    """ "Phường Hoàn Kiếm" → "UBND phường Hoàn Kiếm" (the body that reports is its People's Committee)."""
    word = ward.division_type.value
    return f"UBND {word} {ward.name[len(word) :].strip()}"


def units_csv(province, departments_csv, tpl=None):
    """The province's units as the CSV of `cchc units import` (code,name,kind,parent,leader_title):
    its People's Committee, the departments of `departments_csv` (bytes: code,name,kind,leader_title,
    with {tier} for «tỉnh»/«thành phố»), then every commune, ward and special zone."""
    tpl = tpl or template()
    words = placeholders(province)
    root = root_code(province, tpl)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["code", "name", "kind", "parent", "leader_title"])
    writer.writerow([root, f"UBND {words['tier']} {words['name']}", "province", "", tpl["root"]["leader_title"]])
    try:
        text = departments_csv.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError("Tệp danh sách sở, ban, ngành không phải văn bản UTF-8.") from None
    for row in csv.DictReader(io.StringIO(text)):
        row = {k.strip(): (v or "").strip() for k, v in row.items() if k}
        if not any(row.values()):
            continue
        writer.writerow(
            [
                row.get("code", ""),
                _fill(row.get("name", ""), words),
                row.get("kind") or "department",
                root,
                row.get("leader_title", ""),
            ]
        )
    for ward in wards(province):
        writer.writerow(
            [ward_code(ward), ward_name(ward), KIND_OF[ward.division_type], root, tpl["commune_leader_title"]]
        )
    return out.getvalue().encode("utf-8")
