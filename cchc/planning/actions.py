"""Every write on the plan: one verb each, in one transaction, with its own audit row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from cchc.audit.log import record
from cchc.office.dates import VN
from cchc.office.numbers import format_number

from .deadlines import DeadlineError, parse_deadline, plain
from .models import AREAS, Plan, PlanKind, PlanTask, Status, TaskProgress
from .workbook import Invalid, TaskRow, read_plan_workbook

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from cchc.orgunits.models import OrgUnit

    # Who did it: an account, a name (a command, an import), or nobody (the system).
    By = User | str | None

MAX_NOTE = 5000


class PlanError(ValueError):
    """A refused write, with a Vietnamese message."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


DEFAULT_TITLES = {
    PlanKind.CCHC: "Kế hoạch cải cách hành chính năm {year}",
    PlanKind.COMMUNICATION: "Kế hoạch tuyên truyền cải cách hành chính năm {year}",
}


def default_title(year: int, kind: str = PlanKind.CCHC) -> str:
    return DEFAULT_TITLES.get(kind, "Kế hoạch năm {year}").format(year=year)


def plan_kind(text: str) -> PlanKind:
    """The kind named on the command line or in a form (cchc, tuyen-truyen, other). Raises PlanError."""
    text = (text or PlanKind.CCHC).strip()
    if text not in PlanKind.values:
        raise PlanError(f"Loại kế hoạch «{text}» không hợp lệ (chọn: {', '.join(PlanKind.values)}).")
    return PlanKind(text)


def find_plan(year: int, kind: str = PlanKind.CCHC, title: str | None = None) -> Plan | None:
    """The plan of `year` of that kind (an "other" plan: by its title, or the only one); None if absent."""
    plans = Plan.objects.filter(year=year, kind=kind)
    if kind == PlanKind.OTHER:
        if title:
            return next((p for p in plans if plain(p.title) == plain(title)), None)
        plans = list(plans[:2])
        return plans[0] if len(plans) == 1 else None
    return plans.first()


def _username(by):
    if isinstance(by, str):
        return by
    return by.get_username() if by is not None and getattr(by, "is_authenticated", False) else ""


def _user(by):
    return by if by is not None and getattr(by, "is_authenticated", False) else None


@transaction.atomic
def ensure_plan(
    year: int,
    *,
    kind: str = PlanKind.CCHC,
    title: str | None = None,
    number: str | None = None,
    issued_on: dt.date | None = None,
    by: By = None,
) -> Plan:
    """The plan of `year` of `kind`, created when absent; a title, number or date given replaces the
    stored one (audited). An "other" plan is named by its title, which is then required."""
    kind = plan_kind(kind)
    title = (title or "").strip()[:500] or None
    if kind == PlanKind.OTHER and not title:
        raise PlanError("Kế hoạch loại «khác» cần có tên (--title) để phân biệt với các kế hoạch khác của năm.")
    plan = (
        find_plan(year, kind, title)
        if kind == PlanKind.OTHER
        else Plan.objects.select_for_update().filter(year=year, kind=kind).first()
    )
    if plan is None:
        plan = Plan.objects.create(
            year=year,
            kind=kind,
            title=title or default_title(year, kind),
            number=(number or "").strip()[:100],
            issued_on=issued_on,
        )
        record(
            "plan.create",
            user=by,
            obj=plan,
            year=year,
            kind=kind,
            title=plan.title,
            number=plan.number,
            issued_on=issued_on.isoformat() if issued_on else None,
        )
        return plan
    changed = {}
    for field, value in (("title", title), ("number", (number or "").strip()[:100] or None), ("issued_on", issued_on)):
        if value is not None and value != getattr(plan, field):
            changed[field] = [str(getattr(plan, field) or ""), str(value)]
            setattr(plan, field, value)
    if changed:
        plan.save(update_fields=[*changed, "updated_at"])
        record("plan.title", user=by, obj=plan, year=year, kind=kind, changed=changed)
    return plan


