"""The year's plans and their tasks, and the register of tasks assigned by the superior.

A year holds several plans: the CCHC plan (kế hoạch CCHC, issued by a decision of the UBND), the CCHC
communication plan (kế hoạch tuyên truyền CCHC) and any other named plan. Each task has a lead unit, a
deadline and an expected product, and the history of its progress. Indicators 1.1.1/1.1.2 of the
periodic report count the CCHC plan only.

The register (AssignedTask) is the list of tasks the UBND / Chủ tịch UBND at the level above assigns,
kept by the office that advises on them (Văn phòng HĐND-UBND); indicators 1.3.1–1.3.3 count it."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

from cchc.catalog import narrative as outline
from cchc.office.dates import vn_date
from cchc.orgunits.models import OrgUnit

# The six reform areas of the report's outline (catalog.narrative), numbered as the plan stores them.
AREAS = {int(number): name for number, name in outline.AREAS.items()}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 6: "VI"}


def overdue(deadline: dt.date | None, done: bool, day: dt.date | dt.datetime) -> bool:
    """Whether a task is overdue on `day` — the one rule, for plan tasks and assigned tasks alike, on
    every page, file, count and command: not done, and its deadline a day before `day`. Counted in
    whole days of Vietnam time (UTC+7): the deadline day itself is still on time, to its last minute,
    and an instant is first taken to the Vietnam day it falls on. A task without a deadline (carried
    out all year round, "Thường xuyên") is never overdue."""
    return not done and deadline is not None and deadline < vn_date(day)


def done_late(deadline: dt.date | None, done_on: dt.date | None) -> bool:
    """Done after its deadline day (whole Vietnam days, as `overdue`); never for a task without one."""
    return done_on is not None and deadline is not None and done_on > deadline


class Status(models.TextChoices):
    NOT_STARTED = "not_started", "Chưa thực hiện"
    IN_PROGRESS = "in_progress", "Đang thực hiện"
    DONE = "done", "Đã hoàn thành"


class PlanKind(models.TextChoices):
    CCHC = "cchc", "Kế hoạch CCHC"
    COMMUNICATION = "tuyen-truyen", "Kế hoạch tuyên truyền CCHC"
    OTHER = "other", "Kế hoạch khác"


class FollowedTask(models.Model):
    """What every followed task keeps: the day it was done, a note, who last changed it and when."""

    done_on = models.DateField("ngày hoàn thành", null=True, blank=True)
    note = models.TextField("ghi chú", blank=True, default="")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField("cập nhật lúc", null=True, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.stt} {self.title}".strip()


class Plan(models.Model):
    year = models.PositiveIntegerField("năm")
    # One CCHC plan and one communication plan a year; "other" plans are told apart by their title.
    kind = models.CharField("loại kế hoạch", max_length=16, choices=PlanKind.choices, default=PlanKind.CCHC)
    title = models.CharField("tên kế hoạch", max_length=500)
    number = models.CharField("số hiệu văn bản ban hành", max_length=100, blank=True, default="")
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "kế hoạch"
        verbose_name_plural = "kế hoạch"
        ordering = ["-year", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "kind"], condition=~models.Q(kind="other"), name="plan_one_of_each_kind_a_year"
            ),
            models.UniqueConstraint(
                fields=["year", "title"], condition=models.Q(kind="other"), name="plan_other_title_unique_a_year"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def key(self):
        """Its place in the plan pages' addresses: the kind, or khac-ID for an "other" plan."""
        return self.kind if self.kind != PlanKind.OTHER else f"khac-{self.pk}"

    @property
    def by_areas(self):
        """A CCHC plan is laid out by the six reform areas; other plans may have no areas at all."""
        return self.kind == PlanKind.CCHC

    @property
    def decision(self):
        """ "Quyết định số 2664/QĐ-UBND ngày 29/12/2020" as far as it is known."""
        parts = []
        if self.number:
            parts.append(f"số {self.number}")
        if self.issued_on:
            parts.append(f"ngày {self.issued_on:%d/%m/%Y}")
        return " ".join(parts)


