"""Loading units in bulk from CSV (a province's hundreds of communes at once): all or nothing."""

from __future__ import annotations

import csv
import io
import re
from typing import TYPE_CHECKING

from django.db import transaction

from cchc.audit.log import record

from .models import OrgUnit

if TYPE_CHECKING:
    from django.contrib.auth.models import User


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


FIELDS = ("name", "kind", "emails", "leader_title", "leader_name", "reports")


@transaction.atomic
def import_units(data: bytes, by: User | str | None = None) -> tuple[int, int]:
    """Add or update units from CSV bytes. Returns (created, updated): how many units of the file
    were new, and how many already existed (written only where something changed).

    A province's thousands of units are inserted in bulk, parents before children (each wave's
    parent ids known before it is inserted), so no row is written twice; an unchanged file writes
    nothing but its audit row."""
    from cchc.reporting import totals

    rows = read_rows(data)
    existing = {u.code: u for u in OrgUnit.objects.all()}
    buckets = {code: totals.bucket(u) for code, u in existing.items()}
    ids = {code: u.pk for code, u in existing.items()}
    created, changed, updated = [], [], 0
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
            created.append((OrgUnit(code=row["code"], position=next_position, **fields).fill_search(), row["parent"]))
            next_position += 1
            continue
        updated += 1
        before = [getattr(unit, f) for f in FIELDS] + [unit.parent_id]
        for k, v in fields.items():
            setattr(unit, k, v)
        unit.fill_search()
        # A parent of this same file that is new gets its id below; compare after.
        changed.append((unit, row["parent"], before))
    pending = created
    while pending:
        wave = [(u, parent) for u, parent in pending if not parent or parent in ids]
        if not wave:  # read_rows refuses unknown parents and cycles; this cannot loop
            break
        for unit, parent in wave:
            unit.parent_id = ids[parent] if parent else None
        OrgUnit.objects.bulk_create([u for u, _ in wave], batch_size=1000)
        ids.update(OrgUnit.objects.filter(code__in=[u.code for u, _ in wave]).values_list("code", "pk"))
        pending = [(u, parent) for u, parent in pending if u.code not in ids]
    dirty = []
    for unit, parent, before in changed:
        unit.parent_id = ids[parent] if parent else None
        if [getattr(unit, f) for f in FIELDS] + [unit.parent_id] != before:
            dirty.append(unit)
    if dirty:
        OrgUnit.objects.bulk_update(dirty, [*FIELDS, "parent", "search"], batch_size=500)
    # A unit that changed kind moves its counted values in the kept figures of consolidation.
    for unit in dirty:
        totals.unit_moved(unit, buckets[unit.code])
    record("units.import", user=by, created=len(created), updated=updated, changed=len(dirty))
    return len(created), updated
