"""Workbooks built the way offices build them, for the import tests."""

import io

import openpyxl


def template(cchc, tmp_path, unit="NGO-MAY", period="2021-Q1"):
    path = tmp_path / f"bieu-mau-{unit}.xlsx"
    cchc("template", "--unit", unit, "--period", period, "-o", str(path))
    return path


def fill(path, values, out=None, formats=None):
    """Type `values` {stt as printed: value} into the Số liệu column of our template, the way a
    person would: found by the STT cell. "Trong đó" rows are addressed as "3.1.3/1", "3.1.3/2"."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Phụ lục"]
    parent, part = None, 0
    for row in ws.iter_rows(min_row=1):
        stt = row[0].value
        if stt and stt != "Trong đó":
            parent, part = str(stt).rstrip("."), 0
            key = parent
        elif row[1].value and parent:
            part += 1
            key = f"{parent}/{part}"
        else:
            continue
        if key in values:
            row[3].value = values[key]
            if formats and key in formats:
                row[3].number_format = formats[key]
    out = out or path
    wb.save(out)
    return out


def directive_workbook(rows, path, *, header_every=None):
    """A workbook laid out like the directive's own appendix (no marker): title lines, the two
    header rows, then (stt, name, measure, value) rows; the header repeated every `header_every` rows."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["Phụ lục"])
    ws.append(["THÔNG KÊ SỐ LIỆU VỀ KẾT QUẢ THỰC HIỆN CÔNG TÁC CCHC TẠI CÁC CƠ QUAN, ĐƠN VỊ, ĐỊA PHƯƠNG"])
    ws.append([])
    header = [
        [
            "STT",
            "Chỉ tiêu thống kê (Sử dụng trong kỳ báo cáo hàng quý, 6 tháng, năm)",
            "Kết quả thống kê",
            None,
            "Ghi chú",
        ],
        [None, None, "Đơn vị tính", "Số liệu", None],
    ]
    for h in header:
        ws.append(h)
    ws.merge_cells("C4:D4")
    for i, row in enumerate(rows, start=1):
        ws.append(list(row))
        if header_every and i % header_every == 0:
            for h in header:
                ws.append(h)
    wb.save(path)
    return path


def to_bytes(wb):
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def convert(path, fmt, outdir=None):
    """`path` converted by LibreOffice headless to `fmt` (xls, ods, docx…), as an office that saves
    in another format would; a throw-away profile so parallel runs do not share one. LibreOffice is
    installed by scripts/test: its absence is a failure here, not a skip."""
    import os
    import shutil
    import subprocess
    import tempfile

    exe = shutil.which("soffice") or shutil.which("libreoffice")
    assert exe, "LibreOffice (soffice) is required by these tests; scripts/test installs it"
    outdir = outdir or path.parent / f"out-{fmt}"
    outdir.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cchc-lo-") as profile:
        subprocess.run(
            [
                exe,
                "--headless",
                "--norestore",
                "--nolockcheck",
                f"-env:UserInstallation=file://{profile}",
                "--convert-to",
                fmt,
                "--outdir",
                str(outdir),
                str(path),
            ],
            check=True,
            timeout=180,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "HOME": profile},
        )
    out = outdir / (path.stem + "." + fmt.split(":")[0])
    assert out.exists(), f"LibreOffice did not write {out}"
    return out
