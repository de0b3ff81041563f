from pathlib import Path

from cchc.management.base import UNREADABLE, CchcCommand, Fail


class Command(CchcCommand):
    help = "Danh sách đơn vị; `units import FILE.csv` nhập đơn vị hàng loạt (cột code,name,kind,parent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "action", nargs="?", choices=["list", "import"], default="list", help="list (mặc định) hoặc import"
        )
        parser.add_argument("file", nargs="?", help="tệp CSV (UTF-8) khi nhập")
        self.add_format_argument(parser)

    def handle(self, *args, action, file, format, **options):
        from cchc.orgunits.importing import UnitFileError, import_units
        from cchc.orgunits.models import OrgUnit

        if action == "import":
            if not file:
                raise Fail("Thiếu tệp CSV cần nhập.", UNREADABLE)
            try:
                data = Path(file).read_bytes()
            except OSError as exc:
                raise Fail(f"Không đọc được tệp {file}: {exc.strerror}.", UNREADABLE) from None
            try:
                created, updated = import_units(data)
            except UnitFileError as exc:
                raise Fail("Không nhập đơn vị nào:\n" + "\n".join(exc.messages)) from None
            if format == "json":
                self.print_json({"created": created, "updated": updated})
            else:
                self.stdout.write(f"Đã thêm {created} đơn vị, cập nhật {updated} đơn vị.")
            return
        from cchc.shapes import unit_json

        rows = [unit_json(u) for u in OrgUnit.objects.select_related("parent").order_by("position", "code")]
        if format == "json":
            self.print_json(rows)
        else:
            for r in rows:
                self.stdout.write(f"{r['code']:<12} {r['kind']:<11} {r['parent'] or '':<10} {r['name']}")
