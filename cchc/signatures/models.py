"""Signed PDFs as received (or sealed by the server), kept whole in the database so that
`cchc backup` carries them with everything else."""

from django.conf import settings
from django.db import models

from cchc.orgunits.models import OrgUnit
from cchc.reporting.models import Period, Report


class SignedPdf(models.Model):
    class Kind(models.TextChoices):
        REPORT = "report", "Báo cáo của đơn vị"
        CONSOLIDATED = "consolidated", "Báo cáo tổng hợp"

    kind = models.CharField("loại", max_length=16, choices=Kind.choices)
    # The unit whose report it is; for the consolidated report, the town (or province).
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name="đơn vị")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+", verbose_name="kỳ báo cáo")
    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.PROTECT, related_name="signed_pdfs", verbose_name="báo cáo"
    )
    revision = models.PositiveIntegerField("phiên bản được ký", null=True, blank=True)
    # The submission (ReportVersion.number) this signature made.
    version = models.PositiveIntegerField("lần gửi", null=True, blank=True)
    digest = models.CharField("mã băm nội dung", max_length=80)
    content = models.BinaryField("tệp PDF đã ký")
    size = models.PositiveIntegerField("dung lượng (byte)")
    sha256 = models.CharField("SHA-256 của tệp", max_length=64)
    signer_name = models.CharField("người ký", max_length=255)
    signer_organisation = models.CharField("cơ quan của người ký", max_length=255, blank=True, default="")
    signer_serial = models.CharField("số hiệu chứng thư số", max_length=80, blank=True, default="")
    signer_issuer = models.CharField("tổ chức cấp chứng thư số", max_length=255, blank=True, default="")
    signed_at = models.DateTimeField("thời điểm ký", null=True, blank=True)
    # True when the server signed it with the office's own certificate (CCHC_SEAL_P12).
    sealed = models.BooleanField("máy chủ ký bằng chứng thư của cơ quan", default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="người tải lên",
    )
    uploaded_at = models.DateTimeField("tải lên lúc")

    class Meta:
        verbose_name = "bản PDF đã ký số"
        verbose_name_plural = "bản PDF đã ký số"
        ordering = ["period", "unit", "uploaded_at"]
        indexes = [models.Index(fields=["period", "kind", "uploaded_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.unit.code} {self.period.code} — {self.signer_name}"

    @property
    def filename(self):
        stem = "bao-cao-tong-hop" if self.kind == self.Kind.CONSOLIDATED else "bao-cao"
        return f"{stem}-{self.unit.code}-{self.period.code}-da-ky-so.pdf"
