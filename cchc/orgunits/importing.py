"""Loading units in bulk from CSV (a province's hundreds of communes at once): all or nothing."""
import csv
import io
import re

from django.db import transaction

from cchc.audit.log import record

from .models import OrgUnit

CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,31}$")
REQUIRED = ("code", "name", "kind", "parent")
OPTIONAL = ("emails", "leader_title", "leader_name", "reports")
KINDS = {k.value for k in OrgUnit.Kind}


class UnitFileError(ValueError):
    def __init__(self, messages):
        super().__init__("\n".join(messages))
        self.messages = messages


def read_rows(data):
    """Parse CSV bytes into dicts; raises UnitFileError naming each bad row (by its line number)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnitFileError(["Tệp không phải văn bản UTF-8."]) from None
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [h for h in REQUIRED if h not in header]
    if missing:
        raise UnitFileError([f"Thiếu cột: {', '.join(missing)} (dòng tiêu đề phải là code,name,kind,parent)."])
    reader.fieldnames = header
    rows, errors, seen = [], [], {}
    for line, row in enumerate(reader, start=2):
        row = {k: (v or "").strip() for k, v in row.items() if k}
        if not any(row.values()):
            continue
        code, kind = row["code"], row["kind"]
        if not CODE.match(code):
            errors.append(f"Dòng {line}: mã đơn vị «{code}» không hợp lệ (chữ in hoa không dấu, số, - hoặc _).")
        elif code in seen:
            errors.append(f"Dòng {line}: mã đơn vị «{code}» trùng với dòng {seen[code]}.")
        seen.setdefault(code, line)
        if not row["name"]:
            errors.append(f"Dòng {line}: thiếu tên đơn vị.")
        if kind not in KINDS:
            errors.append(f"Dòng {line}: loại đơn vị «{kind}» không hợp lệ (chọn: {', '.join(sorted(KINDS))}).")
        row["line"] = line
        rows.append(row)
    existing = dict(OrgUnit.objects.values_list("code", "parent__code"))
    parents = dict(existing)
    parents.update({r["code"]: r["parent"] or None for r in rows})
    for row in rows:
        parent = row["parent"]
        if parent and parent not in parents:
            errors.append(f"Dòng {row['line']}: đơn vị cấp trên «{parent}» không tồn tại.")
        elif parent:
            # Walk up: a unit cannot end up its own ancestor.
            node, steps = parent, 0
            while node and steps <= len(parents):
                if node == row["code"]:
                    errors.append(f"Dòng {row['line']}: đơn vị «{row['code']}» không thể là cấp trên của chính nó.")
                    break
                node, steps = parents.get(node), steps + 1
    if errors:
        raise UnitFileError(errors)
    return rows


@transaction.atomic
def import_units(data, by=None):
    """Add or update units from CSV bytes. Returns (created, updated)."""
    rows = read_rows(data)
    existing = {u.code: u for u in OrgUnit.objects.all()}
    from cchc.reporting import totals

    buckets = {code: totals.bucket(u) for code, u in existing.items()}
    created, updated = [], []
    next_position = max((u.position for u in existing.values()), default=0) + 1
    for row in rows:
        unit = existing.get(row["code"])
        fields = {"name": row["name"], "kind": row["kind"]}
        for opt in ("emails", "leader_title", "leader_name"):
            if opt in row:
                fields[opt] = row[opt]
        if "reports" in row and row["reports"] != "":
            fields["reports"] = row["reports"].lower() in ("1", "true", "yes", "có", "x")
        elif unit is None:
            fields["reports"] = not (row["kind"] in ("town", "province") and not row["parent"])
        if unit is None:
            unit = OrgUnit(code=row["code"], position=next_position, **fields)
            next_position += 1
            created.append(unit)
        else:
            for k, v in fields.items():
                setattr(unit, k, v)
            updated.append(unit)
    for unit in created + updated:
        unit.fill_search()
    OrgUnit.objects.bulk_create(created, batch_size=1000)
    # Parents may be units of this same file: resolve them once every unit has a primary key, on
    # the very objects that carry the new names and kinds.
    ids = dict(OrgUnit.objects.values_list("code", "pk"))
    changed = created + updated
    by_code = {u.code: u for u in changed}
    for row in rows:
        unit = by_code[row["code"]]
        if unit.pk is None:
            unit.pk = ids[unit.code]
        unit.parent_id = ids[row["parent"]] if row["parent"] else None
    OrgUnit.objects.bulk_update(changed, ["name", "kind", "parent", "emails", "leader_title", "leader_name", "reports",
                                          "search"],
                                batch_size=1000)
    # A unit that changed kind moves its counted values in the kept figures of consolidation.
    for unit in updated:
        totals.unit_moved(unit, buckets[unit.code])
    record("units.import", user=by, created=len(created), updated=len(updated))
    return len(created), len(updated)
