from cchc.management.base import INVALID, CchcCommand, Fail, lookup


class Command(CchcCommand):
    help = (
        "Xuất báo cáo của một đơn vị cho một kỳ: json, xlsx (phụ lục) hoặc docx (văn bản theo Nghị định 30/2020/NĐ-CP)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="mã đơn vị")
        parser.add_argument("--period", required=True, help="mã kỳ báo cáo, ví dụ 2021-Q1")
        parser.add_argument("--format", choices=["json", "xlsx", "docx", "pdf"], default="json")
        parser.add_argument("-o", "--output", help="tệp kết quả (mặc định: in ra màn hình cho json)")

    def handle(self, *args, unit, period, format, output, **options):
        from cchc.orgunits.models import OrgUnit
        from cchc.reporting.actions import report_json
        from cchc.reporting.models import Period, Report

        the_unit = lookup(OrgUnit, unit, "đơn vị")
        the_period = lookup(Period, period, "kỳ báo cáo")
        report = Report.objects.select_related("unit", "period").filter(unit=the_unit, period=the_period).first()
        if report is None:
            raise Fail(f"Đơn vị {unit} chưa có báo cáo kỳ {period}.", INVALID)
        if format == "json":
            self.emit(output, format, data=report_json(report))
            return
        from cchc.reporting import documents

        self.emit(output, format, content=documents.render_report(report, format))
