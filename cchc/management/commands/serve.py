import argparse
import os

from django.conf import settings
from django.core.management import call_command

from cchc.management.base import CchcCommand, Fail


def _between(low, high, noun=""):
    """An argparse type: a whole number from low to high, refused in Vietnamese otherwise."""
    prefix = f"{noun} " if noun else ""

    def parse(text):
        try:
            n = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{prefix}«{text}» không phải số") from None
        if not low <= n <= high:
            raise argparse.ArgumentTypeError(f"{prefix}{n} phải từ {low} đến {high}")
        return n

    return parse


_port = _between(1, 65535, "cổng")
_count = _between(1, 256)


def _env(name, default, parse=None):
    """A setting from the environment when the option is not given; a bad value names the variable."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return (parse or _count)(raw)
    except argparse.ArgumentTypeError as exc:
        raise Fail(f"Biến môi trường {name}: {exc}.", status=2) from None


class Command(CchcCommand):
    help = "Chạy ứng dụng web và API bằng máy chủ WSGI gunicorn."

    def add_arguments(self, parser):
        parser.add_argument(
            "--host", default=os.environ.get("CCHC_HOST", "127.0.0.1"), help="địa chỉ lắng nghe (mặc định 127.0.0.1)"
        )
        parser.add_argument("--port", type=_port, help="cổng (mặc định 8000)")
        parser.add_argument("--workers", type=_count, help="số tiến trình (mặc định: số lõi CPU + 1)")
        parser.add_argument(
            "--threads",
            type=_count,
            help="số luồng mỗi tiến trình (mặc định 1: mỗi tiến trình xử lý một yêu cầu một lúc)",
        )

    def handle(self, *args, host, port, workers, threads, **options):
        from gunicorn.app.base import BaseApplication

        from cchc.wsgi import application

        port = port or _env("CCHC_PORT", 8000, _port)
        # One process per core and one more to run while another waits on the database. Measured
        # on 2 cores with PostgreSQL beside it (bench/rush.py): 5 processes cost 12 % more CPU per
        # request than 3 and doubled p95. With the database on another machine, requests wait
        # longer on the network, and more processes (--workers 2×cores+1) pay off.
        workers = workers or _env("CCHC_WORKERS", (os.cpu_count() or 1) + 1)
        threads = threads or _env("CCHC_THREADS", 1)
        call_command("collectstatic", interactive=False, verbosity=0)
        options = {
            "bind": f"{host}:{port}",
            "workers": workers,
            "threads": threads,
            # One request at a time per process by default (gunicorn's sync workers): every
            # process takes the next request from the one queue of the listening socket, first come
            # first served, and no two requests of a process fight for Python's interpreter lock. On
            # the 5th of the month that keeps the slowest answers close to the typical ones; threads
            # pinned each kept-alive connection to one process, and the unlucky ones waited seconds.
            # Put a reverse proxy (nginx) in front when clients are slow or far away.
            "worker_class": "sync" if threads <= 1 else "gthread",
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
