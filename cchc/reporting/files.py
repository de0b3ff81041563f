"""Reading a report from a file someone sent (.json, .xlsx, .xls, .ods, a Word report .docx) into one
shape, for validate, import and the web upload."""

import errno
import json
from dataclasses import dataclass, field
from pathlib import Path

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
    sheet: str | None = None  # the sheet (or "bảng phụ lục") the figures were read from
    unplaced: list = field(default_factory=list)  # parts of a Word report that fit no narrative part
    word: bool = False  # read from a Word report

    def where(self):
        """Where the figures were read, for the output: "trang «Phụ lục»", "bảng phụ lục"."""
        if not self.sheet:
            return ""
        return self.sheet if self.word else f"trang «{self.sheet}»"


SPREADSHEETS = (".xlsx", ".xls", ".ods")
ACCEPTED = (".json", *SPREADSHEETS, ".docx")
ACCEPTED_TEXT = "tệp .json, Excel (.xlsx, .xls), .ods hoặc báo cáo Word (.docx)"
MAX_JSON_DEPTH = 20  # a report is 3 levels deep; anything deeper is not a report


def read_report_file(path, *, unit=None, period=None):
    """Read through a size cap: a file that grew after stat() is still read no further than the cap."""
    path = Path(path)
    name = path.name or str(path)
    if path.is_dir():
        raise Unreadable(f"{path} là thư mục, không phải tệp báo cáo; hãy chỉ ra từng tệp (ví dụ {path}/*.xlsx).")
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise Unreadable(f"Không mở được tệp {path}: không có tệp này.") from None
    except PermissionError:
        raise Unreadable(f"Không mở được tệp {path}: không có quyền đọc.") from None
    except OSError as exc:
        code = errno.errorcode.get(exc.errno or 0, "")
        raise Unreadable(f"Không đọc được tệp {path}: lỗi của hệ thống tệp{f' ({code})' if code else ''}.") from None
    if len(data) > MAX_FILE_BYTES:
        raise Unreadable(f"Tệp {name} quá lớn (hơn {MAX_FILE_BYTES // 1048576} MB).")
    return read_report_bytes(data, name, unit=unit, period=period)


def read_report_bytes(data, name, *, unit=None, period=None):
    suffix = Path(name).suffix.lower()
    if suffix == ".json":
        return read_json(data, name, unit=unit, period=period)
    if suffix in (*SPREADSHEETS, ".xlsm", ".xltm"):
        from cchc.reporting.xlsx import read_report_workbook

        return read_report_workbook(data, name, unit=unit, period=period)
    if suffix in (".docx", ".docm", ".dotm"):
        from cchc.reporting.docx_in import read_report_docx

        return read_report_docx(data, name, unit=unit, period=period)
    if suffix == ".doc":
        raise Unreadable(f"Tệp {name} là định dạng Word 97-2003 (.doc), chưa được hỗ trợ; hãy lưu lại thành .docx.")
    raise Unreadable(f"Tệp {name}: chỉ nhận {ACCEPTED_TEXT}.")


def read_json(data, name, *, unit=None, period=None):
    if len(data) > MAX_FILE_BYTES:
        raise Unreadable(f"Tệp {name} quá lớn (hơn {MAX_FILE_BYTES // 1048576} MB).")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Unreadable(f"Tệp {name} không phải JSON hợp lệ (không phải mã UTF-8).") from None
    if _nesting(text) > MAX_JSON_DEPTH:
        # Checked before parsing: json.loads recurses once per level and a deep file exhausts the stack.
        raise Unreadable(f"Tệp {name} lồng quá sâu (hơn {MAX_JSON_DEPTH} cấp), không phải báo cáo.")
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise Unreadable(
            f"Tệp {name} không phải JSON hợp lệ (dòng {exc.lineno}, cột {exc.colno}: {exc.msg})."
        ) from None
    except RecursionError:
        raise Unreadable(f"Tệp {name} lồng quá sâu, không phải báo cáo.") from None
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
    warnings = []
    values = {code: _unlegacy(v, f"số liệu {code}", warnings) for code, v in values.items()}
    narrative = doc.get("narrative")
    if isinstance(narrative, dict):
        narrative = {
            k: (
                {a: _unlegacy(t, f"phần {k}.{a}", warnings) for a, t in v.items()}
                if isinstance(v, dict)
                else _unlegacy(v, f"phần {k}", warnings)
            )
            for k, v in narrative.items()
        }
    return Payload(
        unit=unit or file_unit,
        period=period or file_period,
        values=values,
        narrative=narrative,
        source=name,
        warnings=warnings,
    )


