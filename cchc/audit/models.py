"""The append-only audit log: every write of the system leaves one row here."""

from django.conf import settings
from django.db import models


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Nhật ký chỉ được ghi thêm, không được sửa.")

    def delete(self):
        raise PermissionError("Nhật ký chỉ được ghi thêm, không được xóa.")


class AuditEntry(models.Model):
    at = models.DateTimeField("thời điểm", db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="người thực hiện",
    )
    username = models.CharField("tài khoản", max_length=150, blank=True, default="")
    action = models.CharField("thao tác", max_length=64, db_index=True)
    # What the action was about, as stable codes rather than foreign keys: the log must outlive
    # whatever it speaks of.
    unit = models.CharField("đơn vị", max_length=32, blank=True, default="", db_index=True)
    period = models.CharField("kỳ báo cáo", max_length=16, blank=True, default="")
    object_type = models.CharField(max_length=64, blank=True, default="")
    object_id = models.CharField(max_length=64, blank=True, default="", db_index=True)
    detail = models.JSONField("chi tiết", default=dict, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = "nhật ký"
        verbose_name_plural = "nhật ký"
        ordering = ["-at", "-id"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Nhật ký chỉ được ghi thêm, không được sửa.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Nhật ký chỉ được ghi thêm, không được xóa.")

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.username} {self.action}"