class PlanTask(FollowedTask):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks", verbose_name="kế hoạch")
    position = models.PositiveIntegerField("thứ tự")
    # None: a task of a plan not laid out by reform area (a communication plan's tasks).
    area = models.PositiveSmallIntegerField("lĩnh vực", choices=sorted(AREAS.items()), null=True, blank=True)
    stt = models.CharField("STT", max_length=32, blank=True, default="")
    # The numbered group a sub-task sits under ("1. Xây dựng, ban hành VBQPPL" above "a)", "b)").
    heading_stt = models.CharField(max_length=32, blank=True, default="")
    heading = models.TextField("thuộc nhóm nhiệm vụ", blank=True, default="")
    title = models.TextField("nội dung nhiệm vụ")
    lead = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="plan_tasks", verbose_name="cơ quan chủ trì"
    )
    partners = models.TextField("cơ quan phối hợp", blank=True, default="")
    deadline_text = models.CharField("thời gian hoàn thành", max_length=255)
    # None: a task carried out all year round ("Thường xuyên"), never overdue.
    deadline = models.DateField("hạn hoàn thành", null=True, blank=True)
    product = models.TextField("sản phẩm", blank=True, default="")
    # The latest progress entry, kept here so lists need no history lookup; TaskProgress is the record.
    status = models.CharField("tình trạng", max_length=16, choices=Status.choices, default=Status.NOT_STARTED)

    class Meta:
        verbose_name = "nhiệm vụ"
        verbose_name_plural = "nhiệm vụ của kế hoạch"
        ordering = ["plan", "position", "id"]
        indexes = [models.Index(fields=["plan", "lead"])]

    @property
    def area_name(self):
        return AREAS.get(self.area, "")

    @property
    def area_roman(self):
        return ROMAN.get(self.area, "")

    @property
    def number_shown(self):
        """ "II.3" under a reform area, "3" in a plan without areas."""
        return f"{self.area_roman}.{self.stt}" if self.area_roman else self.stt

    @property
    def ongoing(self):
        return self.deadline is None

    def overdue_on(self, day: dt.date | dt.datetime) -> bool:
        """Overdue on `day` by the task's latest state (`status`); the plan's state as of an earlier
        day is status.TaskState's, by the same rule."""
        return overdue(self.deadline, self.status == Status.DONE, day)


class TaskProgress(models.Model):
    """One report of a task's state. The state as of a day D is the latest-recorded entry that applies
    on or before D (`effective_on`: the day it was done, or the day the state was reported), so a task
    reported done on 10/4 as "done on 20/3" counts as done in a report cut off on 31/3."""

    task = models.ForeignKey(PlanTask, on_delete=models.CASCADE, related_name="progress")
    status = models.CharField("tình trạng", max_length=16, choices=Status.choices)
    effective_on = models.DateField("áp dụng từ ngày")
    note = models.TextField("ghi chú", blank=True, default="")
    recorded_at = models.DateTimeField("ghi nhận lúc")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by_name = models.CharField(max_length=150, blank=True, default="")

    class Meta:
        verbose_name = "tiến độ nhiệm vụ"
        verbose_name_plural = "tiến độ nhiệm vụ"
        ordering = ["task", "recorded_at", "id"]
        indexes = [models.Index(fields=["task", "effective_on"])]

    def __str__(self):
        return f"{self.task_id} {self.status} {self.effective_on:%d/%m/%Y}"


class AssignedTask(FollowedTask):
    """One task of the register of tasks assigned by the UBND / Chủ tịch UBND at the level above (nhiệm
    vụ UBND, Chủ tịch UBND tỉnh giao), as Văn phòng HĐND-UBND keeps it: the assigning document, the unit
    that advises on it (cơ quan tham mưu), its deadline and the day it was done."""

    year = models.PositiveIntegerField("năm")
    position = models.PositiveIntegerField("thứ tự")
    stt = models.CharField("STT", max_length=32, blank=True, default="")
    title = models.TextField("nội dung nhiệm vụ")
    document = models.CharField("văn bản giao", max_length=500, blank=True, default="")
    # The day the task was assigned (the document's date, when it names one): a task counts in the
    # reports whose data end is on or after it.
    assigned_on = models.DateField("ngày giao", null=True, blank=True)
    advisor = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="assigned_tasks", verbose_name="cơ quan tham mưu"
    )
    deadline_text = models.CharField("thời hạn", max_length=255, blank=True, default="")
    # None: no deadline set ("Thường xuyên"), never overdue.
    deadline = models.DateField("hạn hoàn thành", null=True, blank=True)

    class Meta:
        verbose_name = "nhiệm vụ cấp trên giao"
        verbose_name_plural = "sổ theo dõi nhiệm vụ cấp trên giao"
        ordering = ["year", "position", "id"]
        indexes = [models.Index(fields=["year", "advisor"])]

    def assigned_by(self, day: dt.date | dt.datetime) -> bool:
        return self.assigned_on is None or self.assigned_on <= vn_date(day)

    def done_by(self, day: dt.date | dt.datetime) -> bool:
        return self.done_on is not None and self.done_on <= vn_date(day)

    def late(self) -> bool:
        return done_late(self.deadline, self.done_on)

    def overdue_on(self, day: dt.date | dt.datetime) -> bool:
        """Overdue on `day` (the one rule, `overdue`); a task not yet assigned by then is not."""
        return self.assigned_by(day) and overdue(self.deadline, self.done_by(day), day)
