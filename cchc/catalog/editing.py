"""Changing a year's form: the one path every change takes — `cchc form import|copy`, the web's
row and rule edits and its upload — so the same checks hold everywhere.

A change is a whole new list of rows and rules (a `Draft`), compared with what is stored: codes
added, changed and removed. Nothing is stored when any row is wrong (messages name the row), and
an indicator that already holds a figure in some report of the year can be reworded but not
removed nor given another kind — that would silently drop or reinterpret figures units sent.
Every stored change is one transaction and one audit entry listing what changed.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Exists, OuterRef

from cchc.audit.log import record
from cchc.orgunits.models import OrgUnit

from . import lineage
from .models import Indicator, ReportForm, ValidationRule

if TYPE_CHECKING:
    from django.contrib.auth.models import User


KINDS = [k.value for k in Indicator.Kind]
KIND_LABELS = dict(Indicator.Kind.choices)
OPS = ("<=", "<", "==", ">=", ">")
SEVERITIES = ("error", "warning")
NUMBERED = re.compile(r"^\d+(\.\d+)*$")
PART = re.compile(r"^(\d+(?:\.\d+)*)\.([a-z])$")
# Fields compared to tell a changed row; position included, so a move is a change.
COMPARED = ("stt", "name", "measure", "kind", "responsible", "stock", "choices", "previous_code", "part_of_parent")


class FormInvalid(ValueError):
    """Rows or rules that cannot be taken; one Vietnamese message each. Nothing was stored."""

    def __init__(self, messages):
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))


@dataclass
class Row:
    code: str
    name: str
    stt: str = ""
    measure: str = ""
    kind: str = "count"
    responsible: str | None = None  # unit code
    stock: bool = False
    choices: dict | None = None
    previous_code: str = ""
    part_of_parent: bool = False
    line: int = 0  # the row of the file it came from (0: typed on the web)

    def __post_init__(self):
        # A "Trong đó" row is one by its code (parent + .a, .b…), wherever it came from.
        self.part_of_parent = bool(PART.match(self.code or ""))

    def where(self):
        return f"Dòng {self.line}" if self.line else f"STT {self.code}"

    def compared(self):
        d = asdict(self)
        return {k: d[k] for k in COMPARED}


@dataclass
class Draft:
    rows: list
    rules: list | None = None  # None: keep the stored rules (a directive's appendix prints none)
    title: str = ""
    source: str = ""
    warnings: list = field(default_factory=list)


@dataclass
class Changes:
    year: int
    added: list
    changed: list
    removed: list
    warnings: list = field(default_factory=list)
    rules_changed: bool = False
    stored: bool = False

    def as_dict(self):
        return {
            "year": self.year,
            "added": self.added,
            "changed": self.changed,
            "removed": self.removed,
            "rules_changed": self.rules_changed,
            "warnings": self.warnings,
            "stored": self.stored,
        }

    @property
    def empty(self):
        return not (self.added or self.changed or self.removed or self.rules_changed)


# --- What is stored, as a Draft -----------------------------------------------------------------


def rows_of(form):
    return [
        Row(
            code=i.code,
            stt=i.stt,
            name=i.name,
            measure=i.measure,
            kind=i.kind,
            responsible=i.responsible.code if i.responsible else None,
            stock=i.stock,
            choices=i.choices if i.kind == Indicator.Kind.CHOICE else None,
            previous_code=i.previous_code,
            part_of_parent=i.part_of_parent,
        )
        for i in form.indicators.select_related("responsible").order_by("position")
    ]


def rules_of(form):
    return [rule_dict(r) for r in form.rules.order_by("position")]


def rule_dict(r):
    out = {"code": r.code, "kind": r.kind, "left": list(r.left or []), "op": r.op, "severity": r.severity}
    if r.right:
        out["right"] = list(r.right)
    if r.constant is not None:
        out["constant"] = _plain_number(r.constant)
    if r.factor is not None:
        out["factor"] = _plain_number(r.factor)
    if r.message:
        out["message"] = r.message
    return out


def _plain_number(d):
    d = d.normalize()
    return int(d) if d == d.to_integral_value() else float(d)


def draft_of(form):
    return Draft(rows=rows_of(form), rules=rules_of(form), title=form.title, source=form.source)


def valued_codes(form):
    """Codes of the form that hold a figure in some report (of any status)."""
    if form is None or form.pk is None:
        return set()
    # An EXISTS per indicator stops at its first figure (the value table's indicator index); a
    # join with DISTINCT read every figure of the year — 2.7 million at 10,000 units, 90 ms.
    values = Indicator._meta.get_field("values").related_model.objects
    return set(
        Indicator.objects.filter(form=form)
        .filter(Exists(values.filter(indicator=OuterRef("pk"))))
        .values_list("code", flat=True)
    )


def is_locked(form):
    return Indicator.objects.filter(form=form, values__isnull=False).exists()


# --- Checking ----------------------------------------------------------------------------------


def parse_choices(text):
    """ "0: Chưa; 1: Hoàn thành" (our workbook) or "Chưa = 0 Hoàn thành = 1" (as the directive prints
    the unit of measure) → {"0": "Chưa", "1": "Hoàn thành"}; None when the text is neither."""
    text = " ".join(str(text or "").split())
    if not text:
        return None
    if ":" in text:
        out = {}
        for part in re.split(r"[;\n]", text):
            if not part.strip():
                continue
            key, sep, label = part.partition(":")
            if not sep or not key.strip().isdigit() or not label.strip():
                return None
            out[key.strip()] = label.strip()
        return dict(sorted(out.items(), key=lambda kv: int(kv[0]))) or None
    pairs = re.findall(r"\s*(.+?)\s*=\s*(\d+)", text)
    if len(pairs) < 2:
        return None
    return dict(sorted(((code, label.strip()) for label, code in pairs), key=lambda kv: int(kv[0])))


def choices_text(choices):
    return "; ".join(f"{k}: {v}" for k, v in (choices or {}).items())


def check(draft, year):
    """Messages for every wrong row and rule of a draft, in Vietnamese, naming the row."""
    errors = []
    units = set(OrgUnit.objects.values_list("code", flat=True))
    previous_codes = set(Indicator.objects.filter(form__year=year - 1).values_list("code", flat=True))
    seen, claimed = {}, {}
    for row in draft.rows:
        where = row.where()
        if not row.code:
            errors.append(f"{where}: thiếu STT.")
            continue
        if not (NUMBERED.match(row.code) or PART.match(row.code)):
            errors.append(f"{where}: STT «{row.stt or row.code}» không hợp lệ (dạng 1, 1.2, 1.2.3 hoặc 3.1.3.a).")
            continue
        if row.code in seen:
            errors.append(f"{where}: mã {row.code} trùng với {seen[row.code].where().lower()}.")
            continue
        parent = row.code.rsplit(".", 1)[0] if "." in row.code else ""
        if parent and parent not in seen:
            errors.append(f"{where}: mục cha {parent} của {row.code} không có phía trên.")
        seen[row.code] = row
        if not row.name.strip():
            errors.append(f"{where}: thiếu tên chỉ tiêu.")
        if len(row.name) > 2000 or len(row.measure) > 255:
            errors.append(f"{where}: tên chỉ tiêu hoặc đơn vị tính quá dài.")
        if row.kind not in KINDS:
            errors.append(f"{where}: loại «{row.kind}» không hợp lệ (heading, count, percent, choice).")
        if row.kind == Indicator.Kind.CHOICE and not row.choices:
            errors.append(f"{where}: chỉ tiêu lựa chọn {row.code} thiếu danh sách mã (ví dụ «0: Chưa; 1: Hoàn thành»).")
        if row.responsible and row.responsible not in units:
            errors.append(f"{where}: không có đơn vị mã «{row.responsible}» (đơn vị chủ trì).")
        prev = (row.previous_code or "").strip()
        if prev and prev.lower() not in lineage.NO_PREDECESSOR:
            if previous_codes and prev not in previous_codes:
                errors.append(f"{where}: mã năm trước {prev} không có trong biểu mẫu năm {year - 1}.")
            elif prev in claimed:
                errors.append(f"{where}: mã năm trước {prev} đã được {claimed[prev].where().lower()} dùng.")
            claimed[prev] = row
    if not draft.rows:
        errors.append("Biểu mẫu không có dòng nào.")
    errors += check_rules(draft.rules or [], seen)
    return errors


def check_rules(rules, rows):
    errors, codes = [], set()
    for n, rule in enumerate(rules, start=1):
        code = str(rule.get("code") or "").strip()
        where = f"Quy tắc {code or n}"
        if not code:
            errors.append(f"Quy tắc thứ {n}: thiếu mã quy tắc.")
        elif code in codes:
            errors.append(f"{where}: mã quy tắc trùng.")
        codes.add(code)
        kind = rule.get("kind", "compare")
        if kind not in ("compare", "jump"):
            errors.append(f"{where}: loại «{kind}» không hợp lệ (compare hoặc jump).")
        left, right = rule.get("left") or [], rule.get("right") or []
        if not left:
            errors.append(f"{where}: thiếu vế trái (mã chỉ tiêu).")
        for c in left + right:
            row = rows.get(c)
            if row is None:
                errors.append(f"{where}: mã chỉ tiêu {c} không có trong biểu mẫu.")
            elif row.kind == Indicator.Kind.HEADING:
                errors.append(f"{where}: {c} là dòng tiêu đề, không có số liệu.")
        if kind == "compare":
            if rule.get("op", "<=") not in OPS:
                errors.append(f"{where}: phép so sánh «{rule.get('op')}» không hợp lệ ({', '.join(OPS)}).")
            if not right and rule.get("constant") is None:
                errors.append(f"{where}: thiếu vế phải (mã chỉ tiêu hoặc một số).")
        if rule.get("severity") not in SEVERITIES:
            errors.append(f"{where}: mức độ phải là error (lỗi) hoặc warning (cảnh báo).")
    return errors


# --- Comparing and storing ---------------------------------------------------------------------


def compare(stored_rows, rows):
    """(added, changed, removed) codes; changed includes a row moved to another place."""
    before = {r.code: (n, r.compared()) for n, r in enumerate(stored_rows)}
    after_codes = [r.code for r in rows]
    order_before = [r.code for r in stored_rows if r.code in set(after_codes)]
    order_after = [c for c in after_codes if c in before]
    moved = {a for a, b in zip(order_after, order_before, strict=False) if a != b}
    added, changed = [], []
    for row in rows:
        if row.code not in before:
            added.append(row.code)
        elif before[row.code][1] != row.compared() or row.code in moved:
            changed.append(row.code)
    removed = [r.code for r in stored_rows if r.code not in set(after_codes)]
    return added, changed, removed


def _changes_in_detail(stored_rows, rows, changed):
    """{code: {field: [before, after]}} for the audit log (a rewording is what a reviewer asks about)."""
    before = {r.code: r.compared() for r in stored_rows}
    out = {}
    for row in rows:
        if row.code in changed:
            now = row.compared()
            diff = {k: [before[row.code][k], now[k]] for k in COMPARED if before[row.code][k] != now[k]}
            out[row.code] = diff or {"position": "moved"}
    return out


def _digest(rows, rules, title, source):
    body = json.dumps(
        {"rows": [r.compared() | {"code": r.code} for r in rows], "rules": rules, "title": title, "source": source},
        ensure_ascii=False,
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(body.encode()).hexdigest()[:16]


def _username(by):
    return by if isinstance(by, str) else None


def apply(year, draft, *, by=None, dry_run=False, published=None, action="form.import"):
    """Store the draft as the year's form (created if the year has none). Returns Changes;
    raises FormInvalid (nothing stored). `published`: the state of a form created here (a form that
    exists keeps its own)."""
    errors = check(draft, year)
    with transaction.atomic():
        form = ReportForm.objects.select_for_update().filter(year=year).first()
        stored = rows_of(form) if form else []
        stored_rules = rules_of(form) if form else []
        rules = stored_rules if draft.rules is None else draft.rules
        if draft.rules is None and form is None:
            rules = _last_years_rules(year, draft)
        added, changed, removed = compare(stored, draft.rows)
        valued = valued_codes(form)
        before_kind = {r.code: r.kind for r in stored}
        refused = []
        for code in removed:
            if code in valued:
                refused.append(f"STT {code}: không bỏ được chỉ tiêu đã có số liệu trong báo cáo năm {year}.")
        for row in draft.rows:
            if row.code in valued and before_kind.get(row.code) not in (None, row.kind):
                refused.append(
                    f"{row.where()}: không đổi được loại chỉ tiêu {row.code} "
                    f"(«{KIND_LABELS.get(before_kind[row.code])}» → «{KIND_LABELS.get(row.kind, row.kind)}») "
                    f"vì đã có số liệu trong báo cáo năm {year}."
                )
        refused += _choices_in_use(form, stored, draft.rows, valued)
        if errors or refused:
            raise FormInvalid(refused + errors)
        changes = Changes(
            year, added, changed, removed, warnings=list(draft.warnings), rules_changed=rules != stored_rules
        )
        if dry_run or (
            form is not None
            and changes.empty
            and (draft.title or form.title) == form.title
            and (draft.source or form.source) == form.source
        ):
            return changes
        title = draft.title or (form.title if form else "") or f"Biểu mẫu thống kê CCHC năm {year}"
        source = draft.source or (form.source if form else "")
        version = _digest(draft.rows, rules, title, source)
        if form is None:
            form = ReportForm.objects.create(
                year=year,
                title=title,
                source=source,
                version=version,
                published=True if published is None else published,
            )
        else:
            form.title, form.source, form.version = title, source, version
            form.save()  # bumps loaded_at: the cached FormSpec of the year is read afresh
        _write_rows(form, draft.rows, removed)
        form.rules.all().delete()
        ValidationRule.objects.bulk_create(
            ValidationRule(
                form=form,
                position=n,
                code=r["code"],
                kind=r.get("kind", "compare"),
                left=r.get("left", []),
                op=r.get("op", "<="),
                right=r.get("right") or None,
                constant=r.get("constant"),
                factor=r.get("factor"),
                severity=r["severity"],
                message=r.get("message", ""),
            )
            for n, r in enumerate(rules, start=1)
        )
        record(
            action,
            user=by,
            obj=form,
            year=year,
            added=added,
            removed=removed,
            changed=_changes_in_detail(stored, draft.rows, changed),
            rules_changed=changes.rules_changed,
        )
        changes.stored = True
        return changes


def _choices_in_use(form, stored, rows, valued):
    """A choice code some report picked cannot leave the list: the figure would lose its meaning."""
    before = {r.code: r.choices for r in stored}
    out = []
    for row in rows:
        if row.code not in valued or row.kind != Indicator.Kind.CHOICE or before.get(row.code) == row.choices:
            continue
        used = {
            str(int(v))
            for v in Indicator.objects.filter(form=form, code=row.code, values__isnull=False)
            .values_list("values__value", flat=True)
            .distinct()
        }
        gone = sorted(used - set(row.choices or {}), key=int)
        if gone:
            out.append(
                f"{row.where()}: không bỏ được mã lựa chọn {', '.join(gone)} của chỉ tiêu {row.code} "
                f"vì đã có báo cáo chọn mã đó."
            )
    return out


def _last_years_rules(year, draft):
    """A directive's appendix prints no rules: a new year starts with last year's, where every code
    they name is still in the form (the others are left out, and said so)."""
    before = ReportForm.objects.filter(year=year - 1).first()
    if before is None:
        return []
    rows = {r.code: r for r in draft.rows}
    kept = []
    for rule in rules_of(before):
        if all(c in rows and rows[c].kind != Indicator.Kind.HEADING for c in rule["left"] + rule.get("right", [])):
            kept.append(rule)
        else:
            draft.warnings.append(
                f"Quy tắc {rule['code']} của năm {year - 1} không áp dụng: biểu mẫu mới không còn chỉ tiêu nó dùng."
            )
    return kept


def _write_rows(form, rows, removed):
    units = dict(OrgUnit.objects.values_list("code", "id"))
    existing = {i.code: i for i in form.indicators.all()}
    if removed:
        Indicator.objects.filter(form=form, code__in=removed).delete()
    to_create, to_update = [], []
    for position, row in enumerate(rows, start=1):
        parent = row.code.rsplit(".", 1)[0] if "." in row.code else ""
        fields = dict(
            stt=row.stt,
            name=row.name,
            measure=row.measure,
            kind=row.kind,
            choices=row.choices if row.kind == Indicator.Kind.CHOICE else None,
            responsible_id=units.get(row.responsible) if row.responsible else None,
            parent_code=parent,
            position=position,
            section=int(row.code.split(".")[0]),
            depth=row.code.count("."),
            stock=bool(row.stock) and row.kind != Indicator.Kind.HEADING,
            part_of_parent=bool(PART.match(row.code)),
            previous_code=(row.previous_code or "").strip(),
        )
        ind = existing.get(row.code)
        if ind is None:
            to_create.append(Indicator(form=form, code=row.code, **fields))
        else:
            for k, v in fields.items():
                setattr(ind, k, v)
            to_update.append(ind)
    if to_update:
        Indicator.objects.bulk_update(to_update, list(fields))
    Indicator.objects.bulk_create(to_create)


# --- Moving rows -------------------------------------------------------------------------------


def parent_of(code):
    return code.rsplit(".", 1)[0] if "." in code else ""


def block_end(rows, start):
    """The index after the row at `start` and every row under it (1.2 → 1.2.1 … 1.2.4)."""
    code = rows[start].code
    end = start + 1
    while end < len(rows) and rows[end].code.startswith(code + "."):
        end += 1
    return end


def insertion_point(rows, code, after=None):
    """Where a new row goes: after `after`'s block (right under it when `after` is its parent),
    else at the end of its parent's block, else at the end of the form."""
    codes = [r.code for r in rows]
    parent = parent_of(code)
    if after in codes:
        i = codes.index(after)
        return i + 1 if after == parent else block_end(rows, i)
    if parent in codes:
        return block_end(rows, codes.index(parent))
    return len(rows)


