"""The register of tasks assigned by the superior (sổ theo dõi nhiệm vụ UBND, Chủ tịch UBND tỉnh giao):
reading it from the workbook Văn phòng HĐND-UBND keeps, storing it, recording a task done, and its
state as of a day — what indicators 1.3.1–1.3.3 of the periodic report are offered from.

The workbook, as such registers are kept:

    STT | Nội dung nhiệm vụ | Văn bản giao | Cơ quan tham mưu | Thời hạn | Ngày hoàn thành

Columns are found by their header words (order and extra columns do not matter). The assigning
document is kept as written ("Công văn số 15/UBND-TH ngày 12/01/2021"); the day it names, or a "Ngày
giao" column, is the day the task was assigned. Deadlines are read as the plan's are ("Quý I/2021",
"Trước ngày 15/3/2021", "Thường xuyên"); a blank deadline means none was set. The done day is a date
or blank (still open).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from cchc.audit.log import record
from cchc.office.dates import VN

from .deadlines import DeadlineError, parse_deadline, parse_done, plain
from .leads import LeadError, LeadMatcher
from .models import AssignedTask
from .workbook import HEADING, Invalid, Unreadable, cell_text, find_header, sheet_grids

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from cchc.orgunits.models import OrgUnit


COLUMNS = [  # (field, words any of which marks the header cell) — first match wins per cell
    ("stt", ("stt", "tt", "so tt", "so thu tu")),
    ("assigned_on", ("ngay giao", "ngay van ban", "ngay ban hanh")),
    ("document", ("van ban giao", "van ban", "so ky hieu", "trich yeu")),
    ("advisor", ("tham muu", "chu tri", "co quan thuc hien", "don vi thuc hien")),
    ("done", ("ngay hoan thanh", "da hoan thanh", "ket qua thuc hien")),
    ("deadline", ("thoi han", "thoi gian", "han hoan thanh", "han xu ly")),
    ("note", ("ghi chu",)),
    ("title", ("noi dung", "nhiem vu", "ten nhiem vu")),
]
REQUIRED = {
    "stt": "STT",
    "title": "Nội dung",
    "advisor": "Cơ quan tham mưu",
    "deadline": "Thời hạn",
    "done": "Ngày hoàn thành",
}
DOCUMENT_DAY = re.compile(r"ngay (\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
MAX_NOTE = 5000


class RegisterError(ValueError):
    """A refused write, with a Vietnamese message."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass
class RegisterRow:
    row: int
    stt: str
    title: str
    document: str
    assigned_on: dt.date | None
    advisor: object
    deadline_text: str
    deadline: dt.date | None
    done_on: dt.date | None
    note: str = ""


def document_day(document):
    """The day an assigning document names ("… ngày 12/01/2021"), else None."""
    m = DOCUMENT_DAY.search(plain(document or ""))
    if not m:
        return None
    try:
        return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None


def read_register_workbook(data, year, *, name="so-theo-doi.xlsx", matcher=None, today=None):
    """[RegisterRow] from the bytes of an .xlsx; raises Unreadable or Invalid (every bad row at once)."""
    for grid in sheet_grids(data, name):
        found = find_header(grid, COLUMNS)
        if found:
            header_at, columns = found
            missing = [label for f, label in REQUIRED.items() if f not in columns]
            if missing:
                raise Unreadable(f"Tệp {name}: dòng tiêu đề (dòng {header_at + 1}) thiếu cột: {', '.join(missing)}.")
            return _read(
                grid, header_at, columns, year, matcher or LeadMatcher(), today or timezone.now().astimezone(VN).date()
            )
    raise Unreadable(
        f"Tệp {name}: không tìm thấy dòng tiêu đề «STT | Nội dung | Văn bản giao | Cơ quan tham mưu | "
        f"Thời hạn | Ngày hoàn thành»."
    )


