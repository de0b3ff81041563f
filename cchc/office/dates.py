"""Dates as Vietnamese documents write them."""

import datetime as dt
from zoneinfo import ZoneInfo

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def ddmmyyyy(value):
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.astimezone(VN)
        return value.strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")


def long_date(value, place=None):
    """ "Pleiku, ngày 08 tháng 02 năm 2021". Nghị định 30/2020/NĐ-CP, Phụ lục I: days below 10 and
    the months 1 and 2 take a leading 0 ("ngày 05 tháng 3", "ngày 08 tháng 02"); other months do not."""
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    text = f"ngày {value.day:02d} tháng {month} năm {value.year}"
    return f"{place}, {text}" if place else text.capitalize()


def vn_date(value):
    """The calendar day an instant falls on in Vietnam (UTC+7), whatever zone it was written in; a
    date is already one and is returned as it is."""
    if isinstance(value, dt.datetime):
        return value.astimezone(VN).date()
    return value


def now_vn():
    return dt.datetime.now(VN)


def today_vn():
    return now_vn().date()
