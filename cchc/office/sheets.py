"""One interface over the spreadsheet formats offices send: .xlsx (openpyxl), .xls (xlrd) and
.ods (odfpy). Each reader yields the same rows of `Cell`s, so the report reader above applies the
same rules and says the same things whatever program saved the file.

Every file first passes cchc/office/package.py (size, damage, password, macros, zip bomb). Rows
are produced lazily: a caller that stops early never materialises the rest of a sheet.
"""

import datetime as dt
import io
import re
from dataclasses import dataclass

from .package import OLE_MAGIC, BadPackage, Limits, check_macro_name, check_size, encrypted_ole, open_package

FORMATS = (".xlsx", ".xls", ".ods")


@dataclass
class Cell:
    value: object = None
    number_format: str = "General"
    is_date: bool = False


EMPTY = Cell()


@dataclass
class SheetInfo:
    title: str
    hidden: bool = False


class Book:
    """Sheets of a workbook. `rows(i, max_col, max_row)` yields lists of Cells, row 1 first, gaps
    included; `active` is the index of the sheet the file opens on."""

    sheets: list
    active: int = 0

    def rows(self, index, max_col, max_row=None):
        raise NotImplementedError

    def formula_rows(self, index, col, max_row):
        """Rows (1-based) whose cell in `col` holds a formula with no stored result: only .xlsx
        written by a program that does not compute formulas has those."""
        return set()

    def close(self):
        pass


class GridBook(Book):
    """A book from rows already in memory (a Word table, tests)."""

    def __init__(self, sheets):
        self.sheets = [SheetInfo(title) for title, _ in sheets]
        self._grids = [grid for _, grid in sheets]
        self.active = 0

    def rows(self, index, max_col, max_row=None):
        for i, row in enumerate(self._grids[index]):
            if max_row is not None and i >= max_row:
                return
            yield [c if isinstance(c, Cell) else Cell(c) for c in row[:max_col]]


def open_book(data, name):
    """The Book of a received spreadsheet; BadPackage (Vietnamese message) when it cannot be read."""
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    check_size(data, name)
    check_macro_name(name)
    if suffix == ".xls" or (data[:8] == OLE_MAGIC and suffix != ".ods"):
        if encrypted_ole(data):
            raise BadPackage(f"Tệp {name} được đặt mật khẩu; hãy bỏ mật khẩu (File › Info › Protect) rồi gửi lại.")
        if data[:8] != OLE_MAGIC:
            if data.startswith(b"PK\x03\x04"):
                return XlsxBook(data, name)  # an .xlsx renamed .xls: read it for what it is
            raise BadPackage(f"Tệp {name} không phải là tệp Excel 97-2003 (.xls).")
        return XlsBook(data, name)
    if suffix == ".ods":
        return OdsBook(data, name)
    return XlsxBook(data, name)


# --- .xlsx -------------------------------------------------------------------------------------


class XlsxBook(Book):
    def __init__(self, data, name):
        from openpyxl import load_workbook

        self._zf = open_package(data, name, "xlsx")
        self._data, self._name = data, name
        self._broken = f"Tệp {name} bị hỏng hoặc không phải tệp Excel hợp lệ; hãy mở bằng Excel, lưu lại rồi gửi lại."
        try:
            self._wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            self.sheets = [
                SheetInfo(ws.title, getattr(ws, "sheet_state", "visible") != "visible") for ws in self._wb.worksheets
            ]
            self.active = self._wb.worksheets.index(self._wb.active) if self._wb.active in self._wb.worksheets else 0
        except Exception:
            raise BadPackage(self._broken) from None

    def rows(self, index, max_col, max_row=None):
        try:
            for cells in self._wb.worksheets[index].iter_rows(max_col=max_col, max_row=max_row):
                yield [
                    Cell(c.value, getattr(c, "number_format", None) or "General", bool(getattr(c, "is_date", False)))
                    for c in cells
                ]
        except BadPackage:
            raise
        except Exception:
            raise BadPackage(self._broken) from None

    def formula_rows(self, index, col, max_row):
        if not _has_formulas(self._zf):
            return set()
        from openpyxl import load_workbook

        out = set()
        try:
            wb = load_workbook(io.BytesIO(self._data), read_only=True, data_only=False)
            try:
                for r, cells in enumerate(
                    wb.worksheets[index].iter_rows(min_col=col, max_col=col, max_row=max_row), start=1
                ):
                    value = cells[0].value if cells else None
                    if isinstance(value, str) and value.startswith("="):
                        out.add(r)
            finally:
                wb.close()
        except Exception:
            raise BadPackage(self._broken) from None
        return out

    def close(self):
        self._wb.close()


