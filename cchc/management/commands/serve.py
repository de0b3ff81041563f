import os

from django.conf import settings
from django.core.management import call_command

from cchc.management.base import CchcCommand


def _port(text):
    import argparse

    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"cổng «{text}» không phải số") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"cổng {port} phải từ 1 đến 65535")
    return port


class Command(CchcCommand):
    help = "Chạy ứng dụng web và API bằng máy chủ WSGI gunicorn."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("CCHC_HOST", "127.0.0.1"), help="địa chỉ lắng nghe (mặc định 127.0.0.1)")
        parser.add_argument("--port", type=_port, default=_port(os.environ.get("CCHC_PORT", "8000")), help="cổng (mặc định 8000)")
        parser.add_argument("--workers", type=int, default=int(os.environ.get("CCHC_WORKERS", 0)) or None,
                            help="số tiến trình (mặc định: 2 × số lõi CPU + 1)")
        parser.add_argument("--threads", type=int, default=int(os.environ.get("CCHC_THREADS", 4)), help="số luồng mỗi tiến trình")

    def handle(self, *args, host, port, workers, threads, **options):
        from gunicorn.app.base import BaseApplication

        from cchc.wsgi import application

        call_command("collectstatic", interactive=False, verbosity=0)
        workers = workers or (2 * (os.cpu_count() or 1) + 1)
        options = {
            "bind": f"{host}:{port}",
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread",
            "timeout": 60,
            "graceful_timeout": 20,
            "accesslog": "-" if settings.DEBUG else None,
            "errorlog": "-",
            "loglevel": "warning",
            "limit_request_line": 8190,
        }

        class App(BaseApplication):
            def load_config(self):
                for key, value in options.items():
                    if value is not None:
                        self.cfg.set(key, value)

            def load(self):
                return application

        self.stderr.write(f"cchc đang chạy tại http://{host}:{port}/ ({workers} tiến trình × {threads} luồng)")
        App().run()
