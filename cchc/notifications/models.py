"""In-app notifications (thông báo): what a person should hear about without being told by phone.

One row per recipient, so each person reads and marks their own. E-mail stays for deadline
reminders (cchc.consolidation.reminders); these are the bell in the page header.
"""

from django.conf import settings
from django.db import models

from cchc.orgunits.models import OrgUnit
from cchc.reporting.models import Period


class Notification(models.Model):
    class Kind(models.TextChoices):
        RETURNED = "returned", "Báo cáo bị trả lại"
        ACCEPTED = "accepted", "Báo cáo được tiếp nhận"
        SUBMITTED = "submitted", "Đơn vị đã gửi báo cáo"
        DEADLINE_SOON = "deadline_soon", "Sắp đến hạn gửi báo cáo"
        OVERDUE = "overdue", "Quá hạn gửi báo cáo"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name="người nhận"
    )
    kind = models.CharField("loại", max_length=16, choices=Kind.choices)
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+", verbose_name="đơn vị")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+", verbose_name="kỳ báo cáo")
    at = models.DateTimeField("lúc")
    text = models.TextField("nội dung")
    read_at = models.DateTimeField("đã đọc lúc", null=True, blank=True)
    # Deadline notices are created by every `cchc remind` run; the key ("2021-Q1:before-5") with the
    # unique constraint below makes each one exist once per person, however often the run repeats.
    key = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], condition=~models.Q(key=""), name="one_notice_per_occasion")
        ]

    def __str__(self):
        return f"{self.user} · {self.get_kind_display()} · {self.unit.code} {self.period.code}"

    @property
    def read(self):
        return self.read_at is not None