def import_plan(
    data: bytes,
    year: int,
    *,
    kind: str = PlanKind.CCHC,
    title: str | None = None,
    number: str | None = None,
    issued_on: dt.date | None = None,
    by: By = None,
    name: str = "ke-hoach.xlsx",
) -> tuple[Plan, int, int, int]:
    """Read a plan workbook and store it as the plan of `year` of `kind`, all or nothing.

    Importing again (a corrected appendix) keeps each task whose area and wording are unchanged, with
    its progress; tasks no longer in the file are removed — unless progress was reported on them, which
    refuses the whole file (the history of a reported task is not thrown away by an upload).
    Raises workbook.Unreadable or workbook.Invalid. Returns (plan, created, updated, removed)."""
    kind = plan_kind(kind)
    parsed = read_plan_workbook(data, year, name=name, by_areas=kind == PlanKind.CCHC)
    return store_plan(
        parsed.tasks,
        year,
        kind=kind,
        title=title or parsed.title or None,
        number=number,
        issued_on=issued_on,
        by=by,
        source=name,
    )


@transaction.atomic
def store_plan(
    rows: Sequence[TaskRow],
    year: int,
    *,
    kind: str = PlanKind.CCHC,
    title: str | None = None,
    number: str | None = None,
    issued_on: dt.date | None = None,
    by: By = None,
    source: str = "",
) -> tuple[Plan, int, int, int]:
    """The tasks of `rows` as the plan of `year` of `kind` (import_plan's rule for what is kept);
    (plan, created, updated, removed)."""
    plan = ensure_plan(year, kind=kind, title=title, number=number, issued_on=issued_on, by=by)
    existing = {(t.area, plain(t.title)): t for t in plan.tasks.all()}
    wanted = {(r.area, plain(r.title)) for r in rows}
    gone = [t for k, t in existing.items() if k not in wanted]
    reported = [t for t in gone if t.progress.exists()]
    if reported:
        raise Invalid(
            [
                f"Nhiệm vụ «{t.title[:80]}» ({t.area_roman}, STT {t.stt or '—'}) đã có báo cáo tiến độ "
                f"nhưng không còn trong tệp; sửa hoặc xóa nhiệm vụ đó trên trang kế hoạch trước."
                for t in reported
            ]
        )
    created = updated = 0
    now = timezone.now()
    for position, r in enumerate(rows, start=1):
        fields = dict(
            position=position,
            area=r.area,
            stt=r.stt,
            heading_stt=r.heading_stt,
            heading=r.heading,
            title=r.title,
            lead=r.lead,
            partners=r.partners,
            deadline_text=r.deadline_text,
            deadline=r.deadline,
            product=r.product,
        )
        task = existing.get((r.area, plain(r.title)))
        if task is None:
            PlanTask.objects.create(plan=plan, note=r.note, updated_by=_user(by), updated_at=now, **fields)
            created += 1
        else:
            for k, v in fields.items():
                setattr(task, k, v)
            task.updated_by, task.updated_at = _user(by), now
            task.save()
            updated += 1
    PlanTask.objects.filter(pk__in=[t.pk for t in gone]).delete()
    record(
        "plan.import",
        user=by,
        obj=plan,
        year=year,
        kind=plan.kind,
        source=source,
        created=created,
        updated=updated,
        removed=len(gone),
    )
    return plan, created, updated, len(gone)


def parse_day(text: str) -> dt.date:
    """A day typed by a person: dd/mm/yyyy or YYYY-MM-DD. Raises PlanError."""
    text = (text or "").strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    raise PlanError(f"Ngày «{text}» không hợp lệ (ghi dạng dd/mm/yyyy, ví dụ 15/03/2021).")


