"""The year's CCHC plan (Kế hoạch CCHC, e.g. Quyết định 2664/QĐ-UBND ngày 29/12/2020 of An Khê): its
tasks, each with a lead unit, a deadline and an expected product, and the history of their progress."""
from django.conf import settings
from django.db import models

from cchc.orgunits.models import OrgUnit

AREAS = {
    1: "Cải cách thể chế",
    2: "Cải cách thủ tục hành chính",
    3: "Cải cách tổ chức bộ máy hành chính nhà nước",
    4: "Cải cách chế độ công vụ",
    5: "Cải cách tài chính công",
    6: "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số",
}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 6: "VI"}


class Status(models.TextChoices):
    NOT_STARTED = "not_started", "Chưa thực hiện"
    IN_PROGRESS = "in_progress", "Đang thực hiện"
    DONE = "done", "Đã hoàn thành"


class Plan(models.Model):
    year = models.PositiveIntegerField("năm", unique=True)
    title = models.CharField("tên kế hoạch", max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "kế hoạch CCHC"
        verbose_name_plural = "kế hoạch CCHC"
        ordering = ["-year"]

    def __str__(self):
        return self.title


class PlanTask(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks", verbose_name="kế hoạch")
    position = models.PositiveIntegerField("thứ tự")
    area = models.PositiveSmallIntegerField("lĩnh vực", choices=sorted(AREAS.items()))
    stt = models.CharField("STT", max_length=32, blank=True, default="")
    # The numbered group a sub-task sits under ("1. Xây dựng, ban hành VBQPPL" above "a)", "b)").
    heading_stt = models.CharField(max_length=32, blank=True, default="")
    heading = models.TextField("thuộc nhóm nhiệm vụ", blank=True, default="")
    title = models.TextField("nội dung nhiệm vụ")
    lead = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="plan_tasks",
                             verbose_name="cơ quan chủ trì")
    partners = models.TextField("cơ quan phối hợp", blank=True, default="")
    deadline_text = models.CharField("thời gian hoàn thành", max_length=255)
    # None: a task carried out all year round ("Thường xuyên"), never overdue.
    deadline = models.DateField("hạn hoàn thành", null=True, blank=True)
    product = models.TextField("sản phẩm", blank=True, default="")
    # The latest progress entry, kept here so lists need no history lookup; TaskProgress is the record.
    status = models.CharField("tình trạng", max_length=16, choices=Status.choices, default=Status.NOT_STARTED)
    done_on = models.DateField("ngày hoàn thành", null=True, blank=True)
    note = models.TextField("ghi chú", blank=True, default="")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField("cập nhật lúc", null=True, blank=True)

    class Meta:
        verbose_name = "nhiệm vụ"
        verbose_name_plural = "nhiệm vụ của kế hoạch"
        ordering = ["plan", "position", "id"]
        indexes = [models.Index(fields=["plan", "lead"])]

    def __str__(self):
        return f"{self.stt} {self.title}".strip()

    @property
    def area_name(self):
        return AREAS[self.area]

    @property
    def area_roman(self):
        return ROMAN[self.area]

    @property
    def ongoing(self):
        return self.deadline is None


class TaskProgress(models.Model):
    """One report of a task's state. The state as of a day D is the latest-recorded entry that applies
    on or before D (`effective_on`: the day it was done, or the day the state was reported), so a task
    reported done on 10/4 as "done on 20/3" counts as done in a report cut off on 31/3."""

    task = models.ForeignKey(PlanTask, on_delete=models.CASCADE, related_name="progress")
    status = models.CharField("tình trạng", max_length=16, choices=Status.choices)
    effective_on = models.DateField("áp dụng từ ngày")
    note = models.TextField("ghi chú", blank=True, default="")
    recorded_at = models.DateTimeField("ghi nhận lúc")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    recorded_by_name = models.CharField(max_length=150, blank=True, default="")

    class Meta:
        verbose_name = "tiến độ nhiệm vụ"
        verbose_name_plural = "tiến độ nhiệm vụ"
        ordering = ["task", "recorded_at", "id"]
        indexes = [models.Index(fields=["task", "effective_on"])]

    def __str__(self):
        return f"{self.task_id} {self.status} {self.effective_on:%d/%m/%Y}"
