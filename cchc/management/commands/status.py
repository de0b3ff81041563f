from cchc.management.base import UNREADABLE, CchcCommand, Fail, lookup


class Command(CchcCommand):
    help = (
        "Tình hình nộp báo cáo của một kỳ: đơn vị nào đã gửi, khi nào, trễ bao nhiêu ngày. "
        "--format xlsx: bảng theo dõi dạng Excel; --letter: soạn công văn đôn đốc (.docx) nêu các đơn vị "
        "chưa gửi hoặc gửi trễ."
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True)
        self.add_format_argument(parser, choices=("text", "json", "xlsx"))
        parser.add_argument("--letter", action="store_true", help="soạn công văn đôn đốc (.docx), ghi ra -o TỆP.docx")
        parser.add_argument("-o", "--output", help="tệp kết quả (xlsx, docx)")

    def handle(self, *args, period, format, letter, output, **options):
        from django.utils import timezone

        from cchc.reporting.models import Period, Report
        from cchc.reporting.timeliness import period_status, sent_label, status_json

        the_period = lookup(Period, period, "kỳ báo cáo")
        if letter:
            if format not in ("text",):
                raise Fail("--letter luôn cho tệp Word (.docx); bỏ --format.", UNREADABLE)
            from cchc.reporting.board_files import urging_letter

            self.emit(output, "docx", content=urging_letter(the_period, timezone.now()))
            return
        if format == "xlsx":
            from cchc.reporting.board_files import board_workbook

            self.emit(output, "xlsx", content=board_workbook(the_period, timezone.now()))
            return
        if format == "json":
            self.emit(output, "json", data=status_json(the_period))
            return
        labels = dict(Report.Status.choices)
        self.stdout.write(f"{the_period.title} — hạn nộp {the_period.deadline:%d/%m/%Y}")
        for row in period_status(the_period):
            late = row["late_days"]
            when = (
                f", gửi lần đầu lúc {timezone.localtime(row['first_submitted_at']):%d/%m/%Y %H:%M}"
                if row["first_submitted_at"]
                else ""
            )
            late_text = f", {sent_label(late).lower()}" if late is not None else ""
            self.stdout.write(f"{row['unit'].code:<10} {labels[row['status']]}{when}{late_text}")
