import json

from cchc.management.base import INVALID, UNREADABLE, CchcCommand, Fail


class Command(CchcCommand):
    help = (
        "Thông tin của địa phương (tên cơ quan, địa danh, cơ quan cấp trên, nơi nhận, chức danh người ký, văn bản "
        "quy định chế độ báo cáo, quy tắc kỳ báo cáo, báo cáo chuyên đề) dạng JSON. `locality export [-o TỆP.json]`; "
        "`locality import TỆP.json` (thoát 1: dữ liệu sai, không lưu gì; 2: không đọc được tệp)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "import"])
        parser.add_argument("file", nargs="?", help="tệp JSON cần nhập (import)")
        parser.add_argument("-o", "--output", help="ghi ra tệp thay vì màn hình (export)")

    def handle(self, *args, action, file=None, output=None, **options):
        from cchc.locality.words import LocalityError, current_locality, read_file, store, to_json

        if action == "export":
            data = to_json(current_locality())
            if output:
                try:
                    with open(output, "w", encoding="utf-8") as fh:
                        fh.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
                except OSError as exc:
                    raise Fail(f"Không ghi được tệp {output}: {exc.strerror or exc}.", UNREADABLE) from None
            else:
                self.print_json(data)
            return
        if not file:
            raise Fail("Thiếu tệp JSON cần nhập: cchc locality import TỆP.json", UNREADABLE)
        try:
            words = read_file(file)
        except LocalityError as exc:
            raise Fail("\n".join(exc.messages), UNREADABLE) from None
        try:
            locality = store(words, by="cchc locality import")
        except LocalityError as exc:
            raise Fail(
                "Không nhập thông tin địa phương (không lưu gì):\n" + "\n".join(f"- {m}" for m in exc.messages), INVALID
            ) from None
        self.stderr.write(f"Đã lưu thông tin địa phương: {locality.name}.")
