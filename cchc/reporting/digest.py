"""What a signed PDF is matched against: the digest of a report's content, and the entries an
exported PDF carries so a PDF signed outside the system (the leader's USB token) can be matched to
the stored report (INTERFACES.md, "Digital signatures").

The digest is written once, here: SHA-256 of canonical JSON (sorted keys, no spaces, UTF-8) of the
unit, the period, the non-blank figures as plain decimal strings and the narrative's parts. It
follows the content, not the file: the same figures give the same digest whatever PDF renders them.
"""

import hashlib
import json
from decimal import Decimal


def _plain(number):
    """15 → "15", 95.5 → "95.5", Decimal("10.0000") → "10": one spelling per number."""
    d = Decimal(str(number)).normalize()
    return format(d, "f")


def _canonical(value):
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float | Decimal):
        return _plain(value)
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    raise TypeError(f"not canonical: {type(value).__name__}")


def digest_of(content):
    """ "sha256:…" of a JSON-like document in canonical form (numbers as plain decimal strings)."""
    text = json.dumps(_canonical(content), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def content_digest(unit_code, period_code, values, narrative):
    """The digest of a report: its unit, period, non-blank figures and narrative."""
    return digest_of(
        {
            "unit": unit_code,
            "period": period_code,
            "values": {code: v for code, v in values.items() if v is not None},
            "narrative": narrative or {},
        }
    )


def report_digest(report):
    from .actions import clean_narrative

    return content_digest(
        report.unit.code, report.period.code, report.value_map(), clean_narrative(report.narrative or {})
    )


def report_fields(report):
    """The entries of a report's exported PDF (strings: PDF document information is text)."""
    return {
        "kind": "report",
        "unit": report.unit.code,
        "period": report.period.code,
        "revision": str(report.revision),
        "digest": report_digest(report),
    }


def stamp_report_pdf(content, report):
    """The converted PDF of `report` with its entries (and a title a PDF reader shows)."""
    from cchc.office.pdf import stamp

    return stamp(
        content,
        report_fields(report),
        title=f"Báo cáo CCHC {report.period.summary_title}",
        author=report.unit.name,
        subject=f"{report.unit.code} {report.period.code} phiên bản {report.revision}",
    )
