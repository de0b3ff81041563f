"""Reading a report from a file someone sent (.json, .xlsx) into one shape, for validate/import."""
import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from cchc.office.dates import VN

MAX_FILE_BYTES = 10 * 1024 * 1024


class Unreadable(Exception):
    """The file cannot be read at all (exit status 2): not JSON, not a workbook, too large…"""


class Invalid(Exception):
    """The file reads but says something impossible (exit status 1); messages name each bad row."""

    def __init__(self, messages):
        messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass
class Payload:
    unit: str | None
    period: str | None
    values: dict = field(default_factory=dict)
    narrative: dict | None = None
    source: str = ""
    warnings: list = field(default_factory=list)  # things noticed while reading (not validation)


def read_report_file(path, *, unit=None, period=None):
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise Unreadable(f"Không mở được tệp {path.name}: {exc.strerror}.") from None
    if size > MAX_FILE_BYTES:
        raise Unreadable(f"Tệp {path.name} quá lớn ({size:,} byte; tối đa {MAX_FILE_BYTES:,}).")
    data = path.read_bytes()
    return read_report_bytes(data, path.name, unit=unit, period=period)


def read_report_bytes(data, name, *, unit=None, period=None):
    suffix = Path(name).suffix.lower()
    if suffix == ".json":
        return read_json(data, name, unit=unit, period=period)
    if suffix in (".xlsx", ".xlsm", ".xls"):
        from cchc.reporting.xlsx import read_report_workbook

        return read_report_workbook(data, name, unit=unit, period=period)
    raise Unreadable(f"Tệp {name}: chỉ nhận tệp .json hoặc .xlsx.")


def read_json(data, name, *, unit=None, period=None):
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise Unreadable(f"Tệp {name} không phải JSON hợp lệ ({exc}).") from None
    if not isinstance(doc, dict):
        raise Invalid(f"Tệp {name}: báo cáo phải là một đối tượng JSON.")
    values = doc.get("values", {})
    if not isinstance(values, dict):
        raise Invalid(f"Tệp {name}: «values» phải là một đối tượng mã chỉ tiêu → số liệu.")
    for key in ("unit", "period"):
        if doc.get(key) is not None and not isinstance(doc[key], str):
            raise Invalid(f"Tệp {name}: «{key}» phải là một mã (chuỗi ký tự).")
    file_unit, file_period = doc.get("unit"), doc.get("period")
    if unit and file_unit and unit != file_unit:
        raise Invalid(f"Tệp {name} là báo cáo của đơn vị {file_unit}, không phải {unit}.")
    if period and file_period and period != file_period:
        raise Invalid(f"Tệp {name} là báo cáo kỳ {file_period}, không phải {period}.")
    return Payload(unit=unit or file_unit, period=period or file_period, values=values,
                   narrative=doc.get("narrative"), source=name)


def parse_instant(text):
    """An ISO 8601 instant; one written without a zone is Vietnam time (the office's clock)."""
    try:
        at = dt.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        at = None
        try:
            day = dt.date.fromisoformat(text)
            at = dt.datetime.combine(day, dt.time(12, 0))
        except (TypeError, ValueError):
            raise ValueError(f"Thời điểm «{text}» không đúng dạng ISO 8601 (ví dụ 2021-03-04T10:00:00+07:00).") from None
    if at.tzinfo is None:
        at = at.replace(tzinfo=VN)
    return at
