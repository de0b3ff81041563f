import json
import sys
from pathlib import Path

from cchc.management.base import UNREADABLE, CchcCommand, Fail
from cchc.office.numbers import format_megabytes


class Command(CchcCommand):
    help = (
        "Chữ ký số (ký số) trên tệp PDF. `signature verify FILE.pdf [--format json]`: đã ký chưa, còn nguyên "
        "vẹn không, chứng thư số có do tổ chức chứng thực tin cậy (CCHC_TRUST_ROOTS) cấp và còn hạn không, ai ký, "
        "lúc nào, có khớp báo cáo đang lưu không. Thoát 0: nguyên vẹn và tin cậy; 1: không; 2: không phải PDF "
        "hoặc chưa ký. `signature roots`: các chứng thư gốc đang tin cậy."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "roots"])
        parser.add_argument("file", nargs="?", help="tệp PDF đã ký số (verify)")
        self.add_format_argument(parser)

    def handle(self, *args, action, file, format, **options):
        if action == "roots":
            return self.do_roots(format)
        if not file:
            raise Fail("Thiếu tệp PDF: cchc signature verify TỆP.pdf", UNREADABLE)
        from cchc.signatures.actions import max_bytes
        from cchc.signatures.verify import NotPdf, verification_json

        path = Path(file)
        try:
            if path.stat().st_size > max_bytes():
                raise Fail(f"Tệp {path.name} quá lớn (tối đa {format_megabytes(max_bytes())} MB).", UNREADABLE)
            data = path.read_bytes()
        except OSError as exc:
            raise Fail(f"Không mở được tệp {path.name}: {exc.strerror}.", UNREADABLE) from None
        try:
            out, status, problems = verification_json(data)
        except NotPdf as exc:
            raise Fail(f"{path.name}: {exc}", UNREADABLE) from None
        if format == "json":
            self.print_json(out)
            for line in problems:
                self.stderr.write(line)
        else:
            self._text(out, problems)
        if status:
            sys.exit(status)

    def _text(self, out, problems):
        yes = {True: "có", False: "không", None: "—"}
        if not out["signed"]:
            self.stdout.write("Chưa ký số.")
        else:
            signer = out["signer"]
            self.stdout.write(
                f"Người ký:          {signer['name']}"
                + (f" ({signer['organisation']})" if signer["organisation"] else "")
            )
            self.stdout.write(f"Chứng thư số:      số {signer['serial']}, cấp bởi {signer['issuer']}")
            self.stdout.write(f"Thời điểm ký:      {out['signed_at'] or '—'}")
            self.stdout.write(
                f"Nguyên vẹn:        {yes[out['intact']]}"
                + ("" if out["covers_whole_file"] else " (có cập nhật sau khi ký)")
            )
            self.stdout.write(f"Tin cậy:           {yes[out['trusted']]}")
        report = out["report"]
        if report:
            self.stdout.write(
                f"Báo cáo:           {report['unit']} kỳ {report['period']}"
                + (f", phiên bản {report['revision']}" if report["revision"] is not None else "")
            )
        self.stdout.write(f"Khớp báo cáo lưu:  {yes[out['matches']]}")
        for line in problems:
            self.stdout.write(f"- {line}")

    def do_roots(self, format):
        from cchc.signatures.verify import roots_summary

        path, roots, error = roots_summary()
        if format == "json":
            self.stdout.write(
                json.dumps(
                    {
                        "path": path,
                        "roots": [r.as_dict() | {"not_after": r.not_after.isoformat()} for r in roots],
                        "error": error,
                    },
                    ensure_ascii=False,
                    indent=2,
                )
            )
        elif not path:
            self.stdout.write("Chưa cấu hình CCHC_TRUST_ROOTS: không chữ ký số nào được xác nhận là tin cậy.")
        else:
            for r in roots:
                self.stdout.write(f"{r.name} — số {r.serial}, hết hạn {r.not_after:%d/%m/%Y}")
        if error:
            raise Fail(error, UNREADABLE)