def _has_formulas(zf):
    for info in zf.infolist():
        if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
            body = zf.read(info.filename)
            if b"<f>" in body or b"<f " in body or b":f>" in body or b":f " in body:
                return True
    return False


# --- .xls (Excel 97-2003) ----------------------------------------------------------------------


class XlsBook(Book):
    def __init__(self, data, name):
        import xlrd

        broken = (
            f"Tệp {name} bị hỏng hoặc không phải tệp Excel 97-2003 (.xls) hợp lệ; hãy mở bằng Excel, "
            f"lưu lại rồi gửi lại."
        )
        try:
            # formatting_info: the number formats tell a percentage (0,955 shown as 95,5%) and a date.
            self._book = xlrd.open_workbook(
                file_contents=data, formatting_info=True, on_demand=True, logfile=io.StringIO()
            )
        except xlrd.biffh.XLRDError as exc:
            if "encrypt" in str(exc).lower():
                raise BadPackage(f"Tệp {name} được đặt mật khẩu; hãy bỏ mật khẩu rồi gửi lại.") from None
            raise BadPackage(broken) from None
        except Exception:
            raise BadPackage(broken) from None
        if getattr(self._book, "has_vba_macros", False) or _ole_has_macros(data):
            raise BadPackage(f"Tệp {name} có macro nên không được nhận; hãy lưu lại thành tệp không có macro.")
        self._broken = broken
        names = self._book.sheet_names()
        self.sheets, self.active = [], 0
        try:
            for i, title in enumerate(names):
                sheet = self._book.sheet_by_index(i)
                self.sheets.append(SheetInfo(title, sheet.visibility != 0))
                if sheet.sheet_visible:
                    self.active = i
        except Exception:
            raise BadPackage(broken) from None

    def rows(self, index, max_col, max_row=None):
        import xlrd

        try:
            sheet = self._book.sheet_by_index(index)
            last = sheet.nrows if max_row is None else min(sheet.nrows, max_row)
            for r in range(last):
                out = []
                for c in range(min(max_col, sheet.row_len(r))):
                    cell = sheet.cell(r, c)
                    fmt = self._format(cell.xf_index)
                    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                        out.append(EMPTY)
                    elif cell.ctype == xlrd.XL_CELL_DATE:
                        try:
                            value = xlrd.xldate.xldate_as_datetime(cell.value, self._book.datemode)
                        except Exception:
                            value = cell.value
                        out.append(Cell(value, fmt, True))
                    elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                        out.append(Cell(bool(cell.value), fmt))
                    elif cell.ctype == xlrd.XL_CELL_ERROR:
                        out.append(Cell(xlrd.error_text_from_code.get(cell.value, "#ERR"), fmt))
                    elif cell.ctype == xlrd.XL_CELL_NUMBER:
                        value = cell.value
                        out.append(Cell(int(value) if value == int(value) and abs(value) < 1e15 else value, fmt))
                    else:
                        out.append(Cell(cell.value, fmt))
                yield out
        except BadPackage:
            raise
        except Exception:
            raise BadPackage(self._broken) from None

    def _format(self, xf_index):
        try:
            key = self._book.xf_list[xf_index].format_key
            return self._book.format_map[key].format_str or "General"
        except (IndexError, KeyError, AttributeError, TypeError):
            return "General"

    def close(self):
        self._book.release_resources()


def _ole_has_macros(data):
    # A .xls with macros holds a "_VBA_PROJECT_CUR" storage; its name is in the OLE directory (UTF-16).
    return "_VBA_PROJECT_CUR".encode("utf-16-le") in data


# --- .ods (OpenDocument) -----------------------------------------------------------------------

_ACTIVE_TABLE = re.compile(rb'config:name="ActiveTable"[^>]*>([^<]*)<')
# LibreOffice pads a sheet with a row repeated a million times and cells repeated to column 1024:
# blank padding is skipped, never expanded.
_MAX_REPEAT = 10_000


