from pathlib import Path

from cchc.management.base import INVALID, UNREADABLE, Fail

from .plan import YearVerbs, read_input_file


class Command(YearVerbs):
    year_of = "năm của sổ theo dõi"
    help = (
        "Sổ theo dõi nhiệm vụ UBND, Chủ tịch UBND cấp trên giao (chỉ tiêu 1.3.1–1.3.3). "
        "`tasks import FILE --year Y` nhập sổ (.xlsx: STT | Nội dung | Văn bản giao | Cơ quan tham mưu | "
        "Thời hạn | Ngày hoàn thành; thoát 1: có dòng sai, không lưu gì; 2: không đọc được); "
        "`tasks list --year Y`; `tasks done ID [--date D]` ghi ngày hoàn thành (--date none: chưa hoàn thành); "
        "`tasks status --year Y --as-of D`."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["import", "list", "done", "status"])
        parser.add_argument("target", nargs="?", help="tệp .xlsx (import) hoặc số hiệu nhiệm vụ (done)")
        parser.add_argument("--year", type=int, help="năm của sổ theo dõi")
        parser.add_argument("--date", help="ngày hoàn thành (done), dd/mm/yyyy; mặc định hôm nay; «none»: chưa xong")
        parser.add_argument("--as-of", dest="as_of", help="tình hình tính đến ngày (mặc định hôm nay)")
        self.add_format_argument(parser)

    def do_import(self, *, target, year, format, **options):
        from cchc.planning.register import import_register
        from cchc.planning.workbook import Invalid, Unreadable

        year = self._year(year)
        if not target:
            raise Fail("Thiếu tệp sổ theo dõi (.xlsx) cần nhập.", UNREADABLE)
        data = read_input_file(target)
        try:
            created, updated, removed = import_register(data, year, by="cchc tasks import", name=Path(target).name)
        except Unreadable as exc:
            raise Fail(str(exc), UNREADABLE) from None
        except Invalid as exc:
            if format == "json":
                self.print_json({"errors": exc.messages})
            raise Fail("Không nhập sổ theo dõi (không lưu gì):\n" + "\n".join(exc.messages), INVALID) from None
        from cchc.planning.models import AssignedTask

        total = AssignedTask.objects.filter(year=year).count()
        if format == "json":
            self.print_json({"year": year, "tasks": total, "created": created, "updated": updated, "removed": removed})
        else:
            self.stdout.write(
                f"Sổ theo dõi nhiệm vụ được giao năm {year}: {total} nhiệm vụ (thêm {created}, "
                f"cập nhật {updated}, bỏ {removed})."
            )

    def do_list(self, *, year, format, **options):
        from cchc.planning.models import AssignedTask

        year = self._year(year)
        tasks = AssignedTask.objects.filter(year=year).select_related("advisor").order_by("position", "id")
        rows = [
            {
                "id": t.pk,
                "stt": t.stt,
                "title": t.title,
                "document": t.document,
                "assigned_on": _iso(t.assigned_on),
                "advisor": t.advisor.code,
                "deadline": _iso(t.deadline),
                "done_on": _iso(t.done_on),
            }
            for t in tasks
        ]
        if format == "json":
            self.print_json(rows)
            return
        for t in tasks:
            deadline = f"{t.deadline:%d/%m/%Y}" if t.deadline else "—"
            done = f"xong {t.done_on:%d/%m/%Y}" if t.done_on else "chưa xong"
            self.stdout.write(f"{t.pk:>5} {t.advisor.code:<9} hạn {deadline:<10} {done:<16} {t.title}")

    def do_done(self, *, target, date, format, **options):
        from cchc.planning.models import AssignedTask
        from cchc.planning.register import RegisterError, record_done

        if not target or not target.isdigit():
            raise Fail("Thiếu số hiệu nhiệm vụ (xem `cchc tasks list`).", UNREADABLE)
        task = AssignedTask.objects.select_related("advisor").filter(pk=int(target)).first()
        if task is None:
            raise Fail(f"Không có nhiệm vụ số {target}.", UNREADABLE)
        on = None if (date or "").strip().lower() == "none" else self._day(date)
        try:
            task = record_done(task, on, by="cchc tasks done")
        except RegisterError as exc:
            raise Fail(exc.message, INVALID) from None
        if format == "json":
            self.print_json({"id": task.pk, "done_on": _iso(task.done_on)})
        else:
            self.stdout.write(
                f"Nhiệm vụ {task.pk}: "
                + (f"hoàn thành ngày {task.done_on:%d/%m/%Y}." if task.done_on else "chưa hoàn thành.")
            )

    def do_status(self, *, year, as_of, format, **options):
        from cchc.planning.register import register_status

        year = self._year(year)
        day = self._day(as_of)
        data = register_status(year, day)
        if format == "json":
            self.print_json(data)
            return
        self.stdout.write(
            f"Nhiệm vụ được giao năm {year}, tính đến ngày {day:%d/%m/%Y}: {data['total']} nhiệm vụ; "
            f"hoàn thành đúng hạn {data['done_on_time']}, hoàn thành quá hạn {data['done_late']}, "
            f"chưa hoàn thành đã quá hạn {data['overdue']}."
        )


def _iso(day):
    return day.isoformat() if day else None
