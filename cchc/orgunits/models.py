"""The tree of reporting units (đơn vị) and who belongs to which, with what role."""

from django.conf import settings
from django.db import models

from cchc.office.search import fold


class OrgUnitQuerySet(models.QuerySet):
    def reporting(self):
        """Units that owe periodic reports (the root consolidates instead), in the office's order."""
        return self.filter(reports=True, active=True).order_by("position", "code")

    def search(self, query):
        """Units whose code or name contains the query, case and diacritics ignored ("ngo may"
        finds "UBND phường Ngô Mây"): one rule for every search box, on both databases."""
        folded = fold(query)
        return self.filter(search__contains=folded) if folded else self


class OrgUnit(models.Model):
    class Kind(models.TextChoices):
        PROVINCE = "province", "Tỉnh"
        TOWN = "town", "Thị xã / huyện"
        DEPARTMENT = "department", "Cơ quan chuyên môn"
        WARD = "ward", "Phường"
        COMMUNE = "commune", "Xã"
        SERVICE = "service", "Đơn vị sự nghiệp"

    code = models.CharField("mã", max_length=32, unique=True)
    name = models.CharField("tên đơn vị", max_length=255)
    kind = models.CharField("loại", max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="đơn vị cấp trên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Whether the unit owes periodic reports. The town (or province) at the root consolidates
    # instead of reporting to itself.
    reports = models.BooleanField("phải báo cáo", default=True)
    active = models.BooleanField("đang hoạt động", default=True)
    position = models.PositiveIntegerField("thứ tự", default=0)
    # Addresses for deadline reminders, comma-separated.
    emails = models.TextField("e-mail nhận nhắc hạn", blank=True, default="")
    leader_name = models.CharField("họ tên thủ trưởng", max_length=255, blank=True, default="")
    leader_title = models.CharField("chức vụ thủ trưởng", max_length=128, blank=True, default="")
    # The code and name folded (lower case, no diacritics), kept by save() and by every bulk write
    # through fill_search(): what unit searches match, the same way on SQLite and PostgreSQL.
    search = models.CharField(max_length=300, blank=True, default="", editable=False)

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"
        ordering = ["position", "code"]
        # Every list of units is in this order, and pages of a province's list are read in it.
        indexes = [models.Index(fields=["position", "code"], name="unit_order")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.fill_search()
        if kwargs.get("update_fields") is not None and {"code", "name"} & set(kwargs["update_fields"]):
            kwargs["update_fields"] = {*kwargs["update_fields"], "search"}
        super().save(*args, **kwargs)

    def fill_search(self):
        self.search = search_text(self.code, self.name)
        return self

    def email_list(self):
        return [e.strip() for e in self.emails.replace(";", ",").split(",") if e.strip()]

    @property
    def is_local_government(self):
        """Wards and communes are People's Committees (UBND cấp xã) rather than departments."""
        return self.kind in (self.Kind.WARD, self.Kind.COMMUNE, self.Kind.TOWN, self.Kind.PROVINCE)


def search_text(code, name):
    return fold(f"{code} {name}")[:300]


class Role(models.TextChoices):
    STAFF = "staff", "Chuyên viên"
    LEADER = "leader", "Lãnh đạo đơn vị"
    COORDINATOR = "coordinator", "Phòng Nội vụ (tổng hợp)"
    VIEWER = "viewer", "Lãnh đạo UBND (xem)"


class Membership(models.Model):
    """A user's place: one unit and one role. Users without a membership see nothing."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="members", verbose_name="đơn vị")
    role = models.CharField("vai trò", max_length=16, choices=Role.choices)

    class Meta:
        verbose_name = "thành viên"
        verbose_name_plural = "thành viên"

    def __str__(self):
        return f"{self.user} — {self.unit.code} ({self.get_role_display()})"
