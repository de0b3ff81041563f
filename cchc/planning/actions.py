"""Every write on the plan: one verb each, in one transaction, with its own audit row."""
import datetime as dt

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from cchc.audit.log import record
from cchc.office.dates import VN

from .deadlines import DeadlineError, parse_deadline, plain
from .models import AREAS, Plan, PlanTask, Status, TaskProgress
from .workbook import Invalid, read_plan_workbook

MAX_NOTE = 5000


class PlanError(ValueError):
    """A refused write, with a Vietnamese message."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def default_title(year):
    return f"Kế hoạch cải cách hành chính năm {year}"


def _username(by):
    if isinstance(by, str):
        return by
    return by.get_username() if by is not None and getattr(by, "is_authenticated", False) else ""


def _user(by):
    return by if by is not None and getattr(by, "is_authenticated", False) else None


@transaction.atomic
def ensure_plan(year, *, title=None, by=None):
    plan, created = Plan.objects.get_or_create(year=year, defaults={"title": title or default_title(year)})
    if created:
        record("plan.create", user=by, obj=plan, year=year, title=plan.title)
    elif title and title != plan.title:
        plan.title = title
        plan.save(update_fields=["title", "updated_at"])
        record("plan.title", user=by, obj=plan, year=year, title=title)
    return plan


def import_plan(data, year, *, title=None, by=None, name="ke-hoach.xlsx"):
    """Read a plan workbook and store it as the plan of `year`, all or nothing.

    Importing again (a corrected appendix) keeps each task whose area and wording are unchanged, with
    its progress; tasks no longer in the file are removed — unless progress was reported on them, which
    refuses the whole file (the history of a reported task is not thrown away by an upload).
    Raises workbook.Unreadable or workbook.Invalid. Returns (plan, created, updated, removed)."""
    parsed = read_plan_workbook(data, year, name=name)
    return store_plan(parsed.tasks, year, title=title or parsed.title or None, by=by, source=name)


@transaction.atomic
def store_plan(rows, year, *, title=None, by=None, source=""):
    plan = ensure_plan(year, title=title, by=by)
    existing = {(t.area, plain(t.title)): t for t in plan.tasks.all()}
    wanted = {(r.area, plain(r.title)) for r in rows}
    gone = [t for k, t in existing.items() if k not in wanted]
    reported = [t for t in gone if t.progress.exists()]
    if reported:
        raise Invalid([f"Nhiệm vụ «{t.title[:80]}» ({t.area_roman}, STT {t.stt or '—'}) đã có báo cáo tiến độ "
                       f"nhưng không còn trong tệp; sửa hoặc xóa nhiệm vụ đó trên trang kế hoạch trước."
                       for t in reported])
    created = updated = 0
    now = timezone.now()
    for position, r in enumerate(rows, start=1):
        fields = dict(position=position, area=r.area, stt=r.stt, heading_stt=r.heading_stt, heading=r.heading,
                      title=r.title, lead=r.lead, partners=r.partners, deadline_text=r.deadline_text,
                      deadline=r.deadline, product=r.product)
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
    record("plan.import", user=by, obj=plan, year=year, source=source, created=created, updated=updated,
           removed=len(gone))
    return plan, created, updated, len(gone)


def parse_day(text):
    """A day typed by a person: dd/mm/yyyy or YYYY-MM-DD. Raises PlanError."""
    text = (text or "").strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    raise PlanError(f"Ngày «{text}» không hợp lệ (ghi dạng dd/mm/yyyy, ví dụ 15/03/2021).")


@transaction.atomic
def record_progress(task, status, *, on=None, note="", by=None, at=None):
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
        raise PlanError(f"Ghi chú quá dài (tối đa {MAX_NOTE:,} ký tự).")
    task = PlanTask.objects.select_for_update().get(pk=task.pk)
    entry = TaskProgress.objects.create(task=task, status=status, effective_on=on, note=note, recorded_at=at,
                                        recorded_by=_user(by), recorded_by_name=_username(by))
    previous = task.status
    task.status = status
    task.done_on = on if status == Status.DONE else None
    task.note = note
    task.updated_by, task.updated_at = _user(by), at
    task.save(update_fields=["status", "done_on", "note", "updated_by", "updated_at"])
    record("plan.progress", user=by, at=at, unit=task.lead, obj=task, year=task.plan.year, status=status,
           previous=previous, on=on.isoformat(), note=note)
    return entry


@transaction.atomic
def save_task(plan, *, area, stt, title, lead, partners="", deadline_text, product="", task=None, by=None):
    """Add a task to the plan, or change one (the coordinator's page). Raises PlanError."""
    title = (title or "").strip()
    if not title:
        raise PlanError("Thiếu nội dung nhiệm vụ.")
    if int(area) not in AREAS:
        raise PlanError("Lĩnh vực phải từ 1 đến 6.")
    try:
        deadline = parse_deadline(deadline_text, plan.year)
    except DeadlineError as exc:
        raise PlanError(str(exc)) from None
    clash = plan.tasks.exclude(pk=task.pk if task else None).filter(area=area)
    if any(plain(t) == plain(title) for t in clash.values_list("title", flat=True)):
        raise PlanError("Lĩnh vực này đã có một nhiệm vụ cùng nội dung.")
    fields = dict(area=int(area), stt=(stt or "").strip()[:32], title=title, lead=lead,
                  partners=(partners or "").strip(), deadline_text=deadline_text.strip()[:255], deadline=deadline,
                  product=(product or "").strip())
    now = timezone.now()
    if task is None:
        last = plan.tasks.filter(area__lte=int(area)).order_by("-position").first()
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
def delete_task(task, *, by=None):
    record("plan.task.delete", user=by, unit=task.lead, obj=task, year=task.plan.year, title=task.title,
           progress=task.progress.count())
    task.delete()

