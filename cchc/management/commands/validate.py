from cchc.management.base import INVALID, UNREADABLE, CchcCommand, Fail, issue_lines, lookup


class Command(CchcCommand):
    help = "Kiểm tra một báo cáo (.json, .xlsx, .xls, .ods hoặc báo cáo Word .docx) theo biểu mẫu mà không lưu. Thoát 0: không lỗi, 1: có lỗi, 2: không đọc được."

    def add_arguments(self, parser):
        parser.add_argument("file", help="tệp báo cáo .json, .xlsx, .xls, .ods hoặc .docx")
        parser.add_argument("--period", help="mã kỳ báo cáo, ví dụ 2021-Q1 (nếu tệp không ghi)")
        parser.add_argument("--unit", help="mã đơn vị (nếu tệp không ghi)")
        self.add_format_argument(parser)

    def handle(self, *args, file, period, unit, format, **options):
        from cchc.orgunits.models import OrgUnit
        from cchc.reporting.actions import ReportError, check, clean_narrative
        from cchc.reporting.files import Invalid, Unreadable, read_report_file
        from cchc.reporting.models import Period

        try:
            payload = read_report_file(file, unit=unit, period=period)
        except Unreadable as exc:
            if format == "json":  # a script reading stdout as JSON gets JSON even now
                self._emit(format, {"errors": [{"code": "", "message": str(exc)}], "warnings": []})
            raise Fail(str(exc), UNREADABLE) from None
        except Invalid as exc:
            self._emit(format, {"errors": [{"code": "", "message": m} for m in exc.messages], "warnings": []})
            raise SystemExit(INVALID) from None
        if not payload.period:
            raise Fail("Không rõ kỳ báo cáo: thêm --period hoặc «period» trong tệp.", UNREADABLE)
        the_period = lookup(Period, payload.period, "kỳ báo cáo")
        the_unit = lookup(OrgUnit, payload.unit, "đơn vị") if payload.unit else None
        try:
            if the_unit is None:
                from cchc.catalog.validation import validate
                from cchc.reporting.actions import spec_for

                result = validate(spec_for(the_period), payload.values)
            else:
                result = check(the_unit, the_period, payload.values)
        except ReportError as exc:
            raise Fail(exc.message, UNREADABLE) from None
        data = result.as_dict()
        data["warnings"] = data["warnings"] + [{"code": "", "message": m} for m in payload.warnings]
        if payload.sheet:
            data["sheet"] = payload.where()
        if payload.unplaced:
            data["unplaced"] = payload.unplaced
        try:
            clean_narrative(payload.narrative)
        except ReportError as exc:  # `import` would refuse it: so must `validate`
            data["errors"].append({"code": "", "message": exc.message})
        self._emit(format, data)
        if data["errors"]:
            raise SystemExit(INVALID)
        if result.errors:
            raise SystemExit(INVALID)

    def _emit(self, format, data):
        if format == "json":
            self.print_json(data)
            return
        if data.get("sheet"):
            self.stdout.write(f"Đã đọc số liệu ở {data['sheet']}.")
        for line in data.get("unplaced", []):
            self.stdout.write(f"CHƯA XẾP  {line}")
        for line in issue_lines(data["errors"], data["warnings"]):
            self.stdout.write(line)
        if not data["errors"]:
            self.stdout.write(f"Không có lỗi ({len(data['warnings'])} cảnh báo).")
