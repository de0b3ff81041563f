from cchc.management.base import CchcCommand, lookup


class Command(CchcCommand):
    help = "Tình hình nộp báo cáo của một kỳ: đơn vị nào đã gửi, khi nào, trễ bao nhiêu ngày."

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True)
        self.add_format_argument(parser)

    def handle(self, *args, period, format, **options):
        from django.utils import timezone

        from cchc.reporting.models import Period, Report
        from cchc.reporting.timeliness import period_status, status_json

        the_period = lookup(Period, period, "kỳ báo cáo")
        if format == "json":
            self.print_json(status_json(the_period))
            return
        labels = dict(Report.Status.choices)
        self.stdout.write(f"{the_period.title} — hạn nộp {the_period.deadline:%d/%m/%Y}")
        for row in period_status(the_period):
            late = row["late_days"]
            when = (f", gửi lần đầu lúc {timezone.localtime(row['first_submitted_at']):%d/%m/%Y %H:%M}"
                    if row["first_submitted_at"] else "")
            late_text = f", trễ {late} ngày" if late else (", đúng hạn" if late == 0 else "")
            self.stdout.write(f"{row['unit'].code:<10} {labels[row['status']]}{when}{late_text}")
