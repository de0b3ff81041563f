from pathlib import Path

from cchc.management.base import INVALID, UNREADABLE, CchcCommand, Fail


class Command(CchcCommand):
    help = ("Kế hoạch CCHC của năm. `plan import FILE --year Y` nhập phụ lục kế hoạch (.xlsx; thoát 1: có dòng "
            "sai, 2: không đọc được); `plan list --year Y`; `plan progress ID --status S [--date D] [--note T]` "
            "(S: not_started, in_progress, done; D: ngày hoàn thành); `plan status --year Y --as-of D`.")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["import", "list", "progress", "status"])
        parser.add_argument("target", nargs="?", help="tệp .xlsx (import) hoặc số hiệu nhiệm vụ (progress)")
        parser.add_argument("--year", type=int, help="năm của kế hoạch")
        parser.add_argument("--title", help="tên kế hoạch (import), ví dụ «Kế hoạch CCHC năm 2021 (Quyết định …)»")
        parser.add_argument("--status", choices=["not_started", "in_progress", "done"], help="tình trạng (progress)")
        parser.add_argument("--date", help="ngày hoàn thành / ngày ghi nhận, YYYY-MM-DD hoặc dd/mm/yyyy (mặc định hôm nay)")
        parser.add_argument("--note", default="", help="ghi chú tiến độ")
        parser.add_argument("--as-of", dest="as_of", help="tình hình tính đến ngày (mặc định hôm nay)")
        self.add_format_argument(parser)

    def handle(self, *args, action, **options):
        getattr(self, f"do_{action}")(**options)

    def _year(self, year):
        if not year:
            raise Fail("Thiếu --year (năm của kế hoạch).", UNREADABLE)
        return year

    def _day(self, text):
        from cchc.office.dates import today_vn
        from cchc.planning.actions import PlanError, parse_day

        if not text:
            return today_vn()
        try:
            return parse_day(text)
        except PlanError as exc:
            raise Fail(exc.message, UNREADABLE) from None

    def do_import(self, *, target, year, title, format, **options):
        from cchc.planning.actions import import_plan
        from cchc.planning.workbook import Invalid, Unreadable

        year = self._year(year)
        if not target:
            raise Fail("Thiếu tệp kế hoạch (.xlsx) cần nhập.", UNREADABLE)
        try:
            data = Path(target).read_bytes()
        except OSError as exc:
            raise Fail(f"Không đọc được tệp {target}: {exc.strerror}.", UNREADABLE) from None
        try:
            plan, created, updated, removed = import_plan(data, year, title=title, by="cchc plan import",
                                                          name=Path(target).name)
        except Unreadable as exc:
            raise Fail(str(exc), UNREADABLE) from None
        except Invalid as exc:
            if format == "json":
                self.print_json({"errors": exc.messages})
            raise Fail("Không nhập kế hoạch (không lưu gì):\n" + "\n".join(exc.messages), INVALID) from None
        if format == "json":
            self.print_json({"year": plan.year, "tasks": plan.tasks.count(), "created": created, "updated": updated,
                             "removed": removed})
        else:
            self.stdout.write(f"{plan.title}: {plan.tasks.count()} nhiệm vụ (thêm {created}, cập nhật {updated}, "
                              f"bỏ {removed}).")

    def do_list(self, *, year, format, **options):
        from cchc.planning.models import PlanTask

        year = self._year(year)
        tasks = PlanTask.objects.filter(plan__year=year).select_related("lead").order_by("position", "id")
        rows = [{"id": t.pk, "area": t.area, "title": t.title, "lead": t.lead.code,
                 "deadline": t.deadline.isoformat() if t.deadline else None, "status": t.status} for t in tasks]
        if format == "json":
            self.print_json(rows)
            return
        for t in tasks:
            deadline = f"{t.deadline:%d/%m/%Y}" if t.deadline else "thường xuyên"
            self.stdout.write(f"{t.pk:>5} {t.area_roman:<3} {t.lead.code:<9} {deadline:<12} "
                              f"{t.get_status_display():<15} {t.title}")

    def do_progress(self, *, target, status, date, note, format, **options):
        from cchc.planning.actions import PlanError, record_progress
        from cchc.planning.models import PlanTask

        if not target or not target.isdigit():
            raise Fail("Thiếu số hiệu nhiệm vụ (xem `cchc plan list`).", UNREADABLE)
        if not status:
            raise Fail("Thiếu --status (not_started, in_progress, done).", UNREADABLE)
        task = PlanTask.objects.select_related("lead", "plan").filter(pk=int(target)).first()
        if task is None:
            raise Fail(f"Không có nhiệm vụ số {target}.", UNREADABLE)
        on = self._day(date) if date else None
        try:
            record_progress(task, status, on=on, note=note, by="cchc plan progress")
        except PlanError as exc:
            raise Fail(exc.message, INVALID) from None
        task.refresh_from_db()
        if format == "json":
            self.print_json({"id": task.pk, "status": task.status,
                             "done_on": task.done_on.isoformat() if task.done_on else None})
        else:
            self.stdout.write(f"Nhiệm vụ {task.pk}: {task.get_status_display()}"
                              f"{f' ngày {task.done_on:%d/%m/%Y}' if task.done_on else ''}.")

    def do_status(self, *, year, as_of, format, **options):
        from cchc.planning.models import AREAS, ROMAN, Plan
        from cchc.planning.status import summary

        year = self._year(year)
        day = self._day(as_of)
        plan = Plan.objects.filter(year=year).first()
        data, _ = summary(plan, day)
        if format == "json":
            self.print_json(data)
            return
        self.stdout.write(f"Kế hoạch CCHC năm {year}, tính đến ngày {day:%d/%m/%Y}: {data['total']} nhiệm vụ, "
                          f"hoàn thành {data['completed']} (trễ hạn {data['completed_late']}), "
                          f"quá hạn {data['overdue']}.")
        for area, c in data["by_area"].items():
            self.stdout.write(f"  {ROMAN[int(area)]:<4} {c['total']:>3} nhiệm vụ, hoàn thành {c['completed']:>3}, "
                              f"quá hạn {c['overdue']:>3}  {AREAS[int(area)]}")
        for code, c in data["by_unit"].items():
            self.stdout.write(f"  {code:<9} {c['total']:>3} nhiệm vụ, hoàn thành {c['completed']:>3}, "
                              f"quá hạn {c['overdue']:>3}")
