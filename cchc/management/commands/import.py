from pathlib import Path

from cchc.management.base import INVALID, UNREADABLE, CchcCommand, Fail, issue_lines, lookup


class Command(CchcCommand):
    help = (
        "Nhập báo cáo từ tệp .json, Excel (.xlsx, .xls), .ods hoặc báo cáo Word (.docx); mỗi tệp hoặc lưu "
        "trọn vẹn hoặc không lưu gì. Ô để trống trong tệp giữ số liệu đang lưu (--replace để xóa). "
        "Thoát 0: lưu hết, 1: có tệp sai, 2: có tệp không đọc được."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="một hoặc nhiều tệp .json/.xlsx/.xls/.ods/.docx")
        parser.add_argument("--period", required=True, help="mã kỳ báo cáo, ví dụ 2021-Q1")
        parser.add_argument("--unit", help="mã đơn vị (mặc định: lấy từ từng tệp)")
        parser.add_argument(
            "--submit", action="store_true", help="ghi nhận là đã gửi (báo cáo nhận qua hệ thống văn bản)"
        )
        parser.add_argument(
            "--submitted-at",
            help="thời điểm nhận, ISO 8601 hoặc dd/mm/yyyy HH:MM, giờ Việt Nam "
            "nếu không ghi múi giờ (mặc định: bây giờ)",
        )
        parser.add_argument("--signed-by", help="họ tên người ký")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="tệp là toàn bộ báo cáo: xóa số liệu (và phần nội dung) mà tệp để trống",
        )
        self.add_format_argument(parser)

    def handle(self, *args, files, period, unit, submit, submitted_at, signed_by, replace, format, **options):
        from cchc.orgunits.models import OrgUnit
        from cchc.reporting.models import Period
        from cchc.reporting.received import ReceivedAtError, parse_received_at

        the_period = lookup(Period, period, "kỳ báo cáo")
        if unit:
            lookup(OrgUnit, unit, "đơn vị")
        at = None
        if submitted_at:
            try:
                at = parse_received_at(submitted_at)
            except ReceivedAtError as exc:
                raise Fail(exc.message, UNREADABLE) from None
        results = [self._one(Path(f), the_period, unit, submit, at, signed_by, replace) for f in files]
        if format == "json":
            self.print_json([{k: v for k, v in r.items() if k != "details"} for r in results])
        else:
            for r in results:
                self.stdout.write(r["line"])
                for line in r.get("details", []):
                    self.stdout.write(f"    {line}")
                for m in r.get("errors", []):
                    self.stdout.write(f"    - {m['code'] + ': ' if m['code'] else ''}{m['message']}")
        statuses = {r["result"] for r in results}
        if "unreadable" in statuses:
            raise SystemExit(UNREADABLE)
        if "invalid" in statuses:
            raise SystemExit(INVALID)

    def _read(self, path, unit_code, period):
        from cchc.reporting.files import read_report_file

        try:
            return read_report_file(path, unit=unit_code, period=period.code)
        except RecursionError:
            from cchc.reporting.files import Unreadable

            raise Unreadable(f"Tệp {path.name} lồng quá sâu, không phải báo cáo.") from None

    def _one(self, path, period, unit_code, submit, at, signed_by, replace):
        from cchc.orgunits.models import OrgUnit
        from cchc.reporting.actions import ReportError, receive_report
        from cchc.reporting.files import Invalid, Unreadable, merge_import, value_changes
        from cchc.reporting.models import Report
        from cchc.reporting.xlsx import display_value

        out = {"file": str(path), "unit": unit_code, "period": period.code}
        try:
            payload = self._read(path, unit_code, period)
        except Unreadable as exc:
            return dict(
                out,
                result="unreadable",
                errors=[{"code": "", "message": str(exc)}],
                line=f"{path.name or path}: KHÔNG ĐỌC ĐƯỢC — {exc}",
            )
        except Invalid as exc:
            return dict(
                out,
                result="invalid",
                errors=[{"code": "", "message": m} for m in exc.messages],
                line=f"{path.name}: KHÔNG HỢP LỆ, không lưu",
            )
        out["unit"] = payload.unit
        if payload.sheet:
            out["sheet"] = payload.where()
        if payload.period and payload.period != period.code:
            return dict(
                out,
                result="invalid",
                errors=[{"code": "", "message": f"Tệp là báo cáo kỳ {payload.period}."}],
                line=f"{path.name}: KHÔNG HỢP LỆ — tệp là báo cáo kỳ {payload.period}, không phải {period.code}",
            )
        unit = OrgUnit.objects.filter(code=payload.unit).first() if payload.unit else None
        if unit is None:
            msg = (
                f"Không có đơn vị mã «{payload.unit}»."
                if payload.unit
                else "Không rõ đơn vị: thêm --unit hoặc «unit» trong tệp."
            )
            return dict(
                out, result="invalid", errors=[{"code": "", "message": msg}], line=f"{path.name}: KHÔNG HỢP LỆ — {msg}"
            )
        current = Report.objects.filter(unit=unit, period=period).first()
        before = current.value_map() if current else {}
        merged = merge_import(payload, before, current.narrative if current else None, replace=replace)
        try:
            report = receive_report(
                unit,
                period,
                values=merged.values,
                narrative=merged.narrative,
                by="cchc import",
                submit=submit,
                submitted_at=at,
                signed_by_name=signed_by,
            )
        except ReportError as exc:
            errors = [i.as_dict() for i in exc.result.errors] if exc.result else [{"code": "", "message": exc.message}]
            return dict(
                out,
                result="invalid",
                errors=errors,
                line=f"{path.name} ({unit.code}): KHÔNG LƯU — {exc.message} ({len(errors)} lỗi)",
            )
        validation = report.validation
        warnings = [i.as_dict() for i in validation.warnings] + [{"code": "", "message": m} for m in payload.warnings]
        # A draft keeps figures that break a cross-row rule (they block only signing): say so now.
        rule_errors = [i.as_dict() for i in validation.errors]
        spec = report.spec if getattr(report, "spec", None) else None
        changes = value_changes(before, report.value_map())
        details = []
        for code, old, new in changes:
            ind = spec.indicators.get(code) if spec else None
            show = lambda v, ind=ind: "trống" if v is None else (display_value(ind.kind, ind.choices, v) if ind else v)
            details.append(f"{code}: {show(old)} → {show(new)}")
        if merged.kept:
            details.append(f"giữ nguyên {len(merged.kept)} chỉ tiêu để trống trong tệp (dùng --replace để xóa)")
        if merged.narrative_changed:
            details.append("phần nội dung thay đổi: " + ", ".join(merged.narrative_changed))
        for line in payload.unplaced:
            details.append(f"CHƯA XẾP VÀO PHẦN NÀO: {line}")
        details += issue_lines(rule_errors, warnings)
        state = "đã gửi" if submit else "bản nháp"
        late = report.late_days()
        late_text = f", trễ {late} ngày" if late else ""
        where = f", {payload.where()}" if payload.sheet else ""
        rules = f", {len(rule_errors)} lỗi quy tắc (phải sửa trước khi ký)" if rule_errors else ""
        return dict(
            out,
            result="stored",
            status=report.status,
            values=len(validation.values),
            warnings=warnings,
            rule_errors=rule_errors,
            kept=merged.kept,
            unplaced=payload.unplaced,
            changes=[{"code": c, "before": _num(o), "after": _num(n)} for c, o, n in changes],
            narrative_changed=merged.narrative_changed,
            details=details,
            line=f"{path.name} ({unit.code}): đã lưu ({state}{late_text}){where}, "
            f"{len(validation.values)} số liệu, {len(warnings)} cảnh báo, {len(changes)} thay đổi{rules}",
        )


def _num(value):
    if value is None:
        return None
    f = float(value)
    return int(f) if f == int(f) else f