def move(rows, code, step):
    """Move a row with the rows under it one place up (-1) or down (+1) among its siblings, in
    place; False when it is already first or last."""
    codes = [r.code for r in rows]
    parent = parent_of(code)
    starts = [i for i, c in enumerate(codes) if parent_of(c) == parent and (not parent or c.startswith(parent + "."))]
    pos = starts.index(codes.index(code))
    other = pos + step
    if not 0 <= other < len(starts):
        return False
    a, b = sorted((starts[pos], starts[other]))
    first, second = rows[a : block_end(rows, a)], rows[b : block_end(rows, b)]
    rows[a : b + len(second)] = second + first
    return True


# --- Copy, publish ------------------------------------------------------------------------------


def copy_form(from_year, to_year, *, by=None, published=True):
    """to_year's form from from_year's, rules included; the codes carry over unchanged (lineage)."""
    source = ReportForm.objects.filter(year=from_year).first()
    if source is None:
        raise FormInvalid([f"Chưa có biểu mẫu năm {from_year} để sao chép."])
    if ReportForm.objects.filter(year=to_year).exists():
        raise FormInvalid([f"Năm {to_year} đã có biểu mẫu; sửa biểu mẫu đó thay vì sao chép."])
    draft = draft_of(source)
    for row in draft.rows:
        row.previous_code = ""
    draft.title = re.sub(rf"\b{from_year}\b", str(to_year), source.title)
    draft.source = ""
    return apply(to_year, draft, by=by, published=published, action="form.copy")


@transaction.atomic
def publish(form: ReportForm, *, by: User | str | None = None) -> bool:
    if form.published:
        return False
    form.published = True
    form.save()
    record("form.publish", user=by, obj=form, year=form.year)
    return True


def form_list():
    """`cchc form list` and the web's list: [{"year", "title", "source", "indicators", "locked", "published"}]."""
    from django.db.models import Count, Exists, OuterRef

    forms = ReportForm.objects.annotate(
        n=Count("indicators"), locked=Exists(Indicator.objects.filter(form=OuterRef("pk"), values__isnull=False))
    ).order_by("year")
    return [
        {
            "year": f.year,
            "title": f.title,
            "source": f.source,
            "indicators": f.n,
            "locked": f.locked,
            "published": f.published,
        }
        for f in forms
    ]
