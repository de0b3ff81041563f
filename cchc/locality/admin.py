"""The locality's words in the admin: one record, edited by Phòng/Sở Nội vụ, checked by the same
rule as `cchc locality import` and audited like every other admin change."""

from django import forms
from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse

from cchc.audit.admin import AuditedAdmin

from .models import Locality
from .words import LocalityError, check


def _thematic_text(thematic):
    return "\n".join(f"{code}: {', '.join(str(a) for a in areas)}" for code, areas in (thematic or {}).items())


class LocalityForm(forms.ModelForm):
    recipients = forms.CharField(
        label="Nơi nhận khác",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Mỗi dòng một nơi nhận, sau cơ quan cấp trên (ví dụ «Thường trực HĐND tỉnh (b/c);», «Lưu: VT, SNV.»).",
    )
    thematic = forms.CharField(
        label="Báo cáo chuyên đề",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Mỗi dòng: mã đơn vị, dấu hai chấm, các lĩnh vực cải cách của báo cáo chuyên đề (1 thể chế, "
        "2 TTHC, 3 tổ chức bộ máy, 4 công vụ, 5 tài chính công, 6 chính quyền số). Ví dụ «STP: 1».",
    )
    period_rule = forms.ChoiceField(label="Quy tắc kỳ báo cáo")

    class Meta:
        model = Locality
        fields = (
            "name",
            "place",
            "superior",
            "coordinator",
            "recipients",
            "signer_title",
            "directive",
            "period_rule",
            "thematic",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from cchc.reporting.periods import RULES

        labels = {
            "an-khe-2021": "an-khe-2021 — chốt số liệu cuối tháng trước, hạn ngày 5",
            "bnv": "bnv — Bộ Nội vụ: chốt ngày 14, hạn ngày 20",
        }
        self.fields["period_rule"].choices = [(r, labels.get(r, r)) for r in RULES]
        if self.instance.pk:
            self.initial["recipients"] = "\n".join(self.instance.recipients or [])
            self.initial["thematic"] = _thematic_text(self.instance.thematic)

    def clean(self):
        data = super().clean()
        thematic, errors = {}, []
        for n, line in enumerate((data.get("thematic") or "").splitlines(), start=1):
            if not line.strip():
                continue
            code, sep, areas = line.partition(":")
            try:
                numbers = [int(a) for a in areas.replace(";", ",").split(",") if a.strip()]
            except ValueError:
                numbers = None
            if not sep or not code.strip() or not numbers:
                errors.append(f"Báo cáo chuyên đề, dòng {n}: viết «MÃ: lĩnh vực, lĩnh vực», ví dụ «VP: 2, 6».")
                continue
            thematic[code.strip()] = numbers
        if errors:
            raise forms.ValidationError(errors)
        words = {
            key: data.get(key, "")
            for key in ("name", "place", "superior", "coordinator", "signer_title", "directive", "period_rule")
        }
        words["recipients"] = [r for r in (data.get("recipients") or "").splitlines() if r.strip()]
        words["thematic"] = thematic
        try:
            self.words = check(words)
        except LocalityError as exc:
            raise forms.ValidationError(exc.messages) from None
        return data

    def save(self, commit=True):
        for key, value in self.words.items():
            setattr(self.instance, key, value)
        return super().save(commit)


@admin.register(Locality)
class LocalityAdmin(AuditedAdmin):
    form = LocalityForm
    list_display = ("name", "place", "coordinator", "period_rule")

    def has_add_permission(self, request):
        # One locality per installation: `cchc init` creates it; the office edits it.
        return super().has_add_permission(request) and not Locality.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        only = Locality.objects.order_by("pk").first()
        if only is not None and self.has_view_or_change_permission(request, only):
            return redirect(reverse("admin:locality_locality_change", args=[only.pk]))
        return super().changelist_view(request, extra_context)
