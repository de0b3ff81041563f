"""The checks every received Office file passes before a reader library may open it: .xlsx, .docx
(zip packages), .ods (also a zip) and .xls (an OLE compound file).

A file is refused, with a Vietnamese message, when it is too large, damaged, password-protected,
macro-enabled, or a zip bomb. The zip-bomb check does not trust the sizes a zip *declares*: every
member is inflated once, in small chunks, and the bytes that really come out are counted against
the caps, so a 4 MB file whose headers claim 1 KB but inflate to gigabytes stops at the cap with
no more than one chunk in memory.
"""

import io
import zipfile
from dataclasses import dataclass

from .numbers import format_number

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_CHUNK = 64 * 1024


class BadPackage(Exception):
    """The bytes cannot be opened as the Office file they claim to be; the message says why."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 5 * 1024 * 1024
    # A filled appendix or a 20-page report unpacks to a few megabytes; anything near these is not a report.
    max_uncompressed: int = 25 * 1024 * 1024
    max_member: int = 20 * 1024 * 1024
    max_members: int = 300
    max_ratio: int = 200


# Per format: the part every genuine package holds, what its macro-enabled twin carries, and the
# words used to name it to the person who sent it.
_KINDS = {
    "xlsx": {"main": ("xl/workbook.xml",), "macro": "xl/vbaProject.bin", "what": "Excel (.xlsx)", "app": "Excel"},
    "docx": {"main": ("word/document.xml",), "macro": "word/vbaProject.bin", "what": "Word (.docx)", "app": "Word"},
    "ods": {"main": ("content.xml",), "macro": None, "what": "bảng tính OpenDocument (.ods)", "app": "LibreOffice"},
}
MACRO_SUFFIXES = {".xlsm": "xlsx", ".xltm": "xlsx", ".docm": "docx", ".dotm": "docx"}


def encrypted_ole(data):
    """An OOXML file saved with a password is an OLE container holding EncryptedPackage."""
    return data[:8] == OLE_MAGIC and (
        "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data
    )


def check_size(data, name, limits=Limits()):
    if len(data) > limits.max_bytes:
        raise BadPackage(
            f"Tệp {name} quá lớn ({format_number(len(data))} byte; tối đa {format_number(limits.max_bytes)} byte)."
        )


def check_macro_name(name):
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix in MACRO_SUFFIXES:
        plain = ".xlsx" if MACRO_SUFFIXES[suffix] == "xlsx" else ".docx"
        raise BadPackage(f"Tệp {name} có macro ({suffix}) nên không được nhận; hãy lưu lại thành tệp {plain}.")


def open_package(data, name, kind, limits=Limits()):
    """A zipfile.ZipFile over `data` once it has passed every check for `kind` (xlsx, docx, ods)."""
    spec = _KINDS[kind]
    check_size(data, name, limits)
    check_macro_name(name)
    damaged = f"Tệp {name} bị hỏng (không giải nén được); hãy mở bằng {spec['app']}, lưu lại rồi gửi lại."
    if encrypted_ole(data):
        raise BadPackage(f"Tệp {name} được đặt mật khẩu; hãy bỏ mật khẩu (File › Info › Protect) rồi gửi lại.")
    if not data.startswith(ZIP_MAGIC):
        raise BadPackage(f"Tệp {name} không phải là tệp {spec['what']}.")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError, NotImplementedError):
        raise BadPackage(damaged) from None
    if len(infos) > limits.max_members:
        raise BadPackage(f"Tệp {name} có quá nhiều thành phần ({len(infos)}), không phải báo cáo.")
    too_big = (
        f"Tệp {name} khi giải nén quá lớn (hơn {format_number(limits.max_uncompressed)} byte), không phải báo cáo."
    )
    declared = sum(i.file_size for i in infos)
    if declared > limits.max_uncompressed or any(
        i.file_size > 1024 * 1024 and i.file_size > limits.max_ratio * max(i.compress_size, 1) for i in infos
    ):
        raise BadPackage(too_big)
    names = {i.filename for i in infos}
    if kind == "xlsx" and "xl/workbook.bin" in names:
        raise BadPackage(f"Tệp {name} là dạng nhị phân (.xlsb), không được hỗ trợ; hãy lưu lại thành .xlsx.")
    if not any(m in names for m in spec["main"]):
        raise BadPackage(f"Tệp {name} không phải là tệp {spec['what']}.")
    if any(i.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) for i in infos):
        # Office writes only these two; bzip2 and lzma inflate a whole block per read, uncapped.
        raise BadPackage(damaged)
    if any(i.flag_bits & 0x1 for i in infos):
        raise BadPackage(f"Tệp {name} được đặt mật khẩu; hãy bỏ mật khẩu rồi gửi lại.")
    inflate_all(zf, infos, limits, too_big, damaged)
    if spec["macro"] and spec["macro"] in names:
        raise BadPackage(f"Tệp {name} có macro nên không được nhận; hãy lưu lại thành tệp thường.")
    if "[Content_Types].xml" in names and b"macroEnabled" in zf.read("[Content_Types].xml"):
        raise BadPackage(f"Tệp {name} có macro nên không được nhận; hãy lưu lại thành tệp thường.")
    if kind == "ods" and any(n.lower().startswith(("basic/", "scripts/")) for n in names):
        raise BadPackage(f"Tệp {name} có macro nên không được nhận; hãy lưu lại thành tệp không có macro.")
    return zf


def inflate_all(zf, infos, limits, too_big, damaged):
    """Inflate every member through a streaming cap, counting the bytes that really come out."""
    total = 0
    for info in infos:
        if info.is_dir():
            continue
        member = 0
        try:
            with zf.open(info) as stream:
                while True:
                    chunk = stream.read(_CHUNK)
                    if not chunk:
                        break
                    member += len(chunk)
                    total += len(chunk)
                    if member > limits.max_member or total > limits.max_uncompressed:
                        raise BadPackage(too_big)
        except BadPackage:
            raise
        except (zipfile.BadZipFile, EOFError, ValueError, OSError, NotImplementedError, RuntimeError):
            # A CRC mismatch is what a member whose declared size lies ends in.
            raise BadPackage(damaged) from None
        except Exception:  # zlib.error and the like: the same "damaged" for the sender
            raise BadPackage(damaged) from None
