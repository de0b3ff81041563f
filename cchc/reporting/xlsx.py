"""Excel in and out for reports (the Excel issue fills this in)."""
from .files import Unreadable


def read_report_workbook(data, name, *, unit=None, period=None):
    raise Unreadable(f"Tệp {name}: chưa hỗ trợ nhập Excel.")
