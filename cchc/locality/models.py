"""The locality's own words (one record per installation): who issues the consolidated report, the
place of its date line, its superior and recipients, who signs, the directive the regime rests on,
the period rule, and which unit writes which thematic (chuyên đề) report. Pages, documents and
e-mails read them from here, so another town or province needs no code (cchc/locality/words.py)."""

from django.db import models


class Locality(models.Model):
    name = models.CharField(
        "tên cơ quan ban hành báo cáo tổng hợp", max_length=255, help_text="Ví dụ: UBND tỉnh …, UBND thị xã …"
    )
    place = models.CharField(
        "địa danh ghi ở dòng ngày tháng",
        max_length=128,
        help_text="Nghị định 30/2020/NĐ-CP: «Địa danh, ngày … tháng … năm …».",
    )
    superior = models.CharField(
        "cơ quan cấp trên nhận báo cáo",
        max_length=255,
        blank=True,
        default="",
        help_text="Đứng đầu mục «Nơi nhận» của báo cáo tổng hợp, kèm «(b/c)».",
    )
    coordinator = models.CharField("mã đơn vị tổng hợp (Phòng/Sở Nội vụ)", max_length=32)
    recipients = models.JSONField(
        "nơi nhận khác", default=list, blank=True, help_text="Các dòng «Nơi nhận» sau cơ quan cấp trên."
    )
    signer_title = models.CharField("chức danh người ký báo cáo tổng hợp", max_length=128, default="CHỦ TỊCH")
    directive = models.TextField(
        "văn bản quy định chế độ báo cáo",
        blank=True,
        default="",
        help_text="Ví dụ: Công văn số …/UBND-NV ngày … của UBND …",
    )
    period_rule = models.CharField("quy tắc kỳ báo cáo", max_length=32)
    thematic = models.JSONField(
        "báo cáo chuyên đề",
        default=dict,
        blank=True,
        help_text="Mã đơn vị → các lĩnh vực cải cách (1–6) của báo cáo chuyên đề.",
    )
    # Which bundle `cchc init` made this installation from ("an-khe-2021", "province-52"): a second
    # init must not lay one locality's units over another's. Not part of the exported words.
    origin = models.CharField("khởi tạo từ", max_length=64, blank=True, default="", editable=False)

    class Meta:
        verbose_name = "địa phương"
        verbose_name_plural = "địa phương"

    def __str__(self):
        return self.name

    @property
    def area(self):
        """ "UBND thị xã Sơn Tây" → "thị xã Sơn Tây" (what "of the town" refers to in a sentence)."""
        from cchc.office.names import local_name

        return local_name(self.name)

    @property
    def level(self):
        """ "thị xã", "tỉnh", "thành phố": the tier named in running text ("Số của tỉnh")."""
        from cchc.office.names import level_word

        return level_word(self.name) or "địa phương"