def _read(grid, header_at, columns, year, matcher, today):
    def col(row, f):
        return row[columns[f]] if f in columns and columns[f] < len(row) else None

    start = header_at + 1
    if start < len(grid):
        cells = [cell_text(v) for v in grid[start] if cell_text(v)]
        if len(cells) >= 3 and all(re.fullmatch(r"\(?\d+\)?", c) for c in cells):
            start += 1  # "(1) (2) (3) …" under the header
    rows, errors, seen = [], [], {}
    for i in range(start, len(grid)):
        row, line = grid[i], i + 1
        stt, title = cell_text(col(row, "stt")), cell_text(col(row, "title"))
        advisor_text = cell_text(col(row, "advisor"))
        if not any(cell_text(v) for v in row):
            continue
        if HEADING.match(stt) and re.fullmatch(r"[IVX]+\.?", stt) and not advisor_text:
            continue  # a Roman-numbered group heading ("I. Nhiệm vụ UBND tỉnh giao"), not a task
        row_errors = []
        if not title:
            row_errors.append(f"Dòng {line}: thiếu nội dung nhiệm vụ.")
        advisor = None
        try:
            advisor, _ = matcher.split(advisor_text, "")
        except LeadError as exc:
            row_errors.append(f"Dòng {line}: {exc}.")
        document = cell_text(col(row, "document"))
        raw_assigned = col(row, "assigned_on")
        assigned_on = None
        try:
            assigned_on = parse_done(raw_assigned, year) if cell_text(raw_assigned) else document_day(document)
        except DeadlineError:
            row_errors.append(f"Dòng {line}: không hiểu ngày giao «{cell_text(raw_assigned)}» (ghi dd/mm/yyyy).")
        raw_deadline = col(row, "deadline")
        deadline = None
        if cell_text(raw_deadline):
            try:
                deadline = parse_deadline(raw_deadline, year)
            except DeadlineError as exc:
                row_errors.append(f"Dòng {line}: {exc}")
        done_on = None
        try:
            done_on = parse_done(col(row, "done"), year)
        except DeadlineError as exc:
            row_errors.append(f"Dòng {line}: {exc}")
        if done_on is not None and done_on > today:
            row_errors.append(f"Dòng {line}: ngày hoàn thành {done_on:%d/%m/%Y} còn ở tương lai.")
        if len(stt) > 32:
            row_errors.append(f"Dòng {line}: STT «{stt[:40]}…» quá dài.")
        if len(document) > 500:
            row_errors.append(f"Dòng {line}: văn bản giao quá dài (tối đa 500 ký tự).")
        deadline_text = cell_text(raw_deadline)
        if len(deadline_text) > 255:
            row_errors.append(f"Dòng {line}: thời hạn quá dài (tối đa 255 ký tự).")
        key = (plain(document), plain(title))
        if title and key in seen:
            row_errors.append(f"Dòng {line}: nhiệm vụ trùng với dòng {seen[key]} (cùng văn bản giao và nội dung).")
        seen.setdefault(key, line)
        errors.extend(row_errors)
        if not row_errors:
            rows.append(
                RegisterRow(
                    row=line,
                    stt=stt,
                    title=title,
                    document=document,
                    assigned_on=assigned_on,
                    advisor=advisor,
                    deadline_text=deadline_text,
                    deadline=deadline,
                    done_on=done_on,
                    note=cell_text(col(row, "note")),
                )
            )
    if errors:
        raise Invalid(errors)
    if not rows:
        raise Invalid(["Tệp không có nhiệm vụ nào dưới dòng tiêu đề."])
    return rows


def _user(by):
    return by if by is not None and getattr(by, "is_authenticated", False) else None


def import_register(data, year, *, by=None, name="so-theo-doi.xlsx"):
    """Read a register workbook and store it as the register of `year`, all or nothing.
    Returns (created, updated, removed). Raises Unreadable or Invalid."""
    return store_register(read_register_workbook(data, year, name=name), year, by=by, source=name)


@transaction.atomic
def store_register(
    rows: list[dict[str, Any]], year: int, *, by: User | str | None = None, source: str = ""
) -> tuple[int, int, int]:
    """The file is the register: a task is kept (same document and wording) and updated, added, or
    removed when the file no longer lists it. Every change of a done day is named in the audit row."""
    existing = {
        (plain(t.document), plain(t.title)): t for t in AssignedTask.objects.select_for_update().filter(year=year)
    }
    wanted = {(plain(r.document), plain(r.title)) for r in rows}
    gone = [t for k, t in existing.items() if k not in wanted]
    created = updated = 0
    done_changes = []
    now = timezone.now()
    for position, r in enumerate(rows, start=1):
        fields = dict(
            position=position,
            stt=r.stt,
            title=r.title,
            document=r.document,
            assigned_on=r.assigned_on,
            advisor=r.advisor,
            deadline_text=r.deadline_text,
            deadline=r.deadline,
            done_on=r.done_on,
            note=r.note,
        )
        task = existing.get((plain(r.document), plain(r.title)))
        if task is None:
            AssignedTask.objects.create(year=year, updated_by=_user(by), updated_at=now, **fields)
            created += 1
            continue
        if task.done_on != r.done_on:
            done_changes.append({"task": task.pk, "before": _iso(task.done_on), "after": _iso(r.done_on)})
        for k, v in fields.items():
            setattr(task, k, v)
        task.updated_by, task.updated_at = _user(by), now
        task.save()
        updated += 1
    AssignedTask.objects.filter(pk__in=[t.pk for t in gone]).delete()
    record(
        "tasks.import",
        user=by,
        year=year,
        source=source,
        created=created,
        updated=updated,
        removed=len(gone),
        done_changes=done_changes,
    )
    return created, updated, len(gone)


