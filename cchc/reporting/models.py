"""Reporting periods (kỳ báo cáo), reports and their values."""

import datetime as dt

from django.conf import settings
from django.db import models

from cchc.catalog.models import Indicator, ReportForm
from cchc.office.dates import VN, vn_date
from cchc.orgunits.models import OrgUnit
from cchc.prebuilt import Prebuilt


class Period(models.Model):
    class Kind(models.TextChoices):
        Q1 = "Q1", "Quý I"
        H1 = "H1", "6 tháng"
        Q3 = "Q3", "Quý III"
        YEAR = "Y", "Năm"

    code = models.CharField("mã", max_length=16, unique=True)
    kind = models.CharField("loại", max_length=2, choices=Kind.choices)
    year = models.PositiveIntegerField("năm", db_index=True)
    data_from = models.DateField("số liệu từ ngày")
    data_to = models.DateField("số liệu đến ngày")
    # The last day on which a report is on time, the whole of that day in Vietnam time.
    deadline = models.DateField("hạn gửi")

    class Meta:
        verbose_name = "kỳ báo cáo"
        verbose_name_plural = "kỳ báo cáo"
        ordering = ["year", "deadline"]

    def __str__(self):
        return self.title

    @property
    def title(self):
        return {
            "Q1": f"Quý I năm {self.year}",
            "H1": f"6 tháng đầu năm {self.year}",
            "Q3": f"Quý III năm {self.year}",
            "Y": f"Năm {self.year}",
        }[self.kind]

    @property
    def summary_title(self):
        """The phrase used in a report's summary line: "… quý I năm 2021"."""
        return {
            "Q1": f"quý I năm {self.year}",
            "H1": f"6 tháng đầu năm {self.year}",
            "Q3": f"quý III năm {self.year}",
            "Y": f"năm {self.year}",
        }[self.kind]

    def deadline_end(self):
        """The first instant that is late: midnight after the deadline day, Vietnam time."""
        return dt.datetime.combine(self.deadline + dt.timedelta(days=1), dt.time(0), tzinfo=VN)

    def deadline_passed(self, at):
        return at >= self.deadline_end()

    def late_days(self, at):
        """Whole calendar days from the deadline to the Vietnam date of `at`; 0 when on time."""
        if at is None:
            return None
        return max(0, (vn_date(at) - self.deadline).days)

    def days_left(self, today):
        """Whole Vietnam days from `today` (a day, or an instant taken to its Vietnam day) to the
        deadline: 0 on the deadline day, negative once it has passed — the board, the report pages,
        the reminders and the urging letter all count by this."""
        return (self.deadline - vn_date(today)).days

    def form(self):
        return ReportForm.objects.filter(year=self.year).first()


class ReportQuerySet(models.QuerySet):
    def counted(self):
        """Reports that count in consolidation: submitted or accepted (never drafts or returned)."""
        return self.filter(status__in=Report.COUNTED)


