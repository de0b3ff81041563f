from pathlib import Path

from cchc.management.base import INVALID, UNREADABLE, CchcCommand, Fail, lookup


class Command(CchcCommand):
    help = ("Nhập báo cáo từ tệp .json/.xlsx, mỗi tệp hoặc lưu trọn vẹn hoặc không lưu gì. "
            "Thoát 0: lưu hết, 1: có tệp sai, 2: có tệp không đọc được.")

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="một hoặc nhiều tệp .json/.xlsx")
        parser.add_argument("--period", required=True, help="mã kỳ báo cáo, ví dụ 2021-Q1")
        parser.add_argument("--unit", help="mã đơn vị (mặc định: lấy từ từng tệp)")
        parser.add_argument("--submit", action="store_true", help="ghi nhận là đã gửi (báo cáo nhận qua hệ thống văn bản)")
        parser.add_argument("--submitted-at", help="thời điểm nhận, ISO 8601 (mặc định: bây giờ)")
        parser.add_argument("--signed-by", help="họ tên người ký")
        self.add_format_argument(parser)

    def handle(self, *args, files, period, unit, submit, submitted_at, signed_by, format, **options):
        from cchc.orgunits.models import OrgUnit
        from cchc.reporting.files import parse_instant
        from cchc.reporting.models import Period

        the_period = lookup(Period, period, "kỳ báo cáo")
        if unit:
            lookup(OrgUnit, unit, "đơn vị")
        at = None
        if submitted_at:
            try:
                at = parse_instant(submitted_at)
            except ValueError as exc:
                raise Fail(str(exc), UNREADABLE) from None
        results = [self._one(Path(f), the_period, unit, submit, at, signed_by) for f in files]
        if format == "json":
            self.print_json(results)
        else:
            for r in results:
                self.stdout.write(r["line"])
                for m in r.get("errors", []):
                    self.stdout.write(f"    - {m['code'] + ': ' if m['code'] else ''}{m['message']}")
        statuses = {r["result"] for r in results}
        if "unreadable" in statuses:
            raise SystemExit(UNREADABLE)
        if "invalid" in statuses:
            raise SystemExit(INVALID)

    def _one(self, path, period, unit_code, submit, at, signed_by):
        from cchc.orgunits.models import OrgUnit
        from cchc.reporting.actions import ReportError, receive_report
        from cchc.reporting.files import Invalid, Unreadable, read_report_file

        out = {"file": str(path), "unit": unit_code, "period": period.code}
        try:
            payload = read_report_file(path, unit=unit_code, period=period.code)
        except Unreadable as exc:
            return dict(out, result="unreadable", errors=[{"code": "", "message": str(exc)}],
                        line=f"{path.name}: KHÔNG ĐỌC ĐƯỢC — {exc}")
        except Invalid as exc:
            return dict(out, result="invalid", errors=[{"code": "", "message": m} for m in exc.messages],
                        line=f"{path.name}: KHÔNG HỢP LỆ, không lưu")
        out["unit"] = payload.unit
        if payload.period and payload.period != period.code:
            return dict(out, result="invalid", errors=[{"code": "", "message": f"Tệp là báo cáo kỳ {payload.period}."}],
                        line=f"{path.name}: KHÔNG HỢP LỆ — tệp là báo cáo kỳ {payload.period}, không phải {period.code}")
        unit = OrgUnit.objects.filter(code=payload.unit).first() if payload.unit else None
        if unit is None:
            msg = f"Không có đơn vị mã «{payload.unit}»." if payload.unit else "Không rõ đơn vị: thêm --unit hoặc «unit» trong tệp."
            return dict(out, result="invalid", errors=[{"code": "", "message": msg}], line=f"{path.name}: KHÔNG HỢP LỆ — {msg}")
        try:
            report = receive_report(unit, period, values=payload.values, narrative=payload.narrative, by="cchc import",
                                    submit=submit, submitted_at=at, signed_by_name=signed_by)
        except ReportError as exc:
            errors = [i.as_dict() for i in exc.result.errors] if exc.result else [{"code": "", "message": exc.message}]
            return dict(out, result="invalid", errors=errors,
                        line=f"{path.name} ({unit.code}): KHÔNG LƯU — {exc.message} ({len(errors)} lỗi)")
        warnings = [i.as_dict() for i in report.validation.warnings]
        state = "đã gửi" if submit else "bản nháp"
        late = report.late_days()
        late_text = f", trễ {late} ngày" if late else ""
        return dict(out, result="stored", status=report.status, values=len(payload.values), warnings=warnings,
                    line=f"{path.name} ({unit.code}): đã lưu ({state}{late_text}), "
                         f"{len(report.validation.values)} số liệu, {len(warnings)} cảnh báo")
