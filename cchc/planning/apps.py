from django.apps import AppConfig


class Config(AppConfig):
    name = "cchc.planning"
    label = "planning"
    verbose_name = "Kế hoạch CCHC"