@transaction.atomic
def record_progress(
    task: PlanTask,
    status: str,
    *,
    on: dt.date | None = None,
    note: str = "",
    by: By = None,
    at: dt.datetime | None = None,
) -> TaskProgress:
    """Report a task's state. `on` is the day it was done (for done) or the day the state holds from;
    default today in Vietnam time. A day in the future is refused: progress reports what happened."""
    if status not in Status.values:
        raise PlanError(f"Tình trạng «{status}» không hợp lệ (chọn: {', '.join(Status.values)}).")
    at = at or timezone.now()
    today = at.astimezone(VN).date()
    on = on or today
    if on > today:
        raise PlanError(f"Ngày {on:%d/%m/%Y} còn ở tương lai; chỉ ghi tiến độ đã diễn ra.")
    note = (note or "").strip().replace("\r\n", "\n")
    if len(note) > MAX_NOTE:
        raise PlanError(f"Ghi chú quá dài (tối đa {format_number(MAX_NOTE)} ký tự).")
    task = PlanTask.objects.select_for_update().get(pk=task.pk)
    entry = TaskProgress.objects.create(
        task=task,
        status=status,
        effective_on=on,
        note=note,
        recorded_at=at,
        recorded_by=_user(by),
        recorded_by_name=_username(by),
    )
    previous = task.status
    task.status = status
    task.done_on = on if status == Status.DONE else None
    task.note = note
    task.updated_by, task.updated_at = _user(by), at
    task.save(update_fields=["status", "done_on", "note", "updated_by", "updated_at"])
    record(
        "plan.progress",
        user=by,
        at=at,
        unit=task.lead,
        obj=task,
        year=task.plan.year,
        status=status,
        previous=previous,
        on=on.isoformat(),
        note=note,
    )
    return entry


@transaction.atomic
def save_task(
    plan: Plan,
    *,
    area: int | None,
    stt: str,
    title: str,
    lead: OrgUnit,
    partners: str = "",
    deadline_text: str,
    product: str = "",
    task: PlanTask | None = None,
    by: By = None,
) -> PlanTask:
    """Add a task to the plan, or change one (the coordinator's page). Raises PlanError."""
    title = (title or "").strip()
    if not title:
        raise PlanError("Thiếu nội dung nhiệm vụ.")
    area = int(area) if area not in (None, "") else None
    if plan.by_areas and area not in AREAS:
        raise PlanError("Lĩnh vực phải từ 1 đến 6.")
    if area is not None and area not in AREAS:
        raise PlanError("Lĩnh vực phải từ 1 đến 6, hoặc để trống.")
    try:
        deadline = parse_deadline(deadline_text, plan.year)
    except DeadlineError as exc:
        raise PlanError(str(exc)) from None
    clash = plan.tasks.exclude(pk=task.pk if task else None).filter(area=area)
    if any(plain(t) == plain(title) for t in clash.values_list("title", flat=True)):
        raise PlanError("Lĩnh vực này đã có một nhiệm vụ cùng nội dung.")
    fields = dict(
        area=area,
        stt=(stt or "").strip()[:32],
        title=title,
        lead=lead,
        partners=(partners or "").strip(),
        deadline_text=deadline_text.strip()[:255],
        deadline=deadline,
        product=(product or "").strip(),
    )
    now = timezone.now()
    if task is None:
        last = (plan.tasks.filter(area__lte=area) if area is not None else plan.tasks).order_by("-position").first()
        position = (last.position if last else 0) + 1
        plan.tasks.filter(position__gte=position).update(position=F("position") + 1)
        task = PlanTask.objects.create(plan=plan, position=position, updated_by=_user(by), updated_at=now, **fields)
        record("plan.task.add", user=by, unit=lead, obj=task, year=plan.year, title=title)
        return task
    before = {k: str(getattr(task, k)) for k in fields}
    for k, v in fields.items():
        setattr(task, k, v)
    task.updated_by, task.updated_at = _user(by), now
    task.save()
    changed = {k: [before[k], str(v)] for k, v in fields.items() if before[k] != str(v)}
    record("plan.task.edit", user=by, unit=lead, obj=task, year=plan.year, changed=changed)
    return task


@transaction.atomic
def delete_task(task: PlanTask, *, by: By = None) -> None:
    record(
        "plan.task.delete",
        user=by,
        unit=task.lead,
        obj=task,
        year=task.plan.year,
        title=task.title,
        progress=task.progress.count(),
    )
    task.delete()
