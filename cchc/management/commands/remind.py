from cchc.management.base import CchcCommand


class Command(CchcCommand):
    help = (
        "Gửi các thư nhắc hạn nộp báo cáo đã đến lúc gửi (chạy hằng ngày bằng cron). "
        "Mỗi lần nhắc chỉ gửi một lần, dù lệnh chạy lại bao nhiêu lần."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="chỉ liệt kê, không gửi và không ghi nhật ký")
        self.add_format_argument(parser)

    def handle(self, *args, dry_run, format, **options):
        from cchc.consolidation.reminders import send_due
        from cchc.notifications.notify import deadline_notices

        results = send_due(dry_run=dry_run)
        # The bell's deadline notices ride on the same daily run (each once per person and occasion).
        notices = 0 if dry_run else deadline_notices()
        if format == "json":
            self.print_json(results)
            return
        sent = sum(r["sent"] for r in results)
        failed = [r for r in results if r["error"]]
        for r in results:
            if r["skipped"]:
                continue
            to = ", ".join(r["recipients"]) or "(không có địa chỉ)"
            if dry_run:
                self.stdout.write(f"Sẽ gửi {r['unit']} {r['period']} [{r['kind']}] → {to}")
            elif r["sent"]:
                self.stdout.write(f"Đã gửi {r['unit']} {r['period']} [{r['kind']}] → {to}")
            else:
                self.stdout.write(f"Lỗi {r['unit']} {r['period']} [{r['kind']}]: {r['error']}")
        if not dry_run:
            self.stderr.write(
                f"Đã gửi {sent} thư nhắc hạn; {len(failed)} thư lỗi; "
                f"{sum(r['skipped'] for r in results)} thư đã gửi từ trước; "
                f"{notices} thông báo hạn nộp mới trong ứng dụng."
            )