@transaction.atomic
def record_done(
    task: AssignedTask,
    on: dt.date | None,
    *,
    note: str | None = None,
    by: User | str | None = None,
    at: dt.datetime | None = None,
) -> AssignedTask:
    """Record the day a task was done (None: still open), audited. A day in the future is refused."""
    at = at or timezone.now()
    if on is not None and on > at.astimezone(VN).date():
        raise RegisterError(f"Ngày {on:%d/%m/%Y} còn ở tương lai; chỉ ghi nhiệm vụ đã hoàn thành.")
    task = AssignedTask.objects.select_for_update().get(pk=task.pk)
    before = task.done_on
    task.done_on = on
    fields = ["done_on", "updated_by", "updated_at"]
    if note is not None:
        note = note.strip().replace("\r\n", "\n")
        if len(note) > MAX_NOTE:
            raise RegisterError(f"Ghi chú quá dài (tối đa {MAX_NOTE} ký tự).")
        task.note = note
        fields.append("note")
    task.updated_by, task.updated_at = _user(by), at
    task.save(update_fields=fields)
    record(
        "tasks.done", user=by, at=at, unit=task.advisor, obj=task, year=task.year, before=_iso(before), after=_iso(on)
    )
    return task


def _iso(day):
    return day.isoformat() if day else None


def register_status(year, day):
    """{"total", "done_on_time", "done_late", "overdue"} of the register of `year` as of `day`: the tasks
    assigned by then; done on or before their deadline; done after it; not done and past it. A task
    done late counts in done_late only; an open task past its deadline only in overdue."""
    tasks = AssignedTask.objects.filter(year=year).only("assigned_on", "deadline", "done_on")
    out = {"total": 0, "done_on_time": 0, "done_late": 0, "overdue": 0}
    for t in tasks:
        if not t.assigned_by(day):
            continue
        out["total"] += 1
        if t.done_by(day):
            out["done_late" if t.late() else "done_on_time"] += 1
        elif t.overdue_on(day):
            out["overdue"] += 1
    return out


@transaction.atomic
def save_assigned_task(
    year: int,
    *,
    title: str,
    document: str = "",
    assigned_on: dt.date | None = None,
    advisor: OrgUnit | None,
    deadline_text: str = "",
    done_on: dt.date | None = None,
    stt: str = "",
    note: str = "",
    task: AssignedTask | None = None,
    by: User | str | None = None,
    at: dt.datetime | None = None,
) -> AssignedTask:
    """Add a task to the register or change one (the register page), audited with what changed.
    Deadlines are read as the plan's are; raises RegisterError with a Vietnamese message."""
    title = (title or "").strip()
    if not title:
        raise RegisterError("Thiếu nội dung nhiệm vụ.")
    document = (document or "").strip()
    if len(document) > 500:
        raise RegisterError("Văn bản giao quá dài (tối đa 500 ký tự).")
    deadline_text = (deadline_text or "").strip()
    try:
        deadline = parse_deadline(deadline_text, year) if deadline_text else None
    except DeadlineError as exc:
        raise RegisterError(str(exc)) from None
    at = at or timezone.now()
    if done_on is not None and done_on > at.astimezone(VN).date():
        raise RegisterError(f"Ngày hoàn thành {done_on:%d/%m/%Y} còn ở tương lai.")
    note = (note or "").strip().replace("\r\n", "\n")
    if len(note) > MAX_NOTE:
        raise RegisterError(f"Ghi chú quá dài (tối đa {MAX_NOTE} ký tự).")
    clash = AssignedTask.objects.filter(year=year).exclude(pk=task.pk if task else None)
    if any((plain(d), plain(t)) == (plain(document), plain(title)) for d, t in clash.values_list("document", "title")):
        raise RegisterError("Sổ đã có nhiệm vụ cùng văn bản giao và nội dung này.")
    fields = dict(
        stt=(stt or "").strip()[:32],
        title=title,
        document=document,
        assigned_on=assigned_on or document_day(document),
        advisor=advisor,
        deadline_text=deadline_text[:255],
        deadline=deadline,
        done_on=done_on,
        note=note,
    )
    if task is None:
        last = AssignedTask.objects.filter(year=year).order_by("-position").first()
        task = AssignedTask.objects.create(
            year=year, position=(last.position if last else 0) + 1, updated_by=_user(by), updated_at=at, **fields
        )
        record("tasks.add", user=by, at=at, unit=advisor, obj=task, year=year, title=title, done_on=_iso(done_on))
        return task
    task = AssignedTask.objects.select_for_update().get(pk=task.pk)
    before = {k: str(getattr(task, k) or "") for k in fields}
    for k, v in fields.items():
        setattr(task, k, v)
    task.updated_by, task.updated_at = _user(by), at
    task.save()
    changed = {k: [before[k], str(v or "")] for k, v in fields.items() if before[k] != str(v or "")}
    record("tasks.edit", user=by, at=at, unit=advisor, obj=task, year=year, changed=changed)
    return task


@transaction.atomic
def delete_assigned_task(task: AssignedTask, *, by: User | str | None = None) -> None:
    record(
        "tasks.delete",
        user=by,
        unit=task.advisor,
        obj=task,
        year=task.year,
        title=task.title,
        document=task.document,
        done_on=_iso(task.done_on),
    )
    task.delete()
