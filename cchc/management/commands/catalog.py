from cchc.management.base import UNREADABLE, CchcCommand, Fail


class Command(CchcCommand):
    help = "Các chỉ tiêu của biểu mẫu báo cáo một năm, theo thứ tự của biểu mẫu."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="năm (mặc định: biểu mẫu mới nhất)")
        self.add_format_argument(parser)

    def handle(self, *args, year, format, **options):
        from cchc.shapes import catalog_json, form_of

        form = form_of(year, drafts=True)
        if form is None:
            raise Fail(
                f"Chưa có biểu mẫu năm {year}." if year else "Chưa có biểu mẫu nào (chạy cchc init).", UNREADABLE
            )
        rows = catalog_json(form)
        if format == "json":
            self.print_json(rows)
        else:
            for r in rows:
                self.stdout.write(f"{r['code']:<9} {r['kind']:<8} {r['measure'][:16]:<16} {r['name']}")
