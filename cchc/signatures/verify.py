"""Verifying a signed PDF against this system: the trust roots configured, the contract's JSON
(`cchc signature verify`), and whether the PDF matches a stored report (INTERFACES.md)."""

from django.conf import settings
from django.utils import timezone

from cchc.office import pdf
from cchc.reporting.digest import report_digest
from cchc.reporting.models import Period, Report

from .models import SignedPdf

NotPdf, Unsigned, BadTrustRoots = pdf.NotPdf, pdf.Unsigned, pdf.BadTrustRoots


def trust_roots():
    """The root certificates of CCHC_TRUST_ROOTS ([] when it is not set). Raises BadTrustRoots."""
    path = settings.CCHC_TRUST_ROOTS
    return pdf.load_trust_roots(path) if path else []


def roots_summary():
    """For the admin: (path, [Signer of each root], error message or "")."""
    path = settings.CCHC_TRUST_ROOTS
    if not path:
        return "", [], ""
    try:
        return path, [pdf.describe(c) for c in pdf.load_trust_roots(path)], ""
    except BadTrustRoots as exc:
        return path, [], str(exc)


def inspect(data):
    """pdf.SignatureCheck of `data` against the configured roots. A misconfigured CCHC_TRUST_ROOTS
    trusts nobody (and says why) rather than failing the request."""
    try:
        roots, problem = trust_roots(), ""
    except BadTrustRoots as exc:
        roots, problem = [], str(exc)
    check = pdf.inspect(data, roots)
    if problem and not check.trusted:
        check.problems.append(problem)
    return check


def _int(text):
    try:
        return int(text)
    except (TypeError, ValueError):
        return None


def described_report(fields):
    """{"unit", "period", "revision"} the PDF says it is, or None for a PDF not made here."""
    if not fields.get("unit") or not fields.get("period"):
        return None
    return {"unit": fields["unit"], "period": fields["period"], "revision": _int(fields.get("revision"))}


def mismatch(fields, *, unit=None, period=None, strict=True):
    """Why the PDF's entries do not match what is stored now (Vietnamese), or "" when they do.

    A report's PDF matches its current revision and digest; with strict=False also the revision that
    made the current submission when that was signed with this PDF (a signed copy checked later,
    after the submission moved the revision on). `unit`/`period`, when given, must be the PDF's."""
    described = described_report(fields)
    if described is None or not fields.get("digest"):
        return (
            "Tệp PDF không phải bản xuất từ hệ thống (thiếu thông tin đơn vị, kỳ báo cáo, phiên bản): hãy dùng "
            "nút «Tải PDF để ký số» rồi ký số tệp đó."
        )
    if (unit and described["unit"] != unit.code) or (period and described["period"] != period.code):
        return (
            f"Tệp PDF là báo cáo của đơn vị {described['unit']} kỳ {described['period']}, không phải "
            f"{(unit.code if unit else described['unit'])} kỳ {(period.code if period else described['period'])}."
        )
    if fields.get("kind") == SignedPdf.Kind.CONSOLIDATED:
        from cchc.consolidation.documents import consolidated_digest

        the_period = Period.objects.filter(code=described["period"]).first()
        if the_period is None:
            return f"Không có kỳ báo cáo {described['period']}."
        if fields["digest"] != consolidated_digest(the_period):
            return (
                "Số liệu hoặc nội dung báo cáo tổng hợp đã thay đổi sau khi xuất tệp PDF này: hãy tải PDF mới, "
                "ký số lại rồi tải lên."
            )
        return ""
    report = (
        Report.objects.select_related("unit", "period")
        .filter(unit__code=described["unit"], period__code=described["period"])
        .first()
    )
    if report is None:
        return f"Đơn vị {described['unit']} chưa có báo cáo kỳ {described['period']}."
    revision = described["revision"]
    if revision != report.revision:
        attached = (
            not strict
            and report.digitally_signed_at is not None
            and SignedPdf.objects.filter(
                report=report, revision=revision, digest=fields["digest"], version=report.versions.count()
            ).exists()
        )
        if not attached:
            return (
                f"Tệp PDF là phiên bản {revision} của báo cáo, nhưng báo cáo đã chuyển sang phiên bản "
                f"{report.revision}: hãy tải PDF mới, ký số lại rồi tải lên."
            )
    if fields["digest"] != report_digest(report):
        return "Số liệu hoặc nội dung trong tệp PDF khác với báo cáo đang lưu: hãy tải PDF mới, ký số lại rồi tải lên."
    return ""


def _iso(at):
    return timezone.localtime(at).isoformat() if at else None


def verification_json(data):
    """(the contract's JSON of `data`, exit status, [reasons in Vietnamese]): 0 intact and trusted,
    1 not, 2 not a PDF or unsigned. Raises NotPdf; an unsigned PDF answers {"signed": false, …}, 2."""
    try:
        check = inspect(data)
    except Unsigned:
        fields = pdf.read_fields(data)
        described = described_report(fields)
        return (
            {
                "signed": False,
                "intact": False,
                "trusted": False,
                "signer": None,
                "signed_at": None,
                "covers_whole_file": False,
                "report": described,
                "matches": None if described is None else not mismatch(fields, strict=False),
            },
            2,
            ["Tệp PDF chưa được ký số."],
        )
    described = described_report(check.fields)
    out = {
        "signed": True,
        "intact": check.intact,
        "trusted": check.trusted,
        "signer": check.signer.as_dict(),
        "signed_at": _iso(check.signed_at),
        "covers_whole_file": check.covers_whole_file,
        "report": described,
        "matches": None if described is None else not mismatch(check.fields, strict=False),
    }
    return out, 0 if check.intact and check.trusted else 1, list(check.problems)