class OdsBook(Book):
    def __init__(self, data, name):
        from odf.opendocument import load

        # odfpy builds a DOM of content.xml (~10 bytes of memory per byte of XML): a tighter cap
        # than for the streamed formats. The form's appendix is ~300 KB of XML.
        zf = open_package(data, name, "ods", Limits(max_uncompressed=12 * 1024 * 1024, max_member=8 * 1024 * 1024))
        broken = (
            f"Tệp {name} bị hỏng hoặc không phải bảng tính .ods hợp lệ; hãy mở bằng LibreOffice, lưu lại rồi gửi lại."
        )
        self._broken = broken
        try:
            self._doc = load(io.BytesIO(data))
            from odf.table import Table

            self._tables = self._doc.spreadsheet.getElementsByType(Table)
        except Exception:
            raise BadPackage(broken) from None
        hidden = self._hidden_styles()
        self.sheets = [
            SheetInfo(str(t.getAttribute("name") or f"Sheet{i + 1}"), str(t.getAttribute("stylename") or "") in hidden)
            for i, t in enumerate(self._tables)
        ]
        self.active = 0
        try:
            settings = zf.read("settings.xml") if "settings.xml" in zf.namelist() else b""
        except Exception:
            settings = b""
        found = _ACTIVE_TABLE.search(settings)
        if found:
            title = found.group(1).decode("utf-8", "replace")
            self.active = next((i for i, s in enumerate(self.sheets) if s.title == title), 0)

    def _hidden_styles(self):
        from odf.style import Style, TableProperties

        out = set()
        try:
            for style in self._doc.automaticstyles.getElementsByType(Style):
                for props in style.getElementsByType(TableProperties):
                    if str(props.getAttribute("display")) == "false":
                        out.add(str(style.getAttribute("name")))
        except Exception:
            pass
        return out

    def rows(self, index, max_col, max_row=None):
        from odf.table import TableRow

        try:
            produced, pending_blank = 0, 0
            for row in self._tables[index].getElementsByType(TableRow):
                repeat = int(row.getAttribute("numberrowsrepeated") or 1)
                cells = []
                blank_run = 0
                for cell in row.childNodes:
                    if cell.qname[1] not in ("table-cell", "covered-table-cell"):
                        continue
                    times = int(cell.getAttribute("numbercolumnsrepeated") or 1)
                    value = _ods_cell(cell)
                    if value is EMPTY:
                        blank_run += min(times, _MAX_REPEAT)
                        continue
                    cells.extend([EMPTY] * blank_run)
                    blank_run = 0
                    cells.extend([value] * min(times, max_col))
                    if len(cells) >= max_col:
                        break
                cells = cells[:max_col]
                if not cells:
                    pending_blank += repeat
                    continue
                for _ in range(min(pending_blank, _MAX_REPEAT)):
                    if max_row is not None and produced >= max_row:
                        return
                    produced += 1
                    yield []
                pending_blank = 0
                for _ in range(min(repeat, _MAX_REPEAT)):
                    if max_row is not None and produced >= max_row:
                        return
                    produced += 1
                    yield list(cells)
        except BadPackage:
            raise
        except Exception:
            raise BadPackage(self._broken) from None


def _ods_cell(cell):
    kind = str(cell.getAttribute("valuetype") or "")
    if kind in ("float", "currency"):
        return Cell(_number(cell.getAttribute("value")))
    if kind == "percentage":
        # Stored as the fraction, as .xlsx does: the percent format tells the reader to scale it.
        return Cell(_number(cell.getAttribute("value")), "0%")
    if kind == "date":
        text = str(cell.getAttribute("datevalue") or "")
        try:
            return Cell(dt.datetime.fromisoformat(text), "dd/mm/yyyy", True)
        except ValueError:
            return Cell(text, "General", True)
    if kind == "time":
        return Cell(str(cell.getAttribute("timevalue") or ""), "hh:mm", True)
    if kind == "boolean":
        return Cell(str(cell.getAttribute("booleanvalue")) == "true")
    text = _ods_text(cell)
    return Cell(text) if text != "" else EMPTY


def _number(text):
    value = float(text)
    return int(value) if value == int(value) and abs(value) < 1e15 else value


def _ods_text(cell):
    from odf import teletype
    from odf.text import P

    return "\n".join(teletype.extractText(p) for p in cell.getElementsByType(P))
