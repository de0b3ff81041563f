from pathlib import Path

from cchc.management.base import INVALID, UNREADABLE, CchcCommand, Fail


def plan_json(plan):
    """The plan a task belongs to, as `plan list` shows it (INTERFACES.md)."""
    return {"id": plan.pk, "kind": plan.kind, "title": plan.title}


def read_input_file(target, limit=10 * 1024 * 1024):
    """The bytes of a file named on the command line, read through a size cap; Fail (exit 2) when it
    cannot be read, is a folder, or is larger than `limit`."""
    path = Path(target)
    try:
        if path.is_dir():
            raise Fail(f"{target} là một thư mục, không phải tệp.", UNREADABLE)
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise Fail(f"Không đọc được tệp {target}: {exc.strerror}.", UNREADABLE) from None
    if len(data) > limit:
        raise Fail(f"Tệp {target} quá lớn (tối đa {limit // (1024 * 1024)} MB).", UNREADABLE)
    return data


class YearVerbs(CchcCommand):
    """A command of verbs (`plan import`, `tasks status`, …) about one year's records, with days typed
    as people type them."""

    year_of = "năm"  # what --year is the year of, for the message when it is missing

    def handle(self, *args, action, **options):
        getattr(self, f"do_{action}")(**options)

    def _year(self, year):
        if not year:
            raise Fail(f"Thiếu --year ({self.year_of}).", UNREADABLE)
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