def _unlegacy(value, where, warnings):
    """A string typed in TCVN3 or VNI, in Unicode, with a warning naming where it was."""
    if not isinstance(value, str):
        return value
    from cchc.office.legacy import fix_text

    text, encoding = fix_text(value)
    if encoding:
        warnings.append(f"{where[0].upper() + where[1:]}: chữ gõ bằng bảng mã {encoding}, đã chuyển sang Unicode.")
    return text


def _nesting(text):
    """How deep brackets nest in a JSON text, strings skipped (one linear pass, no recursion)."""
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:
        return 0
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_JSON_DEPTH:
                    return deepest
        elif ch in "]}":
            depth -= 1
    return deepest


@dataclass
class Merged:
    """What an import stores, and what it changes against the stored report."""

    values: dict
    narrative: dict | None
    changes: list  # [(code, before, after)], before/after None when blank
    kept: list  # codes the file leaves blank whose stored figure stays
    narrative_changed: list  # narrative parts the import changes ("organisation", "results.2", …)


def merge_import(payload, stored_values, stored_narrative, *, replace=False):
    """The one rule for a file imported over a stored report, on the web and in `cchc import`: a
    cell (or narrative part) the file leaves blank keeps what is stored — blank in a file is as
    often "not typed in this copy" as "not within our competence", and losing figures is the worse
    mistake — unless `replace` says the file is the whole report."""
    stored_values = {c: v for c, v in (stored_values or {}).items() if v is not None}
    kept = [] if replace else [c for c in stored_values if c not in payload.values]
    values = dict(payload.values) if replace else {**{c: stored_values[c] for c in kept}, **payload.values}
    changes = value_changes(stored_values, values)
    narrative, narrative_changed = None, []
    stored_narrative = stored_narrative or {}
    if payload.narrative is not None or replace:
        given = payload.narrative or {}
        narrative = {}
        for key in ("organisation", "difficulties", "proposals", "thematic"):
            text = given.get(key) if isinstance(given.get(key), str) else None
            old = stored_narrative.get(key) or ""
            narrative[key] = text if text else ("" if replace else old)
            if narrative[key] != old:
                narrative_changed.append(key)
        given_results = given.get("results") if isinstance(given.get("results"), dict) else {}
        old_results = stored_narrative.get("results") or {}
        narrative["results"] = {}
        for area in map(str, range(1, 7)):
            text = given_results.get(area) if isinstance(given_results.get(area), str) else None
            old = old_results.get(area) or ""
            narrative["results"][area] = text if text else ("" if replace else old)
            if narrative["results"][area] != old:
                narrative_changed.append(f"results.{area}")
        extra = set(given) - {"organisation", "difficulties", "proposals", "thematic", "results"}
        for key in extra:  # refused by clean_narrative with its own message
            narrative[key] = given[key]
    return Merged(values=values, narrative=narrative, changes=changes, kept=kept, narrative_changed=narrative_changed)


def value_changes(before, after):
    """[(code, before, after)] of the figures that differ, in form order."""
    out = []
    for code in sorted(set(before) | set(after), key=_code_key):
        old, new = before.get(code), after.get(code)
        if _comparable(old) != _comparable(new):
            out.append((code, old, new))
    return out


def _comparable(value):
    if value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return str(value)


def _code_key(code):
    return [int(p) if p.isdigit() else p for p in str(code).split(".")]
