"""Reading a task's deadline (thời gian hoàn thành) the way plan appendices write it.

A pure function of the phrase and the plan's year: "Quý II/2021" → 30/06/2021, "Tháng 9" → 30/09 of
the plan's year, "Thường xuyên" → None (ongoing: never overdue). A phrase that names no year takes the
plan's. "Trước ngày 15/3" is read as "by 15/3" (the day itself is still on time), as offices do.
"""

import calendar
import datetime as dt
import re
import unicodedata

QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
# Tasks carried out all year round have no completion date; they are reported on, never overdue.
ONGOING = ("thuong xuyen", "lien tuc", "hang thang", "hang quy", "hang nam", "dinh ky", "thuong nien")
ONGOING_RE = re.compile(r"(?:{})\b".format("|".join(ONGOING)))
WHOLE_YEAR = ("ca nam", "trong nam", "nam", "suot nam", "den het nam", "cuoi nam")
FIRST_HALF = ("6 thang dau nam", "sau thang dau nam", "6 thang dau", "6 thang")
SECOND_HALF = ("6 thang cuoi nam", "sau thang cuoi nam", "6 thang cuoi")
# Words that frame a phrase without changing its date.
FILLER = re.compile(r"^(?:trong|vao|cham nhat|han|hoan thanh|thoi han|den|toi|truoc)\s+")


class DeadlineError(ValueError):
    """The phrase is not a deadline we can read; the message (Vietnamese) says what is accepted."""


def plain(text):
    """Lower case without diacritics (đ → d), dashes and slashes kept, spaces collapsed."""
    text = unicodedata.normalize("NFD", str(text)).replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in text if unicodedata.category(c) != "Mn").lower()
    text = re.sub(r"[–—−]", "-", text)
    return re.sub(r"\s+", " ", text).strip(" .;:,")


def parse_deadline(value, year):
    """The completion date of a task written as `value` in the plan of `year`; None for ongoing.

    `value` is a phrase, a date (an Excel date cell) or an Excel serial number. Raises DeadlineError."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # A date cell that lost its number format reaches us as Excel's day count.
        if 20000 <= value <= 80000:
            return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
        raise DeadlineError(f"«{value}» không phải một thời hạn.")
    raw = "" if value is None else str(value).strip()
    if not raw:
        raise DeadlineError("Thiếu thời gian hoàn thành.")
    text = plain(raw)
    text = re.sub(r"\s*/\s*", "/", text)
    text = re.sub(r"\bnam\s*/?(\d{4})\b", r"nam/\1", text)  # "quý I năm 2021" → "quy i nam/2021"
    found = _read(text, year)
    if found is False:
        raise DeadlineError(
            f"Không hiểu thời gian hoàn thành «{raw}». Ghi một trong các dạng: «Quý I/{year}», «Tháng 9/{year}», "
            f"«6 tháng đầu năm», «Năm {year}», «Trước ngày 15/3/{year}», «15/3/{year}», «Thường xuyên»."
        )
    return found


def _read(text, year):
    """The date, None (ongoing) or False (unreadable)."""
    for _ in range(3):  # "trong quý II", "hoàn thành trước ngày 15/3"
        if ONGOING_RE.match(text):
            return None
        stripped = FILLER.sub("", text)
        if stripped == text:
            break
        text = stripped
    if ONGOING_RE.match(text):
        return None
    the_year = _year_of(text, year)
    if the_year is False:
        return False
    bare = re.sub(r"/?\d{4}$", "", text).strip(" /-,")
    if bare in FIRST_HALF:
        return dt.date(the_year, 6, 30)
    if bare in SECOND_HALF:
        return dt.date(the_year, 12, 31)
    if bare in WHOLE_YEAR or text == str(the_year):
        return dt.date(the_year, 12, 31)
    m = re.fullmatch(r"quy ([ivx]+|[1-4])(?: nam)?(?:/\d{4})?", text)
    if m:
        q = ROMAN.get(m.group(1)) or (int(m.group(1)) if m.group(1).isdigit() else None)
        if q not in QUARTER_END:
            return False
        month, day = QUARTER_END[q]
        return dt.date(the_year, month, day)
    # "Tháng 9/2021", "tháng 09", "tháng 9 - 10/2021" (a span ends with its last month)
    m = re.fullmatch(r"thang (\d{1,2})(?: ?- ?(?:thang )?(\d{1,2}))?(?: nam)?(?:/\d{4})?", text)
    if m:
        month = int(m.group(2) or m.group(1))
        if not 1 <= month <= 12:
            return False
        return dt.date(the_year, month, calendar.monthrange(the_year, month)[1])
    return _date(re.sub(r"^ngay ", "", text), year)


def _year_of(text, year):
    """The year the phrase names (its last four-digit number), else the plan's."""
    m = re.search(r"(?:^|[/\s-])(\d{4})$", text)
    if not m:
        return year
    y = int(m.group(1))
    return y if 1990 <= y <= 2100 else False


def _date(text, year):
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if m:
        y, mo, d = map(int, m.groups())
    else:
        m = re.fullmatch(r"(\d{1,2}) thang (\d{1,2})(?: nam)?(?:/(\d{2,4}))?", text) or re.fullmatch(
            r"(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2,4}))?", text
        )
        if not m:
            return False
        d, mo = int(m.group(1)), int(m.group(2))
        y = int(m.group(3)) if m.group(3) else year
        if y < 100:
            y += 2000
    try:
        return dt.date(y, mo, d)
    except ValueError:
        return False


# "Chưa hoàn thành", "Đang thực hiện": the register's way of saying a task is still open.
NOT_DONE = ("chua", "dang", "khong")
DONE_WORDS = re.compile(r"^(?:da hoan thanh|hoan thanh|xong|da xong|da thuc hien|ngay)\s*[:,-]?\s*")


def parse_done(value, year):
    """The day a task was done, as a register writes it: a date cell, "15/3/2021", "ngày 15 tháng 3
    năm 2021", "Đã hoàn thành ngày 15/3/2021"; None when blank or still open ("Chưa hoàn thành").
    Raises DeadlineError when it names no readable day (a bare "Đã hoàn thành" says nothing of when)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 20000 <= value <= 80000:  # an Excel date serial
            return dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
        raise DeadlineError(f"«{value}» không phải một ngày.")
    raw = "" if value is None else str(value).strip()
    if not raw:
        return None
    text = re.sub(r"\s*/\s*", "/", plain(raw))
    if text.startswith(NOT_DONE):
        return None
    for _ in range(3):
        stripped = DONE_WORDS.sub("", text)
        if stripped == text:
            break
        text = stripped
    text = re.sub(r"\bnam\s*/?(\d{4})\b", r"nam/\1", text)
    found = _date(text, year) if text else False
    if not found:
        raise DeadlineError(
            f"Không hiểu ngày hoàn thành «{raw}». Ghi ngày dạng dd/mm/yyyy (ví dụ 15/3/{year}), "
            f"hoặc để trống nếu chưa hoàn thành."
        )
    return found