class Command(YearVerbs):
    year_of = "năm của kế hoạch"
    help = (
        "Các kế hoạch của năm (kế hoạch CCHC, kế hoạch tuyên truyền CCHC, kế hoạch khác). "
        "`plan import FILE --year Y [--kind K] [--title T]` nhập phụ lục kế hoạch (.xlsx; thoát 1: có dòng "
        "sai, 2: không đọc được); `plan list --year Y [--kind K]`; `plan progress ID --status S [--date D] "
        "[--note T]` (S: not_started, in_progress, done; D: ngày hoàn thành); "
        "`plan status --year Y --as-of D [--kind K]` (mặc định kế hoạch CCHC, kế hoạch mà chỉ tiêu 1.1.1/1.1.2 "
        "tính). K: cchc, tuyen-truyen, other."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["import", "list", "progress", "status"])
        parser.add_argument("target", nargs="?", help="tệp .xlsx (import) hoặc số hiệu nhiệm vụ (progress)")
        parser.add_argument("--year", type=int, help="năm của kế hoạch")
        parser.add_argument(
            "--kind",
            choices=["cchc", "tuyen-truyen", "other"],
            help="loại kế hoạch: cchc (mặc định khi nhập), tuyen-truyen, other",
        )
        parser.add_argument("--title", help="tên kế hoạch, ví dụ «Kế hoạch CCHC năm 2021»; bắt buộc với --kind other")
        parser.add_argument("--number", help="số hiệu văn bản ban hành kế hoạch (import), ví dụ 2664/QĐ-UBND")
        parser.add_argument("--issued-on", dest="issued_on", help="ngày ban hành kế hoạch (import), dd/mm/yyyy")
        parser.add_argument("--status", choices=["not_started", "in_progress", "done"], help="tình trạng (progress)")
        parser.add_argument(
            "--date", help="ngày hoàn thành / ngày ghi nhận, YYYY-MM-DD hoặc dd/mm/yyyy (mặc định hôm nay)"
        )
        parser.add_argument("--note", default="", help="ghi chú tiến độ")
        parser.add_argument("--as-of", dest="as_of", help="tình hình tính đến ngày (mặc định hôm nay)")
        self.add_format_argument(parser)

    def _plan(self, year, kind, title):
        """The plan named on the command line: the CCHC plan by default, an "other" plan by its title."""
        from cchc.planning.actions import find_plan
        from cchc.planning.models import Plan, PlanKind

        kind = kind or PlanKind.CCHC
        plan = find_plan(year, kind, title)
        if plan is None and kind == PlanKind.OTHER and not title and Plan.objects.filter(year=year, kind=kind).exists():
            raise Fail(f"Năm {year} có nhiều kế hoạch loại «other»: thêm --title để chọn.", UNREADABLE)
        return plan

    def do_import(self, *, target, year, title, format, kind, number, issued_on, **options):
        from cchc.planning.actions import PlanError, import_plan
        from cchc.planning.workbook import Invalid, Unreadable

        year = self._year(year)
        if not target:
            raise Fail("Thiếu tệp kế hoạch (.xlsx) cần nhập.", UNREADABLE)
        data = read_input_file(target)
        try:
            plan, created, updated, removed = import_plan(
                data,
                year,
                kind=kind or "cchc",
                title=title,
                number=number,
                issued_on=self._day(issued_on) if issued_on else None,
                by="cchc plan import",
                name=Path(target).name,
            )
        except PlanError as exc:
            raise Fail(exc.message, UNREADABLE) from None
        except Unreadable as exc:
            raise Fail(str(exc), UNREADABLE) from None
        except Invalid as exc:
            if format == "json":
                self.print_json({"errors": exc.messages})
            raise Fail("Không nhập kế hoạch (không lưu gì):\n" + "\n".join(exc.messages), INVALID) from None
        if format == "json":
            self.print_json(
                {
                    "year": plan.year,
                    "plan": plan_json(plan),
                    "tasks": plan.tasks.count(),
                    "created": created,
                    "updated": updated,
                    "removed": removed,
                }
            )
        else:
            self.stdout.write(
                f"{plan.title}: {plan.tasks.count()} nhiệm vụ (thêm {created}, cập nhật {updated}, bỏ {removed})."
            )

    def do_list(self, *, year, format, kind, title, **options):
        from cchc.planning.models import PlanTask

        year = self._year(year)
        tasks = PlanTask.objects.filter(plan__year=year).select_related("lead", "plan")
        if kind:
            tasks = tasks.filter(plan__kind=kind)
        if title:
            plan = self._plan(year, kind, title)
            tasks = tasks.filter(plan=plan) if plan else tasks.none()
        tasks = list(tasks.order_by("plan__kind", "plan_id", "position", "id"))
        rows = [
            {
                "id": t.pk,
                "area": t.area,
                "title": t.title,
                "lead": t.lead.code,
                "deadline": t.deadline.isoformat() if t.deadline else None,
                "status": t.status,
                "plan": plan_json(t.plan),
            }
            for t in tasks
        ]
        if format == "json":
            self.print_json(rows)
            return
        for t in tasks:
            deadline = f"{t.deadline:%d/%m/%Y}" if t.deadline else "thường xuyên"
            self.stdout.write(
                f"{t.pk:>5} {t.plan.kind:<12} {t.number_shown:<7} {t.lead.code:<9} {deadline:<12} "
                f"{t.get_status_display():<15} {t.title}"
            )

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
            self.print_json(
                {"id": task.pk, "status": task.status, "done_on": task.done_on.isoformat() if task.done_on else None}
            )
        else:
            self.stdout.write(
                f"Nhiệm vụ {task.pk}: {task.get_status_display()}"
                f"{f' ngày {task.done_on:%d/%m/%Y}' if task.done_on else ''}."
            )

    def do_status(self, *, year, as_of, format, kind, title, **options):
        from cchc.planning.models import AREAS, ROMAN
        from cchc.planning.status import summary

        year = self._year(year)
        day = self._day(as_of)
        plan = self._plan(year, kind, title)
        data, _ = summary(plan, day)
        if format == "json":
            self.print_json(data)
            return
        name = plan.title if plan else f"Kế hoạch năm {year} (chưa có)"
        self.stdout.write(
            f"{name}, tính đến ngày {day:%d/%m/%Y}: {data['total']} nhiệm vụ, "
            f"hoàn thành {data['completed']} (trễ hạn {data['completed_late']}), "
            f"quá hạn {data['overdue']}."
        )
        for area, c in data["by_area"].items() if plan is None or plan.by_areas else ():
            self.stdout.write(
                f"  {ROMAN[int(area)]:<4} {c['total']:>3} nhiệm vụ, hoàn thành {c['completed']:>3}, "
                f"quá hạn {c['overdue']:>3}  {AREAS[int(area)]}"
            )
        for code, c in data["by_unit"].items():
            self.stdout.write(
                f"  {code:<9} {c['total']:>3} nhiệm vụ, hoàn thành {c['completed']:>3}, quá hạn {c['overdue']:>3}"
            )
