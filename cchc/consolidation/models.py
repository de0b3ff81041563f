"""What consolidation keeps of its own: the coordinator's edited narrative of the town's report and
the log of deadline reminders sent."""

from django.conf import settings
from django.db import models

from cchc.orgunits.models import OrgUnit
from cchc.reporting.models import Period


class ConsolidatedReport(models.Model):
    """The town's narrative for a period as Phòng Nội vụ edited it before export. Absent until the
    coordinator saves one: until then the draft is assembled afresh from the units' reports."""

    period = models.OneToOneField(
        Period, on_delete=models.PROTECT, related_name="consolidated", verbose_name="kỳ báo cáo"
    )
    narrative = models.JSONField("nội dung báo cáo tổng hợp", default=dict)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="người sửa",
    )
    updated_at = models.DateTimeField("sửa lúc")

    class Meta:
        verbose_name = "báo cáo tổng hợp"
        verbose_name_plural = "báo cáo tổng hợp"

    def __str__(self):
        return f"Báo cáo tổng hợp {self.period.title}"


class ReminderLog(models.Model):
    """One deadline reminder sent (or attempted) to one unit for one period.

    `kind` names the occasion: "before-5" (5 days before the deadline), "after-1" (the day after it)…
    The unique constraint is what makes `cchc remind` safe to run any number of times a day: the row
    is written in the transaction that decides to send, so a second run finds it and sends nothing.
    """

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+", verbose_name="đơn vị")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+", verbose_name="kỳ báo cáo")
    kind = models.CharField("lần nhắc", max_length=32)
    sent_at = models.DateTimeField("gửi lúc")
    recipients = models.JSONField("người nhận", default=list)
    subject = models.CharField("tiêu đề", max_length=255, blank=True, default="")
    # Empty when the message went out; otherwise why it did not (no address, SMTP refused…).
    error = models.TextField("lỗi", blank=True, default="")

    class Meta:
        verbose_name = "nhắc hạn"
        verbose_name_plural = "nhắc hạn"
        ordering = ["period", "unit", "sent_at"]
        constraints = [models.UniqueConstraint(fields=["unit", "period", "kind"], name="one_reminder_per_occasion")]

    def __str__(self):
        return f"{self.unit.code} {self.period.code} {self.kind}"

    @property
    def delivered(self):
        return not self.error
