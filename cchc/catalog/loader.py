"""Load a year's report form from its data file (cchc/catalog/data/form-YYYY.json).

The file mirrors the appendix row by row: STT as printed, wording, đơn vị tính, kind, and the Ghi
chú (responsible unit) where the form writes one — it applies to the rows below it until the next
Ghi chú, as on paper. "Trong đó" rows carry no STT and get their parent's code plus .a, .b, …
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from django.db import transaction

from cchc.orgunits.models import OrgUnit

from .models import Indicator, ReportForm, ValidationRule

DATA_DIR = Path(__file__).resolve().parent / "data"
KINDS = {k.value for k in Indicator.Kind}


class FormFileError(ValueError):
    pass


def bundled_forms():
    return sorted(DATA_DIR.glob("form-*.json"))


def parse_form_file(path):
    """Read and check a form file; returns (header, rows, rules) with codes resolved."""
    raw = Path(path).read_bytes()
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FormFileError(f"{path}: không đọc được tệp biểu mẫu ({exc})") from None
    rows, errors = [], []
    responsible = None
    last_numbered = None
    part_letter = 0
    seen = set()
    for i, row in enumerate(data.get("rows", []), start=1):
        if "responsible" in row:
            responsible = row["responsible"]
        kind = row.get("kind")
        if kind not in KINDS:
            errors.append(f"dòng {i}: loại chỉ tiêu «{kind}» không hợp lệ")
            continue
        if row.get("part"):
            if last_numbered is None:
                errors.append(f"dòng {i}: dòng «Trong đó» không có dòng tổng phía trên")
                continue
            code = f"{last_numbered['code']}.{chr(ord('a') + part_letter)}"
            part_letter += 1
            parent = last_numbered["code"]
        else:
            code = str(row.get("stt", "")).strip().rstrip(".")
            if not code:
                errors.append(f"dòng {i}: thiếu STT")
                continue
            parent = code.rsplit(".", 1)[0] if "." in code else ""
            part_letter = 0
        if code in seen:
            errors.append(f"dòng {i}: mã {code} bị trùng")
        seen.add(code)
        choices = row.get("choices")
        if kind == "choice" and not choices:
            errors.append(f"dòng {i}: chỉ tiêu lựa chọn {code} thiếu danh sách mã")
        entry = dict(
            code=code,
            stt=row.get("stt", ""),
            name=row["name"],
            measure=row.get("measure", ""),
            kind=kind,
            choices=choices if kind == "choice" else None,
            responsible=responsible,
            parent_code=parent,
            section=int(code.split(".")[0]),
            depth=code.count("."),
            stock=bool(row.get("stock")),
            part_of_parent=bool(row.get("part")),
        )
        rows.append(entry)
        if not row.get("part"):
            last_numbered = entry
    codes = {r["code"] for r in rows}
    rules = data.get("rules", [])
    for rule in rules:
        for code in rule.get("left", []) + (rule.get("right") or []):
            if code not in codes:
                errors.append(f"quy tắc {rule.get('code')}: mã chỉ tiêu {code} không có trong biểu mẫu")
        if rule.get("op", "<=") not in ("<=", "<", "==", ">=", ">"):
            errors.append(f"quy tắc {rule.get('code')}: phép so sánh {rule.get('op')} không hợp lệ")
        if rule.get("severity") not in ("error", "warning"):
            errors.append(f"quy tắc {rule.get('code')}: mức độ phải là error hoặc warning")
    if not isinstance(data.get("year"), int):
        errors.append("thiếu năm của biểu mẫu")
    if errors:
        raise FormFileError(f"{path}: " + "; ".join(errors))
    header = dict(
        year=data["year"],
        title=data.get("title", ""),
        source=data.get("source", ""),
        version=hashlib.sha256(raw).hexdigest()[:16],
    )
    return header, rows, rules


@transaction.atomic
def load_form(path: str | Path) -> ReportForm:
    """Create or update the form of the file's year. Returns the ReportForm.

    Rows are matched by code, so reloading after a wording fix keeps every stored value. A row
    taken out of the file is deleted only if no report holds a value for it.
    """
    header, rows, rules = parse_form_file(path)
    units = dict(OrgUnit.objects.values_list("code", "id"))
    missing = sorted({r["responsible"] for r in rows if r["responsible"] and r["responsible"] not in units})
    if missing:
        raise FormFileError(f"{path}: đơn vị chịu trách nhiệm không tồn tại: {', '.join(missing)}")
    form, _ = ReportForm.objects.update_or_create(
        year=header["year"], defaults=dict(title=header["title"], source=header["source"], version=header["version"])
    )
    existing = {i.code: i for i in form.indicators.all()}
    to_create, to_update = [], []
    for position, row in enumerate(rows, start=1):
        fields = dict(row, position=position, responsible_id=units.get(row["responsible"]))
        fields.pop("responsible")
        ind = existing.pop(row["code"], None)
        if ind is None:
            to_create.append(Indicator(form=form, **fields))
        else:
            for k, v in fields.items():
                setattr(ind, k, v)
            to_update.append(ind)
    Indicator.objects.bulk_create(to_create)
    if to_update:
        Indicator.objects.bulk_update(
            to_update, [f for f in rows[0] if f not in ("code", "responsible")] + ["position", "responsible_id"]
        )
    if existing:
        used = set(
            Indicator.objects.filter(pk__in=[i.pk for i in existing.values()], values__isnull=False).values_list(
                "code", flat=True
            )
        )
        if used:
            raise FormFileError(f"{path}: không thể bỏ chỉ tiêu đã có số liệu: {', '.join(sorted(used))}")
        Indicator.objects.filter(pk__in=[i.pk for i in existing.values()]).delete()
    form.rules.all().delete()
    ValidationRule.objects.bulk_create(
        ValidationRule(
            form=form,
            position=n,
            code=r["code"],
            kind=r.get("kind", "compare"),
            left=r.get("left", []),
            op=r.get("op", "<="),
            right=r.get("right"),
            constant=r.get("constant"),
            factor=r.get("factor"),
            severity=r["severity"],
            message=r.get("message", ""),
        )
        for n, r in enumerate(rules, start=1)
    )
    return form
