"""The town's consolidated report as xlsx/docx (the Excel and Word issue fills this in)."""


def render_consolidated(period, fmt):
    from cchc.management.base import Fail

    raise Fail(f"Chưa hỗ trợ xuất định dạng {fmt}.")