class Report(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Chưa làm"
        DRAFT = "draft", "Đang soạn"
        SUBMITTED = "submitted", "Đã gửi"
        RETURNED = "returned", "Bị trả lại"
        ACCEPTED = "accepted", "Đã tiếp nhận"

    COUNTED = (Status.SUBMITTED, Status.ACCEPTED)

    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="reports_made", verbose_name="đơn vị")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="reports", verbose_name="kỳ báo cáo")
    status = models.CharField("trạng thái", max_length=16, choices=Status.choices, default=Status.DRAFT)
    # Bumped by every write: a save that names an older revision is stale (optimistic locking).
    revision = models.PositiveIntegerField("phiên bản", default=1)
    narrative = models.JSONField("nội dung báo cáo", default=dict, blank=True)
    # Whether any part of the narrative has text: the town's draft narrative reads only these
    # reports, not the thousands left blank (kept by save_report).
    has_narrative = models.BooleanField(default=False)
    # How many characters of text the narrative holds (kept by save_report): the town's draft is put
    # on the consolidation page only while the units' texts together stay small enough for a page —
    # a province's hundred units, let alone a nation's thousands, write far more than anyone reads
    # in one sitting (cchc.consolidation.narrative.DRAFT_ON_PAGE_CHARS).
    narrative_chars = models.PositiveIntegerField(default=0)
    # Which values were filled in by the system rather than typed: {"4.2.1": "previous", "1.1.1": "plan"}.
    prefilled = models.JSONField(default=dict, blank=True)
    first_submitted_at = models.DateTimeField("gửi lần đầu", null=True, blank=True)
    submitted_at = models.DateTimeField("gửi lần gần nhất", null=True, blank=True)
    signed_by_name = models.CharField("người ký", max_length=255, blank=True, default="")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set when Phòng Nội vụ entered a report received through the document system on the unit's behalf.
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    returned_reason = models.TextField("lý do trả lại", blank=True, default="")
    # Set when the current submission was made by uploading a PDF signed with the leader's digital
    # certificate (cchc.signatures); cleared by any later submission or return. Kept on the report so
    # the status board shows "Đã ký số" from the query it already makes.
    digital_signer = models.CharField("người ký số", max_length=255, blank=True, default="")
    digitally_signed_at = models.DateTimeField("thời điểm ký số", null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = "báo cáo"
        verbose_name_plural = "báo cáo"
        constraints = [models.UniqueConstraint(fields=["unit", "period"], name="one_report_per_unit_period")]
        # The first submission and the unit in the index: the counts of a period by status and
        # timeliness (the dashboard, the board's tabs) are read from the index alone, never from the
        # report rows, which carry the narrative.
        indexes = [
            models.Index(fields=["period", "status", "first_submitted_at", "unit"], name="report_period_status_sent")
        ]

    def __str__(self):
        return f"{self.unit.code} {self.period.code}"

    @property
    def counted(self):
        return self.status in self.COUNTED

    def late_days(self):
        """Lateness is judged on the first submission (INTERFACES.md), in Vietnam days."""
        return self.period.late_days(self.first_submitted_at)

    @staticmethod
    def narrative_has_text(narrative):
        return Report.narrative_length(narrative) > 0

    @staticmethod
    def narrative_length(narrative):
        """Characters of text in every part of a narrative, surrounding blanks left out."""

        def length(part):
            if isinstance(part, dict):
                return sum(length(v) for v in part.values())
            return len(part.strip()) if isinstance(part, str) else 0

        return length(narrative or {})

    def value_map(self):
        """{indicator code: number} of the non-blank values, as Python numbers."""
        known = self.__dict__.get("_value_map")
        if known is not None:
            return dict(known)
        if self.pk is None:
            return {}
        # Read by every save and every API answer: the SQL is built once (cchc.prebuilt).
        return {code: to_number(v, kind) for code, v, kind in _VALUE_MAP.rows(report=self.pk)}

    @staticmethod
    def value_map_of(values):
        """value_map() of a queryset of Value rows."""
        return {
            code: to_number(v, kind)
            for code, v, kind in values.values_list("indicator__code", "value", "indicator__kind")
        }

    def remember_values(self, value_map):
        """The values just written, so answering the write does not read them back."""
        self._value_map = dict(value_map)


def to_number(value, kind):
    """A stored Decimal as the number a person expects: counts and choices are integers."""
    if value is None:
        return None
    if kind in (Indicator.Kind.COUNT, Indicator.Kind.CHOICE):
        return int(value)
    normal = value.normalize()
    return int(normal) if normal == normal.to_integral_value() else float(normal)


class Value(models.Model):
    """One non-blank figure of a report. A blank is the absence of a row, never a zero.

    period, unit and counted repeat the report's so a period's figures for thousands of units
    aggregate in one indexed pass (consolidation), without joining reports.
    """

    # No index of their own for report and period: the unique (report, indicator) and the rollup
    # index (period, …) begin with them. Every saved figure updates each index of this table.
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="values", db_index=False)
    # Named so the catalog asks whether an indicator holds figures (Indicator.objects.filter(values__…))
    # without importing this app: the form sits below the reports that fill it.
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+", db_index=False)
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    counted = models.BooleanField(default=False)
    value = models.DecimalField(max_digits=20, decimal_places=4)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "indicator"], name="one_value_per_indicator")]
        indexes = [models.Index(fields=["period", "counted", "indicator", "value"], name="value_rollup")]


class ReportVersion(models.Model):
    """A frozen copy of a report at each submission; returning and resubmitting keeps them all."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("lần gửi")
    values = models.JSONField(default=dict)
    narrative = models.JSONField(default=dict)
    submitted_at = models.DateTimeField()
    signed_by_name = models.CharField(max_length=255, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="one_version_number")]


class FigureTotal(models.Model):
    """Kept per period × indicator × unit kind: how many counted reports give the indicator a value
    (`n`) and the sum of those values (`total_e4`, in ten-thousandths, the values' own precision,
    so the sum is an exact integer on SQLite as on PostgreSQL).

    The town's roll-up of a period reads these few hundred rows instead of aggregating every value
    of the period: its cost does not grow with the number of units. They are changed in the
    transaction of every action that changes what counts (cchc.reporting.totals), so a figure is
    right the moment the report changing it is sent, accepted or returned; `cchc consolidate
    --recount` recomputes from the values, the reference the kept figures are tested against.
    `unit_kind` is the unit's kind, or "" for a unit that no longer reports (inactive): its counted
    values stay in the roll-up, as they always did, but not in the checks between unit kinds.
    """

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    unit_kind = models.CharField(max_length=16, blank=True, default="")
    n = models.IntegerField(default=0)
    total_e4 = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["period", "unit_kind", "indicator"], name="one_total_per_key")]

    def __str__(self):
        return f"{self.period_id} {self.indicator_id} {self.unit_kind}: {self.n}"


def _value_map_query(report):
    return Value.objects.filter(report_id=report).values_list("indicator__code", "value", "indicator__kind")


_VALUE_MAP = Prebuilt(_value_map_query, report=int)
