from django.apps import AppConfig


class Config(AppConfig):
    name = "cchc.reporting"
    label = "reporting"
    verbose_name = "Báo cáo"
