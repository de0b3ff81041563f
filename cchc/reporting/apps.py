from django.apps import AppConfig


class Config(AppConfig):
    name = "cchc.reporting"
    label = "reporting"
    verbose_name = "Báo cáo"

    def ready(self):
        from . import signals  # noqa: F401  (connects the kept figures to unit edits)
