"""Office documents of a report: the appendix workbook and the official Word report (the Excel
and Word issue fills this in)."""


def render_report(report, fmt):
    from cchc.management.base import Fail

    raise Fail(f"Chưa hỗ trợ xuất định dạng {fmt}.")
