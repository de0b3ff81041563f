"""The report form (biểu mẫu) of a year: its rows (indicators) and validation rules, loaded from
a data file in the repository (cchc/catalog/data/form-YYYY.json) so a new year needs no code."""

from django.db import models

from cchc.orgunits.models import OrgUnit


class ReportForm(models.Model):
    year = models.PositiveIntegerField("năm", unique=True)
    title = models.CharField("tên biểu mẫu", max_length=500)
    source = models.CharField("văn bản ban hành", max_length=500, blank=True, default="")
    # A digest of the loaded file: Excel templates carry it so an import can tell which form
    # version a workbook was made from.
    version = models.CharField("phiên bản", max_length=64)
    loaded_at = models.DateTimeField(auto_now=True)
    # A form copied or uploaded for a new year stays a draft (bản nháp) while the coordinator edits
    # it: units report on a year's form only once it is published, so nobody fills half a form.
    published = models.BooleanField("đã công bố", default=True)

    class Meta:
        verbose_name = "biểu mẫu"
        verbose_name_plural = "biểu mẫu"
        ordering = ["-year"]

    def __str__(self):
        return f"{self.title} ({self.year})"


class Indicator(models.Model):
    class Kind(models.TextChoices):
        HEADING = "heading", "Tiêu đề"
        COUNT = "count", "Số lượng"
        PERCENT = "percent", "Tỷ lệ %"
        CHOICE = "choice", "Lựa chọn"

    form = models.ForeignKey(ReportForm, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField("mã", max_length=32)
    stt = models.CharField("STT", max_length=32, blank=True, default="")
    name = models.TextField("chỉ tiêu")
    measure = models.CharField("đơn vị tính", max_length=255, blank=True, default="")
    kind = models.CharField("loại", max_length=16, choices=Kind.choices)
    choices = models.JSONField("các mã lựa chọn", null=True, blank=True)
    responsible = models.ForeignKey(
        OrgUnit,
        verbose_name="đơn vị chịu trách nhiệm",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    parent_code = models.CharField("mã chỉ tiêu cha", max_length=32, blank=True, default="")
    position = models.PositiveIntegerField("thứ tự")
    section = models.PositiveSmallIntegerField("phần")  # 1..7, the appendix's top-level parts
    depth = models.PositiveSmallIntegerField(default=0)
    # Stock figures (staff in post, procedures in force, units…) describe a state, not the
    # period's activity: they may be carried over from the unit's previous report.
    stock = models.BooleanField("số liệu tồn (được điền sẵn từ kỳ trước)", default=False)
    # A "Trong đó" row: a part of its parent's total.
    part_of_parent = models.BooleanField(default=False)
    # Lineage (Mã năm trước): the code this indicator had in the previous year's form when it was
    # renumbered; blank = the same code. Series, jump checks and pre-fill follow it across years.
    previous_code = models.CharField("mã năm trước", max_length=32, blank=True, default="")

    class Meta:
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"
        ordering = ["form", "position"]
        constraints = [models.UniqueConstraint(fields=["form", "code"], name="indicator_code_unique")]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def has_value(self):
        return self.kind != self.Kind.HEADING

    @property
    def label(self):
        """How a message names the row: its STT and its wording."""
        short = self.name if len(self.name) <= 90 else self.name[:87] + "…"
        return f"STT {self.code} «{short}»"

    @property
    def display_measure(self):
        if self.measure:
            return self.measure
        return "%" if self.kind == self.Kind.PERCENT else ""


class ValidationRule(models.Model):
    """A cross-row rule stored with the form.

    `left` and `right` are lists of indicator codes whose (non-blank) values are summed; `right`
    may instead be a constant. `op` compares the sums. `kind="jump"` compares each code in `left`
    against the unit's previous report and warns beyond `factor`× change.
    """

    class Severity(models.TextChoices):
        ERROR = "error", "Lỗi"
        WARNING = "warning", "Cảnh báo"

    form = models.ForeignKey(ReportForm, on_delete=models.CASCADE, related_name="rules")
    code = models.CharField("mã quy tắc", max_length=64)
    kind = models.CharField(max_length=16, default="compare")  # compare | jump
    left = models.JSONField(default=list)
    op = models.CharField(max_length=4, default="<=")
    right = models.JSONField(null=True, blank=True)
    constant = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    factor = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    severity = models.CharField(max_length=8, choices=Severity.choices)
    message = models.TextField("thông báo", blank=True, default="")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "quy tắc kiểm tra"
        verbose_name_plural = "quy tắc kiểm tra"
        ordering = ["form", "position"]
        constraints = [models.UniqueConstraint(fields=["form", "code"], name="rule_code_unique")]

    def __str__(self):
        return self.code
