from pathlib import Path

from cchc.management.base import INVALID, UNREADABLE, CchcCommand, Fail


class Command(CchcCommand):
    help = (
        "Biểu mẫu báo cáo của các năm. `form list`; `form export --year Y -o TỆP.xlsx` (bảng tính sửa được); "
        "`form import TỆP --year Y [--dry-run]` (bảng tính đó, hoặc phụ lục như văn bản ban hành: .xlsx, .docx; "
        "thoát 1: có dòng sai, không lưu gì; 2: không đọc được); `form copy --from Y1 --to Y2`; "
        "`form publish --year Y` (công bố biểu mẫu đang soạn trên web)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["list", "export", "import", "copy", "publish"])
        parser.add_argument("file", nargs="?", help="tệp biểu mẫu (.xlsx, .docx) cần nhập")
        parser.add_argument("--year", type=int, help="năm của biểu mẫu")
        parser.add_argument("--from", dest="from_year", type=int, help="năm của biểu mẫu nguồn (copy)")
        parser.add_argument("--to", dest="to_year", type=int, help="năm của biểu mẫu mới (copy)")
        parser.add_argument("-o", "--output", help="tệp kết quả (export)")
        parser.add_argument("--dry-run", action="store_true", help="chỉ cho biết sẽ thêm, sửa, bỏ mã nào; không lưu")
        self.add_format_argument(parser)

    def handle(self, *args, action, **options):
        getattr(self, f"do_{action}")(**options)

    def _year(self, year, what="--year"):
        if not year:
            raise Fail(f"Thiếu {what} (năm của biểu mẫu).", UNREADABLE)
        if not 1990 <= year <= 2200:
            raise Fail(f"Năm {year} không hợp lệ.", UNREADABLE)
        return year

    def do_list(self, *, format, **options):
        from cchc.catalog.editing import form_list

        rows = form_list()
        if format == "json":
            self.print_json(
                [{k: r[k] for k in ("year", "title", "source", "indicators", "locked", "published")} for r in rows]
            )
            return
        for r in rows:
            state = ("đã có số liệu" if r["locked"] else "chưa có số liệu") + ("" if r["published"] else ", đang soạn")
            self.stdout.write(f"{r['year']}  {r['indicators']:>4} chỉ tiêu  ({state})  {r['title']}")

    def do_export(self, *, year, output, **options):
        from cchc.catalog.formfile import export_workbook
        from cchc.catalog.models import ReportForm

        year = self._year(year)
        form = ReportForm.objects.filter(year=year).first()
        if form is None:
            raise Fail(f"Chưa có biểu mẫu năm {year}.", INVALID)
        self.emit(output, "xlsx", content=export_workbook(form))

    def do_import(self, *, file, year, dry_run, format, **options):
        from cchc.catalog.editing import FormInvalid, apply
        from cchc.catalog.formfile import Unreadable, read_form_file

        year = self._year(year)
        if not file:
            raise Fail("Thiếu tệp biểu mẫu (.xlsx hoặc .docx) cần nhập.", UNREADABLE)
        try:
            data = Path(file).read_bytes()
        except OSError as exc:
            raise Fail(f"Không đọc được tệp {file}: {exc.strerror}.", UNREADABLE) from None
        try:
            draft = read_form_file(data, Path(file).name, year)
            changes = apply(year, draft, by="cchc form import", dry_run=dry_run)
        except Unreadable as exc:
            raise Fail(str(exc), UNREADABLE) from None
        except FormInvalid as exc:
            if format == "json":
                self.print_json({"year": year, "stored": False, "errors": exc.messages})
            raise Fail("Không nhập biểu mẫu (không lưu gì):\n" + "\n".join(exc.messages), INVALID) from None
        self._report(changes, dry_run, format)

    def do_copy(self, *, from_year, to_year, format, **options):
        from cchc.catalog.editing import FormInvalid, copy_form

        from_year, to_year = self._year(from_year, "--from"), self._year(to_year, "--to")
        try:
            changes = copy_form(from_year, to_year, by="cchc form copy")
        except FormInvalid as exc:
            raise Fail("\n".join(exc.messages), INVALID) from None
        self._report(changes, False, format)

    def do_publish(self, *, year, **options):
        from cchc.catalog.editing import publish
        from cchc.catalog.models import ReportForm

        year = self._year(year)
        form = ReportForm.objects.filter(year=year).first()
        if form is None:
            raise Fail(f"Chưa có biểu mẫu năm {year}.", INVALID)
        publish(form, by="cchc form publish")
        self.stdout.write(f"Biểu mẫu năm {year} đã công bố.")

    def _report(self, changes, dry_run, format):
        if format == "json":
            self.print_json(changes.as_dict())
            return
        verb = "Sẽ" if dry_run else "Đã"
        self.stdout.write(
            f"Biểu mẫu năm {changes.year}: "
            + ("chạy thử, không lưu gì." if dry_run else ("đã lưu." if changes.stored else "không có gì thay đổi."))
        )
        for label, codes in (("thêm", changes.added), ("sửa", changes.changed), ("bỏ", changes.removed)):
            self.stdout.write(f"{verb} {label} {len(codes)} mã" + (f": {', '.join(codes)}" if codes else "."))
        if changes.rules_changed:
            self.stdout.write(f"{verb} thay các quy tắc kiểm tra.")
        for warning in changes.warnings:
            self.stderr.write(f"Lưu ý: {warning}")
