import sys

from cchc.management.base import UNREADABLE, CchcCommand, Fail


class Command(CchcCommand):
    help = "Tạo hoặc cập nhật tài khoản: cchc user add TÊN --unit MÃ --role staff|leader|coordinator|viewer"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["add"], help="add: tạo hoặc cập nhật")
        parser.add_argument("username", help="tên đăng nhập")
        parser.add_argument("--unit", required=True, help="mã đơn vị")
        parser.add_argument(
            "--role",
            required=True,
            choices=["staff", "leader", "coordinator", "viewer"],
            help="staff: chuyên viên; leader: lãnh đạo đơn vị; coordinator: Phòng Nội vụ; viewer: lãnh đạo UBND (chỉ xem)",
        )
        parser.add_argument("--password-stdin", action="store_true", help="đọc mật khẩu từ dòng đầu của stdin")
        parser.add_argument("--name", default="", help="họ và tên")
        parser.add_argument("--email", default="")
        self.add_format_argument(parser)

    def handle(self, *args, action, username, unit, role, password_stdin, name, email, format, **options):
        from cchc.orgunits.users import add_user

        password = None
        if password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
            if not password:
                raise Fail("Mật khẩu trống.", UNREADABLE)
        try:
            user = add_user(username, unit=unit, role=role, password=password, full_name=name, email=email)
        except ValueError as exc:
            raise Fail(str(exc)) from None
        if format == "json":
            self.print_json({"username": user.username, "unit": unit, "role": role})
        else:
            self.stdout.write(f"Đã lưu tài khoản {user.username} ({role}, đơn vị {unit}).")
