from cchc.management.base import UNREADABLE, CchcCommand, Fail


def catalog_rows(form):
    return [{"code": i.code, "stt": i.stt, "name": i.name, "measure": i.measure, "kind": i.kind,
             "choices": i.choices if i.kind == "choice" else None,
             "responsible": i.responsible.code if i.responsible else None,
             "parent": i.parent_code or None}
            for i in form.indicators.select_related("responsible").order_by("position")]


class Command(CchcCommand):
    help = "Các chỉ tiêu của biểu mẫu báo cáo một năm, theo thứ tự của biểu mẫu."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="năm (mặc định: biểu mẫu mới nhất)")
        self.add_format_argument(parser)

    def handle(self, *args, year, format, **options):
        from cchc.catalog.models import ReportForm

        forms = ReportForm.objects.all()
        form = forms.filter(year=year).first() if year else forms.order_by("-year").first()
        if form is None:
            raise Fail(f"Chưa có biểu mẫu năm {year}." if year else "Chưa có biểu mẫu nào (chạy cchc init).", UNREADABLE)
        rows = catalog_rows(form)
        if format == "json":
            self.print_json(rows)
        else:
            for r in rows:
                self.stdout.write(f"{r['code']:<9} {r['kind']:<8} {r['measure'][:16]:<16} {r['name']}")
