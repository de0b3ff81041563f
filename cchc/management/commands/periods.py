from cchc.management.base import CchcCommand


class Command(CchcCommand):
    help = "Các kỳ báo cáo của một năm: thời gian chốt số liệu và hạn nộp."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="năm, ví dụ 2021")
        parser.add_argument(
            "--create",
            action="store_true",
            help="tạo các kỳ còn thiếu của năm theo quy tắc đang áp dụng (CCHC_PERIOD_RULE)",
        )
        self.add_format_argument(parser)

    def handle(self, *args, year, create, format, **options):
        from cchc.reporting.models import Period
        from cchc.reporting.periods import ensure_periods

        if create:
            ensure_periods(year)
        from cchc.shapes import period_json

        periods = list(Period.objects.filter(year=year).order_by("deadline"))
        if format == "json":
            self.print_json([period_json(p) for p in periods])
        else:
            for p in periods:
                self.stdout.write(
                    f"{p.code:<8} {p.title:<22} {p.data_from:%d/%m/%Y}–{p.data_to:%d/%m/%Y}  hạn {p.deadline:%d/%m/%Y}"
                )
